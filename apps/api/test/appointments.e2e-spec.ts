import { createTestApp, DEMO, login, type Session, type TestApp } from './helpers.js';
import { at, book, booking, nextDay, openCase, shift } from './appointments-support.js';
import { auditRows, expectError, expectFieldError } from './support.js';

describe('appointments', () => {
  let t: TestApp;
  let desk: Session;
  let sup: Session;
  let counsellor: Session;
  let specialist: Session;
  /** A counsellor of the other office. */
  let other: Session;
  let manager: Session;
  let admin: Session;
  /** A case of the counsellor's (assigned). */
  let mine: Awaited<ReturnType<typeof openCase>>;

  const range = (res: { headers: Record<string, string> }) => res.headers['content-range'];
  const q = (filter: Record<string, unknown>, extra = '') =>
    `/api/appointments?filter=${encodeURIComponent(JSON.stringify(filter))}${extra}`;

  beforeAll(async () => {
    t = await createTestApp();
    [desk, sup, counsellor, specialist, other, manager, admin] = await Promise.all(
      [DEMO.frontDesk, DEMO.supervisor, DEMO.counsellor, DEMO.specialist, DEMO.counsellor2, DEMO.manager, DEMO.admin].map((e) =>
        login(t, e),
      ),
    );
    mine = await openCase(t, desk, {}, { supervisor: sup, to: counsellor });
  });
  afterAll(() => t.close());

  describe('booking', () => {
    it('books a counsellor for their own case, audited, and lists it with filters and Content-Range', async () => {
      const day = nextDay();
      const res = await t.http
        .post('/api/appointments')
        .set(counsellor.auth)
        .send(booking(mine.case.id, counsellor.user.id, day, '09:00', '09:45'));
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        caseId: mine.case.id,
        caseReference: mine.case.reference,
        jobseekerId: mine.jobseeker.id,
        staffId: counsellor.user.id,
        staffName: 'Camille Counsel',
        officeId: counsellor.user.officeId,
        startsAt: at(day, '09:00'),
        endsAt: at(day, '09:45'),
        channel: 'in_person',
        purpose: 'Follow-up interview',
        status: 'scheduled',
        outcomeNote: null,
        planActionId: null,
        planActionDescription: null,
        cancelReason: null,
        noShowStreak: 0,
        repeatedNoShow: false,
        reminders: [],
        createdBy: counsellor.user.id,
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const [audit] = await auditRows(t, { action: 'appointments.create', entityId: res.body.id });
      expect(audit).toMatchObject({ actor_id: counsellor.user.id, changes: expect.objectContaining({ caseId: mine.case.id }) });

      const list = await t.http
        .get(
          q(
            { staffId: counsellor.user.id, caseId: mine.case.id, status: 'scheduled', from: at(day, '00:00'), to: at(day, '23:00') },
            '&sort=["startsAt","ASC"]',
          ),
        )
        .set(counsellor.auth)
        .expect(200);
      expect(list.body.map((a: { id: string }) => a.id)).toEqual([res.body.id]);
      expect(range(list)).toBe('appointments 0-0/1');
      // Outside the window: nothing.
      const later = await t.http
        .get(q({ caseId: mine.case.id, from: at(day, '10:00') }))
        .set(counsellor.auth)
        .expect(200);
      expect(later.body).toEqual([]);
      expectFieldError(await t.http.get(q({ client: 'x' })).set(counsellor.auth), 'filter.client', 'allowed');
      expectFieldError(await t.http.get('/api/appointments?sort=["purpose","ASC"]').set(counsellor.auth), 'sort', 'allowed');
    });

    it('lets front desk book for any case of the office, and keeps appointments inside their scope', async () => {
      const c = await openCase(t, desk);
      const a = await book(t, desk, booking(c.case.id, specialist.user.id, nextDay(), '14:00', '14:30', { channel: 'phone' }));
      // Office scope: front desk and supervisor see it; the specialist is its staff member.
      for (const s of [desk, sup, specialist]) await t.http.get(`/api/appointments/${a.id}`).set(s.auth).expect(200);
      // Neither the counsellor's case nor theirs: out of scope, as is another office.
      await t.http.get(`/api/appointments/${a.id}`).set(counsellor.auth).expect(404);
      await t.http.get(`/api/appointments/${a.id}`).set(other.auth).expect(404);
      const otherList = await t.http.get('/api/appointments').set(other.auth).expect(200);
      expect(otherList.body.map((x: { id: string }) => x.id)).not.toContain(a.id);
      // The counsellor may not book on a case that is not theirs: it is not found.
      expectError(
        await t.http
          .post('/api/appointments')
          .set(counsellor.auth)
          .send(booking(c.case.id, counsellor.user.id, nextDay(), '09:00', '09:30')),
        404,
        'NOT_FOUND',
      );
      // Forbidden actions: supervisors read and update but do not book; managers and admins have no appointments.
      expectError(
        await t.http
          .post('/api/appointments')
          .set(sup.auth)
          .send(booking(c.case.id, specialist.user.id, nextDay(), '09:00', '09:30')),
        403,
        'FORBIDDEN',
      );
      expectError(await t.http.get('/api/appointments').set(manager.auth), 403, 'FORBIDDEN');
      expectError(await t.http.get(`/api/appointments/${a.id}`).set(admin.auth), 403, 'FORBIDDEN');
      expectError(await t.http.post(`/api/appointments/${a.id}/cancel`).set(manager.auth).send({ reason: 'x' }), 403, 'FORBIDDEN');
      // The supervisor may update (here: cancel) an office appointment.
      await t.http.post(`/api/appointments/${a.id}/cancel`).set(sup.auth).send({ reason: 'Client moved away' }).expect(200);
    });

    it('refuses bad times: end before start, too short, too long, in the past, malformed', async () => {
      const day = nextDay();
      const send = (body: Record<string, unknown>) => t.http.post('/api/appointments').set(counsellor.auth).send(body);
      const base = booking(mine.case.id, counsellor.user.id, day, '10:00', '10:30');
      expectFieldError(await send({ ...base, endsAt: at(day, '09:30') }), 'endsAt', 'afterStart');
      expectFieldError(await send({ ...base, endsAt: at(day, '10:05') }), 'endsAt', 'duration');
      expectFieldError(await send({ ...base, endsAt: at(day, '14:30') }), 'endsAt', 'duration');
      const past = new Date(Date.now() - 86_400_000);
      expectFieldError(
        await send({ ...base, startsAt: past.toISOString(), endsAt: new Date(past.getTime() + 1_800_000).toISOString() }),
        'startsAt',
        'future',
      );
      expectFieldError(await send({ ...base, startsAt: 'tomorrow at ten' }), 'startsAt');
      expectFieldError(await send({ ...base, channel: 'carrier_pigeon' }), 'channel', 'isIn');
      expectFieldError(await send({ ...base, purpose: '   ' }), 'purpose', 'notBlank');
      expectFieldError(await send({ ...base, planActionId: '3b241101-e2bb-4255-8caf-4136c566a962' }), 'planActionId', 'currentPlanOfCase');
    });

    it('refuses times outside the office’s opening hours (its own time zone) and closure days, naming startsAt', async () => {
      const day = nextDay();
      const send = (from: string, to: string, d = day) =>
        t.http
          .post('/api/appointments')
          .set(counsellor.auth)
          .send(booking(mine.case.id, counsellor.user.id, d, from, to));
      expectFieldError(await send('08:00', '08:45'), 'startsAt', 'openingHours', 400, 'OUTSIDE_OPENING_HOURS');
      // Across the lunch break: not within one opening span.
      expectFieldError(await send('12:15', '13:45'), 'startsAt', 'openingHours', 400, 'OUTSIDE_OPENING_HOURS');
      expectFieldError(await send('16:45', '17:15'), 'startsAt', 'openingHours', 400, 'OUTSIDE_OPENING_HOURS');
      // 16:15-16:45 read as UTC would be within hours; in Paris it is 17:15-17:45 (winter), after closing.
      const utc = {
        ...booking(mine.case.id, counsellor.user.id, day, '08:00', '08:30'),
        startsAt: `${day}T16:15:00.000Z`,
        endsAt: `${day}T16:45:00.000Z`,
      };
      expectFieldError(
        await t.http.post('/api/appointments').set(counsellor.auth).send(utc),
        'startsAt',
        'openingHours',
        400,
        'OUTSIDE_OPENING_HOURS',
      );
      // A time without its offset is refused: it would mean different instants on different servers.
      const zoneless = { ...utc, startsAt: `${day}T10:00:00`, endsAt: `${day}T10:30:00` };
      expectFieldError(await t.http.post('/api/appointments').set(counsellor.auth).send(zoneless), 'startsAt', 'matches');
      let saturday = day;
      while (new Date(`${saturday}T12:00:00Z`).getUTCDay() !== 6)
        saturday = new Date(Date.parse(`${saturday}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      expectFieldError(await send('10:00', '10:30', saturday), 'startsAt', 'openingHours', 400, 'OUTSIDE_OPENING_HOURS');

      const holiday = nextDay();
      await t.http
        .post(`/api/offices/${sup.user.officeId}/closures`)
        .set(sup.auth)
        .send({ startsOn: holiday, reason: 'Public holiday' })
        .expect(201);
      expectFieldError(await send('10:00', '10:30', holiday), 'startsAt', 'closed', 400, 'OFFICE_CLOSED');
      // The day before is still open.
      await book(t, counsellor, booking(mine.case.id, counsellor.user.id, day, '08:30', '09:00'));
    });

    it('refuses a staff member of another office, one who is not a case worker, away or deactivated, and a closed case', async () => {
      const day = nextDay();
      const send = (staffId: string, caseId = mine.case.id) =>
        t.http
          .post('/api/appointments')
          .set(desk.auth)
          .send(booking(caseId, staffId, day, '10:00', '10:30'));
      expectFieldError(await send(other.user.id), 'staffId', 'sameOffice');
      expectFieldError(await send(desk.user.id), 'staffId', 'bookable');
      const { rows } = await t.sql.query(
        `INSERT INTO users (email, full_name, role, office_id, password_hash, away)
        VALUES ('away.counsellor@example.test', 'Away Counsellor', 'counsellor', $1, 'x', true) RETURNING id`,
        [desk.user.officeId],
      );
      expectFieldError(await send(rows[0].id), 'staffId', 'available');
      await t.sql.query(`UPDATE users SET away = false, active = false WHERE id = $1`, [rows[0].id]);
      expectFieldError(await send(rows[0].id), 'staffId', 'available');
      const closed = await openCase(t, desk);
      await t.sql.query(`UPDATE cases SET status = 'closed', closed_at = now(), close_reason = 'employed' WHERE id = $1`, [closed.case.id]);
      expectFieldError(await send(counsellor.user.id, closed.case.id), 'caseId', 'open');
    });

    it('does not offer video to a client with no digital skills or who asked for in-person contact', async () => {
      const day = nextDay();
      const noSkills = await openCase(t, desk, { digitalSkills: 'none', preferredChannel: 'phone' });
      const inPerson = await openCase(t, desk, { preferredChannel: 'in_person' });
      const online = await openCase(t, desk, { preferredChannel: 'online' });
      const video = (caseId: string, from: string, to: string) =>
        t.http
          .post('/api/appointments')
          .set(desk.auth)
          .send(booking(caseId, counsellor.user.id, day, from, to, { channel: 'video' }));
      expectFieldError(await video(noSkills.case.id, '09:00', '09:30'), 'channel', 'digitalSkills');
      expectFieldError(await video(inPerson.case.id, '09:00', '09:30'), 'channel', 'preferredChannel');
      expect((await video(online.case.id, '09:00', '09:30')).status).toBe(201);
      // Phone is fine for both.
      await book(t, desk, booking(noSkills.case.id, counsellor.user.id, day, '10:00', '10:30', { channel: 'phone' }));
    });
  });

  describe('no double booking', () => {
    it('gives exactly one of 20 concurrent bookings of one slot, and 19 SLOT_TAKEN naming it', async () => {
      const day = nextDay();
      const cases = await Promise.all(Array.from({ length: 4 }, () => openCase(t, desk)));
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          t.http
            .post('/api/appointments')
            .set(desk.auth)
            .send(booking(cases[i % 4].case.id, specialist.user.id, day, '11:00', '11:30')),
        ),
      );
      const created = results.filter((r) => r.status === 201);
      const taken = results.filter((r) => r.status === 409);
      expect([created.length, taken.length]).toEqual([1, 19]);
      for (const r of taken) {
        expect(r.body).toMatchObject({
          code: 'SLOT_TAKEN',
          errors: [expect.objectContaining({ field: 'startsAt', rule: 'free' })],
          conflict: { startsAt: at(day, '11:00'), endsAt: at(day, '11:30'), appointmentId: created[0].body.id },
        });
      }
      const { rows } = await t.sql.query(`SELECT count(*)::int AS n FROM appointments WHERE staff_id = $1 AND starts_at = $2`, [
        specialist.user.id,
        at(day, '11:00'),
      ]);
      expect(rows[0].n).toBe(1);
    });

    it('refuses an overlapping booking, hides the conflicting id from a caller who may not see it, and frees a cancelled slot', async () => {
      const day = nextDay();
      const deskCase = await openCase(t, desk);
      const first = await book(t, desk, booking(deskCase.case.id, specialist.user.id, day, '14:00', '15:00'));
      // The counsellor books the specialist for their own case: the clash is not theirs to see.
      const res = await t.http
        .post('/api/appointments')
        .set(counsellor.auth)
        .send(booking(mine.case.id, specialist.user.id, day, '14:30', '15:00'));
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'SLOT_TAKEN', conflict: { startsAt: at(day, '14:00'), endsAt: at(day, '15:00') } });
      expect(res.body.conflict.appointmentId).toBeUndefined();
      // Back to back is fine.
      await book(t, counsellor, booking(mine.case.id, specialist.user.id, day, '15:00', '15:30'));
      await t.http.post(`/api/appointments/${first.id}/cancel`).set(desk.auth).send({ reason: 'Client asked to move it' }).expect(200);
      await book(t, counsellor, booking(mine.case.id, specialist.user.id, day, '14:30', '15:00'));
    });

    it('replays a booking sent again with the same Idempotency-Key, and refuses the key with another body', async () => {
      const day = nextDay();
      const body = booking(mine.case.id, counsellor.user.id, day, '13:30', '14:00');
      const first = await t.http.post('/api/appointments').set(counsellor.auth).set('Idempotency-Key', 'book-1').send(body).expect(201);
      const again = await t.http.post('/api/appointments').set(counsellor.auth).set('Idempotency-Key', 'book-1').send(body).expect(201);
      expect(again.body.id).toBe(first.body.id);
      expect(again.headers['idempotent-replayed']).toBe('true');
      const other = await t.http
        .post('/api/appointments')
        .set(counsellor.auth)
        .set('Idempotency-Key', 'book-1')
        .send({ ...body, purpose: 'Something else' });
      expectError(other, 422, 'IDEMPOTENCY_KEY_REUSED');
      const { rows } = await t.sql.query(`SELECT count(*)::int AS n FROM appointments WHERE case_id = $1 AND starts_at = $2`, [
        mine.case.id,
        body.startsAt,
      ]);
      expect(rows[0].n).toBe(1);
    });
  });

  describe('changes', () => {
    it('reschedules with the current version, keeps the duration, resets pending reminders and refuses a stale version', async () => {
      const day = nextDay();
      const a = await book(t, counsellor, booking(mine.case.id, counsellor.user.id, day, '09:00', '09:45'));
      await t.sql.query(
        `INSERT INTO outbox_messages (appointment_id, office_id, kind, for_starts_at, channel, transport, recipient, language, subject, body)
         SELECT id, office_id, '48h', starts_at, 'email', 'demo', 'x@example.test', 'en', 's', 'b' FROM appointments WHERE id = $1`,
        [a.id],
      );
      const res = await t.http
        .patch(`/api/appointments/${a.id}`)
        .set(counsellor.auth)
        .send({ startsAt: at(day, '10:00'), version: 1 })
        .expect(200);
      expect(res.body).toMatchObject({ startsAt: at(day, '10:00'), endsAt: at(day, '10:45'), version: 2 });
      expect(res.body.reminders).toEqual([expect.objectContaining({ kind: '48h', status: 'cancelled' })]);
      expectError(
        await t.http.patch(`/api/appointments/${a.id}`).set(counsellor.auth).send({ purpose: 'Stale', version: 1 }),
        409,
        'STALE_VERSION',
      );
      expectFieldError(
        await t.http
          .patch(`/api/appointments/${a.id}`)
          .set(counsellor.auth)
          .send({ startsAt: at(day, '12:15'), version: 2 }),
        'startsAt',
        'openingHours',
        400,
        'OUTSIDE_OPENING_HOURS',
      );
      expectFieldError(await t.http.patch(`/api/appointments/${a.id}`).set(counsellor.auth).send({ channel: 'phone' }), 'version', 'isInt');
      const changed = await t.http
        .patch(`/api/appointments/${a.id}`)
        .set(sup.auth)
        .send({ channel: 'phone', purpose: 'Interview by phone', version: 2 })
        .expect(200);
      expect(changed.body).toMatchObject({ channel: 'phone', purpose: 'Interview by phone', version: 3 });
      const [audit] = await auditRows(t, { action: 'appointments.update', entityId: a.id });
      expect(audit.changes).toMatchObject({ startsAt: { from: at(day, '09:00'), to: at(day, '10:00') } });
      // Into a taken slot: SLOT_TAKEN, and nothing changes.
      const b = await book(t, counsellor, booking(mine.case.id, counsellor.user.id, day, '14:00', '14:30'));
      const clash = await t.http
        .patch(`/api/appointments/${b.id}`)
        .set(counsellor.auth)
        .send({ startsAt: at(day, '10:15'), version: 1 });
      expect(clash.status).toBe(409);
      expect(clash.body).toMatchObject({ code: 'SLOT_TAKEN', conflict: { appointmentId: a.id } });
      expect((await t.http.get(`/api/appointments/${b.id}`).set(counsellor.auth)).body).toMatchObject({
        startsAt: at(day, '14:00'),
        version: 1,
      });
    });

    it('moves scheduled -> attended | no_show | cancelled only, once it has started, and refuses anything else with INVALID_TRANSITION', async () => {
      const day = nextDay();
      const a = await book(t, counsellor, booking(mine.case.id, counsellor.user.id, day, '09:00', '09:30'));
      expectFieldError(
        await t.http.post(`/api/appointments/${a.id}/attend`).set(counsellor.auth).send({}),
        'status',
        'started',
        409,
        'INVALID_TRANSITION',
      );
      await shift(t, a.id);
      const attended = await t.http
        .post(`/api/appointments/${a.id}/attend`)
        .set(counsellor.auth)
        .send({ outcomeNote: 'Went through the CV', version: 1 })
        .expect(200);
      expect(attended.body).toMatchObject({ status: 'attended', outcomeNote: 'Went through the CV', version: 2 });
      expectFieldError(
        await t.http.post(`/api/appointments/${a.id}/attend`).set(counsellor.auth).send({}),
        'status',
        'transition',
        409,
        'INVALID_TRANSITION',
      );
      expectError(await t.http.post(`/api/appointments/${a.id}/no-show`).set(counsellor.auth).send({}), 409, 'INVALID_TRANSITION');
      expectError(
        await t.http.post(`/api/appointments/${a.id}/cancel`).set(counsellor.auth).send({ reason: 'Too late' }),
        409,
        'INVALID_TRANSITION',
      );
      expectError(
        await t.http
          .patch(`/api/appointments/${a.id}`)
          .set(counsellor.auth)
          .send({ startsAt: at(nextDay(), '09:00'), version: 2 }),
        409,
        'INVALID_TRANSITION',
      );
      // The outcome note can still be written.
      await t.http
        .patch(`/api/appointments/${a.id}`)
        .set(counsellor.auth)
        .send({ outcomeNote: 'Also discussed training', version: 2 })
        .expect(200);

      const b = await book(t, counsellor, booking(mine.case.id, counsellor.user.id, day, '10:00', '10:30'));
      expectFieldError(await t.http.post(`/api/appointments/${b.id}/cancel`).set(counsellor.auth).send({}), 'reason', 'isString');
      expectError(
        await t.http.post(`/api/appointments/${b.id}/cancel`).set(counsellor.auth).send({ reason: 'x', version: 9 }),
        409,
        'STALE_VERSION',
      );
      const cancelled = await t.http
        .post(`/api/appointments/${b.id}/cancel`)
        .set(counsellor.auth)
        .send({ reason: 'Client is ill' })
        .expect(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'Client is ill' });
      expectError(await t.http.post(`/api/appointments/${b.id}/no-show`).set(counsellor.auth).send({}), 409, 'INVALID_TRANSITION');
      const audit = await auditRows(t, { action: 'appointments.%', entityId: b.id });
      expect(audit.map((r) => r.action)).toEqual(['appointments.create', 'appointments.cancelled']);
    });
  });

  describe('no-shows', () => {
    const followUps = async (caseId: string) =>
      (
        await t.sql.query(
          `SELECT assignee_id, queue, priority, data FROM work_items WHERE case_id = $1 AND kind = 'follow_up_no_show' ORDER BY created_at, priority DESC`,
          [caseId],
        )
      ).rows;

    it('creates a follow-up for the case’s counsellor; a second no-show in a row flags the case with a higher-priority item', async () => {
      const c = await openCase(t, desk, {}, { supervisor: sup, to: counsellor });
      const day = nextDay();
      const first = await book(t, counsellor, booking(c.case.id, counsellor.user.id, day, '09:00', '09:30'));
      const second = await book(t, counsellor, booking(c.case.id, counsellor.user.id, day, '10:00', '10:30'));
      await shift(t, first.id);
      await shift(t, second.id, -1);
      const one = await t.http.post(`/api/appointments/${first.id}/no-show`).set(counsellor.auth).send({}).expect(200);
      expect(one.body).toMatchObject({ status: 'no_show', noShowStreak: 1, repeatedNoShow: false });
      expect(await followUps(c.case.id)).toEqual([
        {
          assignee_id: counsellor.user.id,
          queue: null,
          priority: 2,
          data: expect.objectContaining({ appointmentId: first.id, consecutiveNoShows: 1, repeatedNoShow: false }),
        },
      ]);
      const two = await t.http
        .post(`/api/appointments/${second.id}/no-show`)
        .set(desk.auth)
        .send({ outcomeNote: 'No answer by phone either' })
        .expect(200);
      expect(two.body).toMatchObject({ noShowStreak: 2, repeatedNoShow: true });
      const items = await followUps(c.case.id);
      expect(items[1]).toEqual({
        assignee_id: counsellor.user.id,
        queue: null,
        priority: 1,
        data: expect.objectContaining({ appointmentId: second.id, consecutiveNoShows: 2, repeatedNoShow: true }),
      });
      // The counsellor sees it in their personal items; the audit event links it.
      const inbox = await t.http
        .get(`/api/work-items?filter=${encodeURIComponent(JSON.stringify({ caseId: c.case.id, kind: 'follow_up_no_show' }))}`)
        .set(counsellor.auth)
        .expect(200);
      expect(inbox.body).toHaveLength(2);
      const [audit] = await auditRows(t, { action: 'appointments.no_show', entityId: second.id });
      expect(audit.changes).toMatchObject({ followUp: { repeatedNoShow: true, consecutiveNoShows: 2 } });
      // A later appointment shows the flag too, until one is attended.
      const third = await book(t, counsellor, booking(c.case.id, counsellor.user.id, nextDay(), '11:00', '11:30'));
      expect((await t.http.get(`/api/appointments/${third.id}`).set(counsellor.auth)).body).toMatchObject({
        noShowStreak: 2,
        repeatedNoShow: true,
      });
    });

    it('starts counting again after an attended appointment, and sends the follow-up of an unassigned case to the supervisor', async () => {
      const c = await openCase(t, desk);
      const day = nextDay();
      const ids = [];
      for (const from of ['09:00', '10:00', '11:00']) {
        const a = await book(t, desk, booking(c.case.id, counsellor.user.id, day, from, `${from.slice(0, 2)}:30`));
        ids.push(a.id);
      }
      for (const [i, id] of ids.entries()) await shift(t, id, -(300 - i * 3));
      await t.http.post(`/api/appointments/${ids[0]}/no-show`).set(desk.auth).send({}).expect(200);
      await t.http.post(`/api/appointments/${ids[1]}/attend`).set(desk.auth).send({}).expect(200);
      const after = await t.http.post(`/api/appointments/${ids[2]}/no-show`).set(desk.auth).send({}).expect(200);
      expect(after.body).toMatchObject({ noShowStreak: 1, repeatedNoShow: false });
      const items = await followUps(c.case.id);
      expect(items.map((i) => [i.assignee_id, i.priority])).toEqual([
        [sup.user.id, 2],
        [sup.user.id, 2],
      ]);
    });
  });

  describe('availability', () => {
    const slots = (s: Session, params: Record<string, string | number>) =>
      t.http
        .get(
          `/api/appointments/availability?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]))}`,
        )
        .set(s.auth);

    it('gives free slots within opening hours, without booked times or closure days', async () => {
      const day = nextDay();
      await book(t, counsellor, booking(mine.case.id, counsellor.user.id, day, '09:00', '10:00'));
      const res = await slots(desk, { staffId: counsellor.user.id, from: at(day, '00:00'), to: at(day, '23:59'), duration: 30 }).expect(
        200,
      );
      const starts = res.body.map((s: { startsAt: string }) => s.startsAt);
      expect(res.body[0]).toEqual({ staffId: counsellor.user.id, startsAt: at(day, '08:30'), endsAt: at(day, '09:00') });
      for (const busy of ['08:45', '09:00', '09:30', '09:45']) expect(starts).not.toContain(at(day, busy));
      expect(starts).toContain(at(day, '10:00'));
      expect(starts).toContain(at(day, '16:30'));
      expect(starts).not.toContain(at(day, '12:15'));
      // Every slot is one a booking would accept.
      const last = res.body[res.body.length - 1];
      await book(t, counsellor, {
        ...booking(mine.case.id, counsellor.user.id, day, '16:30', '17:00'),
        startsAt: last.startsAt,
        endsAt: last.endsAt,
      });

      const closed = nextDay();
      await t.http
        .post(`/api/offices/${sup.user.officeId}/closures`)
        .set(sup.auth)
        .send({ startsOn: closed, reason: 'Staff training day' })
        .expect(201);
      const none = await slots(counsellor, {
        staffId: counsellor.user.id,
        from: at(closed, '00:00'),
        to: at(closed, '23:59'),
        duration: 30,
      }).expect(200);
      expect(none.body).toEqual([]);
    });

    it('gives the slots of every bookable case worker of an office', async () => {
      const day = nextDay();
      await book(t, desk, booking(mine.case.id, specialist.user.id, day, '08:30', '12:30'));
      const res = await slots(sup, {
        officeId: sup.user.officeId,
        from: at(day, '08:00'),
        to: at(day, '12:30'),
        duration: 60,
        step: 30,
      }).expect(200);
      const staff = new Set(res.body.map((s: { staffId: string }) => s.staffId));
      expect(staff).toEqual(new Set([counsellor.user.id]));
      expect(res.body.map((s: { startsAt: string }) => s.startsAt)).toEqual(
        ['08:30', '09:00', '09:30', '10:00', '10:30', '11:00', '11:30'].map((h) => at(day, h)),
      );
    });

    it('refuses bad or unbounded requests and another office’s staff', async () => {
      const day = nextDay();
      const base = { staffId: counsellor.user.id, from: at(day, '00:00'), to: at(day, '23:00'), duration: 30 };
      expectFieldError(await slots(desk, { ...base, officeId: desk.user.officeId }), 'staffId', 'oneOf');
      expectFieldError(
        await slots(desk, { officeId: desk.user.officeId, from: base.from, to: base.to, duration: 30, extra: 1 }),
        'extra',
        'unknown',
      );
      expectFieldError(await slots(desk, { ...base, to: base.from }), 'to', 'afterFrom');
      expectFieldError(
        await slots(desk, { ...base, to: new Date(Date.parse(base.from) + 40 * 86_400_000).toISOString() }),
        'to',
        'maxPeriod',
      );
      expectFieldError(await slots(desk, { ...base, duration: 5 }), 'duration', 'min');
      expectFieldError(await slots(desk, { ...base, duration: 'half an hour' }), 'duration', 'isInt');
      expectFieldError(await slots(desk, { ...base, from: 'soon' }), 'from', 'isIso8601');
      expectFieldError(await slots(desk, { ...base, staffId: desk.user.id }), 'staffId', 'bookable');
      expectError(await slots(desk, { ...base, staffId: other.user.id }), 404, 'NOT_FOUND');
      expectError(await slots(other, { officeId: desk.user.officeId, from: base.from, to: base.to, duration: 30 }), 404, 'NOT_FOUND');
    });
  });

  describe('office closures', () => {
    const url = (officeId: string) => `/api/offices/${officeId}/closures`;

    it('lets the office supervisor and admins manage closures, staff of the office read them, audited', async () => {
      const office = sup.user.officeId;
      const start = nextDay();
      const res = await t.http
        .post(url(office))
        .set(sup.auth)
        .send({ startsOn: start, endsOn: nextDay(), reason: 'Winter holidays' })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        officeId: office,
        startsOn: start,
        endsOn: expect.any(String),
        reason: 'Winter holidays',
        createdAt: expect.any(String),
      });
      const list = await t.http
        .get(`${url(office)}?filter=${encodeURIComponent(JSON.stringify({ from: start }))}`)
        .set(counsellor.auth)
        .expect(200);
      expect(list.body.map((c: { id: string }) => c.id)).toContain(res.body.id);
      expect(list.headers['content-range']).toMatch(/^office-closures /);
      expectError(await t.http.post(url(office)).set(desk.auth).send({ startsOn: nextDay(), reason: 'x' }), 403, 'FORBIDDEN');
      expectError(await t.http.get(url(office)).set(other.auth), 404, 'NOT_FOUND');
      expectError(await t.http.post(url(other.user.officeId)).set(sup.auth).send({ startsOn: nextDay(), reason: 'x' }), 404, 'NOT_FOUND');
      const riverside = await t.http
        .post(url(other.user.officeId))
        .set(admin.auth)
        .send({ startsOn: nextDay(), reason: 'Fête locale' })
        .expect(201);
      expectFieldError(
        await t.http.post(url(office)).set(sup.auth).send({ startsOn: start, reason: 'Again' }),
        'startsOn',
        'unique',
        409,
        'ALREADY_EXISTS',
      );
      expectFieldError(await t.http.post(url(office)).set(sup.auth).send({ startsOn: '2026-02-30', reason: 'x' }), 'startsOn', 'isDate');
      expectFieldError(
        await t.http.post(url(office)).set(sup.auth).send({ startsOn: '2027-03-02', endsOn: '2027-03-01', reason: 'x' }),
        'endsOn',
        'afterStart',
      );
      expectFieldError(await t.http.post(url(office)).set(sup.auth).send({ startsOn: '2027-03-02' }), 'reason');
      await t.http
        .delete(`${url(office)}/${res.body.id}`)
        .set(sup.auth)
        .expect(204);
      await t.http
        .delete(`${url(office)}/${res.body.id}`)
        .set(sup.auth)
        .expect(404);
      await t.http
        .delete(`${url(other.user.officeId)}/${riverside.body.id}`)
        .set(admin.auth)
        .expect(204);
      expect((await auditRows(t, { action: 'office_closures.%' })).map((r) => r.action)).toEqual(
        expect.arrayContaining(['office_closures.create', 'office_closures.delete']),
      );
    });
  });
});
