import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Chip,
  List as MuiList,
  ListItem,
  ListItemText,
  Table,
  TableBody,
  TableCell,
  TableFooter,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useNotify, useRecordContext, useShowContext, useTranslate } from 'react-admin';
import { can } from '@casework/contracts';
import { errorText, postJson } from '../common/api';
import { useApiGet } from '../common/useApiGet';
import { useCurrentUser } from '../common/useCurrentUser';
import { AssignDialog, type AssignMode } from './AssignDialog';
import { OverrideDialog } from './OverrideDialog';
import { Loadable, SectionHeading, useFormat } from './parts';
import { reasonText } from './reasons';
import type { CaseRecord, TriageHistory, TriageResult } from './types';

const Explanation = ({ result }: { result: TriageResult }) => {
  const translate = useTranslate();
  const fmt = useFormat();
  return (
    <Box data-testid="triage-explanation">
      <Typography variant="body2" color="text.secondary">
        {translate('cw_case.triage.model', { version: result.modelVersion, date: fmt.dateTime(result.createdAt) })}
      </Typography>
      <Typography sx={{ mt: 1, fontWeight: 500 }}>
        {translate('cw_case.triage.recommendation', { track: translate(`cw_tracks.${result.recommendedTrack}`) })}
      </Typography>
      <Typography>{translate('cw_case.triage.score', { score: result.score, threshold: result.threshold })}</Typography>
      <SectionHeading>{translate('cw_case.triage.factors_heading')}</SectionHeading>
      {result.factors.length === 0 ? (
        <Typography>{translate('cw_case.triage.no_factors')}</Typography>
      ) : (
        <Table size="small" aria-label={translate('cw_case.triage.factors_heading')}>
          <TableHead>
            <TableRow>
              <TableCell scope="col">{translate('cw_case.triage.factor')}</TableCell>
              <TableCell scope="col" align="right">
                {translate('cw_case.triage.points')}
              </TableCell>
              <TableCell scope="col">{translate('cw_case.triage.reason')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {result.factors.map((f) => (
              <TableRow key={f.factor}>
                <TableCell component="th" scope="row">
                  {translate(`cw_case.factors.${f.factor}`, { _: f.factor })}
                </TableCell>
                <TableCell align="right">{f.points}</TableCell>
                <TableCell>{reasonText(f, translate)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
          <TableFooter>
            <TableRow>
              <TableCell component="th" scope="row">
                {translate('cw_case.triage.total')}
              </TableCell>
              <TableCell align="right">{result.score}</TableCell>
              <TableCell />
            </TableRow>
          </TableFooter>
        </Table>
      )}
      {!!result.withheldFactors && (
        <Alert severity="info" sx={{ mt: 1 }}>
          {translate('cw_case.triage.withheld', { smart_count: result.withheldFactors })}
        </Alert>
      )}
      <SectionHeading>{translate('cw_case.triage.groups_heading')}</SectionHeading>
      {result.priorityGroups.length ? (
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5 }}>
          {result.priorityGroups.map((g) => (
            <Chip key={g} size="small" label={translate(`cw_case.priority_groups.${g}`)} />
          ))}
        </Box>
      ) : (
        <Typography>{translate('cw_case.none')}</Typography>
      )}
    </Box>
  );
};

const Decisions = ({ history }: { history: TriageHistory }) => {
  const translate = useTranslate();
  const fmt = useFormat();
  if (!history.decisions.length) return <Typography>{translate('cw_case.triage.no_decisions')}</Typography>;
  return (
    <MuiList dense disablePadding data-testid="triage-decisions">
      {history.decisions.map((d) => (
        <ListItem key={d.id} disableGutters>
          <ListItemText
            primary={
              d.kind === 'confirm'
                ? translate('cw_case.timeline.decision_confirm', { track: translate(`cw_tracks.${d.track}`) })
                : `${translate('cw_case.triage.kinds.override')}: ${translate(`cw_tracks.${d.track}`)} — ${translate(
                    `cw_case.override_reasons.${d.reasonCode}`,
                    { _: d.reasonCode ?? '' },
                  )}${d.note ? ` — “${d.note}”` : ''}`
            }
            secondary={translate('cw_case.triage.decision_by', {
              name: d.decidedByName,
              role: translate(`roles.${d.decidedRole}`),
              date: fmt.dateTime(d.createdAt),
            })}
          />
        </ListItem>
      ))}
    </MuiList>
  );
};

/** What the signed-in user may do with the track and the assignment of this case. */
const Actions = ({ record, onChanged }: { record: CaseRecord; onChanged: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const me = useCurrentUser();
  const [assigning, setAssigning] = useState<AssignMode | null>(null);
  const [overriding, setOverriding] = useState(false);
  const [busy, setBusy] = useState(false);
  if (record.status === 'closed' || !me) return null;
  const supervisor = can(me.role, 'cases', 'assign');
  const decided = !!record.trackDecision;
  const mayOverride = decided && (supervisor || record.assignedTo === me.id);
  const rerun = async () => {
    setBusy(true);
    try {
      await postJson(`/cases/${record.id}/triage`);
      notify('cw_case.triage.rerun_done', { type: 'success' });
      onChanged();
    } catch (error) {
      notify(errorText(error, translate, 'cw_case.rules'), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  const close = (changed: boolean) => {
    setAssigning(null);
    setOverriding(false);
    if (changed) onChanged();
  };
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, mt: 2 }}>
      {supervisor && !decided && record.recommendedTrack && (
        <>
          <Button variant="contained" onClick={() => setAssigning('confirm')}>
            {translate('cw_case.triage.confirm_assign')}
          </Button>
          <Button variant="outlined" onClick={() => setAssigning('override')}>
            {translate('cw_case.triage.override_assign')}
          </Button>
        </>
      )}
      {supervisor && decided && (
        <Button variant={record.needsAssignment ? 'contained' : 'outlined'} onClick={() => setAssigning('decided')}>
          {translate(record.assignedTo ? 'cw_case.triage.reassign' : 'cw_case.triage.assign')}
        </Button>
      )}
      {mayOverride && (
        <Button variant="outlined" onClick={() => setOverriding(true)}>
          {translate('cw_case.triage.override')}
        </Button>
      )}
      {can(me.role, 'cases', 'triage') && (
        <Button onClick={rerun} disabled={busy}>
          {translate('cw_case.triage.rerun')}
        </Button>
      )}
      {assigning && <AssignDialog record={record} mode={assigning} onClose={close} />}
      {overriding && <OverrideDialog record={record} onClose={close} />}
    </Box>
  );
};

/** The profiling explanation, every human decision on it, and the supervisor's and case worker's actions. */
export const TriageTab = () => {
  const translate = useTranslate();
  const fmt = useFormat();
  const record = useRecordContext<CaseRecord>();
  const { refetch } = useShowContext();
  const history = useApiGet<TriageHistory>(record ? `/cases/${record.id}/triage` : null);
  if (!record) return null;
  const [latest, ...earlier] = history.data?.results ?? [];
  const changed = () => {
    history.reload();
    void refetch();
  };
  return (
    <Box sx={{ maxWidth: 960 }}>
      <Typography component="h3" variant="subtitle1" sx={{ fontWeight: 600 }}>
        {translate('cw_case.triage.heading')}
      </Typography>
      <Typography variant="body2" sx={{ mb: 2 }}>
        {translate('cw_case.triage.intro')}
      </Typography>
      <Loadable loading={history.loading && !history.data} error={history.error} reload={history.reload}>
        {latest ? <Explanation result={latest} /> : <Alert severity="info">{translate('cw_case.triage.none')}</Alert>}
        <Actions key={record.version} record={record} onChanged={changed} />
        <SectionHeading>{translate('cw_case.triage.decisions_heading')}</SectionHeading>
        {history.data && <Decisions history={history.data} />}
        {earlier.length > 0 && (
          <>
            <SectionHeading>{translate('cw_case.triage.earlier_heading')}</SectionHeading>
            <MuiList dense disablePadding>
              {earlier.map((r) => (
                <ListItem key={r.id} disableGutters>
                  <ListItemText
                    primary={translate('cw_case.timeline.triage', {
                      score: r.score,
                      model: r.modelVersion,
                      track: translate(`cw_tracks.${r.recommendedTrack}`),
                    })}
                    secondary={fmt.dateTime(r.createdAt)}
                  />
                </ListItem>
              ))}
            </MuiList>
          </>
        )}
      </Loadable>
    </Box>
  );
};
