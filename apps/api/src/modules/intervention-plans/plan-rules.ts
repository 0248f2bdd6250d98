/**
 * The rules of an intervention plan that need no database: which step goes from which status,
 * what may be edited in which status, what a plan needs before it is submitted or completed, and
 * the dates of an agreement. The service applies them to the locked plan.
 */
import { PLAN_TRANSITIONS, type FieldError, type PlanStatus, type PlanTransition } from '@casework/contracts';
import { AppException } from '../../common/errors.js';

/** The steps allowed from a status, in the order of PLAN_TRANSITIONS. */
export function stepsFrom(status: PlanStatus): PlanTransition[] {
  return (Object.keys(PLAN_TRANSITIONS) as PlanTransition[]).filter((t) =>
    (PLAN_TRANSITIONS[t].from as readonly PlanStatus[]).includes(status),
  );
}

/** The status a step leads to from `status`, or 409 INVALID_TRANSITION naming the steps that are allowed. */
export function nextStatus(status: PlanStatus, step: PlanTransition): PlanStatus {
  const rule = PLAN_TRANSITIONS[step];
  if ((rule.from as readonly PlanStatus[]).includes(status)) return rule.to;
  const allowed = stepsFrom(status);
  throw new AppException(409, 'INVALID_TRANSITION', `A ${status} plan cannot take the step "${step}"`, [
    { field: 'status', rule: 'transition', message: `allowed from ${status}: ${allowed.join(', ') || 'none'}` },
  ]);
}

/** Goal fields that stay editable once the plan is agreed (recording how it went). */
export const GOAL_FIELDS_WHEN_AGREED = ['outcome', 'outcomeNote'] as const;
/** Action fields that stay editable once the plan is agreed. */
export const ACTION_FIELDS_WHEN_AGREED = ['status', 'outcome'] as const;
/** Plan fields (PATCH) editable in draft and once agreed (the review date moves after each review). */
export const PLAN_EDITABLE_IN: readonly PlanStatus[] = ['draft', 'agreed'];

const notEditable = (status: PlanStatus, errors: FieldError[], what: string) =>
  new AppException(
    409,
    'PLAN_NOT_EDITABLE',
    status === 'agreed' ? `Once a plan is agreed only the outcomes and action statuses change` : `A ${status} plan’s ${what} cannot change`,
    errors,
  );

/**
 * Goals and actions change in draft; once agreed, only `agreedFields` (outcomes, action status);
 * in any other status nothing. `fields` are the fields the request changes (none: adding or removing).
 */
export function assertEditable(status: PlanStatus, what: 'goals' | 'actions', fields: string[], agreedFields: readonly string[]): void {
  if (status === 'draft') return;
  if (status === 'agreed' && fields.length) {
    const refused = fields.filter((f) => !agreedFields.includes(f));
    if (!refused.length) return;
    throw notEditable(
      status,
      refused.map((field) => ({ field, rule: 'editableInStatus', message: `${field} can only change while the plan is a draft` })),
      what,
    );
  }
  const message = status === 'agreed' ? `${what} cannot be added or removed once the plan is agreed` : `${what} change only in draft`;
  throw notEditable(status, [{ field: 'status', rule: 'editableInStatus', message }], what);
}

/** PATCH of the plan itself (its review date). */
export function assertPlanEditable(status: PlanStatus): void {
  if (PLAN_EDITABLE_IN.includes(status)) return;
  throw notEditable(
    status,
    [{ field: 'status', rule: 'editableInStatus', message: `the plan changes only while ${PLAN_EDITABLE_IN.join(' or ')}` }],
    'review date',
  );
}

export interface GoalSummary {
  id: string;
  position: number;
  actions: number;
  outcome: string | null;
}

/** A plan is submitted with at least one goal, and every goal with at least one action. */
export function assertSubmittable(goals: GoalSummary[]): void {
  if (!goals.length) {
    throw new AppException(409, 'PLAN_INCOMPLETE', 'A plan needs at least one goal with an action before it is submitted', [
      { field: 'goals', rule: 'required', message: 'add at least one goal' },
    ]);
  }
  const bare = goals.map((g, i) => ({ g, i })).filter(({ g }) => g.actions === 0);
  if (bare.length) {
    throw new AppException(
      409,
      'PLAN_INCOMPLETE',
      `Every goal needs at least one action before the plan is submitted (${bare.length} without)`,
      bare.map(({ g, i }) => ({ field: `goals[${i}].actions`, rule: 'required', message: `goal ${g.id} has no action` })),
    );
  }
}

/** A plan completes only when every goal has an outcome: 409 GOALS_WITHOUT_OUTCOME listing the others. */
export function assertCompletable(goals: GoalSummary[]): void {
  const open = goals.map((g, i) => ({ g, i })).filter(({ g }) => g.outcome === null);
  if (!open.length) return;
  throw new AppException(
    409,
    'GOALS_WITHOUT_OUTCOME',
    `Record an outcome for every goal before completing the plan (${open.length} without)`,
    open.map(({ g, i }) => ({ field: `goals[${i}].outcome`, rule: 'required', message: `goal ${g.id} has no outcome` })),
  );
}

/**
 * The jobseeker's agreement: its date is not after today nor before the approval (both in the
 * office's calendar, YYYY-MM-DD, so they compare as text).
 */
export function agreementDateProblem(agreedOn: string, today: string, approvedOn: string): FieldError | null {
  if (agreedOn > today) return { field: 'agreedOn', rule: 'notInFuture', message: `agreedOn must not be after today (${today})` };
  if (agreedOn < approvedOn)
    return { field: 'agreedOn', rule: 'notBeforeApproval', message: `agreedOn must not be before the approval (${approvedOn})` };
  return null;
}

/** A review date is today or later (office calendar). */
export function reviewDateProblem(field: string, date: string, today: string): FieldError | null {
  return date < today ? { field, rule: 'notInPast', message: `${field} must not be before today (${today})` } : null;
}
