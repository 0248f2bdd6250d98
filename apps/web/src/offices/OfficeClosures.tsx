import { useId, useState } from 'react';
import { Alert, Box, Button, IconButton, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import DeleteIcon from '@mui/icons-material/Delete';
import { useNotify, useRecordContext, useTranslate } from 'react-admin';
import { can, type OfficeDto } from '@casework/contracts';
import { errorText, listPath, postJson } from '../common/api';
import { useApiGet } from '../common/useApiGet';
import { useCurrentUser } from '../common/useCurrentUser';
import { apiFetch } from '../providers/session';
import { DecisionDialog, Loadable, useFormat } from '../cases/parts';

interface Closure {
  id: string;
  startsOn: string;
  endsOn: string;
  reason: string;
}

const AddClosureDialog = ({ officeId, onClose }: { officeId: string; onClose: (added: boolean) => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const id = useId();
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const submit = async () => {
    if (!startsOn || !reason.trim()) {
      setFailure(translate('cw_closures.required'));
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      await postJson(`/offices/${officeId}/closures`, { startsOn, ...(endsOn ? { endsOn } : {}), reason: reason.trim() });
      notify('cw_closures.added', { type: 'success' });
      onClose(true);
    } catch (e) {
      setBusy(false);
      setFailure(errorText(e, translate, 'cw_closures.rules'));
    }
  };
  return (
    <DecisionDialog
      id={id}
      title={translate('cw_closures.add_title')}
      submitLabel={translate('cw_closures.add')}
      onSubmit={submit}
      onCancel={() => onClose(false)}
      busy={busy}
      failure={failure}
    >
      <Box sx={{ display: 'grid', gap: 2, pt: 1 }}>
        <TextField
          required
          type="date"
          label={translate('cw_closures.starts_on')}
          value={startsOn}
          onChange={(e) => setStartsOn(e.target.value)}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <TextField
          type="date"
          label={translate('cw_closures.ends_on')}
          helperText={translate('cw_closures.ends_on_help')}
          value={endsOn}
          onChange={(e) => setEndsOn(e.target.value)}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <TextField
          required
          label={translate('cw_closures.reason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          slotProps={{ htmlInput: { maxLength: 200 } }}
        />
      </Box>
    </DecisionDialog>
  );
};

/** The office's closure days (holidays): nobody can be booked on them. Admins and the office's supervisors add and remove them. */
export const OfficeClosures = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const format = useFormat();
  const me = useCurrentUser();
  const office = useRecordContext<OfficeDto>();
  const [adding, setAdding] = useState(false);
  const today = new Date().toISOString().slice(0, 10);
  const list = useApiGet<Closure[]>(
    office && can(me?.role, 'office-closures', 'read') && (me?.role === 'admin' || me?.officeId === office.id)
      ? listPath(`/offices/${office.id}/closures`, { filter: { from: today }, sort: ['startsOn', 'ASC'], range: [0, 99] })
      : null,
  );
  if (!office || (!list.data && !list.loading && !list.error)) return null;
  const manages = can(me?.role, 'office-closures', 'create') && (me?.role === 'admin' || me?.officeId === office.id);
  const remove = async (c: Closure) => {
    try {
      await apiFetch(`/offices/${office.id}/closures/${c.id}`, { method: 'DELETE' });
      notify('cw_closures.removed', { type: 'success' });
      list.reload();
    } catch (e) {
      notify(errorText(e, translate, 'cw_closures.rules'), { type: 'error' });
    }
  };
  const upcoming = list.data ?? [];
  return (
    <Box sx={{ mt: 3 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 1 }}>
        <Typography component="h2" variant="subtitle1" sx={{ fontWeight: 600, flexGrow: 1 }}>
          {translate('cw_closures.title')}
        </Typography>
        {manages && (
          <Button variant="outlined" onClick={() => setAdding(true)}>
            {translate('cw_closures.add')}
          </Button>
        )}
      </Box>
      <Loadable loading={list.loading && !list.data} error={list.error} reload={list.reload}>
        {!upcoming.length ? (
          <Alert severity="info">{translate('cw_closures.none')}</Alert>
        ) : (
          <Table size="small" aria-label={translate('cw_closures.title')}>
            <TableHead>
              <TableRow>
                <TableCell>{translate('cw_closures.dates')}</TableCell>
                <TableCell>{translate('cw_closures.reason')}</TableCell>
                {manages && <TableCell>{translate('cw_closures.remove_column')}</TableCell>}
              </TableRow>
            </TableHead>
            <TableBody>
              {upcoming.map((c) => (
                <TableRow key={c.id}>
                  <TableCell>
                    {c.startsOn === c.endsOn ? format.date(c.startsOn) : `${format.date(c.startsOn)} – ${format.date(c.endsOn)}`}
                  </TableCell>
                  <TableCell>{c.reason}</TableCell>
                  {manages && (
                    <TableCell>
                      <IconButton aria-label={translate('cw_closures.remove', { reason: c.reason })} onClick={() => remove(c)}>
                        <DeleteIcon />
                      </IconButton>
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Loadable>
      {adding && (
        <AddClosureDialog
          officeId={office.id}
          onClose={(added) => {
            setAdding(false);
            if (added) list.reload();
          }}
        />
      )}
    </Box>
  );
};
