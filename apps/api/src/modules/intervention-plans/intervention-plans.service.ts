import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  PLAN_EVENT_KINDS,
  PLAN_STATUSES,
  type InterventionPlanDto,
  type PlanActionDto,
  type PlanEventDto,
  type PlanEventKind,
  type PlanGoalDto,
  type PlanStatus,
  type PlanTransition,
  type WorkItemKind,
} from '@casework/contracts';
import type { FastifyReply } from 'fastify';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { Grant } from '../../common/auth/auth-user.js';
import { applyScope, scopeCondition, type ScopeColumns } from '../../common/auth/scope.js';
import { AppException, invalidField, notFound, staleVersion } from '../../common/errors.js';
import { applyListQuery, parseListQuery, setContentRange, type ListSpec } from '../../common/list-query.js';
import { changedFields } from '../../common/records.js';
import { Params } from '../../common/sql.js';
import { AuditService } from '../audit/audit.service.js';
import { CasesService, countRows } from '../cases/cases.service.js';
import { WorkItemsService } from '../work-items/work-items.service.js';
import type {
  AgreePlanDto,
  ApprovePlanDto,
  CancelPlanDto,
  CreateActionDto,
  CreateGoalDto,
  CreatePlanDto,
  ReturnPlanDto,
  UpdateActionDto,
  UpdateGoalDto,
  UpdatePlanDto,
} from './intervention-plans.dto.js';
import {
  ACTION_FIELDS_WHEN_AGREED,
  GOAL_FIELDS_WHEN_AGREED,
  agreementDateProblem,
  assertCompletable,
  assertEditable,
  assertPlanEditable,
  assertSubmittable,
  nextStatus,
  reviewDateProblem,
  type GoalSummary,
} from './plan-rules.js';

/**
 * Plans of the cases in the caller's scope: a case worker's own are the cases assigned to them (a
 * colleague holding a task on the case reads the case, not its plan); a supervisor's, the office's.
 */
export const PLAN_SCOPE: ScopeColumns = { office: 'c.office_id', own: 'c.assigned_to' };

/** The plan's work items: all carry `data.planId`. */
const PLAN_ITEM_KINDS: WorkItemKind[] = ['approve_plan', 'plan_returned', 'agree_plan', 'review_plan'];

/** Free-text fields: the audit trail records that they changed, never what they say. */
const FREE_TEXT = new Set(['description', 'outcomeNote', 'outcome', 'provider', 'comment', 'reason', 'returnComment', 'approvalComment']);

const PLAN_COLUMNS = `p.id, p.case_id AS "caseId", c.reference AS "caseReference", c.office_id AS "officeId",
  j.given_name || ' ' || j.family_name AS "jobseekerName", p.status,
  to_char(p.next_review_date, 'YYYY-MM-DD') AS "nextReviewDate", to_char(p.agreed_on, 'YYYY-MM-DD') AS "agreedOn",
  p.agreement_method AS "agreementMethod", p.return_comment AS "returnComment", p.approval_comment AS "approvalComment",
  p.cancel_reason AS "cancelReason", p.created_by AS "createdBy", cu.full_name AS "createdByName",
  p.submitted_by AS "submittedBy", p.submitted_at AS "submittedAt", p.approved_by AS "approvedBy", p.approved_at AS "approvedAt",
  p.returned_by AS "returnedBy", p.returned_at AS "returnedAt", p.agreement_recorded_by AS "agreementRecordedBy",
  p.agreement_recorded_at AS "agreementRecordedAt", p.completed_by AS "completedBy", p.completed_at AS "completedAt",
  p.cancelled_by AS "cancelledBy", p.cancelled_at AS "cancelledAt", p.version, p.created_at AS "createdAt", p.updated_at AS "updatedAt"`;
const TIMES = [
  'submittedAt',
  'approvedAt',
  'returnedAt',
  'agreementRecordedAt',
  'completedAt',
  'cancelledAt',
  'createdAt',
  'updatedAt',
] as const;

const LIST: ListSpec = {
  resource: 'intervention-plans',
  sort: {
    id: 'p.id',
    createdAt: 'p.created_at',
    updatedAt: 'p.updated_at',
    submittedAt: 'p.submitted_at',
    nextReviewDate: 'p.next_review_date',
    status: 'p.status',
  },
  filters: {
    id: { column: 'p.id', type: 'uuid' },
    caseId: { column: 'p.case_id', type: 'uuid' },
    status: { column: 'p.status', type: 'enum', values: PLAN_STATUSES },
    officeId: { column: 'c.office_id', type: 'uuid' },
  },
  defaultSort: ['createdAt', 'DESC'],
  tieBreaker: 'p.id',
};

const HISTORY: ListSpec = {
  resource: 'plan-history',
  sort: { at: 'e.id' },
  filters: { kind: { column: 'e.kind', type: 'enum', values: PLAN_EVENT_KINDS } },
  defaultSort: ['at', 'ASC'],
  tieBreaker: 'e.id',
};

type Row = Record<string, unknown>;

/** The locked plan a change works on, with what the rules need of its case and office. */
interface LockedPlan {
  id: string;
  caseId: string;
  status: PlanStatus;
  officeId: string;
  caseStatus: string;
  nextReviewDate: string | null;
  submittedBy: string | null;
  /** Today and the approval's day, in the office's calendar. */
  today: string;
  approvedOn: string | null;
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : (v as string | null));

function toPlanDto(r: Row): InterventionPlanDto {
  const dto = { ...r } as Record<string, unknown>;
  for (const k of TIMES) dto[k] = iso(r[k]);
  return dto as unknown as InterventionPlanDto;
}

/** The audit trail's copy of a change: free text replaced by a marker. */
function auditSafe(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(data).map(([k, v]) => [
      k,
      FREE_TEXT.has(k) && v !== null && v !== undefined
        ? '[text]'
        : v && typeof v === 'object' && !Array.isArray(v)
          ? auditSafe(v as Record<string, unknown>)
          : v,
    ]),
  );
}

const planNotFound = () => notFound('Intervention plan');

/**
 * Intervention plans: drafted by the case's counsellor or specialist, submitted to the office's
 * supervisors who approve them or return them with a comment, agreed with the jobseeker (date and
 * how), then completed once every goal has an outcome, or cancelled. Every change bumps the plan's
 * version, writes an entry of the plan's history (`plan_events`) and an audit event, all in one
 * transaction.
 */
@Injectable()
export class InterventionPlansService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(WorkItemsService) private readonly workItems: WorkItemsService,
    @Inject(CasesService) private readonly cases: CasesService,
  ) {}

  private query(grant: Grant, m: EntityManager = this.dataSource.manager): SelectQueryBuilder<Row> {
    const qb = m
      .createQueryBuilder()
      .select(PLAN_COLUMNS)
      .from('intervention_plans', 'p')
      .innerJoin('cases', 'c', 'c.id = p.case_id')
      .innerJoin('jobseekers', 'j', 'j.id = c.jobseeker_id')
      .innerJoin('users', 'cu', 'cu.id = p.created_by') as SelectQueryBuilder<Row>;
    return applyScope(qb, grant, PLAN_SCOPE);
  }

  /** `filter={"status":"submitted"}` is a supervisor's approvals list; also caseId, officeId. Lists leave out the goals. */
  async list(query: Record<string, unknown>, grant: Grant, res: FastifyReply): Promise<InterventionPlanDto[]> {
    const list = parseListQuery(query, LIST);
    const qb = applyListQuery(this.query(grant), list, LIST);
    const [rows, total] = await Promise.all([qb.getRawMany<Row>(), countRows(this.dataSource.manager, qb)]);
    setContentRange(res, LIST.resource, list, rows.length, total);
    return rows.map(toPlanDto);
  }

  /** One plan with its goals, each with its actions, in order. */
  async get(id: string, grant: Grant, m: EntityManager = this.dataSource.manager): Promise<InterventionPlanDto> {
    const row = await this.query(grant, m).andWhere('p.id = :id', { id }).getRawOne<Row>();
    if (!row) throw planNotFound();
    return { ...toPlanDto(row), goals: await this.goals(m, id) };
  }

  private async goals(m: EntityManager, planId: string): Promise<PlanGoalDto[]> {
    const [goals, actions]: [Row[], PlanActionDto[]] = await Promise.all([
      m.query(
        `SELECT id, position, description, to_char(target_date, 'YYYY-MM-DD') AS "targetDate", outcome, outcome_note AS "outcomeNote"
           FROM plan_goals WHERE plan_id = $1 ORDER BY position, created_at, id`,
        [planId],
      ),
      m.query(
        `SELECT a.id, a.goal_id AS "goalId", a.position, a.type, a.description, a.provider, a.owner, a.owner_user_id AS "ownerUserId",
                u.full_name AS "ownerName", to_char(a.due_date, 'YYYY-MM-DD') AS "dueDate", a.status, a.outcome
           FROM plan_actions a LEFT JOIN users u ON u.id = a.owner_user_id WHERE a.plan_id = $1 ORDER BY a.position, a.created_at, a.id`,
        [planId],
      ),
    ]);
    return goals.map((g) => ({ ...(g as unknown as PlanGoalDto), actions: actions.filter((a) => a.goalId === g.id) }));
  }

  /** The plan's history, oldest first: who (and in which role), when, what changed. */
  async history(id: string, query: Record<string, unknown>, grant: Grant, res: FastifyReply): Promise<PlanEventDto[]> {
    const list = parseListQuery(query, HISTORY);
    await this.get(id, grant);
    const qb = this.dataSource
      .createQueryBuilder()
      .select(`e.id::text AS id, e.at, e.kind, e.actor_id AS "actorId", u.full_name AS "actorName", e.actor_role AS "actorRole", e.data`)
      .from('plan_events', 'e')
      .leftJoin('users', 'u', 'u.id = e.actor_id')
      .where('e.plan_id = :id', { id }) as SelectQueryBuilder<Row>;
    applyListQuery(qb, list, HISTORY);
    const [rows, total] = await Promise.all([qb.getRawMany<Row>(), countRows(this.dataSource.manager, qb)]);
    setContentRange(res, HISTORY.resource, list, rows.length, total);
    return rows.map((r) => ({ ...(r as unknown as PlanEventDto), at: iso(r.at)! }));
  }

  /** Locks a plan in scope for a change and checks its version (409 STALE_VERSION). */
  private async lock(m: EntityManager, id: string, grant: Grant, version: number): Promise<LockedPlan> {
    const p = new Params();
    const scope = scopeCondition(grant, PLAN_SCOPE, p);
    const [row] = await m.query(
      `SELECT p.id, p.case_id AS "caseId", p.status, p.version, c.office_id AS "officeId", c.status AS "caseStatus",
              to_char(p.next_review_date, 'YYYY-MM-DD') AS "nextReviewDate", p.submitted_by AS "submittedBy",
              (now() AT TIME ZONE o.time_zone)::date::text AS today, (p.approved_at AT TIME ZONE o.time_zone)::date::text AS "approvedOn"
         FROM intervention_plans p JOIN cases c ON c.id = p.case_id JOIN offices o ON o.id = c.office_id
        WHERE p.id = ${p.add(id)}${scope ? ` AND ${scope}` : ''}
          FOR UPDATE OF p`,
      p.values,
    );
    if (!row) throw planNotFound();
    if (row.version !== version) throw staleVersion();
    return row as LockedPlan;
  }

  /** One change to a plan: locked and version-checked, then bumped; answers the plan as it now is. */
  private async change(
    id: string,
    grant: Grant,
    version: number,
    apply: (m: EntityManager, plan: LockedPlan) => Promise<boolean | void>,
  ): Promise<InterventionPlanDto> {
    return this.dataSource.transaction(async (m) => {
      const plan = await this.lock(m, id, grant, version);
      const changed = await apply(m, plan);
      if (changed !== false) await m.query(`UPDATE intervention_plans SET version = version + 1, updated_at = now() WHERE id = $1`, [id]);
      return this.get(id, grant, m);
    });
  }

  /** An entry in the plan's history and its audit event, in the change's transaction. */
  private async record(
    m: EntityManager,
    plan: { id: string; caseId: string },
    kind: PlanEventKind,
    data: Record<string, unknown>,
    grant: Grant | null,
  ) {
    await m.query(`INSERT INTO plan_events (plan_id, case_id, kind, data, actor_id, actor_role) VALUES ($1, $2, $3, $4, $5, $6)`, [
      plan.id,
      plan.caseId,
      kind,
      JSON.stringify(data),
      grant?.user.id ?? null,
      grant?.user.role ?? null,
    ]);
    await this.audit.record(
      {
        action: `intervention_plans.${kind}`,
        entity: 'intervention_plans',
        entityId: plan.id,
        changes: { caseId: plan.caseId, ...auditSafe(data) },
        ...(grant ? {} : { actor: { id: null, role: null } }),
      },
      m,
    );
  }

  /** Plans are for open cases: no drafting, editing or approving on a closed one. */
  private assertCaseOpen(caseStatus: string): void {
    if (caseStatus === 'closed') {
      throw new AppException(409, 'CONFLICT', 'The case is closed: its plan can only be completed or cancelled', [
        { field: 'caseId', rule: 'caseOpen', message: 'the case is closed' },
      ]);
    }
  }

  /** A draft plan for a case of the caller's own; 409 when the case already has a current plan. */
  async create(dto: CreatePlanDto, grant: Grant): Promise<InterventionPlanDto> {
    return this.dataSource.transaction(async (m) => {
      const c = await applyScope(
        m
          .createQueryBuilder()
          .select(['c.id AS id', 'c.status AS status', '(now() AT TIME ZONE o.time_zone)::date::text AS today'])
          .from('cases', 'c')
          .innerJoin('offices', 'o', 'o.id = c.office_id'),
        grant,
        PLAN_SCOPE,
      )
        .andWhere('c.id = :id', { id: dto.caseId })
        .setLock('pessimistic_read', undefined, ['c'])
        .getRawOne<{ id: string; status: string; today: string }>();
      if (!c) throw notFound('Case');
      this.assertCaseOpen(c.status);
      if (dto.nextReviewDate) this.check(reviewDateProblem('nextReviewDate', dto.nextReviewDate, c.today));
      const rows = await m.query(
        `INSERT INTO intervention_plans (case_id, next_review_date, created_by) VALUES ($1, $2, $3)
         ON CONFLICT (case_id) WHERE status NOT IN ('completed', 'cancelled') DO NOTHING RETURNING id`,
        [dto.caseId, dto.nextReviewDate ?? null, grant.user.id],
      );
      if (!rows.length) {
        throw new AppException(409, 'ALREADY_EXISTS', 'This case already has a current plan: complete or cancel it first', [
          { field: 'caseId', rule: 'oneCurrentPlan', message: 'the case already has a plan that is neither completed nor cancelled' },
        ]);
      }
      await this.record(m, { id: rows[0].id, caseId: dto.caseId }, 'created', { nextReviewDate: dto.nextReviewDate ?? null }, grant);
      return this.get(rows[0].id, grant, m);
    });
  }

  private check(problem: { field: string; rule: string; message: string } | null): void {
    if (problem) throw new AppException(400, 'VALIDATION_FAILED', problem.message, [problem]);
  }

  /** The plan's own fields: its next review date, in draft or once agreed. */
  async update(id: string, dto: UpdatePlanDto, grant: Grant): Promise<InterventionPlanDto> {
    if (dto.nextReviewDate === undefined) throw invalidField('nextReviewDate', 'required', 'Nothing to change: send nextReviewDate');
    return this.change(id, grant, dto.version, async (m, plan) => {
      assertPlanEditable(plan.status);
      this.assertCaseOpen(plan.caseStatus);
      if (dto.nextReviewDate === null && plan.status === 'agreed')
        throw invalidField('nextReviewDate', 'required', 'An agreed plan keeps a review date');
      if (dto.nextReviewDate) this.check(reviewDateProblem('nextReviewDate', dto.nextReviewDate, plan.today));
      if (dto.nextReviewDate === plan.nextReviewDate) return false;
      await m.query(`UPDATE intervention_plans SET next_review_date = $2 WHERE id = $1`, [id, dto.nextReviewDate]);
      await this.record(m, plan, 'updated', { nextReviewDate: { from: plan.nextReviewDate, to: dto.nextReviewDate } }, grant);
      // A new review date after a review: the review item of the old one is done.
      if (plan.status === 'agreed') {
        await this.workItems.closeMatching(
          m,
          { caseId: plan.caseId, kinds: ['review_plan'], data: { planId: id } },
          { status: 'done', by: grant.user.id, result: { outcome: 'next review date set' } },
        );
      }
    });
  }

  async addGoal(id: string, dto: CreateGoalDto, grant: Grant): Promise<InterventionPlanDto> {
    return this.change(id, grant, dto.version, async (m, plan) => {
      assertEditable(plan.status, 'goals', [], GOAL_FIELDS_WHEN_AGREED);
      this.assertCaseOpen(plan.caseStatus);
      const [goal] = await m.query(
        `INSERT INTO plan_goals (plan_id, position, description, target_date)
         SELECT $1, coalesce(max(position), 0) + 1, $2, $3 FROM plan_goals WHERE plan_id = $1 RETURNING id, position`,
        [id, dto.description, dto.targetDate ?? null],
      );
      await this.record(
        m,
        plan,
        'goal_added',
        { goalId: goal.id, position: goal.position, description: dto.description, targetDate: dto.targetDate ?? null },
        grant,
      );
    });
  }

  private async goalRow(m: EntityManager, planId: string, goalId: string): Promise<Row> {
    const [goal] = await m.query(
      `SELECT id, position, description, to_char(target_date, 'YYYY-MM-DD') AS "targetDate", outcome, outcome_note AS "outcomeNote"
         FROM plan_goals WHERE id = $1 AND plan_id = $2`,
      [goalId, planId],
    );
    if (!goal) throw notFound('Goal');
    return goal;
  }

  async updateGoal(id: string, goalId: string, dto: UpdateGoalDto, grant: Grant): Promise<InterventionPlanDto> {
    const { version, ...patch } = dto;
    if (!Object.values(patch).some((v) => v !== undefined))
      throw invalidField('body', 'required', 'Nothing to change: send description, targetDate, outcome or outcomeNote');
    return this.change(id, grant, version, async (m, plan) => {
      const goal = await this.goalRow(m, id, goalId);
      const changes = changedFields(goal, patch);
      assertEditable(plan.status, 'goals', Object.keys(changes), GOAL_FIELDS_WHEN_AGREED);
      this.assertCaseOpen(plan.caseStatus);
      if (!Object.keys(changes).length) return false;
      await m.query(
        `UPDATE plan_goals SET description = $3, target_date = $4, outcome = $5, outcome_note = $6, updated_at = now() WHERE id = $1 AND plan_id = $2`,
        [
          goalId,
          id,
          ...(['description', 'targetDate', 'outcome', 'outcomeNote'] as const).map((f) => (f in changes ? changes[f].to : goal[f])),
        ],
      );
      await this.record(m, plan, 'goal_updated', { goalId, changes }, grant);
    });
  }

  async removeGoal(id: string, goalId: string, version: number, grant: Grant): Promise<InterventionPlanDto> {
    return this.change(id, grant, version, async (m, plan) => {
      const goal = await this.goalRow(m, id, goalId);
      assertEditable(plan.status, 'goals', [], GOAL_FIELDS_WHEN_AGREED);
      this.assertCaseOpen(plan.caseStatus);
      await m.query(`DELETE FROM plan_goals WHERE id = $1`, [goalId]);
      await this.record(m, plan, 'goal_removed', { goalId, description: goal.description }, grant);
    });
  }

  /** An action's owner: the jobseeker, or an active member of staff of the case's office (400 naming the field otherwise). */
  private async checkOwner(m: EntityManager, plan: LockedPlan, owner: string, ownerUserId: string | null): Promise<void> {
    if (owner === 'jobseeker') {
      if (ownerUserId) throw invalidField('ownerUserId', 'onlyForStaff', 'ownerUserId is given only when the owner is staff');
      return;
    }
    if (!ownerUserId) throw invalidField('ownerUserId', 'required', 'ownerUserId is required when the owner is staff');
    const [u] = await m.query(`SELECT 1 FROM users WHERE id = $1 AND office_id = $2 AND active AND role NOT IN ('admin', 'manager')`, [
      ownerUserId,
      plan.officeId,
    ]);
    if (!u) throw invalidField('ownerUserId', 'sameOffice', 'ownerUserId must be an active member of staff of the case’s office');
  }

  async addAction(id: string, goalId: string, dto: CreateActionDto, grant: Grant): Promise<InterventionPlanDto> {
    return this.change(id, grant, dto.version, async (m, plan) => {
      await this.goalRow(m, id, goalId);
      assertEditable(plan.status, 'actions', [], ACTION_FIELDS_WHEN_AGREED);
      this.assertCaseOpen(plan.caseStatus);
      await this.checkOwner(m, plan, dto.owner, dto.ownerUserId ?? null);
      const values = {
        type: dto.type,
        description: dto.description,
        provider: dto.provider ?? null,
        owner: dto.owner,
        ownerUserId: dto.ownerUserId ?? null,
        dueDate: dto.dueDate ?? null,
        status: dto.status ?? 'planned',
      };
      const [action] = await m.query(
        `INSERT INTO plan_actions (goal_id, plan_id, position, type, description, provider, owner, owner_user_id, due_date, status)
         SELECT $1, $2, coalesce(max(position), 0) + 1, $3, $4, $5, $6, $7, $8, $9 FROM plan_actions WHERE goal_id = $1 RETURNING id`,
        [goalId, id, ...Object.values(values)],
      );
      await this.record(m, plan, 'action_added', { goalId, actionId: action.id, ...values }, grant);
    });
  }

  private async actionRow(m: EntityManager, planId: string, actionId: string): Promise<Row> {
    const [action] = await m.query(
      `SELECT id, goal_id AS "goalId", type, description, provider, owner, owner_user_id AS "ownerUserId",
              to_char(due_date, 'YYYY-MM-DD') AS "dueDate", status, outcome
         FROM plan_actions WHERE id = $1 AND plan_id = $2`,
      [actionId, planId],
    );
    if (!action) throw notFound('Action');
    return action;
  }

  async updateAction(id: string, actionId: string, dto: UpdateActionDto, grant: Grant): Promise<InterventionPlanDto> {
    const { version, ...patch } = dto;
    if (!Object.values(patch).some((v) => v !== undefined))
      throw invalidField('body', 'required', 'Nothing to change: send a field of the action');
    return this.change(id, grant, version, async (m, plan) => {
      const action = await this.actionRow(m, id, actionId);
      // Switching the owner to the jobseeker clears the member of staff.
      if (patch.owner === 'jobseeker' && patch.ownerUserId === undefined) patch.ownerUserId = null;
      const changes = changedFields(action, patch);
      assertEditable(plan.status, 'actions', Object.keys(changes), ACTION_FIELDS_WHEN_AGREED);
      this.assertCaseOpen(plan.caseStatus);
      if (!Object.keys(changes).length) return false;
      const fields = ['type', 'description', 'provider', 'owner', 'ownerUserId', 'dueDate', 'status', 'outcome'] as const;
      const next = Object.fromEntries(fields.map((f) => [f, f in changes ? changes[f].to : action[f]]));
      if ('owner' in changes || 'ownerUserId' in changes)
        await this.checkOwner(m, plan, next.owner as string, next.ownerUserId as string | null);
      await m.query(
        `UPDATE plan_actions SET type = $3, description = $4, provider = $5, owner = $6, owner_user_id = $7, due_date = $8, status = $9, outcome = $10,
                updated_at = now() WHERE id = $1 AND plan_id = $2`,
        [actionId, id, ...fields.map((f) => next[f])],
      );
      await this.record(m, plan, 'action_updated', { goalId: action.goalId, actionId, changes }, grant);
    });
  }

  async removeAction(id: string, actionId: string, version: number, grant: Grant): Promise<InterventionPlanDto> {
    return this.change(id, grant, version, async (m, plan) => {
      const action = await this.actionRow(m, id, actionId);
      assertEditable(plan.status, 'actions', [], ACTION_FIELDS_WHEN_AGREED);
      this.assertCaseOpen(plan.caseStatus);
      await m.query(`DELETE FROM plan_actions WHERE id = $1`, [actionId]);
      await this.record(m, plan, 'action_removed', { goalId: action.goalId, actionId, description: action.description }, grant);
    });
  }

  private async goalSummaries(m: EntityManager, planId: string): Promise<GoalSummary[]> {
    return m.query(
      `SELECT g.id, g.position, g.outcome, (SELECT count(*)::int FROM plan_actions a WHERE a.goal_id = g.id) AS actions
         FROM plan_goals g WHERE g.plan_id = $1 ORDER BY g.position, g.created_at, g.id`,
      [planId],
    );
  }

  /** Moves the plan one step, stamping who and when; `set` adds columns ($2 onwards). */
  private async step(
    m: EntityManager,
    plan: LockedPlan,
    step: PlanTransition,
    stamp: string,
    grant: Grant,
    data: Record<string, unknown>,
    set = '',
    params: unknown[] = [],
  ): Promise<PlanStatus> {
    const to = nextStatus(plan.status, step);
    const user = `$${params.length + 3}`;
    await m.query(
      `UPDATE intervention_plans SET status = $2, ${stamp}_by = ${user}, ${stamp}_at = now()${set ? `, ${set}` : ''} WHERE id = $1`,
      [plan.id, to, ...params, grant.user.id],
    );
    await this.record(
      m,
      plan,
      (
        {
          submit: 'submitted',
          approve: 'approved',
          return: 'returned',
          agree: 'agreed',
          complete: 'completed',
          cancel: 'cancelled',
        } as const
      )[step],
      { from: plan.status, to, ...data },
      grant,
    );
    return to;
  }

  private closeItems(
    m: EntityManager,
    plan: LockedPlan,
    kinds: WorkItemKind[],
    status: 'done' | 'cancelled',
    grant: Grant,
    outcome: string,
  ) {
    return this.workItems.closeMatching(
      m,
      { caseId: plan.caseId, kinds, data: { planId: plan.id } },
      { status, by: status === 'done' ? grant.user.id : null, result: { outcome } },
    );
  }

  /** Draft -> submitted (every goal with an action): the office supervisor gets it in their inbox. */
  async submit(id: string, version: number, grant: Grant): Promise<InterventionPlanDto> {
    return this.change(id, grant, version, async (m, plan) => {
      nextStatus(plan.status, 'submit');
      this.assertCaseOpen(plan.caseStatus);
      assertSubmittable(await this.goalSummaries(m, id));
      await this.step(m, plan, 'submit', 'submitted', grant, {});
      await this.closeItems(m, plan, ['plan_returned'], 'done', grant, 'plan submitted again');
      const supervisor = await this.cases.officeSupervisor(m, plan.officeId);
      if (supervisor) {
        await this.workItems.create(m, {
          officeId: plan.officeId,
          caseId: plan.caseId,
          kind: 'approve_plan',
          assigneeId: supervisor,
          priority: 2,
          dueAt: new Date(Date.now() + 3 * 86_400_000),
          data: { planId: id, submittedBy: grant.user.id },
        });
      }
    });
  }

  /** A supervisor of the office approves a submitted plan; its author is asked to agree it with the jobseeker. */
  async approve(id: string, dto: ApprovePlanDto, grant: Grant): Promise<InterventionPlanDto> {
    return this.change(id, grant, dto.version, async (m, plan) => {
      nextStatus(plan.status, 'approve');
      this.assertCaseOpen(plan.caseStatus);
      await this.step(
        m,
        plan,
        'approve',
        'approved',
        grant,
        { comment: dto.comment ?? null },
        `approval_comment = $3, return_comment = NULL`,
        [dto.comment ?? null],
      );
      await this.closeItems(m, plan, ['approve_plan'], 'done', grant, 'approved');
      await this.notifyAuthor(m, plan, 'agree_plan', 2, 14);
    });
  }

  /** A supervisor returns a submitted plan to draft with a comment, which its author sees on the plan and in their inbox. */
  async return(id: string, dto: ReturnPlanDto, grant: Grant): Promise<InterventionPlanDto> {
    return this.change(id, grant, dto.version, async (m, plan) => {
      nextStatus(plan.status, 'return');
      this.assertCaseOpen(plan.caseStatus);
      await this.step(m, plan, 'return', 'returned', grant, { comment: dto.comment }, `return_comment = $3`, [dto.comment]);
      await this.closeItems(m, plan, ['approve_plan'], 'done', grant, 'returned to draft');
      await this.notifyAuthor(m, plan, 'plan_returned', 1, 3);
    });
  }

  /** A personal item for the plan's author (who submitted it), if they are still active. */
  private async notifyAuthor(m: EntityManager, plan: LockedPlan, kind: WorkItemKind, priority: 1 | 2, days: number): Promise<void> {
    const [author] = await m.query(`SELECT id FROM users WHERE id = $1 AND active`, [plan.submittedBy]);
    if (!author) return;
    await this.workItems.create(m, {
      officeId: plan.officeId,
      caseId: plan.caseId,
      kind,
      assigneeId: author.id,
      priority,
      dueAt: new Date(Date.now() + days * 86_400_000),
      data: { planId: plan.id },
    });
  }

  /** The jobseeker agreed an approved plan: on a date between the approval and today, in a recorded way, with a review date. */
  async agree(id: string, dto: AgreePlanDto, grant: Grant): Promise<InterventionPlanDto> {
    return this.change(id, grant, dto.version, async (m, plan) => {
      nextStatus(plan.status, 'agree');
      this.assertCaseOpen(plan.caseStatus);
      this.check(agreementDateProblem(dto.agreedOn, plan.today, plan.approvedOn ?? plan.today));
      const review = dto.nextReviewDate ?? plan.nextReviewDate;
      if (!review) throw invalidField('nextReviewDate', 'required', 'An agreed plan needs a review date: send nextReviewDate');
      if (dto.nextReviewDate) this.check(reviewDateProblem('nextReviewDate', dto.nextReviewDate, plan.today));
      await this.step(
        m,
        plan,
        'agree',
        'agreement_recorded',
        grant,
        { agreedOn: dto.agreedOn, method: dto.method, nextReviewDate: review },
        `agreed_on = $3, agreement_method = $4, next_review_date = $5`,
        [dto.agreedOn, dto.method, review],
      );
      await this.closeItems(m, plan, ['agree_plan'], 'done', grant, 'agreed with the jobseeker');
    });
  }

  /** An agreed plan completes once every goal has an outcome (409 GOALS_WITHOUT_OUTCOME listing the others). */
  async complete(id: string, version: number, grant: Grant): Promise<InterventionPlanDto> {
    return this.change(id, grant, version, async (m, plan) => {
      nextStatus(plan.status, 'complete');
      assertCompletable(await this.goalSummaries(m, id));
      await this.step(m, plan, 'complete', 'completed', grant, {});
      await this.closeItems(m, plan, PLAN_ITEM_KINDS, 'done', grant, 'plan completed');
    });
  }

  /** Any current plan can be cancelled, with a reason; its open items are cancelled with it. */
  async cancel(id: string, dto: CancelPlanDto, grant: Grant): Promise<InterventionPlanDto> {
    return this.change(id, grant, dto.version, async (m, plan) => {
      await this.step(m, plan, 'cancel', 'cancelled', grant, { reason: dto.reason }, `cancel_reason = $3`, [dto.reason]);
      await this.closeItems(m, plan, PLAN_ITEM_KINDS, 'cancelled', grant, 'plan cancelled');
    });
  }

  /** Records a system entry in a plan's history (the review job); the caller holds the plan's row lock. */
  async recordSystemEvent(
    m: EntityManager,
    plan: { id: string; caseId: string },
    kind: PlanEventKind,
    data: Record<string, unknown>,
  ): Promise<void> {
    await this.record(m, plan, kind, data, null);
  }
}
