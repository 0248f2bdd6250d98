import { createTestApp, DEMO, DEMO_PASSWORD, login, type Session, type TestApp } from './helpers.js';
import {
  auditRows,
  cookiePair,
  createActiveUser,
  decodeJwt,
  expectError,
  expectFieldError,
  refreshSetCookie,
  versionOf,
} from './support.js';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

function refresh(t: TestApp, cookie: string) {
  return t.http.post('/api/auth/refresh').set('Cookie', cookie);
}

async function sessionRow(t: TestApp, token: string) {
  const { rows } = await t.sql.query(`SELECT * FROM sessions WHERE id = $1`, [decodeJwt(token).payload.sid]);
  return rows[0];
}

describe('sessions', () => {
  let t: TestApp;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t, DEMO.admin);
  });
  afterAll(() => t.close());

  describe('refresh', () => {
    it('rotates the cookie and hands out a working access token for the same session', async () => {
      const s = await login(t, DEMO.counsellor);
      const res = await refresh(t, s.cookie).expect(200);
      const next = refreshSetCookie(res)!;
      expect(next).toMatch(/HttpOnly/i);
      expect(next).toMatch(/SameSite=Strict/i);
      expect(next).toMatch(/Path=\/api\/auth/i);
      expect(cookiePair(next)).not.toBe(s.cookie);
      expect(res.body.user).toEqual(s.user);
      expect(decodeJwt(res.body.accessToken).payload.sid).toBe(decodeJwt(s.token).payload.sid);
      await t.http.get('/api/auth/me').set(bearer(res.body.accessToken)).expect(200);
      // The newest cookie rotates again.
      await refresh(t, cookiePair(next)).expect(200);
    });

    it('ends the session when an old refresh cookie is used again: old and new tokens and cookies stop working', async () => {
      const s = await login(t, DEMO.specialist);
      const rotated = await refresh(t, s.cookie).expect(200);
      const newCookie = cookiePair(refreshSetCookie(rotated)!);
      const reuse = await refresh(t, s.cookie);
      expectError(reuse, 401, 'SESSION_EXPIRED');
      // The refusal also clears the cookie in the browser.
      expect(refreshSetCookie(reuse)).toMatch(/^cw_refresh=;.*Expires=Thu, 01 Jan 1970/i);
      expectError(await refresh(t, newCookie), 401);
      expectError(await t.http.get('/api/auth/me').set(s.auth), 401);
      expectError(await t.http.get('/api/auth/me').set(bearer(rotated.body.accessToken)), 401);
      expect((await sessionRow(t, s.token)).revoked_reason).toBe('refresh_reuse');
      const [event] = await auditRows(t, { action: 'auth.session_revoked', entityId: decodeJwt(s.token).payload.sid });
      expect(event).toMatchObject({ actor_id: s.user.id, changes: { reason: 'refresh_reuse' } });
      // Other sessions of the same user are not affected.
      const other = await login(t, DEMO.specialist);
      await t.http.get('/api/auth/me').set(other.auth).expect(200);
    });

    it('answers 401 without a cookie or with a malformed one, never a 500', async () => {
      expectError(await t.http.post('/api/auth/refresh'), 401, 'SESSION_EXPIRED');
      const s = await login(t, DEMO.frontDesk);
      const [sid, secret] = s.cookie.slice('cw_refresh='.length).split('.');
      const bad = [
        'cw_refresh=',
        'cw_refresh=garbage',
        `cw_refresh=${sid}`,
        `cw_refresh=${sid}.`,
        `cw_refresh=${sid}.${secret}x`,
        `cw_refresh=${sid}.${secret}.${secret}`,
        `cw_refresh=${'-'.repeat(36)}.${secret}`,
        `cw_refresh=${sid.toUpperCase().replace(/[0-9A-F]/, 'Z')}.${secret}`,
        `cw_refresh=${encodeURIComponent('j:{"a":1}')}`,
        `cw_refresh=${encodeURIComponent('j:["x.y"]')}`,
        `cw_refresh=${encodeURIComponent('j:123')}`,
        `cw_refresh=${'a'.repeat(4000)}`,
        `cw_refresh=%E0%A4%A`,
      ];
      for (const cookie of bad) {
        const res = await refresh(t, cookie);
        if (res.status !== 401) throw new Error(`${cookie.slice(0, 60)} answered ${res.status}: ${JSON.stringify(res.body)}`);
        expectError(res, 401);
      }
      // A cookie with the right session id but a wrong secret counts as reuse: the session ends.
      expectError(await t.http.get('/api/auth/me').set(s.auth), 401);
    });

    it('answers the access token in the body only, never in a cookie, and only under /api/auth', async () => {
      const s = await login(t, DEMO.supervisor);
      const res = await refresh(t, s.cookie).expect(200);
      const cookies = (res.headers['set-cookie'] as unknown as string[]) ?? [];
      expect(cookies).toHaveLength(1);
      expect(cookies[0]).not.toContain(res.body.accessToken);
    });
  });

  describe('idle and absolute expiry', () => {
    it('refuses the access token and the refresh of a session idle for longer than 30 minutes', async () => {
      const s = await login(t, DEMO.counsellor);
      await t.sql.query(`UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE id = $1`, [decodeJwt(s.token).payload.sid]);
      expectError(await t.http.get('/api/auth/me').set(s.auth), 401, 'SESSION_EXPIRED');
      expectError(await refresh(t, s.cookie), 401, 'SESSION_EXPIRED');
    });

    it('keeps a session alive while it is used: a request moves last_seen_at forward', async () => {
      const s = await login(t, DEMO.counsellor);
      const sid = decodeJwt(s.token).payload.sid;
      await t.sql.query(`UPDATE sessions SET last_seen_at = now() - interval '29 minutes' WHERE id = $1`, [sid]);
      await t.http.get('/api/auth/me').set(s.auth).expect(200);
      const row = await sessionRow(t, s.token);
      expect(Date.now() - new Date(row.last_seen_at).getTime()).toBeLessThan(60_000);
      await t.sql.query(`UPDATE sessions SET last_seen_at = now() - interval '29 minutes' WHERE id = $1`, [sid]);
      await refresh(t, s.cookie).expect(200);
      expect(Date.now() - new Date((await sessionRow(t, s.token)).last_seen_at).getTime()).toBeLessThan(60_000);
    });

    it('refuses a session past its absolute expiry even when it was just used', async () => {
      const s = await login(t, DEMO.supervisor);
      const row = await sessionRow(t, s.token);
      const hours = (new Date(row.expires_at).getTime() - new Date(row.created_at).getTime()) / 3600_000;
      expect(hours).toBeCloseTo(12, 3);
      await t.sql.query(`UPDATE sessions SET expires_at = now() - interval '1 second', last_seen_at = now() WHERE id = $1`, [row.id]);
      expectError(await t.http.get('/api/auth/me').set(s.auth), 401, 'SESSION_EXPIRED');
      expectError(await refresh(t, s.cookie), 401, 'SESSION_EXPIRED');
    });

    it('does not extend the absolute expiry on refresh', async () => {
      const s = await login(t, DEMO.frontDesk);
      const before = await sessionRow(t, s.token);
      await refresh(t, s.cookie).expect(200);
      const after = await sessionRow(t, s.token);
      expect(new Date(after.expires_at).getTime()).toBe(new Date(before.expires_at).getTime());
    });
  });

  describe('logout', () => {
    it('ends that session at once while the same user’s other sessions keep working', async () => {
      const first = await login(t, DEMO.supervisor);
      const second = await login(t, DEMO.supervisor);
      const res = await t.http.post('/api/auth/logout').set(first.auth).expect(204);
      expect(refreshSetCookie(res)).toMatch(/^cw_refresh=;.*Path=\/api\/auth/i);
      expectError(await t.http.get('/api/auth/me').set(first.auth), 401, 'SESSION_EXPIRED');
      expectError(await refresh(t, first.cookie), 401);
      await t.http.get('/api/auth/me').set(second.auth).expect(200);
      await t.http.get('/api/offices').set(second.auth).expect(200);
      await refresh(t, second.cookie).expect(200);
      const [event] = await auditRows(t, { action: 'auth.logout', entityId: decodeJwt(first.token).payload.sid });
      expect(event).toMatchObject({ actor_id: first.user.id, actor_role: 'supervisor', entity: 'sessions' });
      expectError(await t.http.post('/api/auth/logout').set(first.auth), 401);
    });

    it('needs a signed-in caller', async () => {
      expectError(await t.http.post('/api/auth/logout'), 401, 'UNAUTHENTICATED');
    });
  });

  describe('deactivation', () => {
    it('ends every session of the user at once; the user can no longer sign in until reactivated', async () => {
      const u = await createActiveUser(t, admin, { role: 'front_desk' });
      const second = await login(t, u.email, u.password);
      const version = await versionOf(t, 'users', u.id);
      const res = await t.http.patch(`/api/users/${u.id}`).set(admin.auth).send({ active: false, version }).expect(200);
      expect(res.body).toMatchObject({ id: u.id, active: false, version: version + 1 });
      for (const s of [u.session, second]) {
        expectError(await t.http.get('/api/auth/me').set(s.auth), 401);
        expectError(await refresh(t, s.cookie), 401);
      }
      const { rows } = await t.sql.query(`SELECT count(*)::int AS live FROM sessions WHERE user_id = $1 AND revoked_at IS NULL`, [u.id]);
      expect(rows[0].live).toBe(0);
      const { rows: user } = await t.sql.query(`SELECT deactivated_at FROM users WHERE id = $1`, [u.id]);
      expect(user[0].deactivated_at).not.toBeNull();
      expectError(await t.http.post('/api/auth/login').send({ email: u.email, password: u.password }), 401, 'INVALID_CREDENTIALS');
      const [event] = await auditRows(t, { action: 'users.deactivate', entityId: u.id });
      expect(event).toMatchObject({ actor_id: admin.user.id, changes: { active: { from: true, to: false }, sessionsEnded: 2 } });

      await t.http
        .patch(`/api/users/${u.id}`)
        .set(admin.auth)
        .send({ active: true, version: version + 1 })
        .expect(200);
      await login(t, u.email, u.password);
    });

    it('refuses an admin deactivating or demoting their own account', async () => {
      const version = await versionOf(t, 'users', admin.user.id);
      expectFieldError(
        await t.http.patch(`/api/users/${admin.user.id}`).set(admin.auth).send({ active: false, version }),
        'active',
        'notSelf',
      );
      await t.http.get('/api/auth/me').set(admin.auth).expect(200);
      // Nor demote themselves: the installation could be left without an admin.
      expectFieldError(
        await t.http.patch(`/api/users/${admin.user.id}`).set(admin.auth).send({ role: 'counsellor', version }),
        'role',
        'notSelf',
      );
      const { rows } = await t.sql.query(`SELECT active, role, version FROM users WHERE id = $1`, [admin.user.id]);
      expect(rows[0]).toEqual({ active: true, role: 'admin', version });
      // Changing their own name is fine.
      await t.http
        .patch(`/api/users/${admin.user.id}`)
        .set(admin.auth)
        .send({ fullName: 'Alex Admin', role: 'admin', version })
        .expect(200);
    });
  });
});

describe('sessions with configured limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { SESSION_IDLE_MINUTES: '5', SESSION_MAX_HOURS: '2', ACCESS_TOKEN_TTL_SECONDS: '10' } });
  });
  afterAll(() => t.close());

  it('uses ACCESS_TOKEN_TTL_SECONDS for the token and SESSION_MAX_HOURS for the session and cookie', async () => {
    const res = await t.http.post('/api/auth/login').send({ email: DEMO.counsellor, password: DEMO_PASSWORD }).expect(200);
    const { payload } = decodeJwt(res.body.accessToken);
    expect(payload.exp - payload.iat).toBe(10);
    expect(res.body.expiresIn).toBe(10);
    expect(refreshSetCookie(res)).toMatch(/Max-Age=7200/);
    const row = await sessionRow(t, res.body.accessToken);
    expect((new Date(row.expires_at).getTime() - new Date(row.created_at).getTime()) / 3600_000).toBeCloseTo(2, 3);
  });

  it('refuses a session idle for longer than SESSION_IDLE_MINUTES and keeps one idle for less', async () => {
    const idle = await login(t, DEMO.counsellor);
    const fresh = await login(t, DEMO.counsellor);
    await t.sql.query(`UPDATE sessions SET last_seen_at = now() - interval '6 minutes' WHERE id = $1`, [decodeJwt(idle.token).payload.sid]);
    await t.sql.query(`UPDATE sessions SET last_seen_at = now() - interval '4 minutes' WHERE id = $1`, [
      decodeJwt(fresh.token).payload.sid,
    ]);
    expectError(await t.http.get('/api/auth/me').set(idle.auth), 401, 'SESSION_EXPIRED');
    expectError(await refresh(t, idle.cookie), 401, 'SESSION_EXPIRED');
    await t.http.get('/api/auth/me').set(fresh.auth).expect(200);
    await refresh(t, fresh.cookie).expect(200);
  });
});
