import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  CASE_STATUSES,
  CASE_TRANSITIONS,
  PRIORITY_GROUPS,
  TRACK_WEIGHT,
  TRACKS,
  scopeFor,
  type CaseDto,
  type CaseStatus,
  type CloseReason,
  type Track,
} from '@casework/contracts';
import type { FastifyReply } from 'fastify';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { Grant } from '../../common/auth/auth-user.js';
import { applyScope, scopeCondition } from '../../common/auth/scope.js';
import { AppException, forbidden, invalidField, notFound, staleVersion } from '../../common/errors.js';
import { filterConditions, orderTerms, pageClause, parseListQuery, setContentRange, type ListSpec } from '../../common/list-query.js';
import { pageWithTotal, Params, prepared } from '../../common/sql.js';
import { AuditService } from '../audit/audit.service.js';
import { TriageService } from '../triage/triage.service.js';
import { WorkItemsService } from '../work-items/work-items.service.js';
import { SEES_SENSITIVE_SQL } from '../jobseekers/jobseeker-access.js';
import type { AssignCaseDto, BulkAssignDto, OverrideTrackDto, TrackDecisionDto, UpdateCaseDto } from './cases.dto.js';

export interface OpenedCase {
  id: string;
  reference: string;
  status: 'registered';
  officeId: string;
  openedAt: string;
  firstInterviewDue: string;
}

/** Days allowed for the first interview after registration. */
export const FIRST_INTERVIEW_DAYS = 10;

const NEEDS_ASSIGNMENT = `(c.status <> 'closed' AND (c.assigned_to IS NULL OR EXISTS (SELECT 1 FROM users au WHERE au.id = c.assigned_to AND (NOT au.active OR au.away))))`;

const LIST: ListSpec = {
  resource: 'cases',
  sort: {
    id: 'c.id',
    reference: 'c.reference',
    openedAt: 'c.opened_at',
    status: 'c.status',
    firstInterviewDue: 'c.first_interview_due',
    familyName: 'j.family_name',
  },
  filters: {
    id: { column: 'c.id', type: 'uuid' },
    status: { column: 'c.status', type: 'enum', values: CASE_STATUSES },
    track: { column: 'c.track', type: 'enum', values: TRACKS },
    assignedTo: { column: 'c.assigned_to', type: 'uuid' },
    officeId: { column: 'c.office_id', type: 'uuid' },
    jobseekerId: { column: 'c.jobseeker_id', type: 'uuid' },
    reference: { column: 'c.reference', type: 'string' },
    overridden: { column: "(c.track_decision = 'overridden')", type: 'boolean' },
    needsAssignment: { column: NEEDS_ASSIGNMENT, type: 'boolean' },
    priorityGroup: { column: 'c.priority_groups', type: 'enum', values: PRIORITY_GROUPS },
  },
  defaultSort: ['openedAt', 'DESC'],
  tieBreaker: 'c.id',
};

/** "My cases": assigned to me, or a claimed work item on the case in my hands. */
export const OWN_CASE = `(c.assigned_to = :scopeOwn OR EXISTS (SELECT 1 FROM work_items w WHERE w.case_id = c.id AND w.status = 'claimed' AND w.claimed_by = :scopeOwn))`;
export const CASE_SCOPE = {
  office: 'c.office_id',
  region: 'c.office_id IN (SELECT id FROM offices WHERE region_id = :scopeRegion)',
  own: OWN_CASE,
};

const SELECT = `c.id, c.reference, c.jobseeker_id, c.office_id, c.status, c.track, c.track_decision, c.assigned_to, c.priority_groups, c.opened_at,
  c.closed_at, c.close_reason, to_char(c.first_interview_due, 'YYYY-MM-DD') AS first_interview_due, to_char(c.next_review_due, 'YYYY-MM-DD') AS next_review_due,
  c.version, c.recommended_track, j.given_name, j.family_name, au.full_name AS assignee_name,
  (c.status <> 'closed' AND (c.assigned_to IS NULL OR NOT au.active OR au.away)) AS needs_assignment`;
const FROM = `FROM cases c JOIN jobseekers j ON j.id = c.jobseeker_id LEFT JOIN users au ON au.id = c.assigned_to`;

type Row = Record<string, unknown>;

/** Total rows of a list query without its page (raw query builders have no getCount). */
export async function countRows(m: EntityManager, qb: SelectQueryBuilder<Row>): Promise<number> {
  const [sql, params] = qb.clone().orderBy().offset(undefined).limit(undefined).getQueryAndParameters();
  const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM (${sql}) q`, params);
  return n;
}

/**
 * Front desk sees a summary; case workers and supervisors the whole case. Each shape is one object
 * literal: spreading the summary into the whole case made every later property a slow store
 * (about 8 microseconds a row in a CPU profile of the caseload page).
 */
function toDto(r: Row, grant: Grant): CaseDto {
  const openedAt = (r.opened_at as Date).toISOString();
  const jobseekerName = `${r.given_name} ${r.family_name}`;
  if (grant.user.role === 'front_desk') {
    return {
      id: r.id as string,
      reference: r.reference as string,
      jobseekerId: r.jobseeker_id as string,
      jobseekerName,
      officeId: r.office_id as string,
      status: r.status as CaseStatus,
      openedAt,
      firstInterviewDue: r.first_interview_due as string | null,
    };
  }
  return {
    id: r.id as string,
    reference: r.reference as string,
    jobseekerId: r.jobseeker_id as string,
    jobseekerName,
    officeId: r.office_id as string,
    status: r.status as CaseStatus,
    openedAt,
    firstInterviewDue: r.first_interview_due as string | null,
    track: r.track as Track | null,
    recommendedTrack: r.recommended_track as Track | null,
    trackDecision: r.track_decision as CaseDto['trackDecision'],
    overridden: r.track_decision === 'overridden',
    assignedTo: r.assigned_to as string | null,
    assigneeName: (r.assignee_name as string) ?? null,
    needsAssignment: r.needs_assignment as boolean,
    // Groups derived from sensitive facts are for the assigned case worker and supervisors only (not a task holder).
    priorityGroups:
      grant.user.role === 'supervisor' || r.assigned_to === grant.user.id
        ? (r.priority_groups as string[])
        : (r.priority_groups as string[]).filter((g) => !SENSITIVE_GROUPS.has(g)),
    closedAt: (r.closed_at as Date | null)?.toISOString() ?? null,
    closeReason: r.close_reason as CloseReason | null,
    nextReviewDue: r.next_review_due as string | null,
    version: r.version as number,
  };
}

/** Profiling inputs that are sensitive jobseeker fields, and the factors the model builds on them. */
const SENSITIVE_PROFILING_INPUTS = ['disability', 'interpreterNeeded', 'migrantStatus'] as const;
const SENSITIVE_FACTORS = new Set(['disability', 'language_needs', 'migrant_status']);
/** The priority groups those factors give (language needs give none). */
const SENSITIVE_GROUPS = new Set(['disability', 'migrant_refugee']);

/** A stored profiling result without its sensitive inputs and the factors and groups they gave. */
function withoutSensitiveInputs(r: Row): Row {
  const inputs = { ...(r.inputs as Record<string, unknown>) };
  for (const f of SENSITIVE_PROFILING_INPUTS) delete inputs[f];
  const factors = (r.factors as Array<{ factor: string; groups: string[] }>) ?? [];
  const withheld = factors.filter((f) => SENSITIVE_FACTORS.has(f.factor));
  const hiddenGroups = new Set(withheld.flatMap((f) => f.groups));
  return {
    ...r,
    inputs,
    factors: factors.filter((f) => !SENSITIVE_FACTORS.has(f.factor)),
    priorityGroups: (r.priorityGroups as string[]).filter((g) => !hiddenGroups.has(g)),
    withheldFactors: withheld.length,
  };
}

const invalidTransition = (from: string, to: string) =>
  new AppException(409, 'INVALID_TRANSITION', `A case cannot go from ${from} to ${to}`, [
    { field: 'status', rule: 'transition', message: `allowed from ${from}: ${CASE_TRANSITIONS[from as CaseStatus].join(', ') || 'none'}` },
  ]);

@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(TriageService) private readonly triage: TriageService,
    @Inject(WorkItemsService) private readonly workItems: WorkItemsService,
  ) {}

  /**
   * A page of cases and its total in one statement: the total is an InitPlan over `cases` alone
   * (every case has its jobseeker and no filter reads the joined tables, so it is an index-only
   * count), run as a prepared statement (`prepared`).
   */
  async list(query: Record<string, unknown>, grant: Grant, res: FastifyReply): Promise<CaseDto[]> {
    const list = parseListQuery(query, LIST);
    const group = list.filter.priorityGroup;
    delete list.filter.priorityGroup;
    const p = new Params();
    const ph = (v: unknown) => p.add(v);
    const conditions = [
      scopeCondition(grant, CASE_SCOPE, p),
      // One group or several (any of them), as react-admin sends a multi-select.
      group === undefined ? null : `c.priority_groups && ${p.add(Array.isArray(group) ? group : [group])}::text[]`,
      // A group derived from sensitive facts matches, for a case worker, only the cases assigned to
      // them: otherwise a colleague holding a task on a case could learn it by filtering.
      group !== undefined &&
      grant.user.role !== 'supervisor' &&
      (Array.isArray(group) ? group : [group]).some((g) => SENSITIVE_GROUPS.has(String(g)))
        ? `c.assigned_to = ${p.add(grant.user.id)}`
        : null,
      ...filterConditions(list, LIST, ph),
    ].filter((x): x is string => x !== null);
    const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
    const counted = p.values.length;
    const { rows, total } = await pageWithTotal(
      this.dataSource,
      `SELECT count(*)::int AS n FROM cases c${where}`,
      `${SELECT} ${FROM}${where} ORDER BY ${orderTerms(list, LIST)} ${pageClause(list, ph)}`,
      p.values,
      counted,
      list.offset,
    );
    setContentRange(res, LIST.resource, list, rows.length, total);
    return rows.map((r) => toDto(r, grant));
  }

  async get(id: string, grant: Grant, m?: EntityManager): Promise<CaseDto> {
    const p = new Params();
    const scope = scopeCondition(grant, CASE_SCOPE, p);
    const sql = `SELECT ${SELECT} ${FROM} WHERE c.id = ${p.add(id)}${scope ? ` AND ${scope}` : ''}`;
    const [row] = m ? await m.query(sql, p.values) : await prepared(this.dataSource, sql, p.values);
    if (!row) throw notFound('Case');
    return toDto(row, grant);
  }

  /** Locks a case in scope for a change, checking its version. */
  private async lock(m: EntityManager, id: string, grant: Grant, version?: number): Promise<Row> {
    const row = await applyScope(m.createQueryBuilder().select('c.*').from('cases', 'c'), grant, CASE_SCOPE)
      .andWhere('c.id = :id', { id })
      .setLock('pessimistic_write')
      .getRawOne();
    if (!row) throw notFound('Case');
    if (version !== undefined && row.version !== version) throw staleVersion();
    return row;
  }

  /** Adds an entry to a case's own history (the timeline); other modules call it inside their transaction. */
  async event(m: EntityManager, caseId: string, kind: string, data: Record<string, unknown>, actorId: string | null): Promise<void> {
    await m.query(`INSERT INTO case_events (case_id, kind, data, actor_id) VALUES ($1, $2, $3, $4)`, [
      caseId,
      kind,
      JSON.stringify(data),
      actorId,
    ]);
  }

  /**
   * Facts the profiling reads changed on the jobseeker's record: noted on their open case, so the
   * case worker and supervisor see that a re-run of the triage may be due. Nothing is re-run here.
   */
  async factsChanged(m: EntityManager, jobseekerId: string, fields: string[], actorId: string): Promise<void> {
    const [open] = await m.query(`SELECT id FROM cases WHERE jobseeker_id = $1 AND status <> 'closed'`, [jobseekerId]);
    if (open) await this.event(m, open.id, 'facts_changed', { fields }, actorId);
  }

  private async bump(m: EntityManager, id: string, set: string, params: unknown[]): Promise<void> {
    await m.query(`UPDATE cases SET ${set}, version = version + 1, updated_at = now() WHERE id = $1`, [id, ...params]);
  }

  /** Opens a case (one open case per jobseeker: 409 otherwise), with a reference such as C-2026-000123. */
  async open(m: EntityManager, jobseekerId: string, officeId: string, today: string, actorId: string): Promise<OpenedCase> {
    const rows = await m.query(
      `INSERT INTO cases (reference, jobseeker_id, office_id, first_interview_due)
       VALUES ('C-' || to_char(now(), 'YYYY') || '-' || lpad(nextval('case_reference_seq')::text, 6, '0'), $1, $2, $3::date + $4::int)
       ON CONFLICT (jobseeker_id) WHERE status <> 'closed' DO NOTHING
       RETURNING id, reference, opened_at, to_char(first_interview_due, 'YYYY-MM-DD') AS first_interview_due`,
      [jobseekerId, officeId, today, FIRST_INTERVIEW_DAYS],
    );
    if (!rows.length) throw new AppException(409, 'CONFLICT', 'This jobseeker already has an open case');
    const row = rows[0];
    await this.event(m, row.id, 'status', { from: null, to: 'registered' }, actorId);
    await this.audit.record(
      { action: 'cases.create', entity: 'cases', entityId: row.id, changes: { jobseekerId, officeId, reference: row.reference } },
      m,
    );
    return {
      id: row.id,
      reference: row.reference,
      status: 'registered',
      officeId,
      openedAt: row.opened_at.toISOString(),
      firstInterviewDue: row.first_interview_due,
    };
  }

  /** Status changes a case worker makes by hand: active <-> on_hold, and closing with a reason. */
  async update(id: string, dto: UpdateCaseDto, grant: Grant): Promise<CaseDto> {
    await this.dataSource.transaction(async (m) => {
      const c = await this.lock(m, id, grant, dto.version);
      const changes: Record<string, unknown> = {};
      if (dto.status && dto.status !== c.status) {
        if (
          !CASE_TRANSITIONS[c.status as CaseStatus].includes(dto.status) ||
          dto.status === 'triaged' ||
          (dto.status === 'active' && c.status !== 'on_hold')
        ) {
          throw invalidTransition(c.status as string, dto.status);
        }
        if (dto.status === 'closed') {
          if (!scopeFor(grant.user.role, 'cases', 'close')) throw forbidden('Your role may not close cases');
          if (!dto.closeReason) throw invalidField('closeReason', 'required', 'closeReason is required to close a case');
          await this.bump(m, id, `status = 'closed', closed_at = now(), close_reason = $2, close_note = $3`, [
            dto.closeReason,
            dto.closeNote ?? null,
          ]);
          await m.query(
            `UPDATE work_items SET status = 'cancelled', updated_at = now(), version = version + 1 WHERE case_id = $1 AND status IN ('open', 'claimed')`,
            [id],
          );
        } else {
          await this.bump(m, id, `status = $2`, [dto.status]);
        }
        changes.status = { from: c.status, to: dto.status };
        await this.event(m, id, 'status', { from: c.status, to: dto.status, closeReason: dto.closeReason }, grant.user.id);
      } else if (dto.closeReason) {
        throw invalidField('closeReason', 'onlyWhenClosing', 'closeReason is only accepted when closing the case');
      }
      if (dto.nextReviewDue !== undefined) {
        await this.bump(m, id, `next_review_due = $2`, [dto.nextReviewDue]);
        changes.nextReviewDue = dto.nextReviewDue;
      }
      if (!Object.keys(changes).length) throw invalidField('status', 'required', 'Nothing to change: send status or nextReviewDue');
      await this.audit.record(
        { action: dto.status === 'closed' ? 'cases.close' : 'cases.update', entity: 'cases', entityId: id, changes },
        m,
      );
    });
    return this.get(id, grant);
  }

  /** Runs the profiling model again on the jobseeker's current facts. */
  async retriage(id: string, grant: Grant) {
    return this.dataSource.transaction(async (m) => {
      const c = await this.lock(m, id, grant);
      if (c.status === 'closed') throw invalidTransition('closed', 'triage');
      const [input] = await m.query(
        `SELECT to_char(j.date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth", to_char(j.unemployed_since, 'YYYY-MM-DD') AS "unemployedSince",
                j.education_level AS "educationLevel", j.digital_skills AS "digitalSkills", j.disability, j.interpreter_needed AS "interpreterNeeded",
                j.migrant_status AS "migrantStatus", j.rural, j.career_break AS "careerBreak", j.gender,
                (now() AT TIME ZONE o.time_zone)::date::text AS today
           FROM jobseekers j JOIN offices o ON o.id = $2 WHERE j.id = $1`,
        [c.jobseeker_id, c.office_id],
      );
      const { today, ...facts } = input;
      return this.triage.run(m, id, facts, today, grant.user.id);
    });
  }

  /**
   * The profiling results and every human decision on a case, newest first. The inputs hold
   * sensitive facts (disability, migration, language needs): front desk reads cases as a summary
   * and gets none of it; a caller who may read the case but not the sensitive fields (holding a
   * claimed task on it) gets the results without those inputs and the factors built on them.
   * A read that includes them is audited like a read of the jobseeker's sensitive fields.
   */
  async triageHistory(id: string, grant: Grant) {
    const c = await this.get(id, grant);
    const [[{ sees }], results, decisions] = await Promise.all([
      this.dataSource.query(`SELECT ${SEES_SENSITIVE_SQL('j', '$2', '$3', '$4')} AS sees FROM jobseekers j WHERE j.id = $1`, [
        c.jobseekerId,
        grant.user.id,
        grant.user.officeId,
        grant.user.role,
      ]),
      this.dataSource.query(
        `SELECT id, model_version AS "modelVersion", inputs, score, threshold, recommended_track AS "recommendedTrack", priority_groups AS "priorityGroups", factors, run_by AS "runBy", created_at AS "createdAt"
           FROM triage_results WHERE case_id = $1 ORDER BY created_at DESC`,
        [id],
      ),
      this.dataSource.query(
        `SELECT d.id, d.triage_result_id AS "triageResultId", d.kind, d.track, d.reason_code AS "reasonCode", d.note, d.decided_by AS "decidedBy",
                u.full_name AS "decidedByName", d.decided_role AS "decidedRole", d.created_at AS "createdAt"
           FROM triage_decisions d JOIN users u ON u.id = d.decided_by WHERE d.case_id = $1 ORDER BY d.created_at DESC`,
        [id],
      ),
    ]);
    if (sees) {
      if (results.length) {
        await this.audit.record({
          action: 'jobseekers.read_sensitive',
          entity: 'jobseekers',
          entityId: c.jobseekerId,
          changes: { fields: [...SENSITIVE_PROFILING_INPUTS], via: 'cases.triage', caseId: id },
        });
      }
      return { results, decisions };
    }
    return { results: results.map(withoutSensitiveInputs), decisions };
  }

  private async decide(m: EntityManager, c: Row, decision: TrackDecisionDto, grant: Grant): Promise<Track> {
    const [latest] = await m.query(`SELECT id, recommended_track FROM triage_results WHERE case_id = $1 ORDER BY created_at DESC LIMIT 1`, [
      c.id,
    ]);
    if (!latest) throw new AppException(409, 'CONFLICT', 'The case has no profiling result yet: run the triage first');
    let track: Track = latest.recommended_track;
    if (decision.kind === 'override') {
      if (!decision.track) throw invalidField('decision.track', 'required', 'decision.track is required to override');
      if (!decision.reasonCode) throw invalidField('decision.reasonCode', 'required', 'decision.reasonCode is required to override');
      if (decision.track === latest.recommended_track)
        throw invalidField('decision.track', 'differs', 'An override must choose the other track; confirm instead');
      track = decision.track;
    }
    await m.query(
      `INSERT INTO triage_decisions (case_id, triage_result_id, kind, track, reason_code, note, decided_by, decided_role) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [c.id, latest.id, decision.kind, track, decision.reasonCode ?? null, decision.note ?? null, grant.user.id, grant.user.role],
    );
    await this.event(
      m,
      c.id as string,
      'decision',
      { kind: decision.kind, track, recommended: latest.recommended_track, reasonCode: decision.reasonCode },
      grant.user.id,
    );
    await this.audit.record(
      {
        action: `triage.${decision.kind}`,
        entity: 'cases',
        entityId: c.id as string,
        changes: { track, recommended: latest.recommended_track, reasonCode: decision.reasonCode, note: decision.note },
      },
      m,
    );
    return track;
  }

  /** The caseload of one staff member, locked so concurrent assignments to them queue up. */
  private async assignee(m: EntityManager, userId: string, grant: Grant) {
    const [u] = await m.query(
      `SELECT u.id, u.role, u.office_id, u.active, u.away, u.caseload_cap,
              coalesce((SELECT sum(CASE c.track WHEN 'targeted' THEN 2 ELSE 1 END) FROM cases c WHERE c.assigned_to = u.id AND c.status <> 'closed'), 0)::int AS load
         FROM users u WHERE u.id = $1 FOR UPDATE OF u`,
      [userId],
    );
    if (!u || u.office_id !== grant.user.officeId)
      throw invalidField('assigneeId', 'sameOffice', 'assigneeId must be a counsellor or specialist of your office');
    if (!u.active || u.away) throw invalidField('assigneeId', 'available', 'The assignee is deactivated or away');
    return u as { id: string; role: string; caseload_cap: number | null; load: number };
  }

  private assertRoleForTrack(role: string, track: Track): void {
    const needed = track === 'targeted' ? 'specialist' : 'counsellor';
    if (role !== needed) throw invalidField('assigneeId', 'roleForTrack', `${track} cases go to a ${needed}`);
  }

  private assertCap(u: { caseload_cap: number | null; load: number }, added: number, overCapReason?: string): boolean {
    if (u.caseload_cap === null || u.load + added <= u.caseload_cap) return false;
    if (!overCapReason) {
      throw new AppException(
        409,
        'OVER_CAP',
        `This would bring the caseload to ${u.load + added} of a cap of ${u.caseload_cap}: give overCapReason to go over`,
        [{ field: 'overCapReason', rule: 'required', message: `load ${u.load} + ${added} exceeds cap ${u.caseload_cap}` }],
      );
    }
    return true;
  }

  private async assignLocked(
    m: EntityManager,
    c: Row,
    assigneeId: string,
    decision: TrackDecisionDto | undefined,
    overCapReason: string | undefined,
    grant: Grant,
  ) {
    if (c.status === 'closed') throw invalidTransition('closed', 'active');
    let track = c.track as Track | null;
    if (!c.track_decision) {
      if (!decision) throw invalidField('decision', 'required', 'Confirm or override the recommended track when first assigning the case');
      track = await this.decide(m, c, decision, grant);
    } else if (decision) {
      throw invalidField('decision', 'alreadyDecided', 'The track is already decided; a case worker may override it from the case');
    }
    const u = await this.assignee(m, assigneeId, grant);
    this.assertRoleForTrack(u.role, track!);
    const sameAssignee = c.assigned_to === assigneeId;
    const overCap = sameAssignee ? false : this.assertCap(u, TRACK_WEIGHT[track!], overCapReason);
    const status: CaseStatus = c.status === 'registered' || c.status === 'triaged' ? 'active' : (c.status as CaseStatus);
    await this.bump(m, c.id as string, `assigned_to = $2, track = $3, track_decision = coalesce(track_decision, $4), status = $5`, [
      assigneeId,
      track,
      decision ? (decision.kind === 'override' ? 'overridden' : 'confirmed') : null,
      status,
    ]);
    if (c.status !== status) {
      if (c.status === 'registered') await this.event(m, c.id as string, 'status', { from: 'registered', to: 'triaged' }, grant.user.id);
      await this.event(m, c.id as string, 'status', { from: 'triaged', to: status }, grant.user.id);
    }
    await this.event(m, c.id as string, 'assignment', { from: c.assigned_to, to: assigneeId, overCapReason }, grant.user.id);
    await this.audit.record(
      {
        action: 'cases.assign',
        entity: 'cases',
        entityId: c.id as string,
        changes: { assignedTo: { from: c.assigned_to, to: assigneeId }, track, overCapReason },
      },
      m,
    );
    if (overCap) {
      await this.audit.record(
        {
          action: 'cases.over_cap',
          entity: 'users',
          entityId: assigneeId,
          changes: { caseId: c.id, load: u.load, cap: u.caseload_cap, reason: overCapReason },
        },
        m,
      );
    }
    if (track === 'targeted') {
      const [intake] = await m.query(
        `SELECT 1 FROM work_items WHERE case_id = $1 AND kind = 'specialist_intake' AND status <> 'cancelled'`,
        [c.id],
      );
      if (!intake) {
        await this.workItems.create(m, {
          officeId: c.office_id as string,
          caseId: c.id as string,
          kind: 'specialist_intake',
          queue: 'targeted',
          priority: 1,
          dueAt: new Date(Date.now() + 5 * 86_400_000),
        });
      }
    }
  }

  async assign(id: string, dto: AssignCaseDto, grant: Grant): Promise<CaseDto> {
    await this.dataSource.transaction(async (m) => {
      const c = await this.lock(m, id, grant, dto.version);
      await this.assignLocked(m, c, dto.assigneeId, dto.decision, dto.overCapReason, grant);
    });
    return this.get(id, grant);
  }

  /** Assigns many cases at once, all or none; undecided tracks are confirmed as recommended. */
  async bulkAssign(dto: BulkAssignDto, grant: Grant): Promise<CaseDto[]> {
    const ids = [...new Set(dto.caseIds)].sort();
    await this.dataSource.transaction(async (m) => {
      for (const id of ids) {
        const c = await this.lock(m, id, grant);
        await this.assignLocked(m, c, dto.assigneeId, c.track_decision ? undefined : { kind: 'confirm' }, dto.overCapReason, grant);
      }
    });
    return Promise.all(ids.map((id) => this.get(id, grant)));
  }

  /** The assigned case worker overrides the track later; the supervisor gets a review item. */
  async overrideTrack(id: string, dto: OverrideTrackDto, grant: Grant): Promise<CaseDto> {
    await this.dataSource.transaction(async (m) => {
      const c = await this.lock(m, id, grant, dto.version);
      if (c.status === 'closed') throw invalidTransition('closed', 'override');
      if (grant.user.role !== 'supervisor' && c.assigned_to !== grant.user.id)
        throw forbidden('Only the assigned case worker or a supervisor may override the track');
      if (!c.track_decision)
        throw new AppException(409, 'CONFLICT', 'The track is not decided yet: the supervisor confirms or overrides it when assigning');
      if (c.track === dto.track) throw invalidField('track', 'differs', 'The case is already on this track');
      await this.decide(m, c, { kind: 'override', track: dto.track, reasonCode: dto.reasonCode, note: dto.note }, grant);
      await this.bump(m, id, `track = $2, track_decision = 'overridden'`, [dto.track]);
      const supervisor = await this.officeSupervisor(m, c.office_id as string);
      if (supervisor && grant.user.role !== 'supervisor') {
        await this.workItems.create(m, {
          officeId: c.office_id as string,
          caseId: id,
          kind: 'override_review',
          assigneeId: supervisor,
          priority: 2,
          dueAt: new Date(Date.now() + 3 * 86_400_000),
          data: { from: c.track, to: dto.track, reasonCode: dto.reasonCode, by: grant.user.id },
        });
      }
    });
    return this.get(id, grant);
  }

  /** The supervisor who receives an office's inbox items: the longest-serving active one who is not away. */
  async officeSupervisor(m: EntityManager, officeId: string): Promise<string | null> {
    const [s] = await m.query(
      `SELECT id FROM users WHERE office_id = $1 AND role = 'supervisor' AND active AND NOT away ORDER BY created_at, id LIMIT 1`,
      [officeId],
    );
    return s?.id ?? null;
  }
}
