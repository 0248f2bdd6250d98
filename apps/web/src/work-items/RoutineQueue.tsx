import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControl,
  FormControlLabel,
  FormGroup,
  FormHelperText,
  FormLabel,
  Typography,
} from '@mui/material';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import { DataTable, List, TopToolbar, useListContext, useNotify, useRefresh, useTranslate, type RaRecord } from 'react-admin';
import { DateTimeField } from '../common/DateTimeField';
import { errorKey, postJson } from '../common/api';
import { useCurrentUser } from '../common/useCurrentUser';

export const REGISTRATION_DOCUMENTS = [
  'identity_document',
  'residence_permit',
  'proof_of_address',
  'qualifications',
  'work_history',
  'disability_certificate',
  'bank_details',
] as const;

export type WorkItem = RaRecord & {
  caseId: string;
  caseReference: string;
  kind: string;
  queue: string;
  status: 'open' | 'claimed' | 'done' | 'cancelled';
  priority: number;
  dueAt: string;
  overdue: boolean;
  claimedBy: string | null;
  version: number;
};

/** Completing a claimed item; verifying a registration needs the list of documents seen. */
export const CompleteDialog = ({ item, onClose }: { item: WorkItem; onClose: (done: boolean) => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const [documents, setDocuments] = useState<string[]>([]);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const needsDocuments = item.kind === 'verify_registration';
  const missing = needsDocuments && documents.length === 0;
  const submit = async () => {
    setTried(true);
    if (missing) return;
    setBusy(true);
    try {
      await postJson(
        `/work-items/${item.id}/complete`,
        needsDocuments ? { documentsChecked: documents, version: item.version } : { version: item.version },
      );
      notify('cw_queue.completed', { type: 'success' });
      onClose(true);
    } catch (error) {
      notify(errorKey(error), { type: 'error' });
      setBusy(false);
    }
  };
  const titleId = `complete-title-${item.id}`;
  return (
    <Dialog open onClose={() => onClose(false)} aria-labelledby={titleId}>
      <DialogTitle id={titleId}>{translate('cw_queue.complete_title', { reference: item.caseReference })}</DialogTitle>
      <DialogContent>
        <Typography sx={{ mb: 2 }}>
          {translate(`cw_queue.kinds.${item.kind}`)} — {translate('cw_queue.complete_intro')}
        </Typography>
        {needsDocuments && (
          <FormControl component="fieldset" error={tried && missing} required>
            <FormLabel component="legend">{translate('cw_queue.documents_legend')}</FormLabel>
            <FormGroup>
              {REGISTRATION_DOCUMENTS.map((doc) => (
                <FormControlLabel
                  key={doc}
                  control={
                    <Checkbox
                      checked={documents.includes(doc)}
                      onChange={(e) => setDocuments((d) => (e.target.checked ? [...d, doc] : d.filter((x) => x !== doc)))}
                    />
                  }
                  label={translate(`cw_queue.documents.${doc}`)}
                />
              ))}
            </FormGroup>
            <FormHelperText>{translate(tried && missing ? 'cw_queue.documents_required' : 'cw_queue.documents_help')}</FormHelperText>
          </FormControl>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={() => onClose(false)}>{translate('cw_queue.cancel')}</Button>
        <Button variant="contained" onClick={submit} disabled={busy}>
          {translate('cw_queue.confirm')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

const QueueActions = ({ onClaimed }: { onClaimed: (item: WorkItem) => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [busy, setBusy] = useState(false);
  const takeNext = async () => {
    setBusy(true);
    try {
      const { status, json } = await postJson<WorkItem>('/work-items/claim-next', { queue: 'routine' });
      if (status === 204 || !json) {
        notify('cw_queue.empty_queue', { type: 'info' });
      } else {
        notify('cw_queue.claimed', { type: 'success', messageArgs: { reference: json.caseReference } });
        onClaimed(json);
      }
      refresh();
    } catch (error) {
      notify(errorKey(error), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <TopToolbar>
      <Button variant="contained" startIcon={<PlayArrowIcon />} onClick={takeNext} disabled={busy}>
        {translate('cw_queue.take_next')}
      </Button>
    </TopToolbar>
  );
};

const RowActions = ({ item, onComplete }: { item: WorkItem; onComplete: (item: WorkItem) => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const me = useCurrentUser();
  const act = async (action: 'claim' | 'release') => {
    try {
      const { json } = await postJson<WorkItem>(`/work-items/${item.id}/${action}`, { version: item.version });
      if (action === 'claim') {
        notify('cw_queue.claimed', { type: 'success', messageArgs: { reference: item.caseReference } });
        onComplete(json);
      } else notify('cw_queue.released', { type: 'info' });
      refresh();
    } catch (error) {
      notify(errorKey(error), { type: 'error' });
      refresh();
    }
  };
  const label = (key: string) => `${translate(key)} ${item.caseReference}`;
  if (item.status === 'open') {
    return (
      <Button size="small" onClick={(e) => (e.stopPropagation(), act('claim'))} aria-label={label('cw_queue.claim')}>
        {translate('cw_queue.claim')}
      </Button>
    );
  }
  if (item.status === 'claimed' && item.claimedBy === me?.id) {
    return (
      <Box sx={{ display: 'flex', gap: 1 }}>
        <Button size="small" variant="outlined" onClick={() => onComplete(item)} aria-label={label('cw_queue.complete')}>
          {translate('cw_queue.complete')}
        </Button>
        <Button size="small" onClick={() => act('release')} aria-label={label('cw_queue.release')}>
          {translate('cw_queue.release')}
        </Button>
      </Box>
    );
  }
  return <Typography variant="body2">{translate('cw_queue.by_other')}</Typography>;
};

const QueueTable = ({ onComplete }: { onComplete: (item: WorkItem) => void }) => {
  const translate = useTranslate();
  const me = useCurrentUser();
  useListContext();
  return (
    <DataTable<WorkItem>
      bulkActionButtons={false}
      rowClick={false}
      rowSx={(record) => (record.overdue ? { backgroundColor: 'rgba(211, 47, 47, 0.08)' } : {})}
    >
      <DataTable.Col source="caseReference" label="cw_queue.fields.caseReference" disableSort />
      <DataTable.Col source="kind" label="cw_queue.fields.kind" disableSort render={(r) => translate(`cw_queue.kinds.${r.kind}`)} />
      <DataTable.Col source="priority" label="cw_queue.fields.priority" render={(r) => translate(`cw_queue.priorities.${r.priority}`)} />
      <DataTable.Col source="dueAt" label="cw_queue.fields.dueAt">
        <DateTimeField source="dueAt" />
      </DataTable.Col>
      <DataTable.Col
        source="overdue"
        label="cw_queue.fields.overdue"
        disableSort
        render={(r) =>
          r.overdue ? (
            <Chip size="small" color="error" label={translate('cw_queue.overdue')} />
          ) : (
            <Chip size="small" variant="outlined" label={translate('cw_queue.on_time')} />
          )
        }
      />
      <DataTable.Col
        source="status"
        label="cw_queue.fields.status"
        disableSort
        render={(r) =>
          r.status === 'claimed' && r.claimedBy === me?.id ? translate('cw_queue.mine') : translate(`cw_queue.statuses.${r.status}`)
        }
      />
      <DataTable.Col
        label="cw_queue.fields.actions"
        disableSort
        render={(r) => <RowActions item={r as WorkItem} onComplete={onComplete} />}
      />
    </DataTable>
  );
};

/** Front desk: the office's routine queue, overdue and high-priority items first. */
export const RoutineQueue = () => {
  const translate = useTranslate();
  const refresh = useRefresh();
  const [completing, setCompleting] = useState<WorkItem | null>(null);
  return (
    <>
      <List
        resource="work-items"
        title="cw_queue.title"
        filter={{ queue: 'routine', status: ['open', 'claimed'] }}
        sort={{ field: 'dueAt', order: 'ASC' }}
        actions={<QueueActions onClaimed={setCompleting} />}
        exporter={false}
        disableSyncWithLocation
        storeKey="cw-routine-queue"
      >
        <Alert severity="info" sx={{ m: 1 }}>
          {translate('cw_queue.intro')}
        </Alert>
        <QueueTable onComplete={setCompleting} />
      </List>
      {completing && (
        <CompleteDialog
          item={completing}
          onClose={(done) => {
            setCompleting(null);
            if (done) refresh();
          }}
        />
      )}
    </>
  );
};
