import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import MailOutlineIcon from '@mui/icons-material/MailOutline';
import { DataTable, FunctionField, List, SelectInput, useTranslate } from 'react-admin';
import { DateTimeField } from '../common/DateTimeField';

interface OutboxMessage {
  id: string;
  appointmentId: string;
  kind: string;
  channel: string;
  transport: string;
  recipient: string | null;
  language: string;
  subject: string | null;
  body: string;
  status: string;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
}

/** The message itself, in a dialog opened by a real button (keyboard users cannot open expandable rows). */
const MessageButton = ({ record }: { record: OutboxMessage }) => {
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const titleId = `outbox-message-${record.id}`;
  return (
    <>
      <Button size="small" startIcon={<MailOutlineIcon />} onClick={() => setOpen(true)}>
        {translate('cw_appointments.outbox.read')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby={titleId} maxWidth="sm" fullWidth>
        <DialogTitle id={titleId}>{record.subject ?? translate(`cw_appointments.reminders.channels.${record.channel}`)}</DialogTitle>
        <DialogContent>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            {translate('cw_appointments.outbox.to', {
              recipient: record.recipient ?? '—',
              language: translate(`languages.${record.language}`, { _: record.language }),
            })}
          </Typography>
          <Typography sx={{ whiteSpace: 'pre-wrap' }}>{record.body}</Typography>
          {record.lastError && (
            <Typography color="error" sx={{ mt: 2 }}>
              {translate('cw_appointments.outbox.last_error', { error: record.lastError })}
            </Typography>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{translate('cw_appointments.outbox.close')}</Button>
        </DialogActions>
      </Dialog>
    </>
  );
};

const choices = (translate: (k: string) => string, prefix: string, ids: string[]) =>
  ids.map((id) => ({ id, name: translate(`${prefix}.${id}`) }));

/**
 * Reminders as the outbox holds them. In demo mode no message leaves the system: each is recorded
 * here, so staff can see what a client would have received.
 */
export const OutboxList = () => {
  const translate = useTranslate();
  const filters = [
    <SelectInput
      key="status"
      source="status"
      alwaysOn
      choices={choices(translate, 'cw_appointments.reminders.statuses', ['pending', 'sending', 'sent', 'failed', 'cancelled'])}
    />,
    <SelectInput
      key="channel"
      source="channel"
      alwaysOn
      choices={choices(translate, 'cw_appointments.reminders.channels', ['email', 'sms', 'phone_client'])}
    />,
  ];
  return (
    <List title="cw_appointments.outbox.title" filters={filters} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25} exporter={false}>
      <DataTable bulkActionButtons={false} rowClick={false}>
        <DataTable.Col source="createdAt" label="cw_appointments.outbox.created">
          <DateTimeField source="createdAt" />
        </DataTable.Col>
        <DataTable.Col
          source="kind"
          label="cw_appointments.reminders.kind"
          render={(r: OutboxMessage) => translate(`cw_appointments.reminders.kinds.${r.kind}`)}
        />
        <DataTable.Col
          source="channel"
          label="cw_appointments.reminders.channel"
          render={(r: OutboxMessage) => translate(`cw_appointments.reminders.channels.${r.channel}`)}
        />
        <DataTable.Col
          source="status"
          label="cw_appointments.reminders.status"
          render={(r: OutboxMessage) => translate(`cw_appointments.reminders.statuses.${r.status}`)}
        />
        <DataTable.Col source="attempts" label="cw_appointments.reminders.attempts" />
        <DataTable.Col source="sentAt" label="cw_appointments.reminders.sent_at">
          <DateTimeField source="sentAt" emptyText="—" />
        </DataTable.Col>
        <DataTable.Col label="cw_appointments.outbox.message" disableSort>
          <FunctionField render={(r: OutboxMessage) => <MessageButton record={r} />} />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
