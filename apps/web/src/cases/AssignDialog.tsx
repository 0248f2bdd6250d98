import { useState } from 'react';
import {
  Alert,
  CircularProgress,
  FormControl,
  FormControlLabel,
  FormLabel,
  MenuItem,
  Radio,
  RadioGroup,
  TextField,
  Typography,
} from '@mui/material';
import { useNotify, useTranslate } from 'react-admin';
import { TRACK_WEIGHT, type OverrideReason, type Track } from '@casework/contracts';
import { errorCode, errorText, postJson } from '../common/api';
import { useApiGet } from '../common/useApiGet';
import { OverrideFields, overrideNoteOk } from './OverrideDialog';
import { DecisionDialog, ReasonField } from './parts';
import { otherTrack, type CaseRecord, type Caseload } from './types';

export type AssignMode = 'confirm' | 'override' | 'decided';

const ROLE_FOR_TRACK = { routine: 'counsellor', targeted: 'specialist' } as const;

/** Would this person go over their cap with this case? (The server checks again and has the last word.) */
export function goesOverCap(person: Caseload | undefined, track: Track, alreadyTheirs: boolean): boolean {
  if (!person || person.cap === null || alreadyTheirs) return false;
  return person.load + TRACK_WEIGHT[track] > person.cap;
}

/**
 * The supervisor assigns a case: on first assignment they confirm the recommended track or
 * override it (reason code and note), then choose a case worker of the right role, seeing each
 * one's load against their cap. Going over a cap needs a reason.
 */
export const AssignDialog = ({
  record,
  mode: initialMode,
  onClose,
}: {
  record: CaseRecord;
  mode: AssignMode;
  onClose: (changed: boolean) => void;
}) => {
  const translate = useTranslate();
  const notify = useNotify();
  const caseloads = useApiGet<Caseload[]>('/caseloads');
  const [mode, setMode] = useState<AssignMode>(initialMode);
  const [reasonCode, setReasonCode] = useState<OverrideReason | ''>('');
  const [note, setNote] = useState('');
  const [assigneeId, setAssigneeId] = useState('');
  const [overCapReason, setOverCapReason] = useState('');
  const [serverSaysOverCap, setServerSaysOverCap] = useState(false);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const recommended = record.recommendedTrack ?? 'routine';
  const track: Track = mode === 'decided' ? (record.track ?? recommended) : mode === 'override' ? otherTrack(recommended) : recommended;
  const role = ROLE_FOR_TRACK[track];
  const staff = (caseloads.data ?? []).filter((p) => p.role === role && p.active && !p.away);
  const chosen = staff.find((p) => p.id === assigneeId);
  const overCap = serverSaysOverCap || goesOverCap(chosen, track, chosen?.id === record.assignedTo);
  const noteOk = overrideNoteOk(note);
  const overCapOk = overCapReason.trim().length >= 5;
  const valid = !!assigneeId && (mode !== 'override' || (!!reasonCode && noteOk)) && (!overCap || overCapOk);

  const submit = async () => {
    setTried(true);
    setFailure(null);
    if (!valid) return;
    setBusy(true);
    try {
      await postJson(`/cases/${record.id}/assign`, {
        assigneeId,
        version: record.version,
        ...(mode === 'decided'
          ? {}
          : { decision: mode === 'override' ? { kind: 'override', track, reasonCode, note: note.trim() } : { kind: 'confirm' } }),
        ...(overCap ? { overCapReason: overCapReason.trim() } : {}),
      });
      notify('cw_case.assign.done', { type: 'success', messageArgs: { reference: record.reference, name: chosen?.fullName ?? '' } });
      onClose(true);
    } catch (error) {
      if (errorCode(error) === 'OVER_CAP') setServerSaysOverCap(true);
      setFailure(errorText(error, translate, 'cw_case.rules'));
      setBusy(false);
    }
  };

  const label = (p: Caseload) =>
    [
      p.cap === null
        ? translate('cw_case.assign.load_no_cap', { name: p.fullName, load: p.load })
        : translate('cw_case.assign.load', { name: p.fullName, load: p.load, cap: p.cap }),
      goesOverCap(p, track, p.id === record.assignedTo) ? `(${translate('cw_case.assign.over_cap_tag')})` : '',
    ].join(' ');

  return (
    <DecisionDialog
      id="assign-title"
      title={translate('cw_case.assign.title', { reference: record.reference })}
      submitLabel={translate('cw_case.assign.submit')}
      onSubmit={submit}
      onCancel={() => onClose(false)}
      busy={busy}
      failure={failure}
    >
      {mode === 'decided' ? (
        <Typography sx={{ mb: 2 }}>{translate('cw_case.assign.already_decided', { track: translate(`cw_tracks.${track}`) })}</Typography>
      ) : (
        <FormControl component="fieldset" sx={{ mb: 2 }}>
          <FormLabel component="legend">{translate('cw_case.assign.decision_legend')}</FormLabel>
          <RadioGroup
            value={mode}
            onChange={(e) => {
              setMode(e.target.value as AssignMode);
              setAssigneeId('');
              setServerSaysOverCap(false);
            }}
          >
            <FormControlLabel
              value="confirm"
              control={<Radio />}
              label={translate('cw_case.assign.confirm', { track: translate(`cw_tracks.${recommended}`) })}
            />
            <FormControlLabel value="override" control={<Radio />} label={translate('cw_case.assign.override')} />
          </RadioGroup>
          <Typography variant="body2">{translate('cw_case.assign.track_after', { track: translate(`cw_tracks.${track}`) })}</Typography>
        </FormControl>
      )}
      {mode === 'override' && (
        <OverrideFields reasonCode={reasonCode} onReasonCode={setReasonCode} note={note} onNote={setNote} tried={tried} />
      )}
      {caseloads.loading ? (
        <CircularProgress size={24} aria-label={translate('cw_case.loading')} />
      ) : staff.length === 0 ? (
        <Alert severity="warning">{translate('cw_case.assign.no_one', { role: translate(`roles.${role}`) })}</Alert>
      ) : (
        <TextField
          select
          fullWidth
          required
          label={translate('cw_case.assign.assignee')}
          value={assigneeId}
          onChange={(e) => {
            setAssigneeId(e.target.value);
            setServerSaysOverCap(false);
          }}
          error={tried && !assigneeId}
          helperText={translate(`cw_case.assign.assignee_help_${track}`)}
        >
          {staff.map((p) => (
            <MenuItem key={p.id} value={p.id}>
              {label(p)}
            </MenuItem>
          ))}
        </TextField>
      )}
      {overCap && (
        <ReasonField
          label={translate('cw_case.assign.over_cap_reason')}
          help={translate('cw_case.assign.over_cap_help')}
          value={overCapReason}
          onChange={setOverCapReason}
          tried={tried}
          maxLength={500}
          minRows={2}
        />
      )}
    </DecisionDialog>
  );
};
