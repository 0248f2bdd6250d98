import { Box, Button, FormHelperText, IconButton, TextField, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/RemoveCircleOutline';
import { useInput, useTranslate } from 'react-admin';
import type { OpeningHours } from '@casework/contracts';
import { openingHoursError, WEEKDAYS, withDay } from './openingHours';

const validateHours = (value: OpeningHours | null | undefined) => openingHoursError(value);

/** A plain per-weekday editor of opening spans in the office's local time. */
export const OpeningHoursInput = ({ source = 'openingHours' }: { source?: string }) => {
  const translate = useTranslate();
  const { field, fieldState } = useInput<OpeningHours>({ source, validate: validateHours, defaultValue: {} });
  const hours: OpeningHours = field.value ?? {};
  const setDay = (day: string, spans: Array<[string, string]>) => field.onChange(withDay(hours, day, spans));
  const error = fieldState.error?.message;

  return (
    <Box component="fieldset" sx={{ border: 1, borderColor: 'divider', borderRadius: 1, p: 2, my: 1, width: '100%', maxWidth: 640 }}>
      <Typography component="legend" sx={{ px: 1, fontWeight: 500 }}>
        {translate('resources.offices.opening_hours.legend')}
      </Typography>
      {WEEKDAYS.map((day) => {
        const dayName = translate(`weekdays.${day}`);
        const spans = hours[day] ?? [];
        return (
          <Box key={day} sx={{ display: 'flex', alignItems: 'flex-start', gap: 1, py: 0.5, borderBottom: 1, borderColor: 'divider' }}>
            <Typography sx={{ width: 110, pt: 1.5, flexShrink: 0 }} id={`hours-day-${day}`}>
              {dayName}
            </Typography>
            <Box sx={{ flex: 1 }}>
              {spans.length === 0 && (
                <Typography color="text.secondary" sx={{ pt: 1.5 }}>
                  {translate('resources.offices.opening_hours.closed')}
                </Typography>
              )}
              {spans.map(([open, close], index) => {
                const update = (position: 0 | 1, value: string) =>
                  setDay(
                    day,
                    spans.map((span, i) => (i === index ? (position === 0 ? [value, span[1]] : [span[0], value]) : span)),
                  );
                return (
                  <Box key={index} sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
                    <TextField
                      type="time"
                      label={translate('resources.offices.opening_hours.opens')}
                      value={open}
                      onChange={(e) => update(0, e.target.value)}
                      slotProps={{
                        htmlInput: { 'aria-label': `${dayName} ${translate('resources.offices.opening_hours.opens')} ${index + 1}` },
                      }}
                      sx={{ width: 150 }}
                      fullWidth={false}
                    />
                    <TextField
                      type="time"
                      label={translate('resources.offices.opening_hours.closes')}
                      value={close}
                      onChange={(e) => update(1, e.target.value)}
                      slotProps={{
                        htmlInput: { 'aria-label': `${dayName} ${translate('resources.offices.opening_hours.closes')} ${index + 1}` },
                      }}
                      sx={{ width: 150 }}
                      fullWidth={false}
                    />
                    <IconButton
                      aria-label={translate('resources.offices.opening_hours.remove_span', { day: dayName, from: open, to: close })}
                      onClick={() =>
                        setDay(
                          day,
                          spans.filter((_, i) => i !== index),
                        )
                      }
                    >
                      <DeleteIcon />
                    </IconButton>
                  </Box>
                );
              })}
            </Box>
            <Button
              size="small"
              startIcon={<AddIcon />}
              aria-label={translate('resources.offices.opening_hours.add_span', { day: dayName })}
              onClick={() => {
                const last = spans[spans.length - 1];
                // Suggest a span after the last one, or a usual morning.
                setDay(day, [...spans, last ? [last[1] < '23:00' ? bump(last[1]) : last[1], '23:59'] : ['09:00', '12:00']]);
              }}
              sx={{ mt: 1 }}
            >
              {translate('ra.action.add')}
            </Button>
          </Box>
        );
      })}
      {error && (
        <FormHelperText error role="alert">
          {translate(error, { _: error })}
        </FormHelperText>
      )}
    </Box>
  );
};

/** One hour later, as HH:MM. */
function bump(time: string): string {
  const hour = Math.min(Number(time.slice(0, 2)) + 1, 23);
  return `${String(hour).padStart(2, '0')}${time.slice(2)}`;
}
