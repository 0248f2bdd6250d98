import type { Role } from './roles.js';

/**
 * The access matrix as data: role x resource x action -> scope.
 * The API guard and the web app both read this; anything not listed is denied.
 * Scopes: own (assigned to me), office, region, all.
 */
export const SCOPES = ['own', 'office', 'region', 'all'] as const;
export type Scope = (typeof SCOPES)[number];

export const RESOURCES = ['users', 'offices', 'regions', 'audit-events'] as const;
export type Resource = (typeof RESOURCES)[number];

export const ACTIONS = ['create', 'read', 'update'] as const;
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
};

/** The scope a role has for an action on a resource, or null when denied. */
export function scopeFor(role: Role, resource: Resource, action: Action): Scope | null {
  return ACCESS_MATRIX[resource]?.[role]?.[action] ?? null;
}

export function can(role: Role | undefined | null, resource: Resource, action: Action): boolean {
  return !!role && scopeFor(role, resource, action) !== null;
}
