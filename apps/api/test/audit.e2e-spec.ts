import { createTestApp, DEMO, DEMO_PASSWORD, login, type Session, type TestApp } from './helpers.js';
import { auditRows, createActiveUser, createUser, expectError, expectFieldError, officeId, versionOf } from './support.js';

const q = (params: Record<string, unknown>) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(JSON.stringify(v))}`)
    .join('&');

interface EventDto {
  id: string;
  at: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  changes: Record<string, unknown> | null;
  ip: string | null;
  requestId: string | null;
}

describe('audit log', () => {
  let t: TestApp;
  let admin: Session;
  let counsellor: Session;
  let regionId: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t, DEMO.admin);
    counsellor = await login(t, DEMO.counsellor);
    // A known trail: create and update a region.
    const created = await t.http
      .post('/api/regions')
      .set(admin.auth)
      .set('X-Request-Id', 'audit-setup-create')
      .send({ code: 'AUDIT-R', name: 'Audit Region' })
      .expect(201);
    regionId = created.body.id;
    await t.http
      .patch(`/api/regions/${regionId}`)
      .set(admin.auth)
      .set('X-Request-Id', 'audit-setup-update')
      .send({ name: 'Audited Region', version: 1 })
      .expect(200);
  });
  afterAll(() => t.close());

  const list = (params: Record<string, unknown> = {}, session: Session = admin) =>
    t.http.get(`/api/audit-events?${q(params)}`).set(session.auth);

  describe('append-only in the database', () => {
    it('refuses UPDATE, DELETE and TRUNCATE whoever runs them', async () => {
      const before = await auditRows(t);
      expect(before.length).toBeGreaterThan(3);
      await expect(t.sql.query(`UPDATE audit_events SET action = 'tampered' WHERE id = $1`, [before[0].id])).rejects.toThrow(/append-only/);
      await expect(t.sql.query(`UPDATE audit_events SET changes = NULL`)).rejects.toThrow(/append-only/);
      await expect(t.sql.query(`DELETE FROM audit_events WHERE id = $1`, [before[0].id])).rejects.toThrow(/append-only/);
      await expect(t.sql.query(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
      await expect(t.sql.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
      expect(await auditRows(t)).toEqual(before);
    });
  });

  describe('GET /api/audit-events', () => {
    it('is for admins only', async () => {
      expectError(await t.http.get('/api/audit-events'), 401, 'UNAUTHENTICATED');
      for (const email of [DEMO.counsellor, DEMO.supervisor, DEMO.manager, DEMO.frontDesk, DEMO.specialist]) {
        expectError(await list({}, await login(t, email)), 403, 'FORBIDDEN');
      }
    });

    it('lists the newest first with Content-Range, in the API shape', async () => {
      const res = await list().expect(200);
      const total = (await auditRows(t)).length;
      expect(res.headers['content-range']).toBe(`audit-events 0-${Math.min(total, 25) - 1}/${total}`);
      const ats = res.body.map((e: EventDto) => e.at);
      expect(ats).toEqual([...ats].sort().reverse());
      const update = res.body.find((e: EventDto) => e.requestId === 'audit-setup-update');
      expect(update).toEqual({
        id: expect.stringMatching(/^\d+$/),
        at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        actorId: admin.user.id,
        actorRole: 'admin',
        action: 'regions.update',
        entity: 'regions',
        entityId: regionId,
        changes: { name: { from: 'Audit Region', to: 'Audited Region' } },
        ip: expect.stringContaining('127.0.0.1'),
        requestId: 'audit-setup-update',
      });
      const asc = await list({ sort: ['at', 'ASC'], range: [0, 0] }).expect(200);
      expect(asc.body[0].action).toBe('demo.seed');
    });

    it('filters by actorId, entity, entityId and action', async () => {
      const byActor = await list({ filter: { actorId: counsellor.user.id }, range: [0, 99] }).expect(200);
      expect(byActor.body.length).toBeGreaterThan(0);
      for (const e of byActor.body) expect(e.actorId).toBe(counsellor.user.id);

      const byEntity = await list({ filter: { entity: 'regions' } }).expect(200);
      expect(byEntity.body.map((e: EventDto) => e.action).sort()).toEqual(['regions.create', 'regions.update']);

      const byId = await list({ filter: { entityId: regionId } }).expect(200);
      expect(byId.headers['content-range']).toBe('audit-events 0-1/2');

      const byAction = await list({ filter: { action: 'regions.update' } }).expect(200);
      expect(byAction.body.map((e: EventDto) => e.requestId)).toEqual(['audit-setup-update']);

      const combined = await list({ filter: { actorId: admin.user.id, action: 'auth.login' } }).expect(200);
      expect(combined.body.length).toBeGreaterThan(0);
      for (const e of combined.body) expect(e).toMatchObject({ actorId: admin.user.id, action: 'auth.login' });

      const none = await list({ filter: { action: 'regions.update', actorId: counsellor.user.id } }).expect(200);
      expect(none.body).toEqual([]);
      expect(none.headers['content-range']).toBe('audit-events */0');
    });

    it('filters by time with at_gte and at_lte, including an event’s own time shown by the API', async () => {
      const [update] = (await list({ filter: { action: 'regions.update' } })).body as EventDto[];
      const [create] = (await list({ filter: { action: 'regions.create' } })).body as EventDto[];
      const exact = await list({ filter: { at_gte: update.at, at_lte: update.at } }).expect(200);
      expect(exact.body.map((e: EventDto) => e.id)).toContain(update.id);

      const upToCreate = await list({ filter: { entityId: regionId, at_lte: create.at } }).expect(200);
      expect(upToCreate.body.map((e: EventDto) => e.action)).toEqual(['regions.create']);
      const fromUpdate = await list({ filter: { entityId: regionId, at_gte: update.at } }).expect(200);
      expect(fromUpdate.body.map((e: EventDto) => e.action)).toEqual(['regions.update']);

      const today = new Date().toISOString().slice(0, 10);
      const day = await list({ filter: { entityId: regionId, at_gte: today, at_lte: today } }).expect(200);
      expect(day.body).toHaveLength(2);
      const future = await list({ filter: { at_gte: '2999-01-01' } }).expect(200);
      expect(future.body).toEqual([]);
      const past = await list({ filter: { at_lte: '2000-01-01T00:00:00Z' } }).expect(200);
      expect(past.body).toEqual([]);
    });

    it('refuses unknown filters and sorts and malformed values, naming them', async () => {
      expectFieldError(await list({ filter: { ip: '127.0.0.1' } }), 'filter.ip', 'allowed');
      expectFieldError(await list({ filter: { changes: 'x' } }), 'filter.changes', 'allowed');
      expectFieldError(await list({ filter: { actorId: 'admin' } }), 'filter.actorId', 'isUuid');
      expectFieldError(await list({ filter: { at_gte: 'yesterday' } }), 'filter.at_gte', 'isDate');
      expectFieldError(await list({ filter: { at_lte: '2026-02-30' } }), 'filter.at_lte', 'isDate');
      expectFieldError(await list({ filter: { action: 42 } }), 'filter.action', 'isString');
      expectFieldError(await list({ sort: ['action', 'ASC'] }), 'sort', 'allowed');
      expectFieldError(await list({ range: [0, 100] }), 'range', 'max');
    });
  });

  describe('what is recorded', () => {
    it('writes one event per write with actor, role, address and request id', async () => {
      const office = await officeId(t, 'NORTHSIDE');
      const steps: Array<[string, () => Promise<unknown>, string]> = [
        [
          'aud-req-region-c',
          () =>
            t.http
              .post('/api/regions')
              .set(admin.auth)
              .set('X-Request-Id', 'aud-req-region-c')
              .send({ code: 'AUD-2', name: 'Second' })
              .expect(201),
          'regions.create',
        ],
        [
          'aud-req-office-u',
          () =>
            t.http
              .patch(`/api/offices/${office}`)
              .set(admin.auth)
              .set('X-Request-Id', 'aud-req-office-u')
              .send({ name: 'Northside Centre', version: 1 })
              .expect(200),
          'offices.update',
        ],
        [
          'aud-req-user-c',
          () =>
            t.http
              .post('/api/users')
              .set(admin.auth)
              .set('X-Request-Id', 'aud-req-user-c')
              .send({ email: 'audited.user@example.test', fullName: 'Audited User', role: 'front_desk', officeId: office })
              .expect(201),
          'users.create',
        ],
        [
          'aud-req-logout',
          () => t.http.post('/api/auth/logout').set(counsellor.auth).set('X-Request-Id', 'aud-req-logout').expect(204),
          'auth.logout',
        ],
      ];
      for (const [requestId, run, action] of steps) {
        await run();
        const rows = await auditRows(t, { requestId });
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ action, request_id: requestId, ip: expect.stringContaining('127.0.0.1') });
        expect(rows[0].actor_id).not.toBeNull();
        expect(rows[0].actor_role).not.toBeNull();
      }
      // Reads write nothing.
      const before = (await auditRows(t)).length;
      await t.http.get('/api/users').set(admin.auth).expect(200);
      await t.http.get(`/api/offices/${office}`).set(admin.auth).expect(200);
      expect((await auditRows(t)).length).toBe(before);
    });

    it('never keeps passwords, one-time passwords or hashes in the changes', async () => {
      const secrets: string[] = [DEMO_PASSWORD];
      const u = await createActiveUser(t, admin, {}, 'orchid velvet mountain');
      secrets.push('orchid velvet mountain');
      await t.http
        .post('/api/auth/password')
        .set(u.session.auth)
        .send({ currentPassword: 'orchid velvet mountain', newPassword: 'second secret phrase' })
        .expect(200);
      secrets.push('second secret phrase');
      const reset = await t.http.post(`/api/users/${u.id}/reset-password`).set(admin.auth).expect(200);
      secrets.push(reset.body.oneTimePassword);
      const created = await createUser(t, admin);
      secrets.push(created.oneTimePassword);
      await t.http.post('/api/auth/login').send({ email: u.email, password: 'typed wrong secret' }).expect(401);
      secrets.push('typed wrong secret');
      await t.http
        .post('/api/auth/password')
        .set(admin.auth)
        .send({ currentPassword: 'guessed current pw', newPassword: 'whatever new phrase' })
        .expect(400);
      secrets.push('guessed current pw', 'whatever new phrase');

      const hashes = (await t.sql.query(`SELECT password_hash FROM users`)).rows.map((r) => r.password_hash as string);
      const stored = JSON.stringify(await auditRows(t));
      const served = JSON.stringify((await list({ range: [0, 99] }).expect(200)).body);
      for (const text of [stored, served]) {
        for (const s of [...secrets, ...hashes]) expect(text).not.toContain(s);
        expect(text).not.toMatch(/\$argon2/);
      }
      const events = await auditRows(t, { entityId: u.id });
      const masked = events.filter((e) => e.changes && 'password' in e.changes).map((e) => [e.action, e.changes!.password]);
      expect(masked).toEqual(
        expect.arrayContaining([
          ['users.create', '[masked]'],
          ['auth.password_changed', '[masked]'],
          ['users.reset_password', '[masked]'],
        ]),
      );
    });
  });

  describe('same transaction as the change', () => {
    afterEach(async () => {
      await t.sql.query(`DROP TRIGGER IF EXISTS test_fail_at_commit ON users; DROP TRIGGER IF EXISTS test_fail_at_commit ON offices;
        DROP TRIGGER IF EXISTS test_fail_audit ON audit_events; DROP FUNCTION IF EXISTS test_fail()`);
    });

    async function failingFunction() {
      await t.sql.query(
        `CREATE FUNCTION test_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'forced failure'; END $$`,
      );
    }

    it('leaves no audit event when the change fails at commit', async () => {
      await failingFunction();
      await t.sql.query(`CREATE CONSTRAINT TRIGGER test_fail_at_commit AFTER INSERT ON users DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW WHEN (NEW.full_name = 'Fail At Commit') EXECUTE FUNCTION test_fail()`);
      const res = await t.http
        .post('/api/users')
        .set(admin.auth)
        .set('X-Request-Id', 'fail-commit-user')
        .send({ email: 'fail.commit@example.test', fullName: 'Fail At Commit', role: 'counsellor', officeId: admin.user.officeId });
      expectError(res, 500, 'INTERNAL_ERROR');
      expect(res.body.message).not.toContain('forced');
      expect((await t.sql.query(`SELECT count(*)::int AS n FROM users WHERE full_name = 'Fail At Commit'`)).rows[0].n).toBe(0);
      expect(await auditRows(t, { requestId: 'fail-commit-user' })).toEqual([]);

      const riverside = await officeId(t, 'RIVERSIDE');
      await t.sql.query(`CREATE CONSTRAINT TRIGGER test_fail_at_commit AFTER UPDATE ON offices DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW WHEN (NEW.name = 'Fail At Commit') EXECUTE FUNCTION test_fail()`);
      expectError(
        await t.http
          .patch(`/api/offices/${riverside}`)
          .set(admin.auth)
          .set('X-Request-Id', 'fail-commit-office')
          .send({ name: 'Fail At Commit', version: 1 }),
        500,
      );
      expect(await auditRows(t, { requestId: 'fail-commit-office' })).toEqual([]);
      expect(await versionOf(t, 'offices', riverside)).toBe(1);
    });

    it('leaves no change when its audit event cannot be written', async () => {
      await failingFunction();
      await t.sql.query(`CREATE TRIGGER test_fail_audit BEFORE INSERT ON audit_events FOR EACH ROW
        WHEN (NEW.action IN ('regions.create', 'users.deactivate', 'auth.logout')) EXECUTE FUNCTION test_fail()`);
      expectError(await t.http.post('/api/regions').set(admin.auth).send({ code: 'NO-AUDIT', name: 'Unaudited' }), 500);
      expect((await t.sql.query(`SELECT count(*)::int AS n FROM regions WHERE code = 'NO-AUDIT'`)).rows[0].n).toBe(0);

      const s = await login(t, DEMO.specialist);
      const version = await versionOf(t, 'users', s.user.id);
      expectError(await t.http.patch(`/api/users/${s.user.id}`).set(admin.auth).send({ active: false, version }), 500);
      expect((await t.sql.query(`SELECT active, version FROM users WHERE id = $1`, [s.user.id])).rows[0]).toEqual({
        active: true,
        version,
      });
      // Its sessions were not ended either.
      await t.http.get('/api/auth/me').set(s.auth).expect(200);

      expectError(await t.http.post('/api/auth/logout').set(s.auth), 500);
      await t.http.get('/api/auth/me').set(s.auth).expect(200);
    });

    it('leaves no audit event when a write is refused after its transaction started', async () => {
      const before = (await auditRows(t)).length;
      const u = await createUser(t, admin);
      const afterCreate = (await auditRows(t)).length;
      expect(afterCreate).toBe(before + 1);
      expectError(await t.http.patch(`/api/users/${u.id}`).set(admin.auth).send({ fullName: 'Stale', version: 7 }), 409, 'STALE_VERSION');
      expectError(
        await t.http.patch(`/api/users/${u.id}`).set(admin.auth).send({ email: DEMO.manager, version: 1 }),
        409,
        'ALREADY_EXISTS',
      );
      expectError(await t.http.post('/api/regions').set(admin.auth).send({ code: 'DEMO-NORTH', name: 'Duplicate' }), 409, 'ALREADY_EXISTS');
      expectError(
        await t.http
          .patch(`/api/users/${admin.user.id}`)
          .set(admin.auth)
          .send({ active: false, version: await versionOf(t, 'users', admin.user.id) }),
        400,
      );
      expect((await auditRows(t)).length).toBe(afterCreate);
    });
  });
});
