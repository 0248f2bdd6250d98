/** Vocabulary of the casework core, shared by the API and the web app. */

export const CASE_STATUSES = ['registered', 'triaged', 'active', 'on_hold', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Allowed status transitions; anything else is 409 INVALID_TRANSITION. */
export const CASE_TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  registered: ['triaged', 'closed'],
  triaged: ['active', 'closed'],
  active: ['on_hold', 'closed'],
  on_hold: ['active', 'closed'],
  closed: [],
};

export const TRACKS = ['routine', 'targeted'] as const;
export type Track = (typeof TRACKS)[number];

export const CLOSE_REASONS = ['employed', 'training', 'moved', 'inactive', 'other'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

export const CHANNELS = ['in_person', 'phone', 'video', 'online'] as const;
export type Channel = (typeof CHANNELS)[number];

export const DIGITAL_SKILLS = ['none', 'basic', 'good'] as const;
export type DigitalSkills = (typeof DIGITAL_SKILLS)[number];

export const MIGRANT_STATUSES = ['none', 'migrant', 'refugee', 'asylum_seeker'] as const;
export type MigrantStatus = (typeof MIGRANT_STATUSES)[number];

/** ISCED 2011 levels 0 (early childhood) to 8 (doctoral). */
export const EDUCATION_LEVELS = [0, 1, 2, 3, 4, 5, 6, 7, 8] as const;

/** Sensitive jobseeker fields: visible to the assigned counsellor or specialist and the office's supervisors. */
export const SENSITIVE_JOBSEEKER_FIELDS = [
  'nationalId',
  'disability',
  'accommodations',
  'migrantStatus',
  'interpreterNeeded',
  'interpreterLanguage',
] as const;
export type SensitiveJobseekerField = (typeof SENSITIVE_JOBSEEKER_FIELDS)[number];

export const OVERRIDE_REASONS = [
  'additional_barriers_known',
  'fewer_barriers_than_scored',
  'client_request',
  'data_incorrect',
  'capacity',
  'other',
] as const;
export type OverrideReason = (typeof OVERRIDE_REASONS)[number];

export const WORK_ITEM_KINDS = [
  'verify_registration',
  'book_first_interview',
  'phone_client',
  'specialist_intake',
  'follow_up_no_show',
  'review_plan',
  'transfer_request',
  'overdue_escalation',
  'override_review',
  'over_cap_warning',
  'unassigned_case',
  // Intervention plans: a submitted plan in the supervisor's inbox; a returned one, and an approved
  // one to agree with the jobseeker, back with its author.
  'approve_plan',
  'plan_returned',
  'agree_plan',
] as const;
export type WorkItemKind = (typeof WORK_ITEM_KINDS)[number];

export const QUEUES = ['routine', 'targeted'] as const;
export type Queue = (typeof QUEUES)[number];

export const WORK_ITEM_STATUSES = ['open', 'claimed', 'done', 'cancelled'] as const;
export type WorkItemStatus = (typeof WORK_ITEM_STATUSES)[number];

export const NOTE_VISIBILITIES = ['case_team', 'restricted'] as const;
export type NoteVisibility = (typeof NOTE_VISIBILITIES)[number];

/** Weighted caseload: a targeted case counts twice. */
export const TRACK_WEIGHT: Record<Track, number> = { routine: 1, targeted: 2 };

/** Intervention plan (individual action plan): one current plan per case. */
export const PLAN_STATUSES = ['draft', 'submitted', 'approved', 'agreed', 'completed', 'cancelled'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** A plan that is neither completed nor cancelled is the case's current plan. */
export const CURRENT_PLAN_STATUSES: readonly PlanStatus[] = ['draft', 'submitted', 'approved', 'agreed'];

/** The named steps of a plan, each from the statuses listed to one status; anything else is 409 INVALID_TRANSITION. */
export const PLAN_TRANSITIONS = {
  submit: { from: ['draft'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'approved' },
  return: { from: ['submitted'], to: 'draft' },
  agree: { from: ['approved'], to: 'agreed' },
  complete: { from: ['agreed'], to: 'completed' },
  cancel: { from: ['draft', 'submitted', 'approved', 'agreed'], to: 'cancelled' },
} as const satisfies Record<string, { from: readonly PlanStatus[]; to: PlanStatus }>;
export type PlanTransition = keyof typeof PLAN_TRANSITIONS;

/** How the jobseeker's agreement to the plan was given. */
export const AGREEMENT_METHODS = ['signed_paper', 'verbal_in_person', 'verbal_phone', 'digital'] as const;
export type AgreementMethod = (typeof AGREEMENT_METHODS)[number];

export const GOAL_OUTCOMES = ['achieved', 'partly_achieved', 'not_achieved', 'no_longer_relevant'] as const;
export type GoalOutcome = (typeof GOAL_OUTCOMES)[number];

export const PLAN_ACTION_TYPES = [
  'training',
  'job_search_support',
  'counselling',
  'work_experience',
  'wage_subsidy',
  'referral',
  'other',
] as const;
export type PlanActionType = (typeof PLAN_ACTION_TYPES)[number];

export const PLAN_ACTION_STATUSES = ['planned', 'in_progress', 'done', 'dropped'] as const;
export type PlanActionStatus = (typeof PLAN_ACTION_STATUSES)[number];

/** Who carries out an action: a member of staff (named) or the jobseeker. */
export const PLAN_ACTION_OWNERS = ['staff', 'jobseeker'] as const;
export type PlanActionOwner = (typeof PLAN_ACTION_OWNERS)[number];

/** What the plan's history records (GET /api/intervention-plans/:id/history). */
export const PLAN_EVENT_KINDS = [
  'created',
  'updated',
  'goal_added',
  'goal_updated',
  'goal_removed',
  'action_added',
  'action_updated',
  'action_removed',
  'submitted',
  'approved',
  'returned',
  'agreed',
  'completed',
  'cancelled',
  'review_due',
] as const;
export type PlanEventKind = (typeof PLAN_EVENT_KINDS)[number];
