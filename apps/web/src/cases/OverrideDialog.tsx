import { useState } from 'react';
import { MenuItem, TextField, Typography } from '@mui/material';
import { useNotify, useTranslate } from 'react-admin';
import { OVERRIDE_REASONS, type OverrideReason } from '@casework/contracts';
import { errorText, postJson } from '../common/api';
import { useCurrentUser } from '../common/useCurrentUser';
import { DecisionDialog, ReasonField } from './parts';
import { otherTrack, type CaseRecord } from './types';

/** The reason code and the note every override of the recommended track needs. */
export const OverrideFields = ({
  reasonCode,
  onReasonCode,
  note,
  onNote,
  tried,
}: {
  reasonCode: OverrideReason | '';
  onReasonCode: (value: OverrideReason) => void;
  note: string;
  onNote: (value: string) => void;
  tried: boolean;
}) => {
  const translate = useTranslate();
  return (
    <>
      <TextField
        select
        fullWidth
        required
        label={translate('cw_case.override.reason')}
        value={reasonCode}
        onChange={(e) => onReasonCode(e.target.value as OverrideReason)}
        error={tried && !reasonCode}
        helperText=" "
      >
        {OVERRIDE_REASONS.map((r) => (
          <MenuItem key={r} value={r}>
            {translate(`cw_case.override_reasons.${r}`)}
          </MenuItem>
        ))}
      </TextField>
      <ReasonField
        label={translate('cw_case.override.note')}
        help={translate('cw_case.override.note_help')}
        value={note}
        onChange={onNote}
        tried={tried}
        maxLength={2000}
      />
    </>
  );
};

/** The API asks at least 5 characters of explanation. */
export const overrideNoteOk = (note: string) => note.trim().length >= 5;

/** A later override of a decided track, by the assigned case worker (reviewed by the supervisor) or a supervisor. */
export const OverrideDialog = ({ record, onClose }: { record: CaseRecord; onClose: (changed: boolean) => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const me = useCurrentUser();
  const [reasonCode, setReasonCode] = useState<OverrideReason | ''>('');
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const track = otherTrack(record.track ?? 'routine');
  const noteOk = overrideNoteOk(note);
  const submit = async () => {
    setTried(true);
    setFailure(null);
    if (!reasonCode || !noteOk) return;
    setBusy(true);
    try {
      await postJson(`/cases/${record.id}/override-track`, { track, reasonCode, note: note.trim(), version: record.version });
      notify('cw_case.override.done', { type: 'success' });
      onClose(true);
    } catch (error) {
      setFailure(errorText(error, translate, 'cw_case.rules'));
      setBusy(false);
    }
  };
  const trackName = translate(`cw_tracks.${track}`);
  return (
    <DecisionDialog
      id="override-title"
      title={translate('cw_case.override.title', { reference: record.reference })}
      submitLabel={translate('cw_case.override.submit')}
      onSubmit={submit}
      onCancel={() => onClose(false)}
      busy={busy}
      failure={failure}
    >
      <Typography sx={{ mb: 2 }}>
        {translate(me?.role === 'supervisor' ? 'cw_case.override.intro_supervisor' : 'cw_case.override.intro', { track: trackName })}
      </Typography>
      <OverrideFields reasonCode={reasonCode} onReasonCode={setReasonCode} note={note} onNote={setNote} tried={tried} />
    </DecisionDialog>
  );
};
