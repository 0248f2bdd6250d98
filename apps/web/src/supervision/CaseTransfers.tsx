import { useId, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { Title, useGetList, useNotify, useTranslate } from 'react-admin';
import { errorKey, postJson } from '../common/api';
import { ColumnHeads, Loading, SectionCard } from '../common/parts';
import { DateTimeField } from '../common/DateTimeField';
import { useCurrentUser } from '../common/useCurrentUser';
import { Marker } from './labels';
import type { Transfer } from './model';
import { RequirePermission } from './RequirePermission';

const MAX_NOTE = 1000;
const OUTGOING_SHOWN = 50;
const heads = (...keys: string[]) => keys.map((k) => `cw_supervision.transfers.${k}`);

type Decision = 'accept' | 'reject';

const When = ({ record, source }: { record: Transfer; source: 'createdAt' | 'decidedAt' }) =>
  record[source] ? <DateTimeField record={record} source={source} /> : <>—</>;

/** The receiving supervisor's decision, with an optional note kept in the case history. */
const DecisionDialog = ({ transfer, decision, onClose }: { transfer: Transfer; decision: Decision; onClose: (done: boolean) => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const titleId = useId();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await postJson(`/case-transfers/${transfer.id}/${decision}`, note.trim() ? { note: note.trim() } : {});
      notify(`cw_supervision.transfers.${decision}ed`, { type: 'success', messageArgs: { reference: transfer.caseReference } });
      onClose(true);
    } catch (e) {
      setBusy(false);
      setError(translate(errorKey(e)));
    }
  };
  const args = { reference: transfer.caseReference, office: transfer.fromOfficeName };
  return (
    <Dialog open onClose={() => onClose(false)} aria-labelledby={titleId} maxWidth="sm" fullWidth>
      <DialogTitle id={titleId}>{translate(`cw_supervision.transfers.${decision}_title`, args)}</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>{translate(`cw_supervision.transfers.${decision}_text`, args)}</DialogContentText>
        <Typography variant="body2" sx={{ mb: 2 }}>
          <strong>{translate('cw_supervision.transfers.reason')}:</strong> {transfer.reason}
        </Typography>
        <TextField
          label={translate('cw_supervision.transfers.note')}
          helperText={translate('cw_supervision.transfers.note_help')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          multiline
          minRows={2}
          fullWidth
          slotProps={{ htmlInput: { maxLength: MAX_NOTE } }}
        />
        {error && (
          <Alert severity="error" role="alert" sx={{ mt: 2 }}>
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={() => onClose(false)}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" color={decision === 'reject' ? 'error' : 'primary'} onClick={submit} disabled={busy}>
          {translate(`cw_supervision.transfers.${decision}`)}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

const StatusMarker = ({ status }: { status: Transfer['status'] }) => {
  const translate = useTranslate();
  const label = translate(`cw_supervision.transfers.statuses.${status}`);
  return <Marker label={label} tone={status === 'rejected' ? 'error' : status === 'requested' ? 'warning' : 'default'} />;
};

const Incoming = ({ officeId }: { officeId: string }) => {
  const translate = useTranslate();
  const [deciding, setDeciding] = useState<{ transfer: Transfer; decision: Decision } | null>(null);
  const { data, error, isPending, refetch } = useGetList<Transfer & { id: string }>('case-transfers', {
    filter: { status: 'requested', toOfficeId: officeId },
    sort: { field: 'createdAt', order: 'ASC' },
    pagination: { page: 1, perPage: 100 },
  });
  if (error) return <Alert severity="error">{translate(errorKey(error))}</Alert>;
  if (isPending) return <Loading />;
  if (!data.length) return <Alert severity="success">{translate('cw_supervision.transfers.incoming_empty')}</Alert>;
  return (
    <>
      <TableContainer>
        <Table size="small" aria-labelledby="incoming-title">
          <ColumnHeads labels={heads('case', 'from_office', 'reason', 'requested_at', 'actions')} />
          <TableBody>
            {data.map((t) => (
              <TableRow key={t.id}>
                <TableCell component="th" scope="row" sx={{ fontWeight: 500, whiteSpace: 'nowrap' }}>
                  {t.caseReference}
                </TableCell>
                <TableCell>{t.fromOfficeName}</TableCell>
                <TableCell sx={{ maxWidth: 360 }}>{t.reason}</TableCell>
                <TableCell>
                  <When record={t} source="createdAt" />
                </TableCell>
                <TableCell>
                  <Box sx={{ display: 'flex', gap: 1 }}>
                    <Button
                      size="small"
                      variant="contained"
                      onClick={() => setDeciding({ transfer: t, decision: 'accept' })}
                      aria-label={translate('cw_supervision.transfers.accept_label', { reference: t.caseReference })}
                    >
                      {translate('cw_supervision.transfers.accept')}
                    </Button>
                    <Button
                      size="small"
                      variant="outlined"
                      color="error"
                      onClick={() => setDeciding({ transfer: t, decision: 'reject' })}
                      aria-label={translate('cw_supervision.transfers.reject_label', { reference: t.caseReference })}
                    >
                      {translate('cw_supervision.transfers.reject')}
                    </Button>
                  </Box>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {deciding && (
        <DecisionDialog
          {...deciding}
          onClose={(done) => {
            setDeciding(null);
            if (done) refetch();
          }}
        />
      )}
    </>
  );
};

const Outgoing = ({ officeId }: { officeId: string }) => {
  const translate = useTranslate();
  const { data, total, error, isPending } = useGetList<Transfer & { id: string }>('case-transfers', {
    filter: { fromOfficeId: officeId },
    sort: { field: 'createdAt', order: 'DESC' },
    pagination: { page: 1, perPage: OUTGOING_SHOWN },
  });
  if (error) return <Alert severity="error">{translate(errorKey(error))}</Alert>;
  if (isPending) return <Loading />;
  if (!data.length) return <Alert severity="info">{translate('cw_supervision.transfers.outgoing_empty')}</Alert>;
  return (
    <>
      <TableContainer>
        <Table size="small" aria-labelledby="outgoing-title">
          <ColumnHeads labels={heads('case', 'to_office', 'reason', 'requested_at', 'status', 'decided_at', 'decision_note')} />
          <TableBody>
            {data.map((t) => (
              <TableRow key={t.id}>
                <TableCell component="th" scope="row" sx={{ fontWeight: 500, whiteSpace: 'nowrap' }}>
                  {t.caseReference}
                </TableCell>
                <TableCell>{t.toOfficeName}</TableCell>
                <TableCell sx={{ maxWidth: 320 }}>{t.reason}</TableCell>
                <TableCell>
                  <When record={t} source="createdAt" />
                </TableCell>
                <TableCell>
                  <StatusMarker status={t.status} />
                </TableCell>
                <TableCell>
                  <When record={t} source="decidedAt" />
                </TableCell>
                <TableCell sx={{ maxWidth: 280 }}>{t.decisionNote || '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {total !== undefined && total > data.length && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {translate('cw_supervision.transfers.outgoing_more', { shown: data.length, total })}
        </Typography>
      )}
    </>
  );
};

const CaseTransfersPage = () => {
  const translate = useTranslate();
  const me = useCurrentUser();
  if (!me) return null;
  return (
    <Box sx={{ mt: 2, display: 'grid', gap: 2 }}>
      <Title title="cw_supervision.transfers.title" />
      <SectionCard
        id="incoming-title"
        title={translate('cw_supervision.transfers.incoming')}
        intro={translate('cw_supervision.transfers.incoming_intro')}
      >
        <Incoming officeId={me.officeId} />
      </SectionCard>
      <SectionCard
        id="outgoing-title"
        title={translate('cw_supervision.transfers.outgoing')}
        intro={translate('cw_supervision.transfers.outgoing_intro')}
      >
        <Outgoing officeId={me.officeId} />
      </SectionCard>
    </Box>
  );
};

/** Supervisors: transfer requests to decide for the office, and the office's own requests with their outcome. */
export const CaseTransfers = () => (
  <RequirePermission resource="cases" action="transfer">
    <CaseTransfersPage />
  </RequirePermission>
);
