import type { ReactNode } from 'react';
import {
  Alert,
  Box,
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
  Typography,
} from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';
import { errorKey } from '../common/api';
import { intlLocale } from '../common/locale';

/** Label and value pairs as a definition list; pairs without a value are left out. */
export const Facts = ({ items, testId }: { items: Array<[string, ReactNode] | false>; testId?: string }) => (
  <Box
    component="dl"
    data-testid={testId}
    sx={{
      display: 'grid',
      gridTemplateColumns: { xs: '1fr', sm: 'minmax(12rem, max-content) 1fr' },
      columnGap: 3,
      rowGap: 1,
      m: 0,
      '& dt': { fontWeight: 500 },
      '& dd': { m: 0 },
    }}
  >
    {items
      .filter((item): item is [string, ReactNode] => !!item)
      .map(([label, value]) => (
        <Box key={label} sx={{ display: 'contents' }}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </Box>
      ))}
  </Box>
);

export const SectionHeading = ({ children }: { children: ReactNode }) => (
  <Typography component="h3" variant="subtitle1" sx={{ fontWeight: 600, mt: 3, mb: 1 }}>
    {children}
  </Typography>
);

/** A dates and times in the chosen language (the API sends UTC; the browser shows local time). */
export function useFormat() {
  const [appLocale] = useLocaleState();
  const locale = intlLocale(appLocale);
  return {
    /** A calendar day with its weekday ("Monday 7 December"). */
    day: (value: string) => new Date(`${value}T00:00:00`).toLocaleDateString(locale, { weekday: 'long', day: 'numeric', month: 'long' }),
    time: (value: string | null | undefined) => (value ? new Date(value).toLocaleTimeString(locale, { timeStyle: 'short' }) : '—'),
    date: (value: string | null | undefined) =>
      value ? new Date(value.length === 10 ? `${value}T00:00:00` : value).toLocaleDateString(locale, { dateStyle: 'medium' }) : '—',
    dateTime: (value: string | null | undefined) =>
      value ? new Date(value).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }) : '—',
  };
}

/** A history, oldest or newest first as given: each entry's time beside who did it (`title`) and what. */
export const DatedList = ({
  testId,
  entries,
}: {
  testId: string;
  entries: Array<{ id: string; at: string; title: ReactNode; body: ReactNode }>;
}) => {
  const fmt = useFormat();
  return (
    <Box component="ol" data-testid={testId} sx={{ listStyle: 'none', p: 0, m: 0 }}>
      {entries.map((e) => (
        <Box
          component="li"
          key={e.id}
          sx={{
            display: 'grid',
            gridTemplateColumns: { xs: '1fr', sm: '11rem 1fr' },
            gap: 1,
            py: 1,
            borderBottom: 1,
            borderColor: 'divider',
          }}
        >
          <Typography variant="body2" color="text.secondary">
            <time dateTime={e.at}>{fmt.dateTime(e.at)}</time>
          </Typography>
          <Box>
            <Typography variant="body2" sx={{ fontWeight: 500 }}>
              {e.title}
            </Typography>
            {e.body}
          </Box>
        </Box>
      ))}
    </Box>
  );
};

/** Loading and failure of a part of the page, with a retry. */
export const Loadable = ({
  loading,
  error,
  reload,
  children,
}: {
  loading: boolean;
  error: unknown;
  reload: () => void;
  children: ReactNode;
}) => {
  const translate = useTranslate();
  if (error) {
    return (
      <Alert
        severity="error"
        action={
          <Button color="inherit" size="small" onClick={reload}>
            {translate('cw_case.retry')}
          </Button>
        }
      >
        {translate('cw_case.load_failed')} {translate(errorKey(error))}
      </Alert>
    );
  }
  if (loading) return <CircularProgress size={24} aria-label={translate('cw_case.loading')} />;
  return <>{children}</>;
};

/** The written reason many decisions need: required, at least `min` characters (the API's rule), shown as an error once tried. */
export const ReasonField = ({
  label,
  help,
  value,
  onChange,
  tried,
  maxLength,
  min = 5,
  minRows = 3,
}: {
  label: string;
  help: string;
  value: string;
  onChange: (value: string) => void;
  tried: boolean;
  maxLength: number;
  min?: number;
  minRows?: number;
}) => {
  const translate = useTranslate();
  const short = value.trim().length < min;
  return (
    <TextField
      fullWidth
      required
      multiline
      minRows={minRows}
      label={label}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={tried && short}
      helperText={tried && short ? translate('cw_case.rules.note.minLength') : help}
      slotProps={{ htmlInput: { maxLength } }}
      sx={{ mb: 1 }}
    />
  );
};

/** The frame of every decision dialog on the case page: title, body, the API's refusal if any, cancel and confirm. */
export const DecisionDialog = ({
  id,
  title,
  submitLabel,
  onSubmit,
  onCancel,
  busy,
  failure,
  danger = false,
  children,
}: {
  id: string;
  title: string;
  submitLabel: string;
  onSubmit: () => void;
  onCancel: () => void;
  busy: boolean;
  failure?: string | null;
  danger?: boolean;
  children: ReactNode;
}) => {
  const translate = useTranslate();
  return (
    <Dialog open onClose={onCancel} aria-labelledby={id} fullWidth maxWidth="sm">
      <DialogTitle id={id}>{title}</DialogTitle>
      <DialogContent>
        {children}
        {failure && (
          <Alert severity="error" sx={{ mt: 2 }} role="alert">
            {failure}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>{translate('cw_case.cancel')}</Button>
        <Button variant="contained" color={danger ? 'error' : 'primary'} onClick={onSubmit} disabled={busy}>
          {submitLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
