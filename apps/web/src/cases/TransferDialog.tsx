import { useState } from 'react';
import { MenuItem, TextField, Typography } from '@mui/material';
import { useGetList, useNotify, useTranslate } from 'react-admin';
import { errorText, postJson } from '../common/api';
import { DecisionDialog, ReasonField } from './parts';
import type { CaseRecord } from './types';

/** The supervisor asks another office to take the case; that office's supervisor accepts or rejects it. */
export const TransferDialog = ({ record, onClose }: { record: CaseRecord; onClose: (changed: boolean) => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const { data: offices } = useGetList<{ id: string; name: string }>('offices', {
    pagination: { page: 1, perPage: 100 },
    sort: { field: 'name', order: 'ASC' },
  });
  const [toOfficeId, setToOfficeId] = useState('');
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const reasonOk = reason.trim().length >= 5;
  const submit = async () => {
    setTried(true);
    setFailure(null);
    if (!toOfficeId || !reasonOk) return;
    setBusy(true);
    try {
      await postJson(`/cases/${record.id}/transfer`, { toOfficeId, reason: reason.trim() });
      notify('cw_case.transfer.done', { type: 'success' });
      onClose(true);
    } catch (error) {
      setFailure(errorText(error, translate, 'cw_case.rules'));
      setBusy(false);
    }
  };
  return (
    <DecisionDialog
      id="transfer-title"
      title={translate('cw_case.transfer.title', { reference: record.reference })}
      submitLabel={translate('cw_case.transfer.submit')}
      onSubmit={submit}
      onCancel={() => onClose(false)}
      busy={busy}
      failure={failure}
    >
      <Typography sx={{ mb: 2 }}>{translate('cw_case.transfer.intro')}</Typography>
      <TextField
        select
        fullWidth
        required
        label={translate('cw_case.transfer.office')}
        value={toOfficeId}
        onChange={(e) => setToOfficeId(e.target.value)}
        error={tried && !toOfficeId}
        helperText=" "
      >
        {(offices ?? [])
          .filter((o) => o.id !== record.officeId)
          .map((o) => (
            <MenuItem key={o.id} value={o.id}>
              {o.name}
            </MenuItem>
          ))}
      </TextField>
      <ReasonField
        label={translate('cw_case.transfer.reason')}
        help={translate('cw_case.transfer.reason_help')}
        value={reason}
        onChange={setReason}
        tried={tried}
        maxLength={1000}
      />
    </DecisionDialog>
  );
};
