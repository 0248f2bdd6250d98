import { ACCESS_MATRIX, ROLES, scopeFor, type Action, type Resource, type Role } from '@casework/contracts';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { PERMISSION_KEY, PUBLIC_KEY, SELF_KEY, type PermissionMeta } from '../src/common/auth/decorators.js';
import { routesServed } from '../src/bootstrap.js';
import { createTestApp, DEMO, login, type Session, type TestApp } from './helpers.js';
import { createUser, expectError, signJwt } from './support.js';

interface RouteInfo {
  method: string;
  path: string;
  controller: string;
  handler: string;
  isPublic: boolean;
  self?: { pendingPasswordChange?: boolean };
  permission?: PermissionMeta;
}

/** Every route the Nest controllers declare, with the access metadata the guard reads. */
function nestRoutes(t: TestApp): RouteInfo[] {
  const scanner = new MetadataScanner();
  const routes: RouteInfo[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => object) | undefined;
      if (!type) continue;
      const base = normalise(Reflect.getMetadata(PATH_METADATA, type));
      for (const name of scanner.getAllMethodNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[name] as object;
        const sub = Reflect.getMetadata(PATH_METADATA, handler);
        const method = Reflect.getMetadata(METHOD_METADATA, handler);
        if (sub === undefined || method === undefined) continue;
        const read = <T>(key: string): T | undefined => Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, type);
        routes.push({
          method: RequestMethod[method as RequestMethod].toLowerCase(),
          path: `/api${base}${normalise(sub)}`.replace(/\/$/, '') || '/api',
          controller: type.name,
          handler: name,
          isPublic: !!read<boolean>(PUBLIC_KEY),
          self: read(SELF_KEY),
          permission: read(PERMISSION_KEY),
        });
      }
    }
  }
  return routes;
}

function normalise(path: string | string[] | undefined): string {
  const p = Array.isArray(path) ? path[0] : (path ?? '');
  return !p || p === '/' ? '' : `/${p.replace(/^\/+|\/+$/g, '')}`;
}

/** Every route Fastify will answer, as `method path` (without the HEAD twin it adds to each GET). */
function servedRoutes(t: TestApp): string[] {
  return routesServed(t.app).filter((r) => !r.startsWith('head '));
}

/** What is wrong with a route's access declaration, if anything. */
export function accessProblems(route: Pick<RouteInfo, 'isPublic' | 'self' | 'permission'>): string[] {
  const problems: string[] = [];
  const declared = [route.isPublic, !!route.self, !!route.permission].filter(Boolean).length;
  if (declared === 0) problems.push('has none of @Public, @Self or @Permission');
  if (declared > 1) problems.push('mixes @Public, @Self and @Permission');
  if (route.permission) {
    const { resource, action } = route.permission;
    if (!(resource in ACCESS_MATRIX)) problems.push(`names unknown resource ${resource}`);
    else if (!ROLES.some((role) => scopeFor(role, resource, action)))
      problems.push(`@Permission(${resource}, ${action}) is held by no role`);
  }
  return problems;
}

// The only routes open without signing in. Adding one is a security decision: add it here on purpose.
// The calendar feed is public by design: the secret token in its path is the credential (docs/security.md).
const PUBLIC_ROUTES = [
  'post /api/auth/login',
  'post /api/auth/refresh',
  'get /api/health',
  'get /api/health/ready',
  'get /api/calendar/:file',
];
// Served by Swagger straight on Fastify, outside the Nest guard: documentation only; CORS
// preflights (@fastify/cors); and the web app's files (@fastify/static), when it is built.
const OUTSIDE_NEST = /^(get \/api\/docs(-json|-yaml|\/.*)?|options \*|get \/\*)$/;
const FAKE_ID = '3b241101-e2bb-4255-8caf-4136c566a962';

const url = (path: string) => path.replace(/:[A-Za-z]+/g, FAKE_ID);
const call = (t: TestApp, method: string, path: string) =>
  (t.http as unknown as Record<string, (u: string) => import('supertest').Test>)[method](url(path));

describe('access control', () => {
  let t: TestApp;
  let routes: RouteInfo[];
  const sessions = {} as Record<Role, Session>;
  /** A supervisor of the second office who has not yet changed the one-time password. */
  let pending: Session;

  beforeAll(async () => {
    t = await createTestApp();
    routes = nestRoutes(t);
    const byRole: Record<Role, string> = {
      admin: DEMO.admin,
      front_desk: DEMO.frontDesk,
      counsellor: DEMO.counsellor,
      specialist: DEMO.specialist,
      supervisor: DEMO.supervisor,
      manager: DEMO.manager,
    };
    for (const role of ROLES) sessions[role] = await login(t, byRole[role]);
    const riverside = (await t.sql.query(`SELECT id FROM offices WHERE code = 'RIVERSIDE'`)).rows[0].id;
    const created = await createUser(t, sessions.admin, { role: 'supervisor', officeId: riverside });
    pending = await login(t, created.email, created.oneTimePassword);
  });
  afterAll(() => t.close());

  describe('route declarations', () => {
    it('finds every route Fastify serves among the Nest routes (nothing is registered around the guard)', () => {
      const declared = new Set(routes.map((r) => `${r.method} ${r.path}`));
      const served = servedRoutes(t).filter((r) => !OUTSIDE_NEST.test(r));
      expect(served.length).toBeGreaterThanOrEqual(21);
      expect(served.filter((r) => !declared.has(r))).toEqual([]);
      expect([...declared].filter((r) => !served.includes(r))).toEqual([]);
    });

    it('declares @Public, @Self or @Permission on every route, with permissions some role holds', () => {
      const problems = routes.flatMap((r) =>
        accessProblems(r).map((p) => `${r.method.toUpperCase()} ${r.path} (${r.controller}.${r.handler}) ${p}`),
      );
      expect(problems).toEqual([]);
    });

    it('opens only the intended routes to the public', () => {
      expect(
        routes
          .filter((r) => r.isPublic)
          .map((r) => `${r.method} ${r.path}`)
          .sort(),
      ).toEqual([...PUBLIC_ROUTES].sort());
    });

    it('declares the case notes, timeline, jobseeker update and merge routes with their matrix permissions, and no way to change a note', () => {
      const declared = Object.fromEntries(
        routes.filter((r) => r.permission).map((r) => [`${r.method} ${r.path}`, `${r.permission!.resource} ${r.permission!.action}`]),
      );
      expect(declared).toMatchObject({
        'get /api/case-notes': 'case-notes read',
        'get /api/case-notes/:id': 'case-notes read',
        'post /api/case-notes': 'case-notes create',
        'get /api/cases/:id/timeline': 'cases read',
        'patch /api/jobseekers/:id': 'jobseekers update',
        'post /api/jobseekers/:id/merge': 'jobseekers merge',
      });
      expect(routes.filter((r) => r.path.startsWith('/api/case-notes') && !['get', 'post'].includes(r.method))).toEqual([]);
    });

    it('declares the intervention plan routes: reads, drafting and steps as update, approval and return as approve', () => {
      const declared = Object.fromEntries(
        routes
          .filter((r) => r.path.startsWith('/api/intervention-plans'))
          .map((r) => [`${r.method} ${r.path}`, `${r.permission?.resource} ${r.permission?.action}`]),
      );
      expect(declared).toEqual({
        'get /api/intervention-plans': 'intervention-plans read',
        'get /api/intervention-plans/:id': 'intervention-plans read',
        'get /api/intervention-plans/:id/history': 'intervention-plans read',
        'get /api/intervention-plans/:id/document': 'intervention-plans read',
        'post /api/intervention-plans': 'intervention-plans create',
        'patch /api/intervention-plans/:id': 'intervention-plans update',
        'post /api/intervention-plans/:id/goals': 'intervention-plans update',
        'patch /api/intervention-plans/:id/goals/:goalId': 'intervention-plans update',
        'delete /api/intervention-plans/:id/goals/:goalId': 'intervention-plans update',
        'post /api/intervention-plans/:id/goals/:goalId/actions': 'intervention-plans update',
        'patch /api/intervention-plans/:id/actions/:actionId': 'intervention-plans update',
        'delete /api/intervention-plans/:id/actions/:actionId': 'intervention-plans update',
        'post /api/intervention-plans/:id/submit': 'intervention-plans update',
        'post /api/intervention-plans/:id/approve': 'intervention-plans approve',
        'post /api/intervention-plans/:id/return': 'intervention-plans approve',
        'post /api/intervention-plans/:id/agree': 'intervention-plans update',
        'post /api/intervention-plans/:id/complete': 'intervention-plans update',
        'post /api/intervention-plans/:id/cancel': 'intervention-plans update',
      });
    });

    it('declares the appointment, closure, outbox and calendar-feed routes with their matrix permissions', () => {
      const declared = Object.fromEntries(
        routes.filter((r) => r.permission).map((r) => [`${r.method} ${r.path}`, `${r.permission!.resource} ${r.permission!.action}`]),
      );
      expect(declared).toMatchObject({
        'get /api/appointments': 'appointments read',
        'get /api/appointments/availability': 'appointments read',
        'get /api/appointments/:id': 'appointments read',
        'post /api/appointments': 'appointments create',
        'patch /api/appointments/:id': 'appointments update',
        'post /api/appointments/:id/attend': 'appointments update',
        'post /api/appointments/:id/no-show': 'appointments update',
        'post /api/appointments/:id/cancel': 'appointments update',
        'get /api/offices/:id/closures': 'office-closures read',
        'post /api/offices/:id/closures': 'office-closures create',
        'delete /api/offices/:id/closures/:closureId': 'office-closures update',
        'get /api/outbox-messages': 'outbox-messages read',
        'get /api/calendar-feed': 'appointments read',
        'post /api/calendar-feed': 'appointments read',
        'delete /api/calendar-feed': 'appointments read',
      });
    });

    it('declares the report routes as reports read, which only supervisors and managers hold', () => {
      const declared = Object.fromEntries(
        routes
          .filter((r) => r.path.startsWith('/api/reports'))
          .map((r) => [`${r.method} ${r.path}`, `${r.permission?.resource} ${r.permission?.action}`]),
      );
      expect(declared).toEqual({ 'get /api/reports/scope': 'reports read', 'get /api/reports/:report': 'reports read' });
      expect(ROLES.filter((role) => scopeFor(role, 'reports', 'read'))).toEqual(['supervisor', 'manager']);
    });

    it('reports a route without declaration and a permission nobody holds (the checks above can fail)', () => {
      expect(accessProblems({ isPublic: false })).toEqual(['has none of @Public, @Self or @Permission']);
      expect(accessProblems({ isPublic: false, permission: { resource: 'audit-events', action: 'create' } })).toEqual([
        '@Permission(audit-events, create) is held by no role',
      ]);
      expect(accessProblems({ isPublic: false, permission: { resource: 'payroll' as Resource, action: 'read' as Action } })).toEqual([
        'names unknown resource payroll',
      ]);
      expect(accessProblems({ isPublic: true, permission: { resource: 'users', action: 'read' } })).toEqual([
        'mixes @Public, @Self and @Permission',
      ]);
      expect(accessProblems({ isPublic: false, permission: { resource: 'users', action: 'read' } })).toEqual([]);
    });
  });

  describe('HTTP sweep', () => {
    it('answers 401 UNAUTHENTICATED on every non-public route without a token', async () => {
      const failures: string[] = [];
      for (const r of routes.filter((x) => !x.isPublic)) {
        const res = await call(t, r.method, r.path);
        if (res.status !== 401 || res.body.code !== 'UNAUTHENTICATED')
          failures.push(`${r.method} ${r.path} -> ${res.status} ${res.body.code}`);
      }
      expect(failures).toEqual([]);
    });

    it('answers 401 on every non-public route with a forged, expired or malformed token', async () => {
      const real = sessions.admin.token;
      const payload = JSON.parse(Buffer.from(real.split('.')[1], 'base64url').toString());
      const now = Math.floor(Date.now() / 1000);
      const tokens = [
        signJwt(payload, { alg: 'none' }),
        signJwt(payload, { secret: 'not-the-secret-not-the-secret-not-the-secret' }),
        signJwt({ ...payload, iat: now - 2000, exp: now - 1000 }),
        'not.a.jwt',
        `${real}x`,
      ];
      const failures: string[] = [];
      for (const r of routes.filter((x) => !x.isPublic)) {
        for (const token of tokens) {
          const res = await call(t, r.method, r.path).set('Authorization', `Bearer ${token}`);
          if (res.status !== 401) failures.push(`${r.method} ${r.path} -> ${res.status}`);
        }
      }
      expect(failures).toEqual([]);
    });

    it('answers 403 FORBIDDEN on every @Permission route to each role the matrix does not grant', async () => {
      const failures: string[] = [];
      let checked = 0;
      for (const r of routes.filter((x) => x.permission)) {
        for (const role of ROLES) {
          if (scopeFor(role, r.permission!.resource, r.permission!.action)) continue;
          checked++;
          const res = await call(t, r.method, r.path).set(sessions[role].auth).send({});
          if (res.status !== 403 || res.body.code !== 'FORBIDDEN')
            failures.push(`${role} ${r.method} ${r.path} -> ${res.status} ${res.body.code}`);
        }
      }
      expect(checked).toBeGreaterThan(30);
      expect(failures).toEqual([]);
    });

    it('lets each granted role through the guard on every @Permission read route', async () => {
      const failures: string[] = [];
      for (const r of routes.filter((x) => x.permission && x.method === 'get')) {
        for (const role of ROLES) {
          if (!scopeFor(role, r.permission!.resource, r.permission!.action)) continue;
          const res = await call(t, r.method, r.path).set(sessions[role].auth);
          // Past the guard: found, not found (a made-up id) or a 400 for a required query parameter.
          if (![200, 400, 404].includes(res.status) || res.body.code === 'FORBIDDEN')
            failures.push(`${role} ${r.method} ${r.path} -> ${res.status} ${res.body.code}`);
        }
      }
      expect(failures).toEqual([]);
    });

    it('answers 403 PASSWORD_CHANGE_REQUIRED on every route but the account’s own while a one-time password is unchanged', async () => {
      const s = pending;
      const failures: string[] = [];
      for (const r of routes.filter((x) => !x.isPublic && !x.self?.pendingPasswordChange)) {
        const res = await call(t, r.method, r.path).set(s.auth).send({});
        if (res.status !== 403 || res.body.code !== 'PASSWORD_CHANGE_REQUIRED')
          failures.push(`${r.method} ${r.path} -> ${res.status} ${res.body.code}`);
      }
      expect(failures).toEqual([]);
      // The routes that stay open are the account's own.
      expect(
        routes
          .filter((x) => x.self?.pendingPasswordChange)
          .map((r) => `${r.method} ${r.path}`)
          .sort(),
      ).toEqual(['get /api/auth/me', 'post /api/auth/logout', 'post /api/auth/password']);
      await t.http.get('/api/auth/me').set(s.auth).expect(200);
    });

    it('answers unknown routes and methods with 404 in the error shape', async () => {
      for (const [method, path] of [
        ['get', '/api/nothing-here'],
        ['delete', `/api/users/${FAKE_ID}`],
        ['put', `/api/offices/${FAKE_ID}`],
        ['delete', '/api/audit-events'],
        ['patch', '/api/audit-events'],
      ] as const) {
        const res = await call(t, method, path).set(sessions.admin.auth);
        expectError(res, 404, 'NOT_FOUND');
      }
    });
  });

  describe('scopes, seen through what each role gets', () => {
    const total = async (role: Role, path: string) => {
      const res = await t.http.get(path).set(sessions[role].auth);
      return res.status === 200 ? Number(String(res.headers['content-range']).split('/')[1]) : res.status;
    };

    it('counts users, offices and regions per role (the demo data plus one supervisor in the second office)', async () => {
      const seen: Record<string, Record<string, number>> = {};
      for (const role of ROLES) {
        seen[role] = {
          users: await total(role, '/api/users'),
          offices: await total(role, '/api/offices'),
          regions: await total(role, '/api/regions'),
        };
      }
      const counsellor2 = await login(t, DEMO.counsellor2);
      const c2 = async (p: string) => Number(String((await t.http.get(p).set(counsellor2.auth)).headers['content-range']).split('/')[1]);
      expect(seen).toEqual({
        admin: { users: 8, offices: 2, regions: 1 },
        front_desk: { users: 6, offices: 1, regions: 403 },
        counsellor: { users: 6, offices: 1, regions: 403 },
        specialist: { users: 6, offices: 1, regions: 403 },
        supervisor: { users: 6, offices: 2, regions: 1 },
        manager: { users: 403, offices: 403, regions: 403 },
      });
      expect({ users: await c2('/api/users'), offices: await c2('/api/offices') }).toEqual({ users: 2, offices: 1 });
    });

    it('reads only audit events as an admin', async () => {
      for (const role of ROLES) {
        const res = await t.http.get('/api/audit-events').set(sessions[role].auth);
        expect([role, res.status]).toEqual([role, role === 'admin' ? 200 : 403]);
      }
    });
  });
});
