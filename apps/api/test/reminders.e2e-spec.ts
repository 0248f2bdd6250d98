import { RemindersService } from '../src/modules/appointments/reminders.service.js';
import { ReminderTransports, type OutgoingMessage } from '../src/modules/appointments/transports.js';
import { createTestApp, DEMO, login, type Session, type TestApp } from './helpers.js';
import { book, booking, nextDay, openCase, shift } from './appointments-support.js';
import { expectError } from './support.js';

describe('appointment reminders and the calendar feed', () => {
  let t: TestApp;
  let desk: Session;
  let sup: Session;
  let counsellor: Session;
  let specialist: Session;
  let admin: Session;
  let reminders: RemindersService;
  let transports: ReminderTransports;
  const delivered: OutgoingMessage[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    [desk, sup, counsellor, specialist, admin] = await Promise.all(
      [DEMO.frontDesk, DEMO.supervisor, DEMO.counsellor, DEMO.specialist, DEMO.admin].map((e) => login(t, e)),
    );
    reminders = t.app.get(RemindersService);
    transports = t.app.get(ReminderTransports);
  });
  beforeEach(() => {
    delivered.length = 0;
    // Demo mode: messages are only recorded; this one also counts what it is handed.
    transports.set('demo', { send: async (m) => void delivered.push(m) });
  });
  afterAll(() => t.close());

  /** An appointment starting `hours` from now (each test its own hour: one counsellor has them all), for a new client with these facts. */
  async function appointmentIn(hours: number, client: Record<string, unknown> = {}, staff: Session = counsellor) {
    const c = await openCase(t, desk, { email: 'client@example.test', phone: '+33 6 12 34 56 78', ...client });
    const a = await book(t, desk, booking(c.case.id, staff.user.id, nextDay(), '09:00', '09:30'));
    await shift(t, a.id, hours);
    return { ...a, c };
  }
  const outbox = async (appointmentId: string) =>
    (await t.sql.query(`SELECT * FROM outbox_messages WHERE appointment_id = $1 ORDER BY kind`, [appointmentId])).rows;

  it('sends each reminder exactly once when two workers run the job at the same time', async () => {
    const a = await appointmentIn(30, { preferredLanguage: 'es', preferredChannel: 'online' });
    const runs = await Promise.all([reminders.run(), reminders.run()]);
    expect(runs.reduce((n, r) => n + r.enqueued, 0)).toBeGreaterThanOrEqual(1);
    const rows = await outbox(a.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: '48h',
      channel: 'email',
      transport: 'demo',
      status: 'sent',
      attempts: 1,
      language: 'es',
      recipient: 'client@example.test',
    });
    expect(rows[0].subject).toMatch(/^Recordatorio: su cita el /);
    expect(delivered.filter((m) => m.id === rows[0].id)).toHaveLength(1);
    // Running again sends nothing more.
    await Promise.all([reminders.run(), reminders.run()]);
    expect(delivered.filter((m) => m.id === rows[0].id)).toHaveLength(1);
    const read = await t.http.get(`/api/appointments/${a.id}`).set(counsellor.auth).expect(200);
    expect(read.body.reminders).toEqual([
      { kind: '48h', channel: 'email', transport: 'demo', status: 'sent', sentAt: expect.any(String), attempts: 1 },
    ]);
  });

  it('sends the 2-hour reminder by text to a client who prefers the phone', async () => {
    const a = await appointmentIn(1.5, { preferredChannel: 'phone', preferredLanguage: 'fr' });
    await reminders.run();
    const rows = await outbox(a.id);
    expect(rows.map((r) => [r.kind, r.channel, r.status, r.language])).toEqual([['2h', 'sms', 'sent', 'fr']]);
    expect(delivered.find((m) => m.id === rows[0].id)).toMatchObject({
      recipient: '+33 6 12 34 56 78',
      body: expect.stringContaining('Bonjour'),
    });
  });

  it('retries a failing channel with growing waits, then marks the reminder failed', async () => {
    const a = await appointmentIn(20);
    transports.set('demo', {
      send: async () => Promise.reject(Object.assign(new Error('550 mailbox <client@example.test> unavailable'), { code: 'EENVELOPE' })),
    });
    await reminders.enqueueDue();
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      await t.sql.query(`UPDATE outbox_messages SET next_attempt_at = now() WHERE appointment_id = $1 AND status = 'pending'`, [a.id]);
      await reminders.deliver();
      const [row] = await outbox(a.id);
      expect(row.attempts).toBe(attempt);
      expect(row.last_error).toBe('EENVELOPE');
      if (attempt < 5) {
        expect(row.status).toBe('pending');
        waits.push((row.next_attempt_at.getTime() - row.updated_at.getTime()) / 1000);
      } else expect(row.status).toBe('failed');
    }
    expect(waits.map(Math.round)).toEqual([60, 120, 240, 480]);
    // No address or message text in what is kept about the failure.
    const [row] = await outbox(a.id);
    expect(row.last_error).not.toContain('@');
    const read = await t.http.get(`/api/appointments/${a.id}`).set(desk.auth).expect(200);
    expect(read.body.reminders).toEqual([expect.objectContaining({ kind: '48h', status: 'failed', attempts: 5, sentAt: null })]);
  });

  it('asks the front desk to phone a client with no digital skills or no contact details, once', async () => {
    const none = await appointmentIn(26, { digitalSkills: 'none' });
    const noContact = await appointmentIn(28, { email: undefined, phone: undefined });
    await Promise.all([reminders.run(), reminders.run()]);
    for (const a of [none, noContact]) {
      const rows = await outbox(a.id);
      expect(rows.map((r) => [r.kind, r.channel, r.transport, r.status])).toEqual([['48h', 'phone_client', 'work_item', 'sent']]);
      const items = await t.sql.query(
        `SELECT id, queue, status, office_id FROM work_items WHERE kind = 'phone_client' AND data->>'appointmentId' = $1`,
        [a.id],
      );
      expect(items.rows).toEqual([{ id: rows[0].work_item_id, queue: 'routine', status: 'open', office_id: desk.user.officeId }]);
    }
    // Nothing went out as a message for them.
    expect(delivered.filter((m) => m.channel === 'phone_client')).toEqual([]);
    // Two hours before, no second call; and cancelling the appointment cancels the call not yet made.
    await shift(t, none.id, 0.5);
    await reminders.run();
    expect((await outbox(none.id)).map((r) => [r.kind, r.status])).toEqual([
      ['2h', 'cancelled'],
      ['48h', 'sent'],
    ]);
    await t.http.post(`/api/appointments/${none.id}/cancel`).set(desk.auth).send({ reason: 'Client found a job' }).expect(200);
    const item = await t.sql.query(`SELECT status FROM work_items WHERE kind = 'phone_client' AND data->>'appointmentId' = $1`, [none.id]);
    expect(item.rows[0].status).toBe('cancelled');
  });

  it('sends no stale reminder for a cancelled or moved appointment', async () => {
    const a = await appointmentIn(40);
    transports.set('demo', { send: async () => Promise.reject(new Error('down')) });
    await reminders.run();
    expect((await outbox(a.id))[0]).toMatchObject({ status: 'pending', attempts: 1 });
    transports.set('demo', { send: async (m) => void delivered.push(m) });
    await t.http.post(`/api/appointments/${a.id}/cancel`).set(desk.auth).send({ reason: 'Moved away' }).expect(200);
    await t.sql.query(`UPDATE outbox_messages SET next_attempt_at = now() WHERE appointment_id = $1`, [a.id]);
    await reminders.run();
    expect((await outbox(a.id))[0]).toMatchObject({ status: 'cancelled' });
    expect(delivered).toEqual([]);
  });

  it('shows the outbox to the office’s supervisors only (it holds client names and contact details)', async () => {
    const a = await appointmentIn(34);
    await reminders.run();
    const res = await t.http
      .get(`/api/outbox-messages?filter=${encodeURIComponent(JSON.stringify({ appointmentId: a.id }))}`)
      .set(sup.auth)
      .expect(200);
    expect(res.body).toEqual([
      expect.objectContaining({
        appointmentId: a.id,
        kind: '48h',
        status: 'sent',
        subject: expect.stringMatching(/^Reminder/),
        body: expect.any(String),
      }),
    ]);
    expect(res.headers['content-range']).toBe('outbox-messages 0-0/1');
    for (const s of [desk, counsellor, admin]) expectError(await t.http.get('/api/outbox-messages').set(s.auth), 403, 'FORBIDDEN');
    const riverside = await login(t, DEMO.counsellor2);
    await t.sql.query(`UPDATE users SET role = 'supervisor' WHERE id = $1`, [riverside.user.id]);
    const theirs = await t.http
      .get(`/api/outbox-messages?filter=${encodeURIComponent(JSON.stringify({ appointmentId: a.id }))}`)
      .set(riverside.auth);
    await t.sql.query(`UPDATE users SET role = 'counsellor' WHERE id = $1`, [riverside.user.id]);
    expect(theirs.body).toEqual([]);
  });

  describe('calendar feed', () => {
    it('serves a staff member’s appointments by secret URL, without the client’s name or contact details; revoked or rotated tokens answer 404', async () => {
      expect((await t.http.get('/api/calendar-feed').set(specialist.auth).expect(200)).body).toEqual({
        active: false,
        createdAt: null,
        lastUsedAt: null,
      });
      const client = { givenName: 'Zebulonia', familyName: 'Quixotery', email: 'zebulonia@example.test', phone: '+33 6 99 88 77 66' };
      const c = await openCase(t, desk, client);
      const a = await book(t, desk, booking(c.case.id, specialist.user.id, nextDay(), '10:00', '10:30', { purpose: 'First interview' }));
      const b = await book(t, desk, booking(c.case.id, specialist.user.id, nextDay(), '10:00', '10:30', { channel: 'phone' }));
      await t.http.post(`/api/appointments/${b.id}/cancel`).set(desk.auth).send({ reason: 'Client asked' }).expect(200);

      const created = await t.http.post('/api/calendar-feed').set(specialist.auth).expect(201);
      expect(created.body).toEqual({
        url: expect.stringMatching(/^\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/),
        path: created.body.url,
        createdAt: expect.any(String),
      });
      const token = created.body.path.split('/').pop().replace('.ics', '');
      const stored = await t.sql.query(`SELECT token_hash FROM calendar_feeds WHERE user_id = $1`, [specialist.user.id]);
      expect(stored.rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(stored.rows[0].token_hash).not.toContain(token);
      const status = await t.http.get('/api/calendar-feed').set(specialist.auth).expect(200);
      expect(status.body).toMatchObject({ active: true });
      expect(JSON.stringify(status.body)).not.toContain(token);

      const feed = await t.http.get(created.body.path).expect(200);
      expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
      const text = feed.text;
      expect(text).toContain(`UID:${a.id}@casework`);
      expect(text).toContain(`UID:${b.id}@casework`);
      expect(text).toContain(c.case.reference);
      expect(text).toContain('First interview');
      expect(text).toContain('LOCATION:Northside Job Centre');
      expect(text).toContain('STATUS:CANCELLED');
      for (const secret of [client.givenName, client.familyName, client.email, client.phone, 'Zebulonia'])
        expect(text).not.toContain(secret);
      // Only the owner's appointments.
      const others = await t.sql.query(`SELECT id FROM appointments WHERE staff_id <> $1`, [specialist.user.id]);
      for (const r of others.rows) expect(text).not.toContain(r.id);

      const rotated = await t.http.post('/api/calendar-feed').set(specialist.auth).expect(201);
      await t.http.get(created.body.path).expect(404);
      await t.http.get(rotated.body.path).expect(200);
      await t.http.delete('/api/calendar-feed').set(specialist.auth).expect(204);
      expectError(await t.http.get(rotated.body.path), 404, 'NOT_FOUND');
      await t.http.delete('/api/calendar-feed').set(specialist.auth).expect(404);
      await t.http.get('/api/calendar/not-a-token.ics').expect(404);
      expectError(await t.http.post('/api/calendar-feed').set(admin.auth), 403, 'FORBIDDEN');
    });
  });
});

describe('the calendar feed limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ seed: false });
  });
  afterAll(() => t.close());

  it('allows 30 requests a minute per address, counted in the database, and keeps no address', async () => {
    // The window is the clock's minute: start well inside one.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 45_000) await new Promise((r) => setTimeout(r, 60_500 - intoMinute));
    for (let i = 0; i < 30; i++) expectError(await t.http.get('/api/calendar/not-a-token.ics'), 404, 'NOT_FOUND');
    const refused = await t.http.get('/api/calendar/not-a-token.ics');
    expectError(refused, 429, 'RATE_LIMITED');
    const retry = Number(refused.headers['retry-after']);
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);
    const { rows } = await t.sql.query(`SELECT key, hits FROM rate_limit_hits`);
    expect(rows).toHaveLength(1);
    expect(rows[0].hits).toBe(31);
    expect(rows[0].key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(rows[0].key).not.toContain('127.0.0.1');
  }, 90_000);
});

describe('the reminder job runs through the PostgreSQL job queue', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { JOBS_ENABLED: 'true', JOBS_POLL_SECONDS: '1' } });
  });
  afterAll(() => t.close());

  it('writes and records a due reminder when the job runs', async () => {
    const desk = await login(t, DEMO.frontDesk);
    const counsellor = await login(t, DEMO.counsellor);
    const c = await openCase(t, desk, { email: 'client@example.test' });
    const a = await book(t, desk, booking(c.case.id, counsellor.user.id, nextDay(), '09:00', '09:30'));
    await shift(t, a.id, 30);
    const { JobsService, SEND_REMINDERS } = await import('../src/modules/jobs/jobs.service.js');
    await t.app.get(JobsService).trigger(SEND_REMINDERS);
    let status: string | undefined;
    for (let i = 0; i < 50 && status !== 'sent'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      status = (await t.sql.query(`SELECT status FROM outbox_messages WHERE appointment_id = $1`, [a.id])).rows[0]?.status;
    }
    expect(status).toBe('sent');
  });
});
