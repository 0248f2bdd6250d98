import { useId, useState } from 'react';
import { Alert, Box, Button, TextField } from '@mui/material';
import { useNotify, useTranslate } from 'react-admin';
import { can } from '@casework/contracts';
import { errorText, postJson } from '../common/api';
import { useCurrentUser } from '../common/useCurrentUser';
import { DecisionDialog, ReasonField } from '../cases/parts';
import { canRecordOutcome } from './model';
import type { Appointment } from './types';

type Action = 'attend' | 'no-show' | 'cancel';
const NOTE_MAX = 4000;
const REASON_MAX = 500;

const OutcomeDialog = ({
  appointment,
  action,
  onClose,
}: {
  appointment: Appointment;
  action: Action;
  onClose: (done: boolean) => void;
}) => {
  const translate = useTranslate();
  const notify = useNotify();
  const id = useId();
  const [text, setText] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const cancelling = action === 'cancel';
  const submit = async () => {
    setTried(true);
    if (cancelling && text.trim().length < 5) return;
    setBusy(true);
    setFailure(null);
    try {
      const body = cancelling
        ? { reason: text.trim(), version: appointment.version }
        : { version: appointment.version, ...(text.trim() ? { outcomeNote: text.trim() } : {}) };
      await postJson(`/appointments/${appointment.id}/${action}`, body);
      notify(`cw_appointments.done.${action}`, { type: 'success', messageArgs: { reference: appointment.caseReference } });
      onClose(true);
    } catch (e) {
      setBusy(false);
      setFailure(errorText(e, translate, 'cw_appointments.rules'));
    }
  };
  return (
    <DecisionDialog
      id={id}
      title={translate(`cw_appointments.dialogs.${action}.title`, { reference: appointment.caseReference })}
      submitLabel={translate(`cw_appointments.dialogs.${action}.submit`)}
      onSubmit={submit}
      onCancel={() => onClose(false)}
      busy={busy}
      failure={failure}
      danger={cancelling}
    >
      <Box sx={{ pt: 1 }}>
        {action === 'no-show' && (
          <Alert severity="info" sx={{ mb: 2 }}>
            {translate('cw_appointments.dialogs.no-show.explain')}
          </Alert>
        )}
        {cancelling ? (
          <ReasonField
            label={translate('cw_appointments.dialogs.cancel.reason')}
            help={translate('cw_appointments.dialogs.cancel.help')}
            value={text}
            onChange={setText}
            tried={tried}
            maxLength={REASON_MAX}
          />
        ) : (
          <TextField
            fullWidth
            multiline
            minRows={3}
            label={translate('cw_appointments.fields.outcomeNote')}
            helperText={translate('cw_appointments.dialogs.outcome_help')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            slotProps={{ htmlInput: { maxLength: NOTE_MAX } }}
          />
        )}
      </Box>
    </DecisionDialog>
  );
};

/** Attended, no-show and cancel, for whoever may update the appointment; outcomes once it has begun. */
export const AppointmentActions = ({
  appointment,
  onChanged,
  compact = false,
}: {
  appointment: Appointment;
  onChanged: () => void;
  compact?: boolean;
}) => {
  const translate = useTranslate();
  const me = useCurrentUser();
  const [open, setOpen] = useState<Action | null>(null);
  if (!can(me?.role, 'appointments', 'update') || appointment.status !== 'scheduled') return null;
  const outcome = canRecordOutcome(appointment);
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, alignItems: 'center' }}>
      {outcome && (
        <>
          <Button variant="contained" onClick={() => setOpen('attend')}>
            {translate('cw_appointments.actions.attend')}
          </Button>
          <Button variant="outlined" onClick={() => setOpen('no-show')}>
            {translate('cw_appointments.actions.no_show')}
          </Button>
        </>
      )}
      <Button color="error" onClick={() => setOpen('cancel')}>
        {translate('cw_appointments.actions.cancel')}
      </Button>
      {!outcome && !compact && (
        <Box component="span" sx={{ color: 'text.secondary', fontSize: '0.875rem' }}>
          {translate('cw_appointments.outcome_later')}
        </Box>
      )}
      {open && (
        <OutcomeDialog
          appointment={appointment}
          action={open}
          onClose={(done) => {
            setOpen(null);
            if (done) onChanged();
          }}
        />
      )}
    </Box>
  );
};
