import { PLAN_STATUSES, PLAN_TRANSITIONS, type PlanStatus, type PlanTransition } from '@casework/contracts';
import { AppException } from '../../common/errors.js';
import {
  agreementDateProblem,
  assertCompletable,
  assertEditable,
  assertPlanEditable,
  assertSubmittable,
  ACTION_FIELDS_WHEN_AGREED,
  GOAL_FIELDS_WHEN_AGREED,
  nextStatus,
  reviewDateProblem,
  stepsFrom,
} from './plan-rules.js';

const codeOf = (fn: () => unknown): string | null => {
  try {
    fn();
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(AppException);
    return `${(e as AppException).getStatus()} ${(e as AppException).code}`;
  }
};

describe('plan transitions', () => {
  it('follows draft -> submitted -> approved -> agreed -> completed, with return to draft and cancel from any current status', () => {
    expect(Object.fromEntries(PLAN_STATUSES.map((s) => [s, stepsFrom(s)]))).toEqual({
      draft: ['submit', 'cancel'],
      submitted: ['approve', 'return', 'cancel'],
      approved: ['agree', 'cancel'],
      agreed: ['complete', 'cancel'],
      completed: [],
      cancelled: [],
    });
    let status: PlanStatus = 'draft';
    for (const step of ['submit', 'return', 'submit', 'approve', 'agree', 'complete'] as PlanTransition[])
      status = nextStatus(status, step);
    expect(status).toBe('completed');
  });

  it('refuses every other step with 409 INVALID_TRANSITION naming what is allowed', () => {
    let refused = 0;
    for (const status of PLAN_STATUSES) {
      for (const step of Object.keys(PLAN_TRANSITIONS) as PlanTransition[]) {
        if (stepsFrom(status).includes(step)) continue;
        refused++;
        expect(codeOf(() => nextStatus(status, step))).toBe('409 INVALID_TRANSITION');
      }
    }
    expect(refused).toBe(6 * 6 - 9);
    try {
      nextStatus('completed', 'cancel');
    } catch (e) {
      expect((e as AppException).fieldErrors).toEqual([{ field: 'status', rule: 'transition', message: 'allowed from completed: none' }]);
    }
  });
});

describe('what may change in which status', () => {
  it('lets goals and actions change in draft, only outcomes and action status once agreed, nothing otherwise', () => {
    expect(codeOf(() => assertEditable('draft', 'goals', ['description'], GOAL_FIELDS_WHEN_AGREED))).toBeNull();
    expect(codeOf(() => assertEditable('draft', 'goals', [], GOAL_FIELDS_WHEN_AGREED))).toBeNull();
    expect(codeOf(() => assertEditable('agreed', 'goals', ['outcome', 'outcomeNote'], GOAL_FIELDS_WHEN_AGREED))).toBeNull();
    expect(codeOf(() => assertEditable('agreed', 'actions', ['status', 'outcome'], ACTION_FIELDS_WHEN_AGREED))).toBeNull();
    expect(codeOf(() => assertEditable('agreed', 'goals', ['outcome', 'description'], GOAL_FIELDS_WHEN_AGREED))).toBe(
      '409 PLAN_NOT_EDITABLE',
    );
    expect(codeOf(() => assertEditable('agreed', 'actions', [], ACTION_FIELDS_WHEN_AGREED))).toBe('409 PLAN_NOT_EDITABLE');
    for (const status of ['submitted', 'approved', 'completed', 'cancelled'] as const) {
      expect(codeOf(() => assertEditable(status, 'goals', ['outcome'], GOAL_FIELDS_WHEN_AGREED))).toBe('409 PLAN_NOT_EDITABLE');
      expect(codeOf(() => assertEditable(status, 'actions', [], ACTION_FIELDS_WHEN_AGREED))).toBe('409 PLAN_NOT_EDITABLE');
      expect(codeOf(() => assertPlanEditable(status))).toBe('409 PLAN_NOT_EDITABLE');
    }
    try {
      assertEditable('agreed', 'goals', ['outcome', 'description'], GOAL_FIELDS_WHEN_AGREED);
    } catch (e) {
      expect((e as AppException).fieldErrors).toEqual([
        { field: 'description', rule: 'editableInStatus', message: 'description can only change while the plan is a draft' },
      ]);
    }
    expect(codeOf(() => assertPlanEditable('draft'))).toBeNull();
    expect(codeOf(() => assertPlanEditable('agreed'))).toBeNull();
  });

  it('submits a plan with goals that all have an action, and completes it when every goal has an outcome', () => {
    expect(codeOf(() => assertSubmittable([]))).toBe('409 PLAN_INCOMPLETE');
    const goals = [
      { id: 'g1', position: 1, actions: 2, outcome: 'achieved' },
      { id: 'g2', position: 2, actions: 0, outcome: null },
    ];
    try {
      assertSubmittable(goals);
      throw new Error('not refused');
    } catch (e) {
      expect((e as AppException).fieldErrors).toEqual([{ field: 'goals[1].actions', rule: 'required', message: 'goal g2 has no action' }]);
    }
    expect(codeOf(() => assertSubmittable([goals[0]]))).toBeNull();
    try {
      assertCompletable(goals);
      throw new Error('not refused');
    } catch (e) {
      expect((e as AppException).code).toBe('GOALS_WITHOUT_OUTCOME');
      expect((e as AppException).fieldErrors).toEqual([{ field: 'goals[1].outcome', rule: 'required', message: 'goal g2 has no outcome' }]);
    }
    expect(codeOf(() => assertCompletable([goals[0]]))).toBeNull();
  });

  it('dates an agreement between the approval and today, and a review from today on', () => {
    expect(agreementDateProblem('2026-12-01', '2026-12-01', '2026-12-01')).toBeNull();
    expect(agreementDateProblem('2026-12-02', '2026-12-01', '2026-11-20')).toMatchObject({ field: 'agreedOn', rule: 'notInFuture' });
    expect(agreementDateProblem('2026-11-19', '2026-12-01', '2026-11-20')).toMatchObject({ field: 'agreedOn', rule: 'notBeforeApproval' });
    expect(reviewDateProblem('nextReviewDate', '2026-11-30', '2026-12-01')).toMatchObject({ rule: 'notInPast' });
    expect(reviewDateProblem('nextReviewDate', '2026-12-01', '2026-12-01')).toBeNull();
  });
});
