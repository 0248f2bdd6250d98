import { createTestApp, DEMO, login, type Session, type TestApp } from './helpers.js';
import { expectError, expectFieldError } from './support.js';

let seq = 0;
/** A person nobody else registers, with an optional change to make the body differ. */
function person(overrides: Record<string, unknown> = {}) {
  seq += 1;
  return {
    givenName: `Idem${seq}`,
    familyName: `Potency${String.fromCharCode(65 + seq)}x`,
    dateOfBirth: `1969-0${1 + (seq % 9)}-2${seq % 8}`,
    digitalSkills: 'basic',
    educationLevel: 3,
    ...overrides,
  };
}

describe('Idempotency-Key on POST', () => {
  let t: TestApp;
  let desk: Session;
  let desk2: Session;
  let sup: Session;

  const count = async (familyName: string) =>
    (await t.sql.query(`SELECT count(*)::int AS n FROM jobseekers WHERE family_name = $1`, [familyName])).rows[0].n;
  const keys = async (userId: string) =>
    (
      await t.sql.query(
        `SELECT route, key, request_hash, status_code, response FROM idempotency_keys WHERE user_id = $1 ORDER BY created_at`,
        [userId],
      )
    ).rows;
  const register = (s: Session, key: string | undefined, body: Record<string, unknown>) => {
    const req = t.http.post('/api/jobseekers').set(s.auth);
    if (key !== undefined) req.set('Idempotency-Key', key);
    return req.send(body);
  };

  beforeAll(async () => {
    t = await createTestApp();
    desk = await login(t, DEMO.frontDesk);
    sup = await login(t, DEMO.supervisor);
    // A second front-desk colleague in the same office.
    await t.sql.query(`UPDATE users SET role = 'front_desk', office_id = $2 WHERE email = $1`, [DEMO.manager, desk.user.officeId]);
    desk2 = await login(t, DEMO.manager);
  });
  afterAll(() => t.close());

  it('replays the first registration for the same key and body: one jobseeker, same status and body, marked replayed', async () => {
    const body = person();
    const first = await register(desk, 'reg-0001', body).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await register(desk, 'reg-0001', { ...body }).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    // Key order in the body does not make it another request.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const third = await register(desk, 'reg-0001', reordered).expect(201);
    expect(third.body).toEqual(first.body);
    expect(await count(body.familyName)).toBe(1);
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM cases WHERE jobseeker_id = $1`, [first.body.jobseeker.id])).rows[0].n).toBe(
      1,
    );
    expect(
      (
        await t.sql.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'jobseekers.create' AND entity_id = $1`, [
          first.body.jobseeker.id,
        ])
      ).rows[0].n,
    ).toBe(1);
    const [stored] = await keys(desk.user.id);
    expect(stored).toMatchObject({
      route: '/api/jobseekers',
      key: 'reg-0001',
      request_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      status_code: 201,
    });
    expect(stored.response).toEqual(first.body);
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED for the same key with a different body, and changes nothing', async () => {
    const body = person();
    await register(desk, 'reg-0002', body).expect(201);
    const other = person();
    const res = await register(desk, 'reg-0002', other);
    expectFieldError(res, 'Idempotency-Key', 'sameRequest', 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(await count(other.familyName)).toBe(0);
    // Still the first one's key: it replays.
    expect((await register(desk, 'reg-0002', body).expect(201)).headers['idempotent-replayed']).toBe('true');
  });

  it('keeps keys per user (and per route)', async () => {
    const a = await t.http
      .post('/api/jobseekers/duplicates')
      .set(desk.auth)
      .set('Idempotency-Key', 'shared-key')
      .send({ givenName: 'Nobody', familyName: 'Known', dateOfBirth: '1950-01-01' })
      .expect(201);
    expect(a.headers['idempotent-replayed']).toBeUndefined();
    // Another user, same key: a fresh request, not a replay of someone else's answer.
    const body = person();
    const b = await register(desk2, 'shared-key', body).expect(201);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    // The same user, same key, another route: fresh too.
    const c = await register(desk, 'shared-key', person()).expect(201);
    expect(c.headers['idempotent-replayed']).toBeUndefined();
  });

  it('does not store failures: the key is released and the client can retry with it', async () => {
    const body = person();
    // A validation failure (400), then the corrected request under the same key.
    expectFieldError(await register(desk, 'reg-0003', { ...body, educationLevel: 12 }), 'educationLevel', 'max');
    const ok = await register(desk, 'reg-0003', body).expect(201);
    expect(ok.headers['idempotent-replayed']).toBeUndefined();
    // A refused duplicate (409), then the confirmed registration under the same key.
    const dup = { ...body, givenName: `${body.givenName}e` };
    const refused = await register(desk, 'reg-0004', dup);
    expect([refused.status, refused.body.code]).toEqual([409, 'POSSIBLE_DUPLICATE']);
    expect((await keys(desk.user.id)).map((k) => k.key)).not.toContain('reg-0004');
    const confirmed = { ...dup, confirmDifferentPerson: { candidateIds: [ok.body.jobseeker.id], note: 'Different person, checked ID' } };
    await register(desk, 'reg-0004', confirmed).expect(201);
    expect(await count(body.familyName)).toBe(2);
  });

  it('answers 409 CONFLICT while the first request with the key is still running', async () => {
    const body = person();
    // What a request in flight leaves: the key claimed, no response yet. Same body, so not a 422.
    const first = await register(desk, 'probe-hash', body).expect(201);
    const { rows } = await t.sql.query(`SELECT request_hash FROM idempotency_keys WHERE user_id = $1 AND key = 'probe-hash'`, [
      desk.user.id,
    ]);
    const other = person();
    await t.sql.query(`INSERT INTO idempotency_keys (user_id, route, key, request_hash) VALUES ($1, '/api/jobseekers', 'in-flight', $2)`, [
      desk.user.id,
      rows[0].request_hash,
    ]);
    expectError(await register(desk, 'in-flight', body), 409, 'CONFLICT');
    expect(await count(body.familyName)).toBe(1);
    expect(first.status).toBe(201);
    // Concurrent duplicates: exactly one registration, the others replayed or told to wait.
    const results = await Promise.all(Array.from({ length: 6 }, () => register(desk, 'race-1', other)));
    expect(results.every((r) => r.status === 201 || (r.status === 409 && r.body.code === 'CONFLICT'))).toBe(true);
    expect(results.filter((r) => r.status === 201 && !r.headers['idempotent-replayed'])).toHaveLength(1);
    expect(await count(other.familyName)).toBe(1);
  });

  it('ignores keys older than 24 hours', async () => {
    const body = person();
    await register(desk, 'old-key', body).expect(201);
    await t.sql.query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE user_id = $1 AND key = 'old-key'`, [
      desk.user.id,
    ]);
    const other = person();
    const res = await register(desk, 'old-key', other).expect(201);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    expect(await count(other.familyName)).toBe(1);
  });

  it('refuses a malformed key with a 400 naming the header, before anything happens', async () => {
    for (const key of ['', ' ', 'has space', 'semi;colon', 'x'.repeat(201), 'caf\u00e9', 'a,b']) {
      const body = person();
      const res = await register(desk, key, body);
      expectFieldError(res, 'Idempotency-Key', 'format');
      expect(await count(body.familyName)).toBe(0);
    }
    await register(desk, `Aa0_-:.${'x'.repeat(193)}`, person()).expect(201);
  });

  it('leaves /api/auth/* and GET requests alone', async () => {
    await t.http
      .post('/api/auth/login')
      .set('Idempotency-Key', 'not a valid key!')
      .send({ email: DEMO.frontDesk, password: 'Casework-demo-2026' })
      .expect(200);
    await t.http
      .post('/api/auth/login')
      .set('Idempotency-Key', 'login-1')
      .send({ email: DEMO.frontDesk, password: 'Casework-demo-2026' })
      .expect(200);
    await t.http.get('/api/jobseekers').set(desk.auth).set('Idempotency-Key', 'not a valid key!').expect(200);
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE route LIKE '/api/auth/%'`)).rows[0].n).toBe(0);
  });

  it('makes claim-next safe to retry: the same item, claimed once', async () => {
    await t.sql.query(`UPDATE work_items SET status = 'cancelled' WHERE status IN ('open', 'claimed')`);
    const { rows } = await t.sql.query(
      `INSERT INTO work_items (office_id, kind, queue, priority, due_at) SELECT $1, 'phone_client', 'routine', 2, now() + make_interval(hours => g) FROM generate_series(1, 3) g RETURNING id`,
      [desk.user.officeId],
    );
    const first = await t.http
      .post('/api/work-items/claim-next')
      .set(desk.auth)
      .set('Idempotency-Key', 'claim-1')
      .send({ queue: 'routine' })
      .expect(200);
    const again = await t.http
      .post('/api/work-items/claim-next')
      .set(desk.auth)
      .set('Idempotency-Key', 'claim-1')
      .send({ queue: 'routine' })
      .expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(first.body).toMatchObject({ id: rows[0].id, status: 'claimed', claimedBy: desk.user.id });
    const claimed = await t.sql.query(`SELECT id FROM work_items WHERE status = 'claimed' AND claimed_by = $1`, [desk.user.id]);
    expect(claimed.rows).toEqual([{ id: rows[0].id }]);
    // A new key claims the next one; another user with the same key gets their own item.
    const next = await t.http
      .post('/api/work-items/claim-next')
      .set(desk.auth)
      .set('Idempotency-Key', 'claim-2')
      .send({ queue: 'routine' })
      .expect(200);
    expect(next.body.id).toBe(rows[1].id);
    const theirs = await t.http
      .post('/api/work-items/claim-next')
      .set(desk2.auth)
      .set('Idempotency-Key', 'claim-1')
      .send({ queue: 'routine' })
      .expect(200);
    expect(theirs.body).toMatchObject({ id: rows[2].id, claimedBy: desk2.user.id });
    // An empty queue answers 204, and so does its replay.
    const empty = await t.http
      .post('/api/work-items/claim-next')
      .set(desk.auth)
      .set('Idempotency-Key', 'claim-3')
      .send({ queue: 'routine' })
      .expect(204);
    expect(empty.text).toBe('');
    const emptyAgain = await t.http
      .post('/api/work-items/claim-next')
      .set(desk.auth)
      .set('Idempotency-Key', 'claim-3')
      .send({ queue: 'routine' })
      .expect(204);
    expect(emptyAgain.headers['idempotent-replayed']).toBe('true');
  });

  it('binds a key to the record in the path: the same key on another item is a 422, not its answer', async () => {
    const { rows } = await t.sql.query(
      `INSERT INTO work_items (office_id, kind, queue, priority, due_at) SELECT $1, 'phone_client', 'routine', 2, now() + interval '1 day' FROM generate_series(1, 2) RETURNING id`,
      [desk.user.officeId],
    );
    await t.http.post(`/api/work-items/${rows[0].id}/claim`).set(sup.auth).set('Idempotency-Key', 'claim-by-id').expect(200);
    const replay = await t.http.post(`/api/work-items/${rows[0].id}/claim`).set(sup.auth).set('Idempotency-Key', 'claim-by-id').expect(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expectError(
      await t.http.post(`/api/work-items/${rows[1].id}/claim`).set(sup.auth).set('Idempotency-Key', 'claim-by-id'),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
    expect((await t.sql.query(`SELECT status FROM work_items WHERE id = $1`, [rows[1].id])).rows[0].status).toBe('open');
  });
});

describe('the purge-idempotency-keys job', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { JOBS_ENABLED: 'true', JOBS_POLL_SECONDS: '1' } });
  });
  afterAll(() => t.close());

  it('is scheduled daily and forgets keys older than 24 hours, keeping newer ones', async () => {
    const desk = await login(t, DEMO.frontDesk);
    for (const key of ['fresh', 'stale']) {
      await t.http
        .post('/api/jobseekers/duplicates')
        .set(desk.auth)
        .set('Idempotency-Key', key)
        .send({ givenName: 'A', familyName: 'B', dateOfBirth: '1950-01-01' })
        .expect(201);
    }
    await t.sql.query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'stale'`);
    const { JobsService, PURGE_IDEMPOTENCY_KEYS } = await import('../src/modules/jobs/jobs.service.js');
    await t.app.get(JobsService).trigger(PURGE_IDEMPOTENCY_KEYS);
    let left: string[] = [];
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setTimeout(r, 200));
      left = (await t.sql.query(`SELECT key FROM idempotency_keys ORDER BY key`)).rows.map((r) => r.key);
      if (!left.includes('stale')) break;
    }
    expect(left).toEqual(['fresh']);
    const schedules = await t.sql.query(`SELECT cron FROM pgboss.schedule WHERE name = $1`, [PURGE_IDEMPOTENCY_KEYS]);
    expect(schedules.rows).toEqual([{ cron: '17 3 * * *' }]);
  });
});
