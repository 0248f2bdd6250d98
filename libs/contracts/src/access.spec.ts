import { ACCESS_MATRIX, ACTIONS, RESOURCES, ROLES, can, scopeFor } from './index.js';

describe('access matrix', () => {
  it('denies anything not listed', () => {
    expect(can('manager', 'users', 'read')).toBe(false);
    expect(can('front_desk', 'audit-events', 'read')).toBe(false);
    expect(can(undefined, 'users', 'read')).toBe(false);
  });

  it('gives admins user administration across the installation and nobody else writes users', () => {
    expect(scopeFor('admin', 'users', 'create')).toBe('all');
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      expect(can(role, 'users', 'create')).toBe(false);
      expect(can(role, 'users', 'update')).toBe(false);
    }
  });

  it('limits staff to their own office when reading users', () => {
    for (const role of ['front_desk', 'counsellor', 'specialist', 'supervisor'] as const) {
      expect(scopeFor(role, 'users', 'read')).toBe('office');
    }
  });

  it('only lists known resources and roles', () => {
    for (const [resource, byRole] of Object.entries(ACCESS_MATRIX)) {
      expect(RESOURCES).toContain(resource);
      for (const role of Object.keys(byRole)) expect(ROLES).toContain(role);
    }
  });

  it('gives intervention plans to the case worker (all but approve, own cases) and approval to the office supervisor', () => {
    for (const role of ['counsellor', 'specialist'] as const) {
      expect(['create', 'read', 'update'].map((a) => scopeFor(role, 'intervention-plans', a as 'read'))).toEqual(['own', 'own', 'own']);
      expect(can(role, 'intervention-plans', 'approve')).toBe(false);
    }
    expect(scopeFor('supervisor', 'intervention-plans', 'read')).toBe('office');
    expect(scopeFor('supervisor', 'intervention-plans', 'approve')).toBe('office');
    expect(can('supervisor', 'intervention-plans', 'update')).toBe(false);
    for (const role of ['front_desk', 'manager', 'admin'] as const) {
      for (const action of ACTIONS) expect(can(role, 'intervention-plans', action)).toBe(false);
    }
  });
});
