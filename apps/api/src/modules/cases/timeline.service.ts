import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { scopeFor } from '@casework/contracts';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import type { Grant } from '../../common/auth/auth-user.js';
import { parseListQuery, setContentRange, type ListSpec } from '../../common/list-query.js';
import { NOTE_VISIBLE } from '../case-notes/note-access.js';
import { CasesService } from './cases.service.js';

/** What a timeline entry is about. Case events keep their own kind (status, triage, decision, ...). */
export const TIMELINE_KINDS = [
  'status',
  'triage',
  'decision',
  'assignment',
  'transfer',
  'merge',
  'facts_changed',
  'note',
  'work_item_created',
  'work_item_claimed',
  'work_item_completed',
  'plan',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** Front desk reads cases as a summary: its timeline holds no profiling, decisions, assignments or notes. */
const SUMMARY_EVENT_KINDS = ['status', 'transfer', 'merge'];
/** Case event kinds, and `plan` for the entries of the case's plans (in `$3` only for those who read plans). */
const EVENT_KINDS = TIMELINE_KINDS.filter((k) => k !== 'note' && !k.startsWith('work_item_'));

export interface TimelineEntry {
  /** Stable per entry (source and id), for list keys. */
  id: string;
  at: string;
  kind: TimelineKind;
  actorId: string | null;
  actorName: string | null;
  data: Record<string, unknown>;
}

const LIST: ListSpec = {
  resource: 'timeline',
  sort: { at: 'at' },
  filters: { kind: { column: 'kind', type: 'enum', values: TIMELINE_KINDS } },
  defaultSort: ['at', 'DESC'],
  tieBreaker: 'at',
};

const WORK_ITEM_DATA = `jsonb_build_object('workItemId', w.id, 'itemKind', w.kind, 'queue', w.queue, 'status', w.status,
  'assigneeId', w.assignee_id, 'assigneeName', (SELECT full_name FROM users WHERE id = w.assignee_id), 'dueAt', w.due_at)`;

/**
 * A case's plans are the assigned case worker's and the office supervisors' (not a task holder's):
 * the same readers as GET /api/intervention-plans (PLAN_SCOPE).
 */
const PLAN_VISIBLE = `(c.assigned_to = $5::uuid OR ($7::text = 'supervisor' AND c.office_id = $6::uuid))`;

/**
 * Every entry of a case. $1 case, $3 event kinds the caller may see, $4 whether notes are visible at
 * all, $5/$6/$7 the caller's id, office and role for note visibility, $8 front desk's summary view.
 * Names are looked up per entry inside the query (no round trip per entry); the casts to uuid run
 * only in the branch of the kind whose `from`/`to` hold ids.
 */
const ENTRIES = `WITH entries AS (
         SELECT 'event:' || e.id AS id, e.at, e.kind, e.actor_id, 1 AS rank, lpad(e.id::text, 20, '0') AS key,
                CASE
                  WHEN e.kind = 'assignment' THEN e.data || jsonb_build_object(
                    'fromName', (SELECT full_name FROM users WHERE id = (e.data->>'from')::uuid),
                    'toName', (SELECT full_name FROM users WHERE id = (e.data->>'to')::uuid))
                  WHEN e.kind = 'transfer' THEN (CASE WHEN $8 THEN e.data - 'note' ELSE e.data END) || jsonb_build_object(
                    'fromOfficeName', (SELECT name FROM offices WHERE id = (e.data->>'from')::uuid),
                    'toOfficeName', (SELECT name FROM offices WHERE id = (e.data->>'to')::uuid))
                  WHEN $8 THEN e.data - 'closeReason'
                  ELSE e.data
                END AS data
           FROM case_events e
          WHERE e.case_id = $1 AND e.kind = ANY($3::text[])
         UNION ALL
         SELECT 'note:' || n.id, n.created_at, 'note', n.author_id, 3, n.id::text,
                jsonb_build_object('noteId', n.id, 'visibility', n.visibility, 'body', n.body)
           FROM case_notes n JOIN cases c ON c.id = n.case_id
          WHERE n.case_id = $1 AND $4 AND ${NOTE_VISIBLE('n', 'c', '$5::uuid', '$6::uuid', '$7::text')}
         UNION ALL
         SELECT 'plan:' || pe.id, pe.at, 'plan', pe.actor_id, 6, lpad(pe.id::text, 20, '0'),
                pe.data || jsonb_build_object('planId', pe.plan_id, 'event', pe.kind)
           FROM plan_events pe JOIN cases c ON c.id = pe.case_id
          WHERE pe.case_id = $1 AND 'plan' = ANY($3::text[]) AND ${PLAN_VISIBLE}
         UNION ALL
         SELECT 'work_item_created:' || w.id, w.created_at, 'work_item_created', NULL, 2, w.id::text, ${WORK_ITEM_DATA}
           FROM work_items w WHERE w.case_id = $1
         UNION ALL
         SELECT 'work_item_claimed:' || w.id, w.claimed_at, 'work_item_claimed', w.claimed_by, 4, w.id::text, ${WORK_ITEM_DATA}
           FROM work_items w WHERE w.case_id = $1 AND w.claimed_at IS NOT NULL
         UNION ALL
         SELECT 'work_item_completed:' || w.id, w.completed_at, 'work_item_completed', w.completed_by, 5, w.id::text, ${WORK_ITEM_DATA}
           FROM work_items w WHERE w.case_id = $1 AND w.completed_at IS NOT NULL
       )
`;

/**
 * One case's history, newest first, in one query: its case events (status changes, profiling runs,
 * decisions, assignments, transfers, merges), the notes the caller may see, its work items
 * (created, claimed, completed) and the history of its intervention plans (`plan`, with the plan's
 * own event in `data.event`) for those who may read them. Entries written in one transaction share a time; within it they
 * keep the order they were written in.
 */
@Injectable()
export class TimelineService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CasesService) private readonly cases: CasesService,
  ) {}

  async timeline(caseId: string, query: Record<string, unknown>, grant: Grant, res: FastifyReply): Promise<TimelineEntry[]> {
    const list = parseListQuery(query, LIST);
    // The same scope as reading the case: 404 outside it.
    await this.cases.get(caseId, grant);
    const summary = grant.user.role === 'front_desk';
    const notes = !summary && scopeFor(grant.user.role, 'case-notes', 'read') !== null;
    const asked = list.filter.kind;
    const kinds = asked === undefined ? [...TIMELINE_KINDS] : Array.isArray(asked) ? asked : [asked];
    const plans = !summary && scopeFor(grant.user.role, 'intervention-plans', 'read') !== null;
    const eventKinds = summary ? SUMMARY_EVENT_KINDS : EVENT_KINDS.filter((k) => k !== 'plan' || plans);
    const dir = list.sort[1] === 'ASC' ? 'ASC' : 'DESC';
    // $1 case, $2 kinds asked for, $3 event kinds the caller may see, $4 notes visible at all,
    // $5 me, $6 my office, $7 my role, $8 summary only; then $9 offset, $10 limit
    const params = [caseId, kinds, eventKinds, notes, grant.user.id, grant.user.officeId, grant.user.role, summary];
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `${ENTRIES}
       SELECT x.id, x.at, x.kind, x.actor_id, u.full_name AS actor_name, x.data, count(*) OVER () AS total
         FROM entries x LEFT JOIN users u ON u.id = x.actor_id
        WHERE x.kind = ANY($2::text[])
        ORDER BY x.at ${dir}, x.rank ${dir}, x.key ${dir}
        OFFSET $9 LIMIT $10`,
      [...params, list.offset, list.limit],
    );
    let total = rows.length ? Number(rows[0].total) : 0;
    if (!rows.length && list.offset > 0) {
      // Past the end: the window count saw no rows, so count on its own.
      [{ total }] = await this.dataSource.query(
        `${ENTRIES} SELECT count(*)::int AS total FROM entries x WHERE x.kind = ANY($2::text[])`,
        params,
      );
    }
    setContentRange(res, LIST.resource, list, rows.length, total);
    return rows.map((r) => ({
      id: r.id as string,
      at: (r.at as Date).toISOString(),
      kind: r.kind as TimelineKind,
      actorId: (r.actor_id as string | null) ?? null,
      actorName: (r.actor_name as string | null) ?? null,
      data: r.data as Record<string, unknown>,
    }));
  }
}
