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
import { DataTable, List, SelectInput, TopToolbar, useListContext, useNotify, useRefresh, useTranslate, type RaRecord } from 'react-admin';
import { Link } from 'react-router-dom';
import { DateTimeField } from '../common/DateTimeField';
import { errorKey, postJson } from '../common/api';
import { useCurrentUser } from '../common/useCurrentUser';
import { PLAN_WORK_ITEM_KINDS } from '../intervention-plans';

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
  queue: Queue | null;
  assigneeId: string | null;
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

const QueueActions = ({ queue, onClaimed }: { queue: Queue; onClaimed: (item: WorkItem) => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [busy, setBusy] = useState(false);
  const takeNext = async () => {
    setBusy(true);
    try {
      const { status, json } = await postJson<WorkItem>('/work-items/claim-next', { queue });
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
  const mine = item.claimedBy === me?.id || (!item.queue && item.assigneeId === me?.id);
  // Holding the item (or working the office) is what lets one read its case.
  const openCase = (mine || me?.role === 'front_desk' || me?.role === 'supervisor') && (
    <Button
      size="small"
      component={Link}
      to={PLAN_WORK_ITEM_KINDS.includes(item.kind) ? `/cases/${item.caseId}/show/plan` : `/cases/${item.caseId}/show`}
      aria-label={label('cw_queue.open_case')}
    >
      {translate('cw_queue.open_case')}
    </Button>
  );
  if (!item.queue && item.status === 'open' && item.assigneeId === me?.id) {
    return (
      <Box sx={{ display: 'flex', gap: 1 }}>
        <Button size="small" variant="outlined" onClick={() => onComplete(item)} aria-label={label('cw_queue.complete')}>
          {translate('cw_queue.complete')}
        </Button>
        {openCase}
      </Box>
    );
  }
  if (item.status === 'open') {
    return (
      <Box sx={{ display: 'flex', gap: 1 }}>
        <Button size="small" onClick={(e) => (e.stopPropagation(), act('claim'))} aria-label={label('cw_queue.claim')}>
          {translate('cw_queue.claim')}
        </Button>
        {openCase}
      </Box>
    );
  }
  if (item.status === 'claimed' && item.claimedBy === me?.id) {
    return (
      <Box sx={{ display: 'flex', gap: 1 }}>
        <Button size="small" variant="outlined" onClick={() => onComplete(item)} aria-label={label('cw_queue.complete')}>
          {translate('cw_queue.complete')}
        </Button>
        {item.queue && (
          <Button size="small" onClick={() => act('release')} aria-label={label('cw_queue.release')}>
            {translate('cw_queue.release')}
          </Button>
        )}
        {openCase}
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

type Queue = 'routine' | 'targeted';

/** A list of work items with the completion dialog; queues add "take next". */
const WorkItemList = ({
  title,
  intro,
  filter,
  storeKey,
  queue,
  kinds,
}: {
  title: string;
  intro: string;
  filter: Record<string, unknown>;
  storeKey: string;
  queue?: Queue;
  kinds: readonly string[];
}) => {
  const translate = useTranslate();
  const refresh = useRefresh();
  const [completing, setCompleting] = useState<WorkItem | null>(null);
  return (
    <>
      <List
        resource="work-items"
        title={title}
        filter={filter}
        sort={{ field: 'dueAt', order: 'ASC' }}
        actions={queue ? <QueueActions queue={queue} onClaimed={setCompleting} /> : false}
        exporter={false}
        disableSyncWithLocation
        storeKey={storeKey}
        filters={[
          <SelectInput
            key="kind"
            source="kind"
            label="cw_queue.fields.kind"
            choices={kinds.map((k) => ({ id: k, name: `cw_queue.kinds.${k}` }))}
            alwaysOn
          />,
        ]}
        empty={
          <Alert severity="info" sx={{ mt: 2 }}>
            {translate('cw_queue.nothing')}
          </Alert>
        }
      >
        <Alert severity="info" sx={{ m: 1 }}>
          {translate(intro)}
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

/** Front desk: the office's routine queue, overdue and high-priority items first. */
export const RoutineQueue = () => (
  <WorkItemList
    title="cw_queue.title"
    intro="cw_queue.intro"
    queue="routine"
    filter={{ queue: 'routine', status: ['open', 'claimed'] }}
    storeKey="cw-routine-queue"
    kinds={['verify_registration', 'book_first_interview', 'phone_client']}
  />
);

/** Specialists: the office's targeted queue (intakes of priority-group cases). */
export const TargetedQueue = () => (
  <WorkItemList
    title="cw_queue.targeted_title"
    intro="cw_queue.targeted_intro"
    queue="targeted"
    filter={{ queue: 'targeted', status: ['open', 'claimed'] }}
    storeKey="cw-targeted-queue"
    kinds={['specialist_intake']}
  />
);

/** Personal items: a case worker's follow-ups, the supervisor's inbox. */
export const MyTasks = () => {
  const me = useCurrentUser();
  if (!me) return null;
  return (
    <WorkItemList
      title={me.role === 'supervisor' ? 'cw_queue.inbox_title' : 'cw_queue.tasks_title'}
      intro={me.role === 'supervisor' ? 'cw_queue.inbox_intro' : 'cw_queue.tasks_intro'}
      filter={{ personal: true, assigneeId: me.id, status: ['open', 'claimed'] }}
      storeKey="cw-my-tasks"
      kinds={
        me.role === 'supervisor'
          ? ['approve_plan', 'transfer_request', 'override_review', 'overdue_escalation', 'over_cap_warning', 'unassigned_case']
          : ['follow_up_no_show', 'plan_returned', 'agree_plan', 'review_plan']
      }
    />
  );
};
