import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { QUEUES, WORK_ITEM_KINDS, WORK_ITEM_STATUSES, type Queue, type Role, type WorkItemKind } from '@casework/contracts';
import type { FastifyReply } from 'fastify';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { Grant } from '../../common/auth/auth-user.js';
import { AppException, forbidden, invalidField, notFound, staleVersion } from '../../common/errors.js';
import {
  cursorColumn,
  cursorCondition,
  filterConditions,
  orderTerms,
  pageClause,
  parseListQuery,
  setContentRange,
  setNextCursor,
  type ListSpec,
} from '../../common/list-query.js';
import { Params, prepared } from '../../common/sql.js';
import { currentContext } from '../../common/request-context.js';
import { AUDIT_COLUMNS, AuditService, maskChanges } from '../audit/audit.service.js';
import { ClaimBatcher } from './claim-batcher.js';
import type { CompleteWorkItemDto, ReassignWorkItemDto } from './work-items.dto.js';

export interface NewWorkItem {
  officeId: string;
  caseId: string | null;
  kind: WorkItemKind;
  queue?: Queue;
  assigneeId?: string;
  priority?: 1 | 2 | 3;
  dueAt: Date;
  data?: Record<string, unknown>;
}

interface Claimer {
  id: string;
  role: string;
  ip: string | null;
  requestId: string | null;
}

interface ClaimRequest {
  officeId: string;
  queue: Queue;
  claimer: Claimer;
}

/** Which pooled queues each role works; everyone also has personal items. */
export const QUEUES_FOR: Record<Role, readonly Queue[]> = {
  front_desk: ['routine'],
  specialist: ['targeted'],
  supervisor: ['routine', 'targeted'],
  counsellor: [],
  manager: [],
  admin: [],
};

const COLUMNS = `w.id, w.office_id AS "officeId", w.case_id AS "caseId", c.reference AS "caseReference", w.kind, w.queue,
  w.assignee_id AS "assigneeId", w.status, w.priority, w.due_at AS "dueAt", (w.status IN ('open', 'claimed') AND w.due_at < now()) AS overdue,
  w.claimed_by AS "claimedBy", w.claimed_at AS "claimedAt", w.completed_by AS "completedBy", w.completed_at AS "completedAt",
  w.result, w.data, w.escalated_at AS "escalatedAt", w.version, w.created_at AS "createdAt"`;

/**
 * Claim-next for a group of claimers, one statement (WorkItemsService.claimGroup). Parameters: $1
 * office, $2 queue, $3 how many claimers, $4-$7 their ids, roles, ips and request ids (arrays, in
 * the order they asked), $8 the audit event's changes. The probes are the (overdue, priority) bands
 * in order of urgency.
 */
const CLAIM_PROBES = [true, false].flatMap((overdue) =>
  [1, 2, 3].map(
    (priority) =>
      `SELECT id, due_at FROM work_items WHERE office_id = $1 AND queue = $2 AND status = 'open' AND priority = ${priority}
          AND due_at ${overdue ? '<' : '>='} now() ORDER BY due_at, id LIMIT $3 FOR UPDATE SKIP LOCKED`,
  ),
);
const CLAIM_GROUP = `WITH ${CLAIM_PROBES.map((probe, i) => `p${i} AS MATERIALIZED (${probe})`).join(',\n')},
  pick AS (${CLAIM_PROBES.map((_, i) => `SELECT id, due_at, ${i} AS band FROM p${i}`).join(' UNION ALL ')} LIMIT $3),
  ranked AS (SELECT id, row_number() OVER (ORDER BY band, due_at, id) AS rank FROM pick),
  claimers AS (
    SELECT * FROM unnest($4::uuid[], $5::text[], $6::text[], $7::text[])
      WITH ORDINALITY AS c(actor_id, actor_role, actor_ip, actor_request_id, rank)),
  claimed AS (
    UPDATE work_items w SET status = 'claimed', claimed_by = c.actor_id, claimed_at = now(), version = w.version + 1, updated_at = now()
      FROM ranked r JOIN claimers c ON c.rank = r.rank
     WHERE w.id = r.id
    RETURNING w.*, c.rank AS claimer_rank, c.actor_role, c.actor_ip, c.actor_request_id),
  audit AS (
    INSERT INTO audit_events (${AUDIT_COLUMNS})
    SELECT claimed_by, actor_role, 'work_items.claim', 'work_items', id::text, $8::jsonb, actor_ip, actor_request_id FROM claimed)
SELECT ${COLUMNS}, w.claimer_rank::text AS claimer FROM claimed w LEFT JOIN cases c ON c.id = w.case_id`;

const LIST: ListSpec = {
  resource: 'work-items',
  sort: { id: 'w.id', dueAt: 'w.due_at', priority: 'w.priority', createdAt: 'w.created_at', status: 'w.status' },
  filters: {
    id: { column: 'w.id', type: 'uuid' },
    queue: { column: 'w.queue', type: 'enum', values: QUEUES },
    status: { column: 'w.status', type: 'enum', values: WORK_ITEM_STATUSES },
    kind: { column: 'w.kind', type: 'enum', values: WORK_ITEM_KINDS },
    caseId: { column: 'w.case_id', type: 'uuid' },
    assigneeId: { column: 'w.assignee_id', type: 'uuid' },
    claimedBy: { column: 'w.claimed_by', type: 'uuid' },
    overdue: { column: "(w.status IN ('open', 'claimed') AND w.due_at < now())", type: 'boolean' },
    personal: { column: '(w.assignee_id IS NOT NULL)', type: 'boolean' },
  },
  defaultSort: ['dueAt', 'ASC'],
  tieBreaker: 'w.id',
  keyset: ['dueAt', 'priority', 'createdAt', 'status', 'id'],
};

/** Rows the caller may see: their office's queues for their role, and their own items. */
function visible(qb: SelectQueryBuilder<Record<string, unknown>>, grant: Grant) {
  const queues = QUEUES_FOR[grant.user.role];
  if (grant.user.role === 'supervisor') return qb.andWhere('w.office_id = :office', { office: grant.user.officeId });
  return qb.andWhere(
    `(w.assignee_id = :me OR w.claimed_by = :me ${queues.length ? 'OR (w.office_id = :office AND w.queue IN (:...queues))' : ''})`,
    { me: grant.user.id, office: grant.user.officeId, queues },
  );
}

/**
 * The same rows as `visible`, as disjoint parts that each match an index in list order (an OR of
 * them would leave the planner to read and sort the whole office queue for every page): the office
 * queues of the role, then personal items, then items held, each without the parts before it.
 */
function visibleParts(grant: Grant, p: Params): string[] {
  const [me, office] = [p.lazy(grant.user.id), p.lazy(grant.user.officeId)];
  if (grant.user.role === 'supervisor') return [`w.office_id = ${office()}`];
  const queues = QUEUES_FOR[grant.user.role];
  const pooled = queues.length ? `(w.office_id = ${office()} AND w.queue IN (${queues.map((q) => `'${q}'`).join(', ')}))` : null;
  const notPooled = pooled ? ` AND NOT coalesce(${pooled}, false)` : '';
  return [
    ...(pooled ? [pooled] : []),
    `w.assignee_id = ${me()}${notPooled}`,
    `w.claimed_by = ${me()} AND w.assignee_id IS DISTINCT FROM ${me()}${notPooled}`,
  ];
}

/**
 * A list counts each visible part up to this many items and one more. Under it the total is exact;
 * past it the list answers its total as unknown (`Content-Range: work-items 0-24/*`) with
 * `X-Total-At-Least`: counting a busy queue of 30,000 items exactly cost 3-4 ms of database CPU on
 * every first page, ten times the page itself (and more while claims keep the visibility map of the
 * queue's pages cleared), to show a number nobody pages through (bench/worklists).
 */
export const COUNT_CAP = 1000;

/** Each condition's count of work items, at most COUNT_CAP + 1, as one int[] expression. */
function countsOf(conditions: string[]): string {
  return `ARRAY[${conditions.map((c) => `(SELECT count(*) FROM (SELECT 1 FROM work_items w WHERE ${c} LIMIT ${COUNT_CAP + 1}) capped)`).join(', ')}]::int[]`;
}

/**
 * Work items are created by the system as things happen (other modules call `create` inside their
 * transaction); staff claim pooled items from their office's queue, or get them assigned.
 */
@Injectable()
export class WorkItemsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async create(m: EntityManager, item: NewWorkItem): Promise<string> {
    const [row] = await m.query(
      `INSERT INTO work_items (office_id, case_id, kind, queue, assignee_id, priority, due_at, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        item.officeId,
        item.caseId,
        item.kind,
        item.queue ?? null,
        item.assigneeId ?? null,
        item.priority ?? 2,
        item.dueAt,
        JSON.stringify(item.data ?? {}),
      ],
    );
    await this.audit.record(
      {
        action: 'work_items.create',
        entity: 'work_items',
        entityId: row.id,
        changes: { kind: item.kind, queue: item.queue, assigneeId: item.assigneeId, caseId: item.caseId },
      },
      m,
    );
    return row.id;
  }

  /**
   * Closes the open or claimed items of a case of these kinds whose data holds `data` (e.g. the
   * items of one plan), as done by `by` or cancelled, inside the caller's transaction; each closed
   * item is audited. Returns how many.
   */
  async closeMatching(
    m: EntityManager,
    match: { caseId: string; kinds: WorkItemKind[]; data?: Record<string, string> },
    close: { status: 'done' | 'cancelled'; by: string | null; result?: Record<string, unknown> },
  ): Promise<number> {
    const rows: Array<{ id: string; kind: WorkItemKind }> = await m.query(
      `UPDATE work_items SET status = $4, completed_by = CASE WHEN $4 = 'done' THEN $5::uuid END,
              completed_at = CASE WHEN $4 = 'done' THEN now() END, result = $6, version = version + 1, updated_at = now()
        WHERE case_id = $1 AND kind = ANY($2::text[]) AND data @> $3::jsonb AND status IN ('open', 'claimed')
        RETURNING id, kind`,
      [
        match.caseId,
        match.kinds,
        JSON.stringify(match.data ?? {}),
        close.status,
        close.by,
        close.result ? JSON.stringify(close.result) : null,
      ],
    );
    for (const r of rows) {
      await this.audit.record(
        {
          action: close.status === 'done' ? 'work_items.complete' : 'work_items.cancel',
          entity: 'work_items',
          entityId: r.id,
          changes: { kind: r.kind, ...close.result },
        },
        m,
      );
    }
    return rows.length;
  }

  private query(grant: Grant, m: EntityManager = this.dataSource.manager) {
    const qb = m
      .createQueryBuilder()
      .select(COLUMNS)
      .from('work_items', 'w')
      .leftJoin('cases', 'c', 'c.id = w.case_id') as SelectQueryBuilder<Record<string, unknown>>;
    return visible(qb, grant);
  }

  /**
   * A page of what the caller sees, in one prepared statement. Each visible part gives its first
   * rows in list order (walking an index, from the cursor when there is one), and the page is the
   * first of those; the total is the sum of the parts' counts (each up to COUNT_CAP + 1), as
   * InitPlans of the same statement.
   * Deep pages: pass the X-Next-Cursor of the page before as `cursor`; those answer the total as
   * `*` (the client has it from the first page, and counting a busy queue costs more than the page).
   */
  async list(query: Record<string, unknown>, grant: Grant, res: FastifyReply) {
    const list = parseListQuery(query, LIST);
    const p = new Params();
    const ph = (v: unknown) => p.add(v);
    const parts = visibleParts(grant, p);
    const filters = filterConditions(list, LIST, ph);
    const counted = p.values.length;
    const after = cursorCondition(list, LIST, ph);
    const where = (part: string, cursor: string | null) => [part, ...filters, ...(cursor ? [cursor] : [])].join(' AND ');
    const depth = list.cursor ? list.limit : list.offset + list.limit;
    const order = orderTerms(list, LIST);
    const pages = parts.map((part) => `(SELECT w.* FROM work_items w WHERE ${where(part, after)} ORDER BY ${order} LIMIT ${depth})`);
    const countColumn = list.cursor ? '' : `, ${countsOf(parts.map((part) => where(part, null)))} AS "__counts"`;
    const rows = await prepared(
      this.dataSource,
      `SELECT ${COLUMNS}, ${cursorColumn(list, LIST)} AS "__cursor"${countColumn}
         FROM (${pages.join(' UNION ALL ')}) w LEFT JOIN cases c ON c.id = w.case_id
        ORDER BY ${order} ${pageClause(list, ph)}`,
      p.values,
    );
    let total: number | null = null;
    if (!list.cursor) {
      // A page past the end has no row to carry the counts.
      const counts: number[] = rows.length
        ? (rows[0].__counts as number[])
        : list.offset === 0
          ? [0]
          : (
              await prepared<{ counts: number[] }>(
                this.dataSource,
                `SELECT ${countsOf(parts.map((part) => [part, ...filters].join(' AND ')))} AS counts`,
                p.values.slice(0, counted),
              )
            )[0].counts;
      for (const r of rows) delete r.__counts;
      const sum = counts.reduce((a, b) => a + b, 0);
      // A part that reached the cap has more items than were counted: the total is unknown.
      if (counts.some((n) => n > COUNT_CAP)) res.header('X-Total-At-Least', String(sum));
      else total = sum;
    }
    setContentRange(res, LIST.resource, list, rows.length, total);
    setNextCursor(res, list, rows);
    return rows;
  }

  async get(id: string, grant: Grant, m?: EntityManager) {
    const row = await this.query(grant, m).andWhere('w.id = :id', { id }).getRawOne();
    if (!row) throw notFound('Work item');
    return row;
  }

  /**
   * Hands the caller the most urgent open item of a queue: overdue first, then priority, then due
   * time. Claims for the same office queue that arrive together go as one group (ClaimBatcher):
   * the group's claimers get the group's most urgent items in the order they asked.
   */
  async claimNext(queue: Queue, grant: Grant): Promise<Record<string, unknown> | null> {
    if (!QUEUES_FOR[grant.user.role].includes(queue)) throw forbidden(`Your role does not work the ${queue} queue`);
    // The request's ip and id now, in its own context: the group may run in another request's.
    const ctx = currentContext();
    return this.claims.run(`${grant.user.officeId}/${queue}`, {
      officeId: grant.user.officeId,
      queue,
      claimer: { id: grant.user.id, role: grant.user.role, ip: ctx?.ip ?? null, requestId: ctx?.requestId ?? null },
    });
  }

  private readonly claims = new ClaimBatcher<ClaimRequest, Record<string, unknown> | null>((_key, requests) =>
    this.claimGroup(
      requests[0]!.officeId,
      requests[0]!.queue,
      requests.map((r) => r.claimer),
    ),
  );

  /**
   * One statement, so one round trip and its own transaction. Each probe walks the partial index
   * to the first unlocked rows of one (overdue, priority) band (SKIP LOCKED: two groups, or two
   * API processes, never take the same item and nobody waits for anybody); PostgreSQL runs the
   * probes only as far as they are needed to find an item per claimer (an Append under a LIMIT
   * stops there, and a probe that is not run locks nothing). The items are ranked by urgency and
   * the nth goes to the nth claimer; each claim's audit event is written in the same statement,
   * and the claimed items come back with what the list shows of them.
   */
  private async claimGroup(officeId: string, queue: Queue, claimers: Claimer[]) {
    const rows = await prepared<{ claimer: string } & Record<string, unknown>>(this.dataSource, CLAIM_GROUP, [
      officeId,
      queue,
      claimers.length,
      claimers.map((c) => c.id),
      claimers.map((c) => c.role),
      claimers.map((c) => c.ip),
      claimers.map((c) => c.requestId),
      maskChanges({ queue, next: true }),
    ]);
    const byRank = new Map(rows.map(({ claimer, ...item }) => [Number(claimer), item]));
    return claimers.map((_, i) => byRank.get(i + 1) ?? null);
  }

  private async lock(m: EntityManager, id: string, grant: Grant, version?: number) {
    const row = await this.query(grant, m).andWhere('w.id = :id', { id }).setLock('pessimistic_write', undefined, ['w']).getRawOne();
    if (!row) throw notFound('Work item');
    if (version !== undefined && row.version !== version) throw staleVersion();
    return row as {
      id: string;
      status: string;
      queue: Queue | null;
      assigneeId: string | null;
      claimedBy: string | null;
      kind: WorkItemKind;
      officeId: string;
      caseId: string | null;
    };
  }

  async claim(id: string, grant: Grant) {
    await this.dataSource.transaction(async (m) => {
      const w = await this.lock(m, id, grant);
      if (!w.queue || !QUEUES_FOR[grant.user.role].includes(w.queue)) throw forbidden('Only pooled items of your queue can be claimed');
      if (w.status !== 'open') throw new AppException(409, 'INVALID_TRANSITION', `This item is ${w.status}`);
      await m.query(
        `UPDATE work_items SET status = 'claimed', claimed_by = $2, claimed_at = now(), version = version + 1, updated_at = now() WHERE id = $1`,
        [id, grant.user.id],
      );
      await this.audit.record({ action: 'work_items.claim', entity: 'work_items', entityId: id, changes: { queue: w.queue } }, m);
    });
    return this.get(id, grant);
  }

  /** Done: by the holder of a claimed item, the assignee of a personal one, or a supervisor. */
  async complete(id: string, dto: CompleteWorkItemDto, grant: Grant) {
    await this.dataSource.transaction(async (m) => {
      const w = await this.lock(m, id, grant, dto.version);
      if (w.status === 'done' || w.status === 'cancelled')
        throw new AppException(409, 'INVALID_TRANSITION', `This item is already ${w.status}`);
      if (w.queue && w.status === 'open') throw new AppException(409, 'INVALID_TRANSITION', 'Claim the item before completing it');
      this.assertMayAct(w, grant);
      if (w.kind === 'verify_registration' && !dto.documentsChecked?.length) {
        throw invalidField('documentsChecked', 'required', 'Record which documents were checked to verify a registration');
      }
      const result = { documentsChecked: dto.documentsChecked, outcome: dto.outcome };
      await m.query(
        `UPDATE work_items SET status = 'done', completed_by = $2, completed_at = now(), result = $3, version = version + 1, updated_at = now() WHERE id = $1`,
        [id, grant.user.id, JSON.stringify(result)],
      );
      await this.audit.record(
        { action: 'work_items.complete', entity: 'work_items', entityId: id, changes: { kind: w.kind, ...result } },
        m,
      );
    });
    return this.get(id, grant);
  }

  /** Back to the queue, for someone else to claim. */
  async release(id: string, grant: Grant) {
    await this.dataSource.transaction(async (m) => {
      const w = await this.lock(m, id, grant);
      if (w.status !== 'claimed' || !w.queue)
        throw new AppException(409, 'INVALID_TRANSITION', 'Only a claimed pooled item can be released');
      if (w.claimedBy !== grant.user.id && grant.user.role !== 'supervisor')
        throw forbidden('Only the holder or a supervisor may release this item');
      await m.query(
        `UPDATE work_items SET status = 'open', claimed_by = NULL, claimed_at = NULL, version = version + 1, updated_at = now() WHERE id = $1`,
        [id],
      );
      await this.audit.record({ action: 'work_items.release', entity: 'work_items', entityId: id, changes: { from: w.claimedBy } }, m);
    });
    return this.get(id, grant);
  }

  /** A supervisor hands an item to a named colleague of the office (it becomes theirs, claimed). */
  async reassign(id: string, dto: ReassignWorkItemDto, grant: Grant) {
    await this.dataSource.transaction(async (m) => {
      const w = await this.lock(m, id, grant, dto.version);
      if (w.status === 'done' || w.status === 'cancelled')
        throw new AppException(409, 'INVALID_TRANSITION', `This item is already ${w.status}`);
      const [u] = await m.query(
        `SELECT id FROM users WHERE id = $1 AND office_id = $2 AND active AND role <> 'admin' AND role <> 'manager'`,
        [dto.assigneeId, w.officeId],
      );
      if (!u) throw invalidField('assigneeId', 'sameOffice', 'assigneeId must be an active colleague of the item’s office');
      if (w.queue) {
        await m.query(
          `UPDATE work_items SET status = 'claimed', claimed_by = $2, claimed_at = now(), version = version + 1, updated_at = now() WHERE id = $1`,
          [id, dto.assigneeId],
        );
      } else {
        await m.query(`UPDATE work_items SET assignee_id = $2, version = version + 1, updated_at = now() WHERE id = $1`, [
          id,
          dto.assigneeId,
        ]);
      }
      await this.audit.record(
        {
          action: 'work_items.reassign',
          entity: 'work_items',
          entityId: id,
          changes: { from: w.claimedBy ?? w.assigneeId, to: dto.assigneeId },
        },
        m,
      );
    });
    return this.get(id, grant);
  }

  private assertMayAct(w: { queue: Queue | null; claimedBy: string | null; assigneeId: string | null }, grant: Grant): void {
    if (grant.user.role === 'supervisor') return;
    const holder = w.queue ? w.claimedBy : w.assigneeId;
    if (holder !== grant.user.id) throw forbidden('This item is in someone else’s hands');
  }
}
