import { useState } from 'react';
import { Alert, Box, Button, Typography } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import type { PlanEventDto } from '@casework/contracts';
import { listPath } from '../common/api';
import { describePlanEvent } from '../intervention-plans/model';
import { useApiGet } from '../common/useApiGet';
import { DatedList, Loadable, useFormat } from './parts';
import type { CaseRecord } from './types';

export interface TimelineEntry {
  id: string;
  at: string;
  kind: string;
  actorId: string | null;
  actorName: string | null;
  data: Record<string, unknown>;
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

const PAGE = 30;

/** One sentence for a timeline entry, in the user's language, from the entry's data. */
export function describe(entry: TimelineEntry, translate: Translate, formatDate: (date: string) => string = (date) => date): string {
  const d = entry.data ?? {};
  const t = (key: string, args: Record<string, unknown> = {}) => translate(`cw_case.timeline.${key}`, args);
  const status = (s: unknown) => translate(`cw_case_statuses.${s}`, { _: String(s) });
  const track = (s: unknown) => translate(`cw_tracks.${s}`, { _: String(s) });
  const someone = t('someone');
  switch (entry.kind) {
    case 'status':
      return d.closeReason
        ? t('status_closed', { from: status(d.from), to: status(d.to), reason: translate(`cw_case.close_reasons.${d.closeReason}`) })
        : t('status', { from: status(d.from), to: status(d.to) });
    case 'triage':
      return t('triage', { score: d.score, model: d.modelVersion, track: track(d.recommendedTrack) });
    case 'decision':
      return d.kind === 'override'
        ? t('decision_override', {
            recommended: track(d.recommended),
            track: track(d.track),
            reason: translate(`cw_case.override_reasons.${d.reasonCode}`, { _: String(d.reasonCode ?? '') }),
          })
        : t('decision_confirm', { track: track(d.track) });
    case 'assignment': {
      const text = !d.to
        ? t('unassignment', { from: d.fromName ?? someone })
        : d.from
          ? t('reassignment', { from: d.fromName ?? someone, to: d.toName ?? someone })
          : t('assignment', { to: d.toName ?? someone });
      return d.overCapReason ? `${text} — ${t('over_cap', { reason: d.overCapReason })}` : text;
    }
    case 'transfer':
      return t('transfer', {
        from: d.fromOfficeName ?? someone,
        to: d.toOfficeName ?? someone,
        status: t(`transfer_statuses.${d.status}`),
      });
    case 'merge':
      return t('merge', { from: d.fromReference, to: d.toReference });
    case 'facts_changed':
      return t('facts_changed', {
        fields: ((d.fields as string[] | undefined) ?? []).map((f) => translate(`cw_register.fields.${f}`, { _: f })).join(', '),
      });
    case 'note':
      return t('note', { visibility: translate(`cw_case.notes.visibility_short.${d.visibility}`) });
    case 'plan':
      // An entry of one of the case's plans: the plan's own event is in `data.event`.
      return describePlanEvent({ ...entry, kind: d.event as PlanEventDto['kind'], actorRole: null }, translate, formatDate);
    default:
      if (entry.kind.startsWith('work_item_')) {
        return t('work_item', {
          kind: translate(`cw_queue.kinds.${d.itemKind}`, { _: String(d.itemKind) }),
          status: translate(`cw_queue.statuses.${d.status}`, { _: String(d.status) }),
        });
      }
      return entry.kind;
  }
}

/** Status changes, profiling, decisions, assignments, notes and tasks of the case, newest first. */
export const TimelineTab = () => {
  const translate = useTranslate();
  const fmt = useFormat();
  const record = useRecordContext<CaseRecord>();
  const [shown, setShown] = useState(PAGE);
  const timeline = useApiGet<TimelineEntry[]>(
    record ? listPath(`/cases/${record.id}/timeline`, { sort: ['at', 'DESC'], range: [0, shown - 1] }) : null,
  );
  if (!record) return null;
  return (
    <Box sx={{ maxWidth: 960 }}>
      <Typography component="h3" variant="subtitle1" sx={{ fontWeight: 600, mb: 1 }}>
        {translate('cw_case.timeline.heading')}
      </Typography>
      <Loadable loading={timeline.loading && !timeline.data} error={timeline.error} reload={timeline.reload}>
        {timeline.data?.length ? (
          <DatedList
            testId="case-timeline"
            entries={timeline.data.map((e) => ({
              id: e.id,
              at: e.at,
              title: `${translate(`cw_case.timeline.kinds.${e.kind}`, { _: e.kind })} · ${e.actorName ?? translate('cw_case.timeline.system')}`,
              body: (
                <>
                  <Typography variant="body2">{describe(e, translate, fmt.date)}</Typography>
                  {e.kind === 'note' && typeof e.data.body === 'string' && (
                    <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', mt: 0.5, color: 'text.secondary' }}>
                      {e.data.body.length > 300 ? `${e.data.body.slice(0, 300)}…` : e.data.body}
                    </Typography>
                  )}
                </>
              ),
            }))}
          />
        ) : (
          <Alert severity="info">{translate('cw_case.timeline.none')}</Alert>
        )}
        {(timeline.total ?? 0) > (timeline.data?.length ?? 0) && (
          <Button sx={{ mt: 1 }} onClick={() => setShown((n) => n + PAGE)}>
            {translate('cw_case.timeline.more')}
          </Button>
        )}
      </Loadable>
    </Box>
  );
};
