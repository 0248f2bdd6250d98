import { createTestApp, DEMO, login, type Session, type TestApp } from './helpers.js';
import { auditRows, createUser, expectError, expectFieldError, officeId, uniqueEmail, userId, versionOf } from './support.js';

const q = (params: Record<string, unknown>) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`)
    .join('&');

describe('users', () => {
  let t: TestApp;
  let admin: Session;
  let counsellor: Session;
  let counsellor2: Session;
  let supervisor: Session;
  let manager: Session;
  let northside: string;
  let riverside: string;

  beforeAll(async () => {
    t = await createTestApp();
    [admin, counsellor, counsellor2, supervisor, manager] = await Promise.all(
      [DEMO.admin, DEMO.counsellor, DEMO.counsellor2, DEMO.supervisor, DEMO.manager].map((e) => login(t, e)),
    );
    northside = await officeId(t, 'NORTHSIDE');
    riverside = await officeId(t, 'RIVERSIDE');
  });
  afterAll(() => t.close());

  describe('list', () => {
    it('gives an admin every account with Content-Range, sorted by name by default', async () => {
      const res = await t.http.get('/api/users').set(admin.auth).expect(200);
      expect(res.headers['content-range']).toBe('users 0-6/7');
      expect(res.body).toHaveLength(7);
      const names = res.body.map((u: { fullName: string }) => u.fullName);
      expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b)));
      expect(res.body.find((u: { email: string }) => u.email === DEMO.counsellor)).toEqual({
        id: counsellor.user.id,
        email: DEMO.counsellor,
        fullName: 'Camille Counsel',
        role: 'counsellor',
        officeId: northside,
        active: true,
        away: false,
        caseloadCap: 120,
        mustChangePassword: false,
        lastLoginAt: expect.any(String),
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(JSON.stringify(res.body)).not.toMatch(/argon2|password_?hash/i);
    });

    it('pages with range and reports the window and total', async () => {
      const page = await t.http
        .get(`/api/users?${q({ range: [2, 4], sort: ['fullName', 'ASC'] })}`)
        .set(admin.auth)
        .expect(200);
      expect(page.headers['content-range']).toBe('users 2-4/7');
      const all = await t.http.get(`/api/users?${q({ sort: ['fullName', 'ASC'] })}`).set(admin.auth);
      expect(page.body.map((u: { id: string }) => u.id)).toEqual(all.body.slice(2, 5).map((u: { id: string }) => u.id));
      const beyond = await t.http
        .get(`/api/users?${q({ range: [50, 59] })}`)
        .set(admin.auth)
        .expect(200);
      expect(beyond.body).toEqual([]);
      expect(beyond.headers['content-range']).toBe('users */7');
      await t.http
        .get(`/api/users?${q({ range: [0, 99] })}`)
        .set(admin.auth)
        .expect(200);
      expectFieldError(await t.http.get(`/api/users?${q({ range: [0, 100] })}`).set(admin.auth), 'range', 'max');
      expectFieldError(await t.http.get(`/api/users?${q({ range: [5, 2] })}`).set(admin.auth), 'range');
      expectFieldError(await t.http.get(`/api/users?${q({ range: [-1, 2] })}`).set(admin.auth), 'range');
    });

    it('exposes Content-Range to the web app through CORS', async () => {
      const res = await t.http.get('/api/users').set(admin.auth).set('Origin', 'http://localhost:5173').expect(200);
      expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173');
      expect(res.headers['access-control-allow-credentials']).toBe('true');
      expect(String(res.headers['access-control-expose-headers']).split(/,\s*/)).toContain('Content-Range');
      const foreign = await t.http.get('/api/users').set(admin.auth).set('Origin', 'https://evil.example').expect(200);
      expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('sorts by allowed fields in both directions and refuses others, naming them', async () => {
      const desc = await t.http
        .get(`/api/users?${q({ sort: ['email', 'DESC'] })}`)
        .set(admin.auth)
        .expect(200);
      const emails = desc.body.map((u: { email: string }) => u.email);
      expect(emails).toEqual([...emails].sort().reverse());
      const byRole = await t.http
        .get(`/api/users?${q({ sort: ['role', 'ASC'] })}`)
        .set(admin.auth)
        .expect(200);
      expect(byRole.body[0].role).toBe('admin');
      for (const field of ['passwordHash', 'password_hash', 'u.id; DROP TABLE users', 'version']) {
        const res = await t.http.get(`/api/users?${q({ sort: [field, 'ASC'] })}`).set(admin.auth);
        expectFieldError(res, 'sort', 'allowed');
        expect(res.body.message).toContain(field);
      }
      expectFieldError(await t.http.get(`/api/users?${q({ sort: ['fullName', 'SIDEWAYS'] })}`).set(admin.auth), 'sort', 'order');
    });

    it('filters by allowed fields and refuses unknown ones, naming them', async () => {
      const counsellors = await t.http
        .get(`/api/users?${q({ filter: { role: 'counsellor' } })}`)
        .set(admin.auth)
        .expect(200);
      expect(counsellors.headers['content-range']).toBe('users 0-1/2');
      const office2 = await t.http
        .get(`/api/users?${q({ filter: { officeId: riverside } })}`)
        .set(admin.auth)
        .expect(200);
      expect(office2.body.map((u: { email: string }) => u.email)).toEqual([DEMO.counsellor2]);
      const many = await t.http
        .get(`/api/users?${q({ filter: { id: [counsellor.user.id, manager.user.id] } })}`)
        .set(admin.auth)
        .expect(200);
      expect(many.body.map((u: { id: string }) => u.id).sort()).toEqual([counsellor.user.id, manager.user.id].sort());
      const search = await t.http
        .get(`/api/users?${q({ filter: { q: 'counsel' } })}`)
        .set(admin.auth)
        .expect(200);
      expect(search.body).toHaveLength(2);
      const byEmail = await t.http
        .get(`/api/users?${q({ filter: { q: 'manager@demo' } })}`)
        .set(admin.auth)
        .expect(200);
      expect(byEmail.body.map((u: { id: string }) => u.id)).toEqual([manager.user.id]);
      const wildcard = await t.http
        .get(`/api/users?${q({ filter: { q: '%' } })}`)
        .set(admin.auth)
        .expect(200);
      expect(wildcard.body).toEqual([]);
      const inactive = await t.http
        .get(`/api/users?${q({ filter: { active: false } })}`)
        .set(admin.auth)
        .expect(200);
      expect(inactive.headers['content-range']).toBe('users */0');

      for (const field of ['email', 'passwordHash', 'mustChangePassword']) {
        const res = await t.http.get(`/api/users?${q({ filter: { [field]: 'x' } })}`).set(admin.auth);
        expectFieldError(res, `filter.${field}`, 'allowed');
      }
      expectFieldError(await t.http.get(`/api/users?${q({ filter: { role: 'wizard' } })}`).set(admin.auth), 'filter.role', 'isIn');
      expectFieldError(
        await t.http.get(`/api/users?${q({ filter: { officeId: 'northside' } })}`).set(admin.auth),
        'filter.officeId',
        'isUuid',
      );
      expectFieldError(await t.http.get(`/api/users?${q({ filter: { active: 'yes' } })}`).set(admin.auth), 'filter.active', 'isBoolean');
      expectFieldError(await t.http.get(`/api/users?filter=${encodeURIComponent('{"role":')}`).set(admin.auth), 'filter', 'json');
      expectFieldError(await t.http.get(`/api/users?page=2`).set(admin.auth), 'page', 'unknown');
    });
  });

  describe('read by role', () => {
    it('shows staff only their own office, without email or account details', async () => {
      const res = await t.http.get('/api/users').set(counsellor.auth).expect(200);
      expect(res.headers['content-range']).toBe('users 0-5/6');
      for (const u of res.body) {
        expect(u.officeId).toBe(northside);
        expect(Object.keys(u).sort()).toEqual(['active', 'away', 'caseloadCap', 'fullName', 'id', 'officeId', 'role']);
      }
      const one = await t.http.get(`/api/users/${supervisor.user.id}`).set(counsellor.auth).expect(200);
      expect(one.body).not.toHaveProperty('email');
      expect(one.body).toMatchObject({ id: supervisor.user.id, fullName: 'Sofia Supervisor', role: 'supervisor' });
    });

    it('does not let staff sort or search by the email they cannot see', async () => {
      expectFieldError(await t.http.get(`/api/users?${q({ sort: ['email', 'ASC'] })}`).set(counsellor.auth), 'sort', 'allowed');
      const res = await t.http
        .get(`/api/users?${q({ filter: { q: 'demo.test' } })}`)
        .set(counsellor.auth)
        .expect(200);
      expect(res.body).toEqual([]);
      const byName = await t.http
        .get(`/api/users?${q({ filter: { q: 'Sofia' } })}`)
        .set(counsellor.auth)
        .expect(200);
      expect(byName.body.map((u: { id: string }) => u.id)).toEqual([supervisor.user.id]);
    });

    it('answers 404 for a user of another office, whatever the filter asks', async () => {
      expectError(await t.http.get(`/api/users/${counsellor2.user.id}`).set(counsellor.auth), 404, 'NOT_FOUND');
      const filtered = await t.http
        .get(`/api/users?${q({ filter: { officeId: riverside } })}`)
        .set(counsellor.auth)
        .expect(200);
      expect(filtered.body).toEqual([]);
      const byId = await t.http
        .get(`/api/users?${q({ filter: { id: [counsellor2.user.id] } })}`)
        .set(counsellor.auth)
        .expect(200);
      expect(byId.body).toEqual([]);
      // The office-2 counsellor sees only themself.
      const own = await t.http.get('/api/users').set(counsellor2.auth).expect(200);
      expect(own.body.map((u: { id: string }) => u.id)).toEqual([counsellor2.user.id]);
      expectError(await t.http.get(`/api/users/${counsellor.user.id}`).set(counsellor2.auth), 404, 'NOT_FOUND');
    });

    it('limits supervisors to their office too, and refuses managers', async () => {
      const res = await t.http.get('/api/users').set(supervisor.auth).expect(200);
      expect(res.headers['content-range']).toBe('users 0-5/6');
      expectError(await t.http.get(`/api/users/${counsellor2.user.id}`).set(supervisor.auth), 404);
      expectError(await t.http.get('/api/users').set(manager.auth), 403, 'FORBIDDEN');
      expectError(await t.http.get(`/api/users/${manager.user.id}`).set(manager.auth), 403, 'FORBIDDEN');
    });

    it('refuses writes to everyone but admins', async () => {
      for (const s of [counsellor, supervisor, manager]) {
        expectError(
          await t.http
            .post('/api/users')
            .set(s.auth)
            .send({ email: uniqueEmail(), fullName: 'Nope', role: 'counsellor', officeId: northside }),
          403,
          'FORBIDDEN',
        );
        expectError(
          await t.http.patch(`/api/users/${s.user.id}`).set(s.auth).send({ fullName: 'Me Myself', version: 1 }),
          403,
          'FORBIDDEN',
        );
        expectError(await t.http.post(`/api/users/${counsellor.user.id}/reset-password`).set(s.auth), 403, 'FORBIDDEN');
      }
      expect((await t.sql.query(`SELECT count(*)::int AS n FROM users`)).rows[0].n).toBe(7);
    });

    it('answers 400 for an id that is not a UUID and 404 for an unknown one', async () => {
      expectFieldError(await t.http.get('/api/users/not-a-uuid').set(admin.auth), 'id', 'isUuid');
      expectFieldError(await t.http.get(`/api/users/${admin.user.id}x`).set(admin.auth), 'id', 'isUuid');
      expectFieldError(await t.http.patch('/api/users/123').set(admin.auth).send({ version: 1 }), 'id', 'isUuid');
      expectError(await t.http.get('/api/users/7d1c0c47-2f6d-4b7a-9a39-9a8b5d2c6e01').set(admin.auth), 404, 'NOT_FOUND');
    });
  });

  describe('create', () => {
    it('creates an account with a one-time password and records it in the audit log', async () => {
      const email = uniqueEmail('Create');
      const res = await t.http
        .post('/api/users')
        .set(admin.auth)
        .set('X-Request-Id', 'create-user-req-01')
        .send({ email, fullName: 'Nadia New', role: 'specialist', officeId: riverside, caseloadCap: 40 })
        .expect(201);
      expect(res.body).toMatchObject({
        email,
        fullName: 'Nadia New',
        role: 'specialist',
        officeId: riverside,
        caseloadCap: 40,
        active: true,
        mustChangePassword: true,
        version: 1,
      });
      expect(res.body.oneTimePassword).toMatch(/^\w{16}$/);
      const [event] = await auditRows(t, { action: 'users.create', requestId: 'create-user-req-01' });
      expect(event).toMatchObject({
        actor_id: admin.user.id,
        actor_role: 'admin',
        entity: 'users',
        entity_id: res.body.id,
        changes: { email, role: 'specialist' },
      });
      expect(JSON.stringify(event)).not.toContain(res.body.oneTimePassword);
      // The new colleague is visible to the other office's staff, but not to ours.
      await t.http.get(`/api/users/${res.body.id}`).set(counsellor2.auth).expect(200);
      expectError(await t.http.get(`/api/users/${res.body.id}`).set(counsellor.auth), 404);
    });

    it('validates every field, naming field and rule', async () => {
      const res = await t.http.post('/api/users').set(admin.auth).send({});
      for (const field of ['email', 'fullName', 'role', 'officeId']) expectFieldError(res, field);
      const bad = (body: Record<string, unknown>) =>
        t.http
          .post('/api/users')
          .set(admin.auth)
          .send({ email: uniqueEmail(), fullName: 'Valid Name', role: 'counsellor', officeId: northside, ...body });
      expectFieldError(await bad({ email: 'not-an-email' }), 'email', 'isEmail');
      expectFieldError(await bad({ email: `${'x'.repeat(250)}@example.test` }), 'email');
      expectFieldError(await bad({ fullName: 'x' }), 'fullName', 'minLength');
      expectFieldError(await bad({ fullName: 'x'.repeat(121) }), 'fullName', 'maxLength');
      expectFieldError(await bad({ fullName: '    ' }), 'fullName');
      expectFieldError(await bad({ role: 'superuser' }), 'role', 'isIn');
      expectFieldError(await bad({ officeId: 'northside' }), 'officeId', 'isUuid');
      expectFieldError(await bad({ officeId: '7d1c0c47-2f6d-4b7a-9a39-9a8b5d2c6e01' }), 'officeId', 'exists');
      expectFieldError(await bad({ caseloadCap: 0 }), 'caseloadCap', 'min');
      expectFieldError(await bad({ caseloadCap: 1001 }), 'caseloadCap', 'max');
      expectFieldError(await bad({ caseloadCap: 2.5 }), 'caseloadCap', 'isInt');
      expectFieldError(await bad({ password: 'chosen-by-admin' }), 'password', 'unknown');
      expectFieldError(await bad({ active: false }), 'active', 'unknown');
      expectFieldError(await bad({ mustChangePassword: false }), 'mustChangePassword', 'unknown');
      expect((await t.sql.query(`SELECT count(*)::int AS n FROM users WHERE full_name = 'Valid Name'`)).rows[0].n).toBe(0);
    });

    it('refuses a duplicate email, whatever its case, with 409 ALREADY_EXISTS naming email', async () => {
      const res = await t.http
        .post('/api/users')
        .set(admin.auth)
        .send({ email: DEMO.counsellor.toUpperCase(), fullName: 'Copy Cat', role: 'counsellor', officeId: northside });
      expectFieldError(res, 'email', 'unique', 409, 'ALREADY_EXISTS');
    });

    it('answers 409 naming email to the loser of two simultaneous creates with the same email', async () => {
      const email = uniqueEmail('race');
      const body = { email, fullName: 'Race Runner', role: 'counsellor', officeId: northside };
      const results = await Promise.all([0, 1, 2].map(() => t.http.post('/api/users').set(admin.auth).send(body)));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      for (const r of results.filter((x) => x.status === 409)) expectFieldError(r, 'email', 'unique', 409, 'ALREADY_EXISTS');
      expect((await t.sql.query(`SELECT count(*)::int AS n FROM users WHERE email = $1`, [email])).rows[0].n).toBe(1);
      expect((await auditRows(t, { action: 'users.create' })).filter((e) => e.changes?.email === email)).toHaveLength(1);
    });
  });

  describe('update', () => {
    it('changes only the given fields, bumps the version and audits the difference', async () => {
      const u = await createUser(t, admin, { fullName: 'Patch Me', caseloadCap: 50 });
      const res = await t.http
        .patch(`/api/users/${u.id}`)
        .set(admin.auth)
        .send({ fullName: 'Patched Person', caseloadCap: null, version: 1 })
        .expect(200);
      expect(res.body).toMatchObject({ id: u.id, fullName: 'Patched Person', caseloadCap: null, role: 'counsellor', version: 2 });
      const [event] = await auditRows(t, { action: 'users.update', entityId: u.id });
      expect(event.changes).toEqual({ fullName: { from: 'Patch Me', to: 'Patched Person' }, caseloadCap: { from: 50, to: null } });
      const moved = await t.http
        .patch(`/api/users/${u.id}`)
        .set(admin.auth)
        .send({ officeId: riverside, role: 'specialist', version: 2 })
        .expect(200);
      expect(moved.body).toMatchObject({ officeId: riverside, role: 'specialist', version: 3 });
    });

    it('answers 409 STALE_VERSION to a stale version and changes nothing', async () => {
      const u = await createUser(t, admin, { fullName: 'Stale Target' });
      await t.http.patch(`/api/users/${u.id}`).set(admin.auth).send({ fullName: 'First Writer', version: 1 }).expect(200);
      const before = (await t.sql.query(`SELECT * FROM users WHERE id = $1`, [u.id])).rows[0];
      const auditBefore = (await auditRows(t, { entityId: u.id })).length;
      const res = await t.http
        .patch(`/api/users/${u.id}`)
        .set(admin.auth)
        .send({ fullName: 'Second Writer', role: 'supervisor', version: 1 });
      expectFieldError(res, 'version', 'current', 409, 'STALE_VERSION');
      const after = (await t.sql.query(`SELECT * FROM users WHERE id = $1`, [u.id])).rows[0];
      expect(after).toEqual(before);
      expect((await auditRows(t, { entityId: u.id })).length).toBe(auditBefore);
      const future = await t.http.patch(`/api/users/${u.id}`).set(admin.auth).send({ fullName: 'Future Writer', version: 99 });
      expectError(future, 409, 'STALE_VERSION');
    });

    it('does not end sessions when a deactivation carries a stale version', async () => {
      const s = await login(t, DEMO.frontDesk);
      const version = await versionOf(t, 'users', s.user.id);
      expectError(
        await t.http
          .patch(`/api/users/${s.user.id}`)
          .set(admin.auth)
          .send({ active: false, version: version - 1 || 99 }),
        409,
        'STALE_VERSION',
      );
      await t.http.get('/api/auth/me').set(s.auth).expect(200);
      expect((await t.sql.query(`SELECT active FROM users WHERE id = $1`, [s.user.id])).rows[0].active).toBe(true);
    });

    it('requires the version and validates fields', async () => {
      const u = await createUser(t, admin);
      expectFieldError(await t.http.patch(`/api/users/${u.id}`).set(admin.auth).send({ fullName: 'No Version' }), 'version');
      expectFieldError(
        await t.http.patch(`/api/users/${u.id}`).set(admin.auth).send({ fullName: 'No Version', version: '1' }),
        'version',
        'isInt',
      );
      expectFieldError(await t.http.patch(`/api/users/${u.id}`).set(admin.auth).send({ role: 'wizard', version: 1 }), 'role', 'isIn');
      expectFieldError(await t.http.patch(`/api/users/${u.id}`).set(admin.auth).send({ active: 'no', version: 1 }), 'active', 'isBoolean');
      expectFieldError(
        await t.http.patch(`/api/users/${u.id}`).set(admin.auth).send({ passwordHash: 'x', version: 1 }),
        'passwordHash',
        'unknown',
      );
      expectFieldError(await t.http.patch(`/api/users/${u.id}`).set(admin.auth).send({ id: admin.user.id, version: 1 }), 'id', 'unknown');
      expectFieldError(
        await t.http.patch(`/api/users/${u.id}`).set(admin.auth).send({ officeId: '7d1c0c47-2f6d-4b7a-9a39-9a8b5d2c6e01', version: 1 }),
        'officeId',
        'exists',
      );
      expect(await versionOf(t, 'users', u.id)).toBe(1);
    });

    it('refuses taking another account’s email (409 naming email) but allows changing the case of one’s own', async () => {
      const u = await createUser(t, admin, { email: uniqueEmail('case') });
      expectFieldError(
        await t.http.patch(`/api/users/${u.id}`).set(admin.auth).send({ email: DEMO.manager.toUpperCase(), version: 1 }),
        'email',
        'unique',
        409,
        'ALREADY_EXISTS',
      );
      const res = await t.http.patch(`/api/users/${u.id}`).set(admin.auth).send({ email: u.email.toUpperCase(), version: 1 }).expect(200);
      expect(res.body.email).toBe(u.email.toUpperCase());
    });

    it('answers 404 for an unknown id', async () => {
      expectError(
        await t.http.patch('/api/users/7d1c0c47-2f6d-4b7a-9a39-9a8b5d2c6e01').set(admin.auth).send({ fullName: 'Ghost', version: 1 }),
        404,
        'NOT_FOUND',
      );
    });
  });

  describe('never deleted', () => {
    it('has no DELETE route', async () => {
      const id = await userId(t, DEMO.specialist);
      expectError(await t.http.delete(`/api/users/${id}`).set(admin.auth), 404, 'NOT_FOUND');
      expectError(await t.http.delete('/api/users').set(admin.auth), 404, 'NOT_FOUND');
      expect((await t.sql.query(`SELECT count(*)::int AS n FROM users WHERE id = $1`, [id])).rows[0].n).toBe(1);
    });

    it('refuses resetting the password of a deactivated account', async () => {
      const u = await createUser(t, admin);
      await t.http.patch(`/api/users/${u.id}`).set(admin.auth).send({ active: false, version: 1 }).expect(200);
      expectError(await t.http.post(`/api/users/${u.id}/reset-password`).set(admin.auth), 409, 'CONFLICT');
      expectError(await t.http.post('/api/users/7d1c0c47-2f6d-4b7a-9a39-9a8b5d2c6e01/reset-password').set(admin.auth), 404, 'NOT_FOUND');
    });
  });
});
