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

export const APPOINTMENT_CHANNELS = ['in_person', 'phone', 'video'] as const;
export type AppointmentChannel = (typeof APPOINTMENT_CHANNELS)[number];

export const APPOINTMENT_STATUSES = ['scheduled', 'attended', 'no_show', 'cancelled'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** Allowed status transitions; anything else is 409 INVALID_TRANSITION. */
export const APPOINTMENT_TRANSITIONS: Record<AppointmentStatus, readonly AppointmentStatus[]> = {
  scheduled: ['attended', 'no_show', 'cancelled'],
  attended: [],
  no_show: [],
  cancelled: [],
};

/** Shortest and longest appointment, in minutes. */
export const APPOINTMENT_MIN_MINUTES = 10;
export const APPOINTMENT_MAX_MINUTES = 240;

/** Reminders before an appointment's start, in hours. */
export const REMINDER_KINDS = ['48h', '2h'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** How a reminder reaches the client: a message, or a phone call by the front desk (a work item). */
export const REMINDER_CHANNELS = ['email', 'sms', 'phone_client'] as const;
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number];

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
