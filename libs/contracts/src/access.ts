import type { Role } from './roles.js';

/**
 * The access matrix as data: role x resource x action -> scope.
 * The API guard and the web app both read this; anything not listed is denied.
 * Scopes: own (assigned to me), office, region, all.
 */
export const SCOPES = ['own', 'office', 'region', 'all'] as const;
export type Scope = (typeof SCOPES)[number];

export const RESOURCES = [
  'users',
  'offices',
  'regions',
  'audit-events',
  'occupations',
  'jobseekers',
  'cases',
  'caseloads',
  'work-items',
  'case-notes',
  'intervention-plans',
  'appointments',
  'office-closures',
  'outbox-messages',
  'reports',
] as const;
export type Resource = (typeof RESOURCES)[number];

export const ACTIONS = ['create', 'read', 'update', 'close', 'triage', 'assign', 'transfer', 'merge', 'approve'] as const;
export type Action = (typeof ACTIONS)[number];

export type Grants = Partial<Record<Action, Scope>>;
export type AccessMatrix = Record<Resource, Partial<Record<Role, Grants>>>;

const staffRead: Grants = { read: 'office' };

export const ACCESS_MATRIX: AccessMatrix = {
  users: {
    front_desk: staffRead,
    counsellor: staffRead,
    specialist: staffRead,
    supervisor: staffRead,
    admin: { create: 'all', read: 'all', update: 'all' },
  },
  offices: {
    front_desk: { read: 'office' },
    counsellor: { read: 'office' },
    specialist: { read: 'office' },
    supervisor: { read: 'all' },
    admin: { create: 'all', read: 'all', update: 'all' },
  },
  regions: {
    supervisor: { read: 'all' },
    admin: { create: 'all', read: 'all', update: 'all' },
  },
  'audit-events': {
    admin: { read: 'all' },
  },
  // ISCO-08 reference data for the occupation picker.
  occupations: {
    front_desk: { read: 'all' },
    counsellor: { read: 'all' },
    specialist: { read: 'all' },
    supervisor: { read: 'all' },
  },
  // Sensitive fields within a visible record are narrower still: see SENSITIVE_JOBSEEKER_FIELDS.
  jobseekers: {
    front_desk: { create: 'office', read: 'office', update: 'office' },
    counsellor: { read: 'own', update: 'own' },
    specialist: { read: 'own', update: 'own' },
    supervisor: { read: 'office', merge: 'office' },
  },
  cases: {
    front_desk: { create: 'office', read: 'office' },
    counsellor: { read: 'own', update: 'own', close: 'own', triage: 'own' },
    specialist: { read: 'own', update: 'own', close: 'own', triage: 'own' },
    supervisor: { read: 'office', update: 'office', close: 'office', triage: 'office', assign: 'office', transfer: 'office' },
  },
  // Supervisors set the cap and the away flag of their office's counsellors and specialists.
  caseloads: {
    supervisor: { read: 'office', update: 'office' },
  },
  // Which queue a role works is decided by the work items service (front desk: routine; specialists: targeted).
  'work-items': {
    front_desk: { read: 'office', update: 'office' },
    counsellor: { read: 'own', update: 'own' },
    specialist: { read: 'office', update: 'office' },
    supervisor: { read: 'office', update: 'office', assign: 'office' },
  },
  'case-notes': {
    counsellor: { create: 'own', read: 'own' },
    specialist: { create: 'own', read: 'own' },
    supervisor: { read: 'office' },
  },
  // Plans of the cases assigned to me (not of a case I merely hold a task on): drafting, goals and
  // actions, submitting, the jobseeker's agreement, completing and cancelling are `update`; only
  // the office's supervisors approve or return a submitted plan.
  'intervention-plans': {
    counsellor: { create: 'own', read: 'own', update: 'own' },
    specialist: { create: 'own', read: 'own', update: 'own' },
    supervisor: { read: 'office', approve: 'office' },
  },
  // Status actions (attend, no-show, cancel) and rescheduling are updates. "own" is an appointment on
  // one of my cases or with me; the calendar feed is open to every role that reads appointments.
  appointments: {
    front_desk: { create: 'office', read: 'office', update: 'office' },
    counsellor: { create: 'own', read: 'own', update: 'own' },
    specialist: { create: 'own', read: 'own', update: 'own' },
    supervisor: { read: 'office', update: 'office' },
  },
  // Holidays and other closure days of an office; removing one is an update.
  'office-closures': {
    front_desk: { read: 'office' },
    counsellor: { read: 'office' },
    specialist: { read: 'office' },
    supervisor: { create: 'office', read: 'office', update: 'office' },
    admin: { create: 'all', read: 'all', update: 'all' },
  },
  // Reminders recorded in the outbox (in demo mode, the messages themselves). They carry the client's
  // name and contact details: the office's supervisors read them; admins, who see no case content, do not.
  'outbox-messages': {
    supervisor: { read: 'office' },
  },
  // Aggregates only: no report carries a jobseeker's name or id. A manager of an office flagged
  // national reads every region.
  reports: {
    supervisor: { read: 'office' },
    manager: { read: 'region' },
  },
};

/** The scope a role has for an action on a resource, or null when denied. */
export function scopeFor(role: Role, resource: Resource, action: Action): Scope | null {
  return ACCESS_MATRIX[resource]?.[role]?.[action] ?? null;
}

export function can(role: Role | undefined | null, resource: Resource, action: Action): boolean {
  return !!role && scopeFor(role, resource, action) !== null;
}
