import { useState } from 'react';
import { Alert, Box, Button, Link, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import EventIcon from '@mui/icons-material/Event';
import { Link as RouterLink } from 'react-router-dom';
import { useRecordContext, useTranslate } from 'react-admin';
import { can } from '@casework/contracts';
import { listPath } from '../common/api';
import { useApiGet } from '../common/useApiGet';
import { useCurrentUser } from '../common/useCurrentUser';
import { Loadable, useFormat } from '../cases/parts';
import type { CaseRecord } from '../cases/types';
import { AppointmentActions } from './AppointmentActions';
import { StatusChip } from './AppointmentShow';
import { BookAppointmentDialog } from './BookAppointmentDialog';
import type { Appointment } from './types';

/** A case's appointments, the latest first, with booking and the outcome of each. */
export const CaseAppointmentsTab = () => {
  const translate = useTranslate();
  const format = useFormat();
  const me = useCurrentUser();
  const record = useRecordContext<CaseRecord>();
  const [booking, setBooking] = useState(false);
  const list = useApiGet<Appointment[]>(
    record ? listPath('/appointments', { filter: { caseId: record.id }, sort: ['startsAt', 'DESC'], range: [0, 49] }) : null,
  );
  if (!record) return null;
  const canBook = can(me?.role, 'appointments', 'create') && record.status !== 'closed';
  const streak = list.data?.find((a) => a.status !== 'scheduled' && a.status !== 'cancelled');
  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 2 }}>
        <Typography component="h3" variant="subtitle1" sx={{ fontWeight: 600, flexGrow: 1 }}>
          {translate('cw_appointments.case_tab.title')}
        </Typography>
        {canBook && (
          <Button variant="contained" startIcon={<EventIcon />} onClick={() => setBooking(true)}>
            {translate('cw_appointments.case_tab.book')}
          </Button>
        )}
      </Box>
      {streak?.repeatedNoShow && (
        <Alert severity="warning" sx={{ mb: 2 }}>
          {translate('cw_appointments.repeated_no_show', { count: streak.noShowStreak })}
        </Alert>
      )}
      <Loadable loading={list.loading && !list.data} error={list.error} reload={list.reload}>
        {!list.data?.length ? (
          <Typography color="text.secondary">{translate('cw_appointments.case_tab.none')}</Typography>
        ) : (
          <Table size="small" aria-label={translate('cw_appointments.case_tab.title')}>
            <TableHead>
              <TableRow>
                <TableCell>{translate('cw_appointments.fields.when')}</TableCell>
                <TableCell>{translate('cw_appointments.fields.staff')}</TableCell>
                <TableCell>{translate('cw_appointments.fields.channel')}</TableCell>
                <TableCell>{translate('cw_appointments.fields.purpose')}</TableCell>
                <TableCell>{translate('cw_appointments.fields.status')}</TableCell>
                <TableCell>{translate('cw_appointments.fields.actions')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {list.data.map((a) => (
                <TableRow key={a.id} data-testid="case-appointment">
                  <TableCell>
                    <Link component={RouterLink} to={`/appointments/${a.id}/show`}>
                      {format.dateTime(a.startsAt)}
                    </Link>
                  </TableCell>
                  <TableCell>{a.staffName}</TableCell>
                  <TableCell>{translate(`cw_appointments.channels.${a.channel}`)}</TableCell>
                  <TableCell>{a.purpose}</TableCell>
                  <TableCell>
                    <StatusChip status={a.status} />
                  </TableCell>
                  <TableCell>
                    <AppointmentActions appointment={a} onChanged={list.reload} compact />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Loadable>
      {booking && (
        <BookAppointmentDialog
          record={record}
          onClose={(booked) => {
            setBooking(false);
            if (booked) list.reload();
          }}
        />
      )}
    </Box>
  );
};
