import { useId, useRef, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControl,
  FormControlLabel,
  FormLabel,
  Radio,
  RadioGroup,
  TextField,
  Typography,
} from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNotify, useTranslate } from 'react-admin';
import { errorBody, errorCode, errorKey, getJson, postJson } from '../common/api';
import { assigneeOptions, fitsRole, projectedLoad, summarise, type Caseload, type UnassignedCase } from './model';

export const CASELOADS_KEY = ['cw-supervision', 'caseloads'] as const;
const MIN_REASON = 5;
const MAX_REASON = 500;

interface FieldErrorBody {
  errors?: Array<{ field: string; rule: string }>;
}

/**
 * Assigns the selected cases to one counsellor or specialist of the office, all or none.
 * The list of people shows each one's load against cap, and what it would become.
 */
export const BulkAssignDialog = ({ cases, onClose }: { cases: UnassignedCase[]; onClose: (assigned: boolean) => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const titleId = useId();
  const reasonRef = useRef<HTMLInputElement>(null);
  const [assigneeId, setAssigneeId] = useState('');
  const [reason, setReason] = useState('');
  const [needsReason, setNeedsReason] = useState(false);
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { data: people, error: loadError } = useQuery({ queryKey: CASELOADS_KEY, queryFn: () => getJson<Caseload[]>('/caseloads') });

  const summary = summarise(cases);
  // The order is set from the first figures loaded: refreshed figures must not move the option being chosen.
  const [order, setOrder] = useState<string[] | null>(null);
  if (people && !order) setOrder(assigneeOptions(people, summary).map((p) => p.id));
  const rank = (id: string) => {
    const i = order?.indexOf(id) ?? -1;
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const options = people ? assigneeOptions(people, summary).sort((a, b) => rank(a.id) - rank(b.id)) : [];
  const chosen = options.find((p) => p.id === assigneeId);
  const after = chosen ? projectedLoad(chosen, cases) : 0;
  const projectedOver = !!chosen && chosen.cap !== null && after > chosen.cap;
  const showReason = needsReason || projectedOver;
  const reasonTooShort = reason.trim().length < MIN_REASON;

  const submit = async () => {
    setTried(true);
    if (!chosen) return;
    if (showReason && reasonTooShort) {
      reasonRef.current?.focus();
      return;
    }
    setError(null);
    setBusy(true);
    try {
      await postJson('/cases/bulk-assign', {
        caseIds: cases.map((c) => c.id),
        assigneeId: chosen.id,
        ...(showReason ? { overCapReason: reason.trim() } : {}),
      });
      await queryClient.invalidateQueries({ queryKey: ['cw-supervision'] });
      notify('cw_supervision.assign.done', { type: 'success', messageArgs: { smart_count: cases.length, name: chosen.fullName } });
      onClose(true);
    } catch (e) {
      setBusy(false);
      const code = errorCode(e);
      if (code === 'OVER_CAP') {
        // Someone else's assignments may have filled the caseload since it was loaded: show the latest figures.
        await queryClient.invalidateQueries({ queryKey: CASELOADS_KEY });
        setNeedsReason(true);
        setTried(false);
        setError(translate('cw_supervision.assign.over_cap_needed', { name: chosen.fullName }));
        setTimeout(() => reasonRef.current?.focus(), 0);
        return;
      }
      const field = errorBody<FieldErrorBody>(e)?.errors?.find((f) => f.field === 'assigneeId');
      if (code === 'VALIDATION_FAILED' && field) {
        setError(translate(`cw_supervision.assign.rules.${field.rule}`, { _: translate('errors.VALIDATION_FAILED') }));
        return;
      }
      setError(translate(errorKey(e)));
    }
  };

  const label = (p: Caseload) => {
    const fits = fitsRole(p.role, summary);
    const load =
      p.cap === null
        ? translate('cw_supervision.assign.load_no_cap', { load: p.load })
        : translate('cw_supervision.assign.load', { load: p.load, cap: p.cap, after: projectedLoad(p, cases) });
    const notes = [
      p.away && translate('cw_supervision.availability.away'),
      p.overCap && translate('cw_supervision.over_cap'),
      !p.overCap && p.cap !== null && projectedLoad(p, cases) > p.cap && translate('cw_supervision.assign.would_exceed'),
      !fits && translate(`cw_supervision.assign.wrong_role.${p.role}`),
    ].filter(Boolean);
    return (
      <Box sx={{ py: 0.5 }}>
        <Typography component="span" sx={{ fontWeight: 500 }}>
          {p.fullName}
        </Typography>{' '}
        <Typography component="span" variant="body2">
          — {translate(`roles.${p.role}`)}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {load}
          {notes.length ? ` · ${notes.join(' · ')}` : ''}
        </Typography>
      </Box>
    );
  };

  return (
    <Dialog open onClose={() => onClose(false)} aria-labelledby={titleId} maxWidth="sm" fullWidth>
      <DialogTitle id={titleId}>{translate('cw_supervision.assign.title', { smart_count: cases.length })}</DialogTitle>
      <DialogContent>
        <Typography sx={{ mb: 1 }}>
          {translate('cw_supervision.assign.tracks', { routine: summary.routine, targeted: summary.targeted })}
        </Typography>
        {summary.undecided > 0 && (
          <Alert severity="info" role="note" sx={{ mb: 1 }}>
            {translate('cw_supervision.assign.confirms_recommended', { smart_count: summary.undecided })}
          </Alert>
        )}
        {summary.mixed && (
          <Alert severity="warning" role="note" sx={{ mb: 1 }}>
            {translate('cw_supervision.assign.mixed')}
          </Alert>
        )}
        {loadError ? (
          <Alert severity="error">{translate(errorKey(loadError))}</Alert>
        ) : !people ? (
          <Box sx={{ display: 'flex', justifyContent: 'center', p: 2 }}>
            <CircularProgress size={24} aria-label={translate('ra.page.loading')} />
          </Box>
        ) : (
          <FormControl component="fieldset" required error={tried && !chosen} sx={{ width: '100%', mt: 1 }}>
            <FormLabel component="legend">{translate('cw_supervision.assign.assignee')}</FormLabel>
            {options.length === 0 ? (
              <Typography>{translate('cw_supervision.assign.nobody')}</Typography>
            ) : (
              <RadioGroup
                value={assigneeId}
                onChange={(e) => {
                  setAssigneeId(e.target.value);
                  setNeedsReason(false);
                  setError(null);
                }}
                sx={{ maxHeight: 320, overflowY: 'auto', flexWrap: 'nowrap' }}
              >
                {options.map((p) => (
                  <FormControlLabel key={p.id} value={p.id} control={<Radio />} label={label(p)} disabled={p.away} />
                ))}
              </RadioGroup>
            )}
            {tried && !chosen && (
              <Typography variant="body2" color="error" role="alert">
                {translate('cw_supervision.assign.choose')}
              </Typography>
            )}
          </FormControl>
        )}
        {showReason && chosen && (
          <TextField
            inputRef={reasonRef}
            label={translate('cw_supervision.assign.over_cap_reason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            required
            multiline
            minRows={2}
            fullWidth
            sx={{ mt: 2 }}
            error={tried && reasonTooShort}
            helperText={translate(
              tried && reasonTooShort ? 'cw_supervision.assign.over_cap_reason_short' : 'cw_supervision.assign.over_cap_reason_help',
              { name: chosen.fullName, after, cap: chosen.cap ?? 0 },
            )}
            slotProps={{ htmlInput: { maxLength: MAX_REASON } }}
          />
        )}
        {error && (
          <Alert severity="error" sx={{ mt: 2 }} role="alert">
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={() => onClose(false)}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" onClick={submit} disabled={busy || !people}>
          {translate(showReason ? 'cw_supervision.assign.submit_over_cap' : 'cw_supervision.assign.submit')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};
