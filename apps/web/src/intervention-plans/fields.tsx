import { MenuItem, TextField } from '@mui/material';
import { useTranslate } from 'react-admin';

/** The longest description, note or comment the API takes. */
export const PLAN_TEXT_MAX = 2000;

/** A date input with its label always above it (an empty date input shows a format hint of its own). */
export const DateInput = ({
  label,
  value,
  onChange,
  min,
  max,
  required = false,
  error = false,
  helperText = ' ',
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  min?: string;
  max?: string;
  required?: boolean;
  error?: boolean;
  helperText?: string;
}) => (
  <TextField
    type="date"
    fullWidth
    required={required}
    label={label}
    value={value}
    onChange={(e) => onChange(e.target.value)}
    error={error}
    helperText={helperText}
    slotProps={{ inputLabel: { shrink: true }, htmlInput: { min, max } }}
    sx={{ mb: 1 }}
  />
);

/** One of a fixed list, each choice translated by `labels.<choice>`; once tried, a required one left empty says so. */
export function ChoiceField<T extends string>({
  label,
  value,
  onChange,
  choices,
  labels,
  required = false,
  tried = false,
}: {
  label: string;
  value: T | '';
  onChange: (value: T) => void;
  choices: readonly T[];
  labels: string;
  required?: boolean;
  tried?: boolean;
}) {
  const translate = useTranslate();
  const missing = required && tried && !value;
  return (
    <TextField
      select
      fullWidth
      required={required}
      label={label}
      value={value}
      onChange={(e) => onChange(e.target.value as T)}
      error={missing}
      helperText={missing ? translate('cw_plan.choose_one') : ' '}
      sx={{ mt: 1 }}
    >
      {choices.map((c) => (
        <MenuItem key={c} value={c}>
          {translate(`${labels}.${c}`)}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** Free text: required (then an error once tried while blank) or optional. */
export const TextArea = ({
  label,
  value,
  onChange,
  required = false,
  tried = false,
  help,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
  tried?: boolean;
  help?: string;
}) => {
  const translate = useTranslate();
  const blank = required && tried && !value.trim();
  return (
    <TextField
      fullWidth
      multiline
      minRows={2}
      required={required}
      label={label}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={blank}
      helperText={blank ? translate('cw_plan.required') : (help ?? (required ? ' ' : translate('cw_plan.optional')))}
      slotProps={{ htmlInput: { maxLength: PLAN_TEXT_MAX } }}
      sx={{ mb: 1 }}
    />
  );
};
