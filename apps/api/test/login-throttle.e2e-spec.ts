import { createHash } from 'node:crypto';
import { createTestApp, DEMO, DEMO_PASSWORD, login, type Session, type TestApp } from './helpers.js';
import { auditRows, createUser, expectError, type AuditRow } from './support.js';

// Small thresholds so the behaviour shows in a handful of attempts. The API trusts X-Forwarded-For
// from loopback (a reverse proxy on the same machine), which lets each test speak from its own address.
const ENV = {
  LOGIN_MAX_FAILURES: '3',
  LOGIN_IP_MAX_FAILURES: '8',
  LOGIN_BASE_DELAY_SECONDS: '30',
  LOGIN_MAX_DELAY_SECONDS: '100',
  LOGIN_WINDOW_MINUTES: '15',
};

describe('login throttling', () => {
  let t: TestApp;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp({ env: ENV });
    admin = await login(t, DEMO.admin);
  });
  afterAll(() => t.close());

  const attempt = (email: string, password: string, ip: string) =>
    t.http.post('/api/auth/login').set('X-Forwarded-For', ip).send({ email, password });

  const key = (email: string) => `sha256:${createHash('sha256').update(email.toLowerCase()).digest('hex')}`;

  /** Moves every recorded attempt of an account into the past, as if the caller had waited. */
  const wait = (email: string, seconds: number) =>
    t.sql.query(`UPDATE login_attempts SET at = at - make_interval(secs => $2) WHERE email = $1`, [key(email), seconds]);

  /** A fresh account whose password is DEMO_PASSWORD. */
  async function newAccount(): Promise<string> {
    const u = await createUser(t, admin, { role: 'counsellor' });
    // A known password without the one-time flow (and its argon2 cost): copy the demo hash behind the API's back.
    await t.sql.query(
      `UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE email = $2), must_change_password = false WHERE id = $1`,
      [u.id, DEMO.admin],
    );
    return u.email;
  }

  it('records the client address from the proxy header', async () => {
    await attempt(DEMO.frontDesk, 'wrong password 1', '203.0.113.9').expect(401);
    const { rows } = await t.sql.query(`SELECT ip FROM login_attempts WHERE email = $1 ORDER BY id DESC LIMIT 1`, [key(DEMO.frontDesk)]);
    expect(rows[0].ip).toBe('203.0.113.9');
    const events = await auditRows(t, { action: 'auth.login_failed' });
    expect(events.at(-1)!.ip).toBe('203.0.113.9');
  });

  it('throttles an account after LOGIN_MAX_FAILURES failures with 429, Retry-After and a growing delay, even for the right password', async () => {
    const email = await newAccount();
    const ip = '198.51.100.1';
    for (let i = 0; i < 3; i++) expectError(await attempt(email, `wrong password ${i}`, ip), 401, 'INVALID_CREDENTIALS');

    const throttled = await attempt(email, 'wrong password 3', ip);
    expectError(throttled, 429, 'TOO_MANY_ATTEMPTS');
    const first = Number(throttled.headers['retry-after']);
    expect(first).toBeGreaterThan(25);
    expect(first).toBeLessThanOrEqual(30);
    // The right password does not get through while throttled, from any address.
    expectError(await attempt(email, DEMO_PASSWORD, ip), 429, 'TOO_MANY_ATTEMPTS');
    expectError(await attempt(email.toUpperCase(), DEMO_PASSWORD, '198.51.100.2'), 429, 'TOO_MANY_ATTEMPTS');

    // After the delay one more guess is allowed; failing it doubles the delay.
    await wait(email, 31);
    expectError(await attempt(email, 'wrong password 4', ip), 401, 'INVALID_CREDENTIALS');
    const second = await attempt(email, DEMO_PASSWORD, ip);
    expectError(second, 429, 'TOO_MANY_ATTEMPTS');
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(55);
    expect(Number(second.headers['retry-after'])).toBeLessThanOrEqual(60);

    // The delay is capped at LOGIN_MAX_DELAY_SECONDS.
    await wait(email, 61);
    expectError(await attempt(email, 'wrong password 5', ip), 401, 'INVALID_CREDENTIALS');
    const capped = await attempt(email, DEMO_PASSWORD, ip);
    expect(Number(capped.headers['retry-after'])).toBeLessThanOrEqual(100);
    expect(Number(capped.headers['retry-after'])).toBeGreaterThan(95);

    // Once the wait is over the right password works, and a success starts the count again.
    await wait(email, 101);
    await attempt(email, DEMO_PASSWORD, ip).expect(200);
    for (let i = 0; i < 3; i++) expectError(await attempt(email, `wrong again ${i}`, ip), 401, 'INVALID_CREDENTIALS');
    expectError(await attempt(email, DEMO_PASSWORD, ip), 429, 'TOO_MANY_ATTEMPTS');
  });

  it('counts guesses sent in parallel: a burst gets no more than LOGIN_MAX_FAILURES tries', async () => {
    const email = await newAccount();
    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => attempt(email, `parallel guess ${i}`, `198.51.100.${60 + i}`)));
    const statuses = burst.map((r) => r.status).sort();
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429, 429, 429, 429, 429]);
    // The right password in the same burst does not slip through either.
    const other = await newAccount();
    const mixed = await Promise.all([
      ...Array.from({ length: 6 }, (_, i) => attempt(other, `parallel guess ${i}`, '198.51.100.80')),
      attempt(other, DEMO_PASSWORD, '198.51.100.81'),
    ]);
    expect(mixed.filter((r) => r.status === 401 || r.status === 200)).toHaveLength(3);
    expect(mixed.filter((r) => r.status === 429)).toHaveLength(4);
  });

  it('forgets failures older than the window', async () => {
    const email = await newAccount();
    for (let i = 0; i < 3; i++) await attempt(email, `wrong ${i}`, '198.51.100.20').expect(401);
    await wait(email, 15 * 60 + 1);
    await attempt(email, DEMO_PASSWORD, '198.51.100.20').expect(200);
  });

  it('counts an account’s failures whatever the letter case of the address', async () => {
    const email = await newAccount();
    await attempt(email.toUpperCase(), 'wrong 1', '198.51.100.30').expect(401);
    await attempt(email, 'wrong 2', '198.51.100.31').expect(401);
    await attempt(
      email.replace(/^./, (c) => c.toUpperCase()),
      'wrong 3',
      '198.51.100.32',
    ).expect(401);
    expectError(await attempt(email, DEMO_PASSWORD, '198.51.100.33'), 429, 'TOO_MANY_ATTEMPTS');
  });

  it('throttles unknown accounts the same way, so throttling does not reveal which accounts exist', async () => {
    const typed = 'typo.nobody.7731@demo.test';
    for (let i = 0; i < 3; i++) expectError(await attempt(typed, `guess ${i}`, '198.51.100.40'), 401, 'INVALID_CREDENTIALS');
    expectError(await attempt(typed, 'guess 3', '198.51.100.40'), 429, 'TOO_MANY_ATTEMPTS');
  });

  it('does not block an office behind one address for failures spread over many accounts below the IP ceiling', async () => {
    const ip = '192.0.2.50';
    const accounts = [await newAccount(), await newAccount(), await newAccount(), await newAccount()];
    // 2 typos each on 3 accounts and 1 on an unknown address: 7 failures, each account under its own limit.
    for (const email of accounts.slice(0, 3)) {
      await attempt(email, 'typo one', ip).expect(401);
      await attempt(email, 'typo two', ip).expect(401);
    }
    await attempt('nobody.here@demo.test', 'typo', ip).expect(401);
    await attempt(accounts[3], DEMO_PASSWORD, ip).expect(200);
    for (const email of accounts.slice(0, 3)) await attempt(email, DEMO_PASSWORD, ip).expect(200);
  });

  it('throttles an address above LOGIN_IP_MAX_FAILURES, for every account, while other addresses still sign in', async () => {
    const ip = '192.0.2.99';
    const accounts = [await newAccount(), await newAccount(), await newAccount(), await newAccount(), await newAccount()];
    let failures = 0;
    for (const email of accounts.slice(0, 4)) {
      for (let i = 0; i < 2; i++, failures++) await attempt(email, `spray ${i}`, ip).expect(401);
    }
    expect(failures).toBe(8);
    const blocked = await attempt(accounts[4], DEMO_PASSWORD, ip);
    expectError(blocked, 429, 'TOO_MANY_ATTEMPTS');
    const retry = Number(blocked.headers['retry-after']);
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(15 * 60);
    // The same account from another address is fine: the ceiling is on the address.
    await attempt(accounts[4], DEMO_PASSWORD, '192.0.2.100').expect(200);
    const [event] = (await auditRows(t, { action: 'auth.login_throttled' })).filter((e) => e.ip === ip);
    expect(event.changes).toMatchObject({ by: 'ip' });
  });

  it('writes an audit event for every attempt, and never stores the address typed for an unknown account', async () => {
    const ip = '192.0.2.150';
    const email = await newAccount();
    const unknown = 'Mistyped.Person.4242@demo.test';
    const before = await auditRows(t, { action: 'auth.login%' });
    const outcomes: number[] = [];
    for (const [who, pw] of [
      [email, DEMO_PASSWORD],
      [email, 'bad 1'],
      [email, 'bad 2'],
      [email, 'bad 3'],
      [email, DEMO_PASSWORD],
      [unknown, 'anything at all'],
    ] as const) {
      outcomes.push((await attempt(who, pw, ip)).status);
    }
    expect(outcomes).toEqual([200, 401, 401, 401, 429, 401]);
    const rows: AuditRow[] = (await auditRows(t, { action: 'auth.login%' })).slice(before.length);
    expect(rows.map((r) => r.action)).toEqual([
      'auth.login',
      'auth.login_failed',
      'auth.login_failed',
      'auth.login_failed',
      'auth.login_throttled',
      'auth.login_failed',
    ]);
    for (const r of rows) expect(r.ip).toBe(ip);
    expect(rows[4]).toMatchObject({ entity: 'users', changes: { by: 'account' } });
    expect(rows[4].actor_id).toBe(rows[1].actor_id);
    expect(rows[5]).toMatchObject({ actor_id: null, entity_id: null, changes: { unknownAccount: true } });
    const all = JSON.stringify(await auditRows(t)).toLowerCase();
    expect(all).not.toContain('mistyped.person');
    expect(all).not.toContain('typo.nobody');
    expect(all).not.toContain('nobody.here');
    expect(all).not.toContain('anything at all');
    // Nor does the throttle's own table keep typed addresses in clear.
    const attempts = JSON.stringify((await t.sql.query(`SELECT email FROM login_attempts`)).rows).toLowerCase();
    expect(attempts).not.toContain('mistyped.person');
    expect(attempts).not.toContain('@');
  });
});
