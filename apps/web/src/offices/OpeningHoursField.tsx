import { Table, TableBody, TableCell, TableRow } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import type { OfficeDto } from '@casework/contracts';
import { WEEKDAYS } from './openingHours';

/** Opening hours, one row per weekday. */
export const OpeningHoursField = (_props: { label?: string; source?: string }) => {
  const record = useRecordContext<OfficeDto & { id: string }>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Table size="small" sx={{ maxWidth: 480 }}>
      <TableBody>
        {WEEKDAYS.map((day) => {
          const spans = record.openingHours?.[day] ?? [];
          return (
            <TableRow key={day}>
              <TableCell component="th" scope="row">
                {translate(`weekdays.${day}`)}
              </TableCell>
              <TableCell>
                {spans.length
                  ? spans.map(([open, close]) => `${open}–${close}`).join(', ')
                  : translate('resources.offices.opening_hours.closed')}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
};
