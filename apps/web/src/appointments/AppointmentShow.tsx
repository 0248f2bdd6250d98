import { Alert, Box, Card, CardContent, Chip, Link, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { Link as RouterLink } from 'react-router-dom';
import { Show, useNotify, useRecordContext, useRedirect, useRefresh, useTranslate } from 'react-admin';
import { Facts, SectionHeading, useFormat } from '../cases/parts';
import { AppointmentActions } from './AppointmentActions';
import { STATUS_COLOURS } from './model';
import type { Appointment } from './types';

const Title = () => {
  const translate = useTranslate();
  const a = useRecordContext<Appointment>();
  return <>{a ? translate('cw_appointments.show_title', { reference: a.caseReference }) : translate('cw_appointments.loading')}</>;
};

export const StatusChip = ({ status }: { status: Appointment['status'] }) => {
  const translate = useTranslate();
  return (
    <Chip size="small" label={translate(`cw_appointments.statuses.${status}`)} sx={{ bgcolor: STATUS_COLOURS[status], color: '#fff' }} />
  );
};

/** Where each reminder stands: the client's channel, or a phone call for the front desk. */
const Reminders = ({ appointment }: { appointment: Appointment }) => {
  const translate = useTranslate();
  const format = useFormat();
  if (!appointment.reminders.length) {
    return <Typography color="text.secondary">{translate('cw_appointments.reminders.none')}</Typography>;
  }
  return (
    <Table size="small" aria-label={translate('cw_appointments.reminders.title')}>
      <TableHead>
        <TableRow>
          <TableCell>{translate('cw_appointments.reminders.kind')}</TableCell>
          <TableCell>{translate('cw_appointments.reminders.channel')}</TableCell>
          <TableCell>{translate('cw_appointments.reminders.status')}</TableCell>
          <TableCell>{translate('cw_appointments.reminders.sent_at')}</TableCell>
          <TableCell>{translate('cw_appointments.reminders.attempts')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {appointment.reminders.map((r) => (
          <TableRow key={`${r.kind}-${r.channel}`}>
            <TableCell>{translate(`cw_appointments.reminders.kinds.${r.kind}`)}</TableCell>
            <TableCell>
              {translate(`cw_appointments.reminders.channels.${r.channel}`)}
              {r.transport === 'demo' && ` (${translate('cw_appointments.reminders.demo')})`}
            </TableCell>
            <TableCell>{translate(`cw_appointments.reminders.statuses.${r.status}`)}</TableCell>
            <TableCell>{format.dateTime(r.sentAt)}</TableCell>
            <TableCell>{r.attempts}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

const AppointmentDetails = () => {
  const translate = useTranslate();
  const format = useFormat();
  const refresh = useRefresh();
  const a = useRecordContext<Appointment>();
  if (!a) return null;
  const end = format.time(a.endsAt);
  return (
    <Card sx={{ mt: 2 }}>
      <CardContent>
        <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 1, mb: 2 }}>
          <Typography component="h2" variant="h6">
            {format.dateTime(a.startsAt)}
          </Typography>
          <StatusChip status={a.status} />
        </Box>
        {a.repeatedNoShow && (
          <Alert severity="warning" sx={{ mb: 2 }}>
            {translate('cw_appointments.repeated_no_show', { count: a.noShowStreak })}
          </Alert>
        )}
        <Facts
          testId="appointment-facts"
          items={[
            [
              translate('cw_appointments.fields.case'),
              <Link key="case" component={RouterLink} to={`/cases/${a.caseId}/show`}>
                {a.caseReference}
              </Link>,
            ],
            [translate('cw_appointments.fields.when'), `${format.dateTime(a.startsAt)} – ${end}`],
            [translate('cw_appointments.fields.staff'), a.staffName],
            [translate('cw_appointments.fields.channel'), translate(`cw_appointments.channels.${a.channel}`)],
            [translate('cw_appointments.fields.purpose'), a.purpose],
            !!a.planActionDescription && [translate('cw_appointments.fields.planAction'), a.planActionDescription],
            !!a.outcomeNote && [translate('cw_appointments.fields.outcomeNote'), a.outcomeNote],
            !!a.cancelReason && [translate('cw_appointments.fields.cancelReason'), a.cancelReason],
          ]}
        />
        <Box sx={{ mt: 3 }}>
          <AppointmentActions appointment={a} onChanged={refresh} />
        </Box>
        <SectionHeading>{translate('cw_appointments.reminders.title')}</SectionHeading>
        <Reminders appointment={a} />
      </CardContent>
    </Card>
  );
};

export const AppointmentShow = () => {
  const notify = useNotify();
  const redirect = useRedirect();
  return (
    <Show<Appointment>
      actions={false}
      component="div"
      title={<Title />}
      queryOptions={{
        onError: (error) => {
          notify((error as Error).message || 'errors.NOT_FOUND', { type: 'error' });
          redirect('/appointments');
        },
      }}
    >
      <AppointmentDetails />
    </Show>
  );
};
