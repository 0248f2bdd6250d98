import { createTestApp, DEMO, DEMO_PASSWORD, login, TEST_ENV, type Session, type TestApp } from './helpers.js';
import {
  auditRows,
  cookiePair,
  createActiveUser,
  createUser,
  decodeJwt,
  expectError,
  expectFieldError,
  refreshSetCookie,
  signJwt,
  userId,
} from './support.js';

const ARGON2 = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/;

describe('authentication', () => {
  let t: TestApp;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t, DEMO.admin);
  });
  afterAll(() => t.close());

  describe('login', () => {
    it('answers 200 with an access token, the user, and an httpOnly SameSite=Strict refresh cookie scoped to /api/auth', async () => {
      const res = await t.http.post('/api/auth/login').send({ email: DEMO.counsellor, password: DEMO_PASSWORD }).expect(200);
      expect(res.body).toEqual({
        accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        expiresIn: 900,
        user: {
          id: await userId(t, DEMO.counsellor),
          email: DEMO.counsellor,
          fullName: 'Camille Counsel',
          role: 'counsellor',
          officeId: expect.any(String),
          regionId: expect.any(String),
          mustChangePassword: false,
        },
      });
      const cookie = refreshSetCookie(res)!;
      expect(cookie).toBeDefined();
      const attrs = cookie.split(';').map((s) => s.trim().toLowerCase());
      expect(attrs).toContain('httponly');
      expect(attrs).toContain('samesite=strict');
      expect(attrs).toContain('path=/api/auth');
      expect(cookiePair(cookie)).toMatch(/^cw_refresh=[0-9a-f-]{36}\.[\w-]{40,}$/);
      // The body never carries the refresh secret.
      expect(JSON.stringify(res.body)).not.toContain(cookiePair(cookie).split('.')[1]);
    });

    it('treats the email case-insensitively', async () => {
      const s = await login(t, 'CounSellor@DEMO.test');
      expect(s.user.email).toBe(DEMO.counsellor);
      await t.http.get('/api/auth/me').set(s.auth).expect(200);
    });

    it('answers a wrong password, an unknown email and a deactivated account with the same 401', async () => {
      const wrong = await t.http.post('/api/auth/login').send({ email: DEMO.frontDesk, password: 'not-the-password' });
      const unknown = await t.http.post('/api/auth/login').send({ email: 'nobody@demo.test', password: DEMO_PASSWORD });
      const gone = await createActiveUser(t, admin, { fullName: 'Soon Gone' });
      const version = (await t.sql.query(`SELECT version FROM users WHERE id = $1`, [gone.id])).rows[0].version;
      await t.http.patch(`/api/users/${gone.id}`).set(admin.auth).send({ active: false, version }).expect(200);
      const deactivated = await t.http.post('/api/auth/login').send({ email: gone.email, password: gone.password });
      for (const res of [wrong, unknown, deactivated]) {
        expectError(res, 401, 'INVALID_CREDENTIALS');
        expect(res.body).toEqual(wrong.body);
        expect(refreshSetCookie(res)).toBeUndefined();
      }
    });

    it('validates the body, naming the field', async () => {
      expectFieldError(await t.http.post('/api/auth/login').send({ password: DEMO_PASSWORD }), 'email');
      expectFieldError(await t.http.post('/api/auth/login').send({ email: 'not an email', password: DEMO_PASSWORD }), 'email', 'isEmail');
      expectFieldError(await t.http.post('/api/auth/login').send({ email: DEMO.admin }), 'password');
      expectFieldError(
        await t.http.post('/api/auth/login').send({ email: DEMO.admin, password: DEMO_PASSWORD, remember: true }),
        'remember',
        'unknown',
      );
    });

    it('records successful and failed sign-ins in the audit log with the caller address', async () => {
      const before = (await auditRows(t, { action: 'auth.login%' })).length;
      await t.http.post('/api/auth/login').send({ email: DEMO.specialist, password: 'wrong-password-here' }).expect(401);
      const ok = await login(t, DEMO.specialist);
      const rows = (await auditRows(t, { action: 'auth.login%' })).slice(before);
      expect(rows.map((r) => r.action)).toEqual(['auth.login_failed', 'auth.login']);
      expect(rows[0]).toMatchObject({
        actor_id: ok.user.id,
        entity_id: ok.user.id,
        changes: { email: DEMO.specialist, reason: 'bad_credentials' },
      });
      expect(rows[1]).toMatchObject({
        actor_id: ok.user.id,
        actor_role: 'specialist',
        entity: 'sessions',
        ip: expect.stringContaining('127.0.0.1'),
      });
      expect(JSON.stringify(rows)).not.toContain('wrong-password-here');
    });
  });

  describe('access tokens', () => {
    let s: Session;
    beforeAll(async () => {
      s = await login(t, DEMO.supervisor);
    });

    it('are HS256 with issuer, audience, subject, session and at most 15 minutes of life', async () => {
      const { header, payload } = decodeJwt(s.token);
      expect(header.alg).toBe('HS256');
      expect(payload).toMatchObject({
        sub: s.user.id,
        sid: expect.stringMatching(/^[0-9a-f-]{36}$/),
        iss: 'casework',
        aud: 'casework-api',
      });
      expect(payload.exp - payload.iat).toBeGreaterThan(0);
      expect(payload.exp - payload.iat).toBeLessThanOrEqual(15 * 60);
      const me = await t.http.get('/api/auth/me').set(s.auth).expect(200);
      expect(me.body).toEqual(s.user);
    });

    it('refuses tokens that are unsigned, signed with another secret or algorithm, or carry the wrong issuer or audience', async () => {
      const { payload } = decodeJwt(s.token);
      const forged = {
        none: signJwt(payload, { alg: 'none' }),
        noneNoDot: signJwt(payload, { alg: 'none' }).slice(0, -1),
        otherSecret: signJwt(payload, { secret: 'another-secret-that-is-long-enough-for-hs256-000' }),
        hs512: signJwt(payload, { alg: 'HS512' }),
        rs256Header: signJwt(payload, { header: { alg: 'RS256' } }),
        wrongIssuer: signJwt({ ...payload, iss: 'someone-else' }),
        wrongAudience: signJwt({ ...payload, aud: 'another-api' }),
        noIssuer: signJwt({ sub: payload.sub, sid: payload.sid, aud: payload.aud, iat: payload.iat, exp: payload.exp }),
        tampered: s.token.replace(
          /\.([\w-]+)\./,
          () => `.${Buffer.from(JSON.stringify({ ...payload, role: 'admin', sub: admin.user.id })).toString('base64url')}.`,
        ),
      };
      for (const [name, token] of Object.entries(forged)) {
        const res = await t.http.get('/api/auth/me').set('Authorization', `Bearer ${token}`);
        if (res.status !== 401) throw new Error(`${name} token answered ${res.status}`);
        expectError(res, 401);
      }
      // The genuine token still works: the refusals above are about the forgeries.
      await t.http.get('/api/auth/me').set(s.auth).expect(200);
    });

    it('refuses an expired token with SESSION_EXPIRED', async () => {
      const { payload } = decodeJwt(s.token);
      const now = Math.floor(Date.now() / 1000);
      const expired = signJwt({ ...payload, iat: now - 1000, exp: now - 100 }, { secret: TEST_ENV.JWT_SECRET });
      expectError(await t.http.get('/api/auth/me').set('Authorization', `Bearer ${expired}`), 401, 'SESSION_EXPIRED');
    });

    it('refuses a well-signed token that names no live session or another user', async () => {
      const { payload } = decodeJwt(s.token);
      const noSession = signJwt({ ...payload, sid: '5f0c5b55-8f51-4e55-9d3f-4c5a9c7b0a11' });
      expectError(await t.http.get('/api/auth/me').set('Authorization', `Bearer ${noSession}`), 401);
      const otherUser = signJwt({ ...payload, sub: admin.user.id });
      expectError(await t.http.get('/api/auth/me').set('Authorization', `Bearer ${otherUser}`), 401);
      const junkIds = signJwt({ ...payload, sid: '-'.repeat(36), sub: '-'.repeat(36) });
      expectError(await t.http.get('/api/auth/me').set('Authorization', `Bearer ${junkIds}`), 401);
    });

    it('accepts the token only as a Bearer authorization header', async () => {
      expectError(await t.http.get('/api/auth/me').set('Authorization', s.token), 401, 'UNAUTHENTICATED');
      expectError(await t.http.get('/api/auth/me').set('Authorization', `Basic ${s.token}`), 401, 'UNAUTHENTICATED');
      expectError(await t.http.get(`/api/auth/me?access_token=${s.token}`), 401, 'UNAUTHENTICATED');
      expectError(await t.http.get('/api/auth/me').set('Cookie', `cw_refresh=${s.cookie.split('=')[1]}`), 401, 'UNAUTHENTICATED');
    });
  });

  describe('password change', () => {
    it('refuses a wrong current password, naming currentPassword', async () => {
      const u = await createActiveUser(t, admin);
      const res = await t.http
        .post('/api/auth/password')
        .set(u.session.auth)
        .send({ currentPassword: 'not my password', newPassword: 'a brand new passphrase' });
      expectFieldError(res, 'currentPassword');
      // Nothing changed: the old password still signs in.
      await login(t, u.email, u.password);
    });

    it('applies length and common-password rules without composition rules', async () => {
      const u = await createActiveUser(t, admin);
      const change = (newPassword: unknown) =>
        t.http.post('/api/auth/password').set(u.session.auth).send({ currentPassword: u.password, newPassword });
      expectFieldError(await change('short-pass1'), 'newPassword', 'minLength', 400, 'PASSWORD_REJECTED');
      expectFieldError(await change('x'.repeat(129)), 'newPassword', 'maxLength', 400, 'PASSWORD_REJECTED');
      expectFieldError(await change('qwerty123456'), 'newPassword', 'notCommon', 400, 'PASSWORD_REJECTED');
      expectFieldError(await change('QWERTY123456'), 'newPassword', 'notCommon', 400, 'PASSWORD_REJECTED');
      expectFieldError(await change(u.email), 'newPassword', undefined, 400, 'PASSWORD_REJECTED');
      expectFieldError(await change(u.password), 'newPassword', 'different', 400, 'PASSWORD_REJECTED');
      expectFieldError(await change(undefined), 'newPassword', undefined, 400, 'VALIDATION_FAILED');
      expectFieldError(await change(123456789012), 'newPassword', 'isString', 400, 'VALIDATION_FAILED');
      // Twelve lowercase letters and spaces, no digit or symbol: accepted.
      const ok = await change('walnut harbour lantern');
      expect(ok.status).toBe(200);
      await login(t, u.email, 'walnut harbour lantern');
    });

    it('accepts exactly 12 and exactly 128 characters', async () => {
      const u = await createActiveUser(t, admin);
      const twelve = 'plum-orchard';
      expect(twelve).toHaveLength(12);
      const r1 = await t.http
        .post('/api/auth/password')
        .set(u.session.auth)
        .send({ currentPassword: u.password, newPassword: twelve })
        .expect(200);
      const long = 'k'.repeat(120) + 'walnut!!';
      expect(long).toHaveLength(128);
      await t.http
        .post('/api/auth/password')
        .set('Authorization', `Bearer ${r1.body.accessToken}`)
        .send({ currentPassword: twelve, newPassword: long })
        .expect(200);
      await login(t, u.email, long);
    });

    it('ends every session of the user at once, returns a new working session and writes an audit event', async () => {
      const u = await createActiveUser(t, admin);
      const other = await login(t, u.email, u.password);
      const newPassword = 'lighthouse meadow copper';
      const res = await t.http
        .post('/api/auth/password')
        .set(u.session.auth)
        .set('X-Request-Id', 'pw-change-req-0001')
        .send({ currentPassword: u.password, newPassword })
        .expect(200);
      expect(res.body.user).toMatchObject({ id: u.id, mustChangePassword: false });
      const fresh = { Authorization: `Bearer ${res.body.accessToken}` };
      expect(refreshSetCookie(res)).toBeDefined();

      // The other session and the one that made the change both stop at once, refresh included.
      expectError(await t.http.get('/api/auth/me').set(other.auth), 401);
      expectError(await t.http.get('/api/auth/me').set(u.session.auth), 401);
      expectError(await t.http.post('/api/auth/refresh').set('Cookie', other.cookie), 401);
      await t.http.get('/api/auth/me').set(fresh).expect(200);
      await t.http
        .post('/api/auth/refresh')
        .set('Cookie', cookiePair(refreshSetCookie(res)!))
        .expect(200);

      expectError(await t.http.post('/api/auth/login').send({ email: u.email, password: u.password }), 401, 'INVALID_CREDENTIALS');
      await login(t, u.email, newPassword);

      const [event] = await auditRows(t, { action: 'auth.password_changed', requestId: 'pw-change-req-0001' });
      expect(event).toMatchObject({
        actor_id: u.id,
        entity: 'users',
        entity_id: u.id,
        changes: { password: '[masked]', sessionsEnded: 2 },
      });
      expect(JSON.stringify(event)).not.toContain(newPassword);
    });

    it('stores argon2id hashes with at least m=19456 and t=2', async () => {
      const u = await createActiveUser(t, admin);
      const { rows } = await t.sql.query(`SELECT email, password_hash FROM users WHERE id = ANY($1)`, [[u.id, admin.user.id]]);
      expect(rows).toHaveLength(2);
      for (const { password_hash } of rows) {
        const m = ARGON2.exec(password_hash);
        expect(m).not.toBeNull();
        expect(Number(m![1])).toBeGreaterThanOrEqual(19456);
        expect(Number(m![2])).toBeGreaterThanOrEqual(2);
      }
    });
  });

  describe('one-time passwords', () => {
    it('lets a new user sign in only to change the one-time password, then everything works', async () => {
      const created = await createUser(t, admin, { role: 'counsellor', fullName: 'New Starter' });
      expect(created.oneTimePassword).toMatch(/^[A-Za-z0-9]{16}$/);
      const first = await login(t, created.email, created.oneTimePassword);
      expect(first.user.mustChangePassword).toBe(true);

      const me = await t.http.get('/api/auth/me').set(first.auth).expect(200);
      expect(me.body.mustChangePassword).toBe(true);
      for (const path of [
        '/api/users',
        `/api/users/${created.id}`,
        '/api/offices',
        `/api/offices/${first.user.officeId}`,
        '/api/regions',
        '/api/audit-events',
      ]) {
        expectError(await t.http.get(path).set(first.auth), 403, 'PASSWORD_CHANGE_REQUIRED');
      }
      expectError(await t.http.post('/api/users').set(first.auth).send({}), 403, 'PASSWORD_CHANGE_REQUIRED');

      const changed = await t.http
        .post('/api/auth/password')
        .set(first.auth)
        .send({ currentPassword: created.oneTimePassword, newPassword: 'saffron kettle window' })
        .expect(200);
      expect(changed.body.user.mustChangePassword).toBe(false);
      const after = { Authorization: `Bearer ${changed.body.accessToken}` };
      await t.http.get('/api/users').set(after).expect(200);
      await t.http.get('/api/offices').set(after).expect(200);
      expectError(await t.http.get('/api/users').set(first.auth), 401);
      expectError(
        await t.http.post('/api/auth/login').send({ email: created.email, password: created.oneTimePassword }),
        401,
        'INVALID_CREDENTIALS',
      );
      const again = await login(t, created.email, 'saffron kettle window');
      expect(again.user.mustChangePassword).toBe(false);
    });

    it('does not ask demo users to change their password', async () => {
      for (const email of Object.values(DEMO)) {
        const s = await login(t, email);
        expect(s.user.mustChangePassword).toBe(false);
      }
    });

    it('lets an admin reset a password: a new one-time password, every session ended, change required again', async () => {
      const u = await createActiveUser(t, admin);
      const res = await t.http.post(`/api/users/${u.id}/reset-password`).set(admin.auth).expect(200);
      expect(Object.keys(res.body)).toEqual(['oneTimePassword']);
      expectError(await t.http.get('/api/auth/me').set(u.session.auth), 401);
      expectError(await t.http.post('/api/auth/login').send({ email: u.email, password: u.password }), 401, 'INVALID_CREDENTIALS');
      const s = await login(t, u.email, res.body.oneTimePassword);
      expect(s.user.mustChangePassword).toBe(true);
      expectError(await t.http.get('/api/offices').set(s.auth), 403, 'PASSWORD_CHANGE_REQUIRED');
      const [event] = await auditRows(t, { action: 'users.reset_password', entityId: u.id });
      expect(event).toMatchObject({ actor_id: admin.user.id, changes: { password: '[masked]', sessionsEnded: 1 } });
      expect(JSON.stringify(event)).not.toContain(res.body.oneTimePassword);
    });

    it('stores the one-time password hashed with argon2id', async () => {
      const created = await createUser(t, admin);
      const { rows } = await t.sql.query(`SELECT password_hash, must_change_password FROM users WHERE id = $1`, [created.id]);
      expect(rows[0].must_change_password).toBe(true);
      expect(rows[0].password_hash).toMatch(ARGON2);
      expect(rows[0].password_hash).not.toContain(created.oneTimePassword);
    });
  });
});
