import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  Link as MuiLink,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  Typography,
  Switch,
} from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { Title, useNotify, useTranslate } from 'react-admin';
import { errorCode, errorKey, getJson, postJson } from '../common/api';
import { apiFetch } from '../providers/session';
import { CASELOADS_KEY } from './BulkAssignDialog';
import { CaseloadChart } from './CaseloadChart';
import { Marker } from './labels';
import { caseloadRows, type Caseload, type CaseloadRow, type Move } from './model';
import { RequirePermission } from './RequirePermission';
import { casePath } from './UnassignedCases';

const SUGGESTIONS_KEY = ['cw-supervision', 'caseloads', 'suggestions'] as const;

const sectionTitle = { fontSize: '1.15rem', fontWeight: 500, mb: 1 } as const;

const Loading = () => {
  const translate = useTranslate();
  return (
    <Box sx={{ display: 'flex', justifyContent: 'center', p: 3 }}>
      <CircularProgress size={28} aria-label={translate('ra.page.loading')} />
    </Box>
  );
};

/** The accessible form of the chart: the same figures in a real table. */
const CaseloadTable = ({ rows }: { rows: CaseloadRow[] }) => {
  const translate = useTranslate();
  const [editing, setEditing] = useState<CaseloadRow | null>(null);
  const status = (r: CaseloadRow) => {
    if (r.cap === null) return translate('cw_supervision.caseloads.no_cap');
    if (r.overCap) return <Marker tone="error" label={translate('cw_supervision.caseloads.over_by', { smart_count: r.overBy ?? 0 })} />;
    return translate('cw_supervision.caseloads.room_left', { smart_count: -(r.overBy ?? 0) });
  };
  return (
    <TableContainer>
      <Table size="small" aria-labelledby="caseload-table-title">
        <TableHead>
          <TableRow>
            <TableCell component="th" scope="col">
              {translate('cw_supervision.caseloads.person')}
            </TableCell>
            <TableCell component="th" scope="col">
              {translate('cw_supervision.caseloads.role')}
            </TableCell>
            <TableCell component="th" scope="col">
              {translate('cw_supervision.caseloads.availability')}
            </TableCell>
            <TableCell component="th" scope="col" align="right">
              {translate('cw_supervision.caseloads.open_cases')}
            </TableCell>
            <TableCell component="th" scope="col" align="right">
              {translate('cw_supervision.caseloads.routine_cases')}
            </TableCell>
            <TableCell component="th" scope="col" align="right">
              {translate('cw_supervision.caseloads.targeted_cases')}
            </TableCell>
            <TableCell component="th" scope="col" align="right">
              {translate('cw_supervision.caseloads.load')}
            </TableCell>
            <TableCell component="th" scope="col" align="right">
              {translate('cw_supervision.caseloads.cap')}
            </TableCell>
            <TableCell component="th" scope="col" align="right">
              {translate('cw_supervision.caseloads.percent')}
            </TableCell>
            <TableCell component="th" scope="col">
              {translate('cw_supervision.caseloads.status')}
            </TableCell>
            <TableCell component="th" scope="col">
              {translate('cw_supervision.moves.action')}
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.id} sx={r.overCap ? { bgcolor: 'rgba(179, 38, 30, 0.06)' } : undefined}>
              <TableCell component="th" scope="row" sx={{ fontWeight: 500 }}>
                {r.name}
              </TableCell>
              <TableCell>{translate(`roles.${r.role}`)}</TableCell>
              <TableCell>{translate(`cw_supervision.availability.${r.availability}`)}</TableCell>
              <TableCell align="right">{r.openCases}</TableCell>
              <TableCell align="right">{r.routineCases}</TableCell>
              <TableCell align="right">{r.targetedCases}</TableCell>
              <TableCell align="right">{r.load}</TableCell>
              <TableCell align="right">{r.cap ?? '—'}</TableCell>
              <TableCell align="right">{r.percent === null ? '—' : `${r.percent} %`}</TableCell>
              <TableCell>{status(r)}</TableCell>
              <TableCell>
                {r.active && (
                  <Button
                    size="small"
                    onClick={() => setEditing(r)}
                    aria-label={translate('cw_supervision.staff.edit_label', { name: r.name })}
                  >
                    {translate('cw_supervision.staff.edit')}
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {editing && <StaffDialog row={editing} onClose={() => setEditing(null)} />}
    </TableContainer>
  );
};

/** A case worker's cap and away flag; away staff take no new cases and their cases show as unassigned. */
const StaffDialog = ({ row, onClose }: { row: CaseloadRow; onClose: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [cap, setCap] = useState(row.cap === null ? '' : String(row.cap));
  const [away, setAway] = useState(row.away);
  const [busy, setBusy] = useState(false);
  const capValue = cap.trim() === '' ? null : Number(cap);
  const capOk = capValue === null || (Number.isInteger(capValue) && capValue >= 1 && capValue <= 1000);
  const save = async () => {
    if (!capOk) return;
    setBusy(true);
    try {
      await apiFetch(`/caseloads/${row.id}`, { method: 'PATCH', body: JSON.stringify({ cap: capValue, away, version: row.version }) });
      notify('cw_supervision.staff.saved', { type: 'success', messageArgs: { name: row.name } });
      await queryClient.invalidateQueries({ queryKey: ['cw-supervision'] });
      onClose();
    } catch (error) {
      notify(errorKey(error), { type: 'error' });
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={onClose} aria-labelledby="staff-dialog-title" fullWidth maxWidth="xs">
      <DialogTitle id="staff-dialog-title">{translate('cw_supervision.staff.title', { name: row.name })}</DialogTitle>
      <DialogContent>
        <TextField
          fullWidth
          type="number"
          label={translate('cw_supervision.caseloads.cap')}
          value={cap}
          onChange={(e) => setCap(e.target.value)}
          error={!capOk}
          helperText={translate(capOk ? 'cw_supervision.staff.cap_help' : 'cw_supervision.staff.cap_invalid')}
          slotProps={{ htmlInput: { min: 1, max: 1000, step: 1 } }}
          sx={{ mt: 1 }}
        />
        <FormControlLabel
          control={<Switch checked={away} onChange={(e) => setAway(e.target.checked)} />}
          label={translate('cw_supervision.staff.away')}
          sx={{ mt: 1 }}
        />
        <Typography variant="body2" color="text.secondary">
          {translate('cw_supervision.staff.away_help')}
        </Typography>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('cw_case.cancel')}</Button>
        <Button variant="contained" onClick={save} disabled={busy || !capOk}>
          {translate('cw_supervision.staff.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

/** A suggested move, applied as a plain reassignment of the case at its current version. */
const MoveButton = ({ move, from, to }: { move: Move; from: string; to: string }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const apply = async () => {
    setBusy(true);
    try {
      const current = await getJson<{ version: number }>(`/cases/${move.caseId}`);
      await postJson(`/cases/${move.caseId}/assign`, { assigneeId: move.toUserId, version: current.version });
      notify('cw_supervision.moves.done', { type: 'success', messageArgs: { reference: move.reference, name: to } });
    } catch (error) {
      const code = errorCode(error);
      notify(code === 'OVER_CAP' ? 'cw_supervision.moves.no_room' : errorKey(error), { type: 'error', messageArgs: { name: to } });
    } finally {
      await queryClient.invalidateQueries({ queryKey: ['cw-supervision'] });
      setBusy(false);
    }
  };
  return (
    <Button
      size="small"
      variant="outlined"
      onClick={apply}
      disabled={busy}
      aria-label={translate('cw_supervision.moves.apply_label', { reference: move.reference, from, to })}
    >
      {translate('cw_supervision.moves.apply')}
    </Button>
  );
};

const Suggestions = ({ people }: { people: Caseload[] }) => {
  const translate = useTranslate();
  const { data: moves, error } = useQuery({ queryKey: SUGGESTIONS_KEY, queryFn: () => getJson<Move[]>('/caseloads/suggestions') });
  const names = new Map(people.map((p) => [p.id, p.fullName]));
  const anyOver = people.some((p) => p.overCap);
  if (error) return <Alert severity="error">{translate(errorKey(error))}</Alert>;
  if (!moves) return <Loading />;
  if (!moves.length)
    return (
      <Alert severity={anyOver ? 'warning' : 'success'}>
        {translate(anyOver ? 'cw_supervision.moves.none_possible' : 'cw_supervision.moves.none_needed')}
      </Alert>
    );
  return (
    <TableContainer>
      <Table size="small" aria-labelledby="moves-title">
        <TableHead>
          <TableRow>
            <TableCell component="th" scope="col">
              {translate('cw_supervision.fields.reference')}
            </TableCell>
            <TableCell component="th" scope="col">
              {translate('cw_supervision.moves.from')}
            </TableCell>
            <TableCell component="th" scope="col">
              {translate('cw_supervision.moves.to')}
            </TableCell>
            <TableCell component="th" scope="col" align="right">
              {translate('cw_supervision.moves.weight')}
            </TableCell>
            <TableCell component="th" scope="col">
              {translate('cw_supervision.moves.action')}
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {moves.map((m) => {
            const from = names.get(m.fromUserId) ?? '—';
            const to = names.get(m.toUserId) ?? '—';
            return (
              <TableRow key={m.caseId}>
                <TableCell component="th" scope="row" sx={{ whiteSpace: 'nowrap' }}>
                  <MuiLink component={Link} to={casePath(m.caseId)}>
                    {m.reference}
                  </MuiLink>
                </TableCell>
                <TableCell>{from}</TableCell>
                <TableCell>{to}</TableCell>
                <TableCell align="right">{m.weight}</TableCell>
                <TableCell>
                  <MoveButton move={m} from={from} to={to} />
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
};

const CaseloadsPage = () => {
  const translate = useTranslate();
  const { data: people, error } = useQuery({ queryKey: CASELOADS_KEY, queryFn: () => getJson<Caseload[]>('/caseloads') });
  const rows = people ? caseloadRows(people) : [];
  const over = rows.filter((r) => r.overCap).length;
  return (
    <Box sx={{ mt: 2, display: 'grid', gap: 2 }}>
      <Title title="cw_supervision.caseloads.title" />
      {error ? (
        <Alert severity="error">{translate(errorKey(error))}</Alert>
      ) : !people ? (
        <Loading />
      ) : (
        <>
          <Card component="section" aria-labelledby="caseload-chart-title">
            <CardContent>
              <Typography variant="h2" id="caseload-chart-title" sx={sectionTitle}>
                {translate('cw_supervision.caseloads.chart_title')}
              </Typography>
              <Typography sx={{ mb: 1 }}>
                {over
                  ? translate('cw_supervision.caseloads.summary_over', { smart_count: over, people: rows.length })
                  : translate('cw_supervision.caseloads.summary_ok', { smart_count: rows.length })}
              </Typography>
              <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                {translate('cw_supervision.caseloads.chart_help')}
              </Typography>
              {rows.length ? <CaseloadChart rows={rows} /> : <Alert severity="info">{translate('cw_supervision.caseloads.empty')}</Alert>}
            </CardContent>
          </Card>
          {rows.length > 0 && (
            <Card component="section" aria-labelledby="caseload-table-title">
              <CardContent>
                <Typography variant="h2" id="caseload-table-title" sx={sectionTitle}>
                  {translate('cw_supervision.caseloads.table_title')}
                </Typography>
                <CaseloadTable rows={rows} />
              </CardContent>
            </Card>
          )}
          <Card component="section" aria-labelledby="moves-title">
            <CardContent>
              <Typography variant="h2" id="moves-title" sx={sectionTitle}>
                {translate('cw_supervision.moves.title')}
              </Typography>
              <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                {translate('cw_supervision.moves.intro')}
              </Typography>
              <Suggestions people={people} />
            </CardContent>
          </Card>
        </>
      )}
    </Box>
  );
};

/** Supervisors: load against cap for each counsellor and specialist of the office, and moves that relieve those over cap. */
export const Caseloads = () => (
  <RequirePermission resource="caseloads" action="read">
    <CaseloadsPage />
  </RequirePermission>
);
