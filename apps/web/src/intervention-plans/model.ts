/**
 * What the plan screens decide without asking the server: which plan of a case to show, who may
 * do what to it in its status, which goals an API refusal names, the name of a downloaded file and
 * one sentence per history entry. The API enforces every rule again; these only shape the screen.
 */
import {
  CURRENT_PLAN_STATUSES,
  PLAN_TRANSITIONS,
  can,
  scopeFor,
  type CaseDto,
  type FieldError,
  type InterventionPlanDto,
  type PlanEventDto,
  type PlanGoalDto,
  type PlanStatus,
  type PlanTransition,
  type Role,
} from '@casework/contracts';

/** A plan as GET /api/intervention-plans/:id answers it, goals and their actions included. */
export type Plan = InterventionPlanDto & { goals: PlanGoalDto[] };

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** What the signed-in user may do to a plan, in the order the buttons are shown. */
export interface PlanAbilities {
  /** Add, change and remove goals and actions (a draft). */
  editGoals: boolean;
  /** Each goal's outcome, each action's status and outcome (an agreed plan). */
  recordOutcomes: boolean;
  /** The next review date (a draft or an agreed plan). */
  reviewDate: boolean;
  steps: PlanTransition[];
  /** The jobseeker's copy, once the plan is agreed. */
  document: boolean;
}

/** Steps that are the supervisor's (`approve`); every other step is the case worker's (`update`). */
const SUPERVISOR_STEPS: readonly PlanTransition[] = ['approve', 'return'];
/** Steps that stay possible once the case is closed: finishing the plan off. */
const STEPS_ON_CLOSED_CASE: readonly PlanTransition[] = ['complete', 'cancel'];

export function planAbilities(role: Role | undefined, status: PlanStatus, caseOpen: boolean): PlanAbilities {
  const worker = can(role, 'intervention-plans', 'update');
  const supervisor = can(role, 'intervention-plans', 'approve');
  const steps = (Object.keys(PLAN_TRANSITIONS) as PlanTransition[]).filter((step) => {
    if (!(PLAN_TRANSITIONS[step].from as readonly PlanStatus[]).includes(status)) return false;
    if (!caseOpen && !STEPS_ON_CLOSED_CASE.includes(step)) return false;
    return SUPERVISOR_STEPS.includes(step) ? supervisor : worker;
  });
  return {
    editGoals: worker && caseOpen && status === 'draft',
    recordOutcomes: worker && caseOpen && status === 'agreed',
    reviewDate: worker && caseOpen && (status === 'draft' || status === 'agreed'),
    steps,
    document: status === 'agreed' || status === 'completed',
  };
}

export const isCurrent = (plan: Pick<InterventionPlanDto, 'status'>) => CURRENT_PLAN_STATUSES.includes(plan.status);

/** The case's current plan, else its latest (the list comes newest first); undefined when it has none. */
export function currentOrLatest<T extends Pick<InterventionPlanDto, 'status'>>(plans: readonly T[] | undefined): T | undefined {
  return plans?.find(isCurrent) ?? plans?.[0];
}

/**
 * Whether the user reads this case's plans at all: a case worker's are the plans of the cases
 * assigned to them (holding a task on a colleague's case is not enough), a supervisor's the office's.
 */
export function readsPlansOf(role: Role | undefined, kase: Pick<CaseDto, 'assignedTo'>, userId: string | undefined): boolean {
  const scope = role ? scopeFor(role, 'intervention-plans', 'read') : null;
  if (scope === 'own') return !!userId && kase.assignedTo === userId;
  return scope !== null;
}

/** "Start a plan": an open case of the user's own with no current plan. */
export function mayStartPlan(
  role: Role | undefined,
  kase: Pick<CaseDto, 'assignedTo' | 'status'>,
  userId: string | undefined,
  plans: readonly Pick<InterventionPlanDto, 'status'>[],
): boolean {
  const scope = role ? scopeFor(role, 'intervention-plans', 'create') : null;
  if (!scope || kase.status === 'closed' || plans.some(isCurrent)) return false;
  return scope !== 'own' || (!!userId && kase.assignedTo === userId);
}

export const goalsWithoutOutcome = (goals: readonly PlanGoalDto[]) => goals.filter((g) => g.outcome === null);

/**
 * The goals an API refusal names, in plan order: `goals[2].outcome` (GOALS_WITHOUT_OUTCOME) or
 * `goals[0].actions` (PLAN_INCOMPLETE) point at the third and the first goal of the plan.
 */
export function goalsNamed(
  errors: readonly FieldError[] | undefined,
  goals: readonly PlanGoalDto[],
  field: 'outcome' | 'actions',
): PlanGoalDto[] {
  const pattern = new RegExp(`^goals\\[(\\d+)\\]\\.${field}$`);
  const named = (errors ?? []).flatMap((e) => {
    const index = pattern.exec(e.field ?? '')?.[1];
    const goal = index === undefined ? undefined : goals[Number(index)];
    return goal ? [goal] : [];
  });
  return goals.filter((g) => named.includes(g));
}

/** The file name a Content-Disposition header gives (RFC 6266 `filename*` first), else the fallback. */
export function filenameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition)?.[1];
  if (extended) {
    try {
      return safeName(decodeURIComponent(extended.trim()), fallback);
    } catch {
      // A malformed escape: fall through to the plain name.
    }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;\s]+))/.exec(disposition);
  return safeName(plain?.[1] ?? plain?.[2] ?? '', fallback);
}

/** No folders in a name to save under. */
const safeName = (name: string, fallback: string) => name.replace(/[/\\]/g, '_').trim() || fallback;

/**
 * The fields of a form that differ from the record, empty text as null: what a PATCH sends
 * (with the plan's version).
 */
export function changedFields<T extends Record<string, unknown>>(record: object, form: T): Partial<T> {
  const before = record as Record<string, unknown>;
  const out: Partial<T> = {};
  for (const key of Object.keys(form) as Array<keyof T & string>) {
    const value = form[key] === '' ? null : form[key];
    if (value !== (before[key] ?? null)) out[key] = value as T[keyof T & string];
  }
  return out;
}

/**
 * Today in an office's calendar (the API checks agreement and review dates against it), YYYY-MM-DD;
 * in the browser's own while the office's time zone is not known.
 */
export function todayIn(timeZone: string | undefined, now = new Date()): string {
  if (timeZone) {
    try {
      const parts = new Intl.DateTimeFormat('en', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
      const part = (type: string) => parts.find((p) => p.type === type)?.value;
      return `${part('year')}-${part('month')}-${part('day')}`;
    } catch {
      // An unknown zone: the browser's calendar.
    }
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Who last took each step, and when, from the plan's history (the plan itself carries ids only). */
export function stepActors(
  events: readonly PlanEventDto[] | undefined,
): Partial<Record<PlanEventDto['kind'], { name: string | null; at: string }>> {
  const out: Partial<Record<PlanEventDto['kind'], { name: string | null; at: string }>> = {};
  for (const e of events ?? []) out[e.kind] = { name: e.actorName, at: e.at };
  return out;
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** One sentence for a history entry, in the user's language, from the entry's data. */
export function describePlanEvent(event: PlanEventDto, translate: Translate, formatDate: (date: string) => string): string {
  const d = event.data ?? {};
  const t = (key: string, args: Record<string, unknown> = {}) => translate(`cw_plan.events.${key}`, args);
  const fields = (prefix: 'goal' | 'action') =>
    Object.keys((d.changes as Record<string, unknown> | undefined) ?? {})
      .map((f) => translate(`cw_plan.${prefix}_fields.${f}`, { _: f }))
      .join(', ');
  switch (event.kind) {
    case 'updated': {
      const to = (d.nextReviewDate as { to?: unknown } | undefined)?.to;
      return typeof to === 'string' ? t('review_date_set', { date: formatDate(to) }) : t('review_date_cleared');
    }
    case 'goal_added':
    case 'goal_removed':
    case 'action_added':
    case 'action_removed':
      return t(event.kind, { text: text(d.description) });
    case 'goal_updated':
      return t('goal_updated', { fields: fields('goal') });
    case 'action_updated':
      return t('action_updated', { fields: fields('action') });
    case 'approved':
      return d.comment ? t('approved_comment', { comment: text(d.comment) }) : t('approved');
    case 'returned':
      return t('returned', { comment: text(d.comment) });
    case 'agreed':
      return t('agreed', {
        date: formatDate(text(d.agreedOn)),
        method: translate(`cw_plan.methods.${text(d.method)}`, { _: text(d.method) }),
      });
    case 'cancelled':
      return t('cancelled', { reason: text(d.reason) });
    case 'review_due':
      return t('review_due', { date: formatDate(text(d.reviewDate)) });
    default:
      return t(event.kind, { _: event.kind });
  }
}
