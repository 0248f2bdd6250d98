import { describe, expect, it } from 'vitest';
import { PLAN_STATUSES, type PlanEventDto, type PlanGoalDto, type PlanStatus } from '@casework/contracts';
import {
  changedFields,
  currentOrLatest,
  describePlanEvent,
  filenameFrom,
  goalsNamed,
  goalsWithoutOutcome,
  mayStartPlan,
  planAbilities,
  readsPlansOf,
  stepActors,
  todayIn,
} from './model';

const goal = (id: string, outcome: PlanGoalDto['outcome'] = null): PlanGoalDto => ({
  id,
  position: 1,
  description: `Goal ${id}`,
  targetDate: null,
  outcome,
  outcomeNote: null,
  actions: [],
});

describe('planAbilities', () => {
  const steps = (role: Parameters<typeof planAbilities>[0], status: PlanStatus, open = true) => planAbilities(role, status, open).steps;

  it('gives the case worker every step but approving, status by status', () => {
    for (const role of ['counsellor', 'specialist'] as const) {
      expect(steps(role, 'draft')).toEqual(['submit', 'cancel']);
      expect(steps(role, 'submitted')).toEqual(['cancel']);
      expect(steps(role, 'approved')).toEqual(['agree', 'cancel']);
      expect(steps(role, 'agreed')).toEqual(['complete', 'cancel']);
      expect(steps(role, 'completed')).toEqual([]);
      expect(steps(role, 'cancelled')).toEqual([]);
    }
  });

  it('gives the supervisor approve and return on a submitted plan, and nothing else', () => {
    expect(steps('supervisor', 'submitted')).toEqual(['approve', 'return']);
    for (const status of PLAN_STATUSES.filter((s) => s !== 'submitted')) expect(steps('supervisor', status)).toEqual([]);
    for (const status of PLAN_STATUSES) {
      const a = planAbilities('supervisor', status, true);
      expect([a.editGoals, a.recordOutcomes, a.reviewDate]).toEqual([false, false, false]);
    }
  });

  it('gives roles without plans nothing', () => {
    for (const role of ['front_desk', 'manager', 'admin', undefined] as const) {
      for (const status of PLAN_STATUSES) expect(steps(role, status)).toEqual([]);
    }
  });

  it('edits goals in a draft and records outcomes once agreed; the review date in both', () => {
    const at = (status: PlanStatus) => {
      const a = planAbilities('counsellor', status, true);
      return [a.editGoals, a.recordOutcomes, a.reviewDate];
    };
    expect(at('draft')).toEqual([true, false, true]);
    expect(at('submitted')).toEqual([false, false, false]);
    expect(at('approved')).toEqual([false, false, false]);
    expect(at('agreed')).toEqual([false, true, true]);
    expect(at('completed')).toEqual([false, false, false]);
  });

  it('on a closed case leaves only completing or cancelling', () => {
    expect(steps('counsellor', 'draft', false)).toEqual(['cancel']);
    expect(steps('counsellor', 'agreed', false)).toEqual(['complete', 'cancel']);
    expect(steps('supervisor', 'submitted', false)).toEqual([]);
    const a = planAbilities('counsellor', 'agreed', false);
    expect([a.editGoals, a.recordOutcomes, a.reviewDate]).toEqual([false, false, false]);
  });

  it('offers the jobseeker’s copy once agreed, to whoever reads the plan', () => {
    for (const status of PLAN_STATUSES) {
      expect(planAbilities('supervisor', status, true).document).toBe(status === 'agreed' || status === 'completed');
    }
  });
});

describe('which plan and who', () => {
  it('shows the current plan, else the latest', () => {
    const completed = { id: 'a', status: 'completed' as const };
    const draft = { id: 'b', status: 'draft' as const };
    const cancelled = { id: 'c', status: 'cancelled' as const };
    expect(currentOrLatest([cancelled, draft, completed])?.id).toBe('b');
    expect(currentOrLatest([cancelled, completed])?.id).toBe('c');
    expect(currentOrLatest([])).toBeUndefined();
    expect(currentOrLatest(undefined)).toBeUndefined();
  });

  it('lets a case worker read and start plans only on cases assigned to them', () => {
    const mine = { assignedTo: 'me', status: 'active' as const };
    const colleagues = { assignedTo: 'other', status: 'active' as const };
    expect(readsPlansOf('counsellor', mine, 'me')).toBe(true);
    expect(readsPlansOf('counsellor', colleagues, 'me')).toBe(false);
    expect(readsPlansOf('supervisor', colleagues, 'me')).toBe(true);
    expect(readsPlansOf('front_desk', mine, 'me')).toBe(false);
    expect(mayStartPlan('counsellor', mine, 'me', [])).toBe(true);
    expect(mayStartPlan('counsellor', mine, 'me', [{ status: 'completed' }, { status: 'cancelled' }])).toBe(true);
    expect(mayStartPlan('counsellor', mine, 'me', [{ status: 'approved' }])).toBe(false);
    expect(mayStartPlan('counsellor', { ...mine, status: 'closed' }, 'me', [])).toBe(false);
    expect(mayStartPlan('counsellor', colleagues, 'me', [])).toBe(false);
    expect(mayStartPlan('supervisor', colleagues, 'me', [])).toBe(false);
  });

  it('takes who took each step from the history, the last time it was taken', () => {
    const e = (kind: PlanEventDto['kind'], actorName: string, at: string): PlanEventDto => ({
      id: at,
      at,
      kind,
      actorId: null,
      actorName,
      actorRole: null,
      data: {},
    });
    const actors = stepActors([e('submitted', 'Ann', '1'), e('returned', 'Sam', '2'), e('submitted', 'Ann again', '3')]);
    expect(actors.submitted).toEqual({ name: 'Ann again', at: '3' });
    expect(actors.returned?.name).toBe('Sam');
    expect(actors.approved).toBeUndefined();
  });
});

describe('missing outcomes and actions', () => {
  const goals = [goal('a', 'achieved'), goal('b'), goal('c'), goal('d', 'not_achieved')];

  it('lists the goals without an outcome', () => {
    expect(goalsWithoutOutcome(goals).map((g) => g.id)).toEqual(['b', 'c']);
  });

  it('names the goals of an API refusal by their place in the plan', () => {
    const outcome = [
      { field: 'goals[2].outcome', rule: 'required', message: '' },
      { field: 'goals[1].outcome', rule: 'required', message: '' },
    ];
    expect(goalsNamed(outcome, goals, 'outcome').map((g) => g.id)).toEqual(['b', 'c']);
    expect(goalsNamed([{ field: 'goals[0].actions', rule: 'required', message: '' }], goals, 'actions').map((g) => g.id)).toEqual(['a']);
    // Other fields, other kinds and places past the end are left out.
    expect(goalsNamed([{ field: 'goals[0].actions', rule: 'required', message: '' }], goals, 'outcome')).toEqual([]);
    expect(goalsNamed([{ field: 'goals[9].outcome', rule: 'required', message: '' }], goals, 'outcome')).toEqual([]);
    expect(goalsNamed([{ field: 'goals', rule: 'required', message: '' }], goals, 'actions')).toEqual([]);
    expect(goalsNamed(undefined, goals, 'outcome')).toEqual([]);
  });
});

describe('filenameFrom', () => {
  it('reads the name of Content-Disposition', () => {
    expect(filenameFrom('attachment; filename="plan-C-2026-000123.pdf"', 'x.pdf')).toBe('plan-C-2026-000123.pdf');
    expect(filenameFrom('attachment; filename=plan.pdf', 'x.pdf')).toBe('plan.pdf');
    expect(filenameFrom(`attachment; filename="plan.pdf"; filename*=UTF-8''plan-%C3%A9.pdf`, 'x.pdf')).toBe('plan-é.pdf');
  });

  it('falls back when there is no usable name, and keeps folders out of it', () => {
    expect(filenameFrom(null, 'x.pdf')).toBe('x.pdf');
    expect(filenameFrom('attachment', 'x.pdf')).toBe('x.pdf');
    expect(filenameFrom('attachment; filename=""', 'x.pdf')).toBe('x.pdf');
    expect(filenameFrom(`attachment; filename*=UTF-8''%E0%A4%A`, 'x.pdf')).toBe('x.pdf');
    expect(filenameFrom('attachment; filename="../../etc/plan.pdf"', 'x.pdf')).toBe('.._.._etc_plan.pdf');
  });
});

describe('changedFields', () => {
  it('keeps the fields that differ, empty text as null', () => {
    const record = { description: 'Find work', targetDate: '2027-01-01', provider: null };
    expect(changedFields(record, { description: 'Find work', targetDate: '', provider: '' })).toEqual({ targetDate: null });
    expect(changedFields(record, { description: 'Find a job', targetDate: '2027-01-01', provider: 'Library' })).toEqual({
      description: 'Find a job',
      provider: 'Library',
    });
    expect(changedFields({}, { outcome: 'achieved' })).toEqual({ outcome: 'achieved' });
  });
});

describe('todayIn', () => {
  it('is the office’s calendar day, else the browser’s', () => {
    const lateInLondon = new Date('2026-12-01T23:30:00Z');
    expect(todayIn('Europe/London', lateInLondon)).toBe('2026-12-01');
    expect(todayIn('Europe/Paris', lateInLondon)).toBe('2026-12-02');
    expect(todayIn('America/New_York', lateInLondon)).toBe('2026-12-01');
    expect(todayIn(undefined, new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
    expect(todayIn('Not/AZone', new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});

describe('describePlanEvent', () => {
  const translate = (key: string, options: Record<string, unknown> = {}) => {
    const args = Object.fromEntries(Object.entries(options).filter(([k]) => k !== '_'));
    return `${key}${Object.keys(args).length ? JSON.stringify(args) : ''}`;
  };
  const event = (kind: PlanEventDto['kind'], data: Record<string, unknown>): PlanEventDto => ({
    id: '1',
    at: '2026-12-01T10:00:00Z',
    kind,
    actorId: null,
    actorName: null,
    actorRole: null,
    data,
  });
  const say = (kind: PlanEventDto['kind'], data: Record<string, unknown> = {}) =>
    describePlanEvent(event(kind, data), translate, (d) => `<${d}>`);

  it('says what happened, with the entry’s own data', () => {
    expect(say('submitted')).toBe('cw_plan.events.submitted');
    expect(say('returned', { comment: 'Add dates' })).toBe('cw_plan.events.returned{"comment":"Add dates"}');
    expect(say('approved', { comment: null })).toBe('cw_plan.events.approved');
    expect(say('agreed', { agreedOn: '2026-12-01', method: 'signed_paper' })).toBe(
      'cw_plan.events.agreed{"date":"<2026-12-01>","method":"cw_plan.methods.signed_paper"}',
    );
    expect(say('goal_added', { description: 'Find work' })).toBe('cw_plan.events.goal_added{"text":"Find work"}');
    expect(say('action_updated', { changes: { status: {}, outcome: {} } })).toBe(
      'cw_plan.events.action_updated{"fields":"cw_plan.action_fields.status, cw_plan.action_fields.outcome"}',
    );
    expect(say('updated', { nextReviewDate: { from: null, to: '2027-02-01' } })).toBe(
      'cw_plan.events.review_date_set{"date":"<2027-02-01>"}',
    );
    expect(say('updated', { nextReviewDate: { from: '2027-02-01', to: null } })).toBe('cw_plan.events.review_date_cleared');
    expect(say('review_due', { reviewDate: '2027-02-01' })).toBe('cw_plan.events.review_due{"date":"<2027-02-01>"}');
  });
});
