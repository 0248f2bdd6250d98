import { createTestApp, DEMO, login, type Session, type TestApp } from './helpers.js';
import { EscalationService } from '../src/modules/work-items/escalation.service.js';

describe('work items: queues, claim-next, completion, escalation', () => {
  let t: TestApp;
  let desk: Session;
  let desk2: Session;
  let sup: Session;
  let specialist: Session;
  let counsellor: Session;
  let officeId: string;

  /** Pooled routine items straight into the table, with chosen priority and due offsets (minutes). */
  async function seedItems(items: Array<{ priority: number; dueInMinutes: number; kind?: string }>, queue = 'routine'): Promise<string[]> {
    const ids: string[] = [];
    for (const i of items) {
      const { rows } = await t.sql.query(
        `INSERT INTO work_items (office_id, kind, queue, priority, due_at) VALUES ($1, $2, $3, $4, now() + make_interval(mins => $5)) RETURNING id`,
        [officeId, i.kind ?? 'phone_client', queue, i.priority, i.dueInMinutes],
      );
      ids.push(rows[0].id);
    }
    return ids;
  }

  beforeAll(async () => {
    t = await createTestApp();
    desk = await login(t, DEMO.frontDesk);
    sup = await login(t, DEMO.supervisor);
    specialist = await login(t, DEMO.specialist);
    counsellor = await login(t, DEMO.counsellor);
    officeId = desk.user.officeId;
    // A second front-desk colleague in the same office.
    await t.sql.query(`UPDATE users SET role = 'front_desk', office_id = $2 WHERE email = $1`, [DEMO.manager, officeId]);
    desk2 = await login(t, DEMO.manager);
  });
  afterAll(() => t.close());

  beforeEach(() => t.sql.query(`UPDATE work_items SET status = 'cancelled' WHERE status IN ('open', 'claimed')`));

  it('hands out the most urgent item first: overdue, then priority, then due time', async () => {
    const [laterP1, overdueP3, soonP2, overdueP1, soonP1] = await seedItems([
      { priority: 1, dueInMinutes: 600 },
      { priority: 3, dueInMinutes: -60 },
      { priority: 2, dueInMinutes: 30 },
      { priority: 1, dueInMinutes: -5 },
      { priority: 1, dueInMinutes: 60 },
    ]);
    const order: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.http.post('/api/work-items/claim-next').set(desk.auth).send({ queue: 'routine' }).expect(200);
      expect(res.body).toMatchObject({ status: 'claimed', claimedBy: desk.user.id });
      order.push(res.body.id);
    }
    expect(order).toEqual([overdueP1, overdueP3, soonP1, laterP1, soonP2]);
    await t.http.post('/api/work-items/claim-next').set(desk.auth).send({ queue: 'routine' }).expect(204);
  });

  it('never gives the same item to two people: 20 concurrent claims over 20 items give 20 different items', async () => {
    await seedItems(Array.from({ length: 20 }, (_, i) => ({ priority: 2, dueInMinutes: i })));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.http
          .post('/api/work-items/claim-next')
          .set((i % 2 ? desk : desk2).auth)
          .send({ queue: 'routine' }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(20);
  });

  it('gives 25 concurrent claims over 20 items 20 items and 5 empty answers, one audit event and one holder per item', async () => {
    const ids = await seedItems(Array.from({ length: 20 }, (_, i) => ({ priority: 1 + (i % 3), dueInMinutes: i % 2 ? -i : i })));
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        t.http
          .post('/api/work-items/claim-next')
          .set((i % 2 ? desk : desk2).auth)
          .send({ queue: 'routine' }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([...Array(20).fill(200), ...Array(5).fill(204)]);
    const claimed = results.filter((r) => r.status === 200).map((r) => r.body as { id: string; claimedBy: string });
    expect(new Set(claimed.map((c) => c.id))).toEqual(new Set(ids));
    const { rows } = await t.sql.query(
      `SELECT w.id, w.status, w.claimed_by, (SELECT count(*)::int FROM audit_events a WHERE a.action = 'work_items.claim' AND a.entity_id = w.id::text) AS claims,
              (SELECT a.actor_id FROM audit_events a WHERE a.action = 'work_items.claim' AND a.entity_id = w.id::text) AS actor
         FROM work_items w WHERE w.id = ANY($1)`,
      [ids],
    );
    const holder = new Map(claimed.map((c) => [c.id, c.claimedBy]));
    for (const r of rows)
      expect(r).toEqual({ id: r.id, status: 'claimed', claimed_by: holder.get(r.id), claims: 1, actor: holder.get(r.id) });
  });

  it('gives claims that arrive together the most urgent items, each audited with its own caller and request id', async () => {
    const ids = await seedItems([
      { priority: 3, dueInMinutes: 300 },
      { priority: 1, dueInMinutes: -20 },
      { priority: 2, dueInMinutes: 10 },
      { priority: 1, dueInMinutes: 50 },
      { priority: 3, dueInMinutes: -1 },
      { priority: 2, dueInMinutes: 500 },
      { priority: 1, dueInMinutes: 900 },
      { priority: 3, dueInMinutes: 900 },
    ]);
    // The five most urgent: the two overdue ones, then priority 1 by due time, then the sooner priority 2.
    const top5 = [ids[1], ids[4], ids[3], ids[6], ids[2]];
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        t.http
          .post('/api/work-items/claim-next')
          .set((i % 2 ? desk : desk2).auth)
          .set('X-Request-Id', `claim-group-${i}`)
          .send({ queue: 'routine' }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(5).fill(200));
    expect(new Set(results.map((r) => r.body.id))).toEqual(new Set(top5));
    const { rows } = await t.sql.query(
      `SELECT entity_id, actor_id, actor_role, request_id FROM audit_events WHERE action = 'work_items.claim' AND entity_id = ANY($1)`,
      [ids],
    );
    expect(rows).toHaveLength(5);
    const expected = results.map((r, i) => ({
      entity_id: r.body.id,
      actor_id: (i % 2 ? desk : desk2).user.id,
      actor_role: 'front_desk',
      request_id: `claim-group-${i}`,
    }));
    expect(rows.sort((a, b) => a.request_id.localeCompare(b.request_id))).toEqual(expected);
    for (const [i, r] of results.entries()) expect(r.body.claimedBy).toBe((i % 2 ? desk : desk2).user.id);
  });

  it('answers claim-next with the item as GET shows it, and audits the claim with the request id in the same statement', async () => {
    const [id] = await seedItems([{ priority: 2, dueInMinutes: -30 }]);
    const res = await t.http
      .post('/api/work-items/claim-next')
      .set(desk.auth)
      .set('X-Request-Id', 'claim-next-req-0001')
      .send({ queue: 'routine' })
      .expect(200);
    expect(res.body.id).toBe(id);
    const got = await t.http.get(`/api/work-items/${id}`).set(desk.auth).expect(200);
    expect(res.body).toEqual(got.body);
    expect(res.body).toMatchObject({ status: 'claimed', claimedBy: desk.user.id, overdue: true, version: 2 });
    const { rows } = await t.sql.query(
      `SELECT actor_id, actor_role, entity, changes, request_id, ip IS NOT NULL AS has_ip FROM audit_events WHERE action = 'work_items.claim' AND entity_id = $1`,
      [id],
    );
    expect(rows).toEqual([
      {
        actor_id: desk.user.id,
        actor_role: 'front_desk',
        entity: 'work_items',
        changes: { queue: 'routine', next: true },
        request_id: 'claim-next-req-0001',
        has_ip: true,
      },
    ]);
  });

  it('keeps each role to its own queue', async () => {
    await seedItems([{ priority: 2, dueInMinutes: 5 }]);
    await t.http.post('/api/work-items/claim-next').set(specialist.auth).send({ queue: 'routine' }).expect(403);
    await t.http.post('/api/work-items/claim-next').set(counsellor.auth).send({ queue: 'routine' }).expect(403);
    const bad = await t.http.post('/api/work-items/claim-next').set(desk.auth).send({ queue: 'everything' }).expect(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'queue', rule: 'isIn' });
    const seen = await t.http
      .get(`/api/work-items?filter=${encodeURIComponent(JSON.stringify({ status: 'open' }))}`)
      .set(counsellor.auth)
      .expect(200);
    expect(seen.body).toEqual([]);
    const deskSees = await t.http
      .get(`/api/work-items?filter=${encodeURIComponent(JSON.stringify({ status: 'open' }))}`)
      .set(desk.auth)
      .expect(200);
    expect(deskSees.body).toHaveLength(1);
  });

  it('verifies a registration only with the documents checked, and lets only the holder complete it', async () => {
    const reg = await t.http
      .post('/api/jobseekers')
      .set(desk.auth)
      .send({ givenName: 'Amina', familyName: 'Diallo', dateOfBirth: '1995-02-03', digitalSkills: 'none', educationLevel: 2 })
      .expect(201);
    const [item] = (
      await t.http
        .get(`/api/work-items?filter=${encodeURIComponent(JSON.stringify({ caseId: reg.body.case.id, kind: 'verify_registration' }))}`)
        .set(desk.auth)
        .expect(200)
    ).body;
    await t.http
      .post(`/api/work-items/${item.id}/complete`)
      .set(desk.auth)
      .send({ documentsChecked: ['identity_document'] })
      .expect(409); // not claimed yet
    await t.http.post(`/api/work-items/${item.id}/claim`).set(desk.auth).expect(200);
    await t.http
      .post(`/api/work-items/${item.id}/complete`)
      .set(desk2.auth)
      .send({ documentsChecked: ['identity_document'] })
      .expect(403);
    const missing = await t.http.post(`/api/work-items/${item.id}/complete`).set(desk.auth).send({}).expect(400);
    expect(missing.body.errors[0]).toMatchObject({ field: 'documentsChecked', rule: 'required' });
    const wrongDoc = await t.http
      .post(`/api/work-items/${item.id}/complete`)
      .set(desk.auth)
      .send({ documentsChecked: ['horoscope'] })
      .expect(400);
    expect(wrongDoc.body.errors[0]).toMatchObject({ field: 'documentsChecked', rule: 'isIn' });
    const done = await t.http
      .post(`/api/work-items/${item.id}/complete`)
      .set(desk.auth)
      .send({ documentsChecked: ['identity_document', 'proof_of_address'] })
      .expect(200);
    expect(done.body).toMatchObject({
      status: 'done',
      completedBy: desk.user.id,
      result: { documentsChecked: ['identity_document', 'proof_of_address'] },
    });
  });

  it('releases a claimed item back to the queue and lets a supervisor reassign it', async () => {
    const [id] = await seedItems([{ priority: 2, dueInMinutes: 10 }]);
    await t.http.post(`/api/work-items/${id}/claim`).set(desk.auth).expect(200);
    await t.http.post(`/api/work-items/${id}/release`).set(desk2.auth).expect(403);
    expect((await t.http.post(`/api/work-items/${id}/release`).set(desk.auth).expect(200)).body).toMatchObject({
      status: 'open',
      claimedBy: null,
    });
    await t.http.post(`/api/work-items/${id}/reassign`).set(desk.auth).send({ assigneeId: desk2.user.id }).expect(403);
    const res = await t.http.post(`/api/work-items/${id}/reassign`).set(sup.auth).send({ assigneeId: desk2.user.id }).expect(200);
    expect(res.body).toMatchObject({ status: 'claimed', claimedBy: desk2.user.id });
  });

  it('lets the holder of a specialist intake read its case', async () => {
    const reg = await t.http
      .post('/api/jobseekers')
      .set(desk.auth)
      .send({
        givenName: 'Pedro',
        familyName: 'Alves',
        dateOfBirth: '1961-07-07',
        digitalSkills: 'none',
        educationLevel: 1,
        unemployedSince: '2024-01-01',
      })
      .expect(201);
    const c = (await t.http.get(`/api/cases/${reg.body.case.id}`).set(sup.auth).expect(200)).body;
    await t.sql.query(`UPDATE users SET role = 'specialist', caseload_cap = 50 WHERE email = $1`, [DEMO.counsellor2]);
    await t.sql.query(`UPDATE users SET office_id = $2 WHERE email = $1`, [DEMO.counsellor2, officeId]);
    const other = await login(t, DEMO.counsellor2);
    await t.http
      .post(`/api/cases/${c.id}/assign`)
      .set(sup.auth)
      .send({ assigneeId: other.user.id, version: c.version, decision: { kind: 'confirm' } })
      .expect(200);
    await t.http.get(`/api/cases/${c.id}`).set(specialist.auth).expect(404);
    const claimed = await t.http.post('/api/work-items/claim-next').set(specialist.auth).send({ queue: 'targeted' }).expect(200);
    expect(claimed.body).toMatchObject({ kind: 'specialist_intake', caseId: c.id });
    await t.http.get(`/api/cases/${c.id}`).set(specialist.auth).expect(200);
  });

  it('counts a list exactly up to 1,000 items a part, and past that answers the total as unknown with X-Total-At-Least', async () => {
    const { rows } = await t.sql.query(
      `INSERT INTO work_items (office_id, kind, queue, priority, due_at)
       SELECT $1, 'phone_client', 'routine', 2, now() + make_interval(mins => i) FROM generate_series(1, 1003) i RETURNING id`,
      [officeId],
    );
    const ids: string[] = rows.map((r: { id: string }) => r.id);
    // A personal item too: the total adds the parts.
    await t.sql.query(`INSERT INTO work_items (office_id, kind, assignee_id, priority, due_at) VALUES ($1, 'review_plan', $2, 2, now())`, [
      officeId,
      desk.user.id,
    ]);
    const page = (filter: Record<string, unknown>, range = [0, 24]) =>
      t.http
        .get(`/api/work-items?filter=${encodeURIComponent(JSON.stringify(filter))}&range=${JSON.stringify(range)}`)
        .set(desk.auth)
        .set('Origin', 'http://localhost:5173')
        .expect(200);
    const over = await page({ status: 'open' });
    expect(over.body).toHaveLength(25);
    expect(over.headers['content-range']).toBe('work-items 0-24/*');
    expect(over.headers['x-total-at-least']).toBe('1002');
    expect(String(over.headers['access-control-expose-headers']).split(/,\s*/)).toContain('X-Total-At-Least');
    // A deep page by offset, and a page past the end, count the same way.
    expect((await page({ status: 'open' }, [1000, 1024])).headers['content-range']).toBe('work-items 1000-1003/*');
    expect((await page({ status: 'open' }, [5000, 5024])).headers['content-range']).toBe('work-items */*');
    // 1,000 pooled items and the personal one: exact again.
    await t.sql.query(`UPDATE work_items SET status = 'cancelled' WHERE id = ANY($1)`, [ids.slice(0, 3)]);
    const exact = await page({ status: 'open' });
    expect(exact.headers['content-range']).toBe('work-items 0-24/1001');
    expect(exact.headers['x-total-at-least']).toBeUndefined();
    expect((await page({ status: 'open', personal: true })).headers['content-range']).toBe('work-items 0-0/1');
  });

  it('lists what each role sees in due order, the same page by page with a keyset cursor as by offset', async () => {
    const other = (await t.sql.query(`SELECT id FROM offices WHERE id <> $1 LIMIT 1`, [officeId])).rows[0].id;
    // Three items due at the same microsecond (the id breaks the tie), and a few around them.
    const tie = '2030-01-01 10:00:00.123456+00';
    const add = (sql: string, params: unknown[]) =>
      t.sql.query(`INSERT INTO work_items (office_id, kind, queue, assignee_id, status, claimed_by, priority, due_at) ${sql}`, params);
    await add(`SELECT $1::uuid, 'phone_client', 'routine', NULL, 'open', NULL, 2, $2::timestamptz FROM generate_series(1, 3)`, [
      officeId,
      tie,
    ]);
    await seedItems([
      { priority: 1, dueInMinutes: 30 },
      { priority: 3, dueInMinutes: -30 },
      { priority: 2, dueInMinutes: 90 },
    ]);
    await seedItems([{ priority: 2, dueInMinutes: 45 }], 'targeted');
    // Desk's own: a personal item, and an item of another office's queue desk holds; neither is in desk's queue.
    await add(`VALUES ($1::uuid, 'phone_client', NULL, $2::uuid, 'open', NULL, 2, now() + interval '20 minutes')`, [
      officeId,
      desk.user.id,
    ]);
    await add(`VALUES ($1::uuid, 'phone_client', 'routine', NULL, 'claimed', $2::uuid, 2, now() + interval '50 minutes')`, [
      other,
      desk.user.id,
    ]);
    await add(`VALUES ($1::uuid, 'phone_client', 'routine', NULL, 'open', NULL, 2, now())`, [other]);
    await add(`VALUES ($1::uuid, 'review_plan', NULL, $2::uuid, 'open', NULL, 2, now() + interval '10 minutes')`, [
      officeId,
      counsellor.user.id,
    ]);

    for (const [who, session] of [
      ['desk', desk],
      ['counsellor', counsellor],
      ['supervisor', sup],
    ] as const) {
      const queues = session === desk ? ['routine'] : session === sup ? ['routine', 'targeted'] : [];
      // What the role sees, by the rule itself: its office's queues (all of the office for a supervisor) and its own items.
      const expected = (
        await t.sql.query(
          `SELECT id FROM work_items WHERE status IN ('open', 'claimed')
              AND (${session === sup ? 'office_id = $1' : 'assignee_id = $2 OR claimed_by = $2 OR (office_id = $1 AND queue = ANY($3))'})
            ORDER BY due_at, id`,
          session === sup ? [officeId] : [officeId, session.user.id, queues],
        )
      ).rows.map((r) => r.id);
      expect(expected.length).toBeGreaterThan(0);
      const list = (q: Record<string, unknown>) =>
        t.http
          .get(
            `/api/work-items?${Object.entries(q)
              .map(([k, v]) => `${k}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`)
              .join('&')}`,
          )
          .set(session.auth)
          .expect(200);
      const base = { filter: { status: ['open', 'claimed'] }, sort: ['dueAt', 'ASC'] };
      const all = await list({ ...base, range: [0, 99] });
      expect([who, all.body.map((w: { id: string }) => w.id)]).toEqual([who, expected]);
      expect(all.headers['content-range']).toBe(`work-items 0-${expected.length - 1}/${expected.length}`);
      // Offset pages of two, and the same walked by cursor.
      const byOffset: string[] = [];
      const byCursor: string[] = [];
      let cursor: string | undefined;
      for (let start = 0; start < expected.length; start += 2) {
        byOffset.push(...(await list({ ...base, range: [start, start + 1] })).body.map((w: { id: string }) => w.id));
        const page = await list({ ...base, range: [start, start + 1], ...(cursor ? { cursor } : {}) });
        byCursor.push(...page.body.map((w: { id: string; __cursor?: string }) => (expect(w.__cursor).toBeUndefined(), w.id)));
        // The first page counts the list; cursor pages leave the total to it.
        expect(page.headers['content-range']).toMatch(cursor ? /\/\*$/ : new RegExp(`/${expected.length}$`));
        cursor = page.headers['x-next-cursor'];
        if (!cursor) break;
      }
      expect([who, byOffset]).toEqual([who, expected]);
      expect([who, byCursor]).toEqual([who, expected]);
    }
    // Descending by cursor too, from the last row back.
    const desc = await t.http
      .get(`/api/work-items?sort=${encodeURIComponent('["dueAt","DESC"]')}&range=[0,1]&filter=${encodeURIComponent('{"status":"open"}')}`)
      .set(sup.auth)
      .expect(200);
    const next = await t.http
      .get(
        `/api/work-items?sort=${encodeURIComponent('["dueAt","DESC"]')}&range=[2,3]&filter=${encodeURIComponent('{"status":"open"}')}&cursor=${desc.headers['x-next-cursor']}`,
      )
      .set(sup.auth)
      .expect(200);
    const third = await t.http
      .get(`/api/work-items?sort=${encodeURIComponent('["dueAt","DESC"]')}&range=[2,3]&filter=${encodeURIComponent('{"status":"open"}')}`)
      .set(sup.auth)
      .expect(200);
    expect(next.body.map((w: { id: string }) => w.id)).toEqual(third.body.map((w: { id: string }) => w.id));
    // A cursor that is not one answers 400, not 500.
    const bad = await t.http
      .get(`/api/work-items?cursor=${Buffer.from(JSON.stringify(['not a time', officeId])).toString('base64url')}`)
      .set(sup.auth)
      .expect(400);
    expect(bad.body.code).toBeDefined();
    await t.http.get('/api/work-items?cursor=%25%25').set(sup.auth).expect(400);
  });

  it('escalates overdue items into the supervisor inbox, once', async () => {
    const [id] = await seedItems([{ priority: 2, dueInMinutes: -30 }]);
    const escalation = t.app.get(EscalationService);
    expect(await escalation.escalateOverdue()).toBeGreaterThanOrEqual(1);
    expect(await escalation.escalateOverdue()).toBe(0);
    const inbox = await t.sql.query(
      `SELECT assignee_id, data->>'itemId' AS item FROM work_items WHERE kind = 'overdue_escalation' AND data->>'itemId' = $1`,
      [id],
    );
    expect(inbox.rows).toEqual([{ assignee_id: sup.user.id, item: id }]);
    const mine = await t.http
      .get(`/api/work-items?filter=${encodeURIComponent(JSON.stringify({ assigneeId: sup.user.id, kind: 'overdue_escalation' }))}`)
      .set(sup.auth)
      .expect(200);
    expect(mine.body.map((w: { data: { itemId: string } }) => w.data.itemId)).toContain(id);
  });
});

describe('the escalation job runs through the PostgreSQL job queue', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { JOBS_ENABLED: 'true', JOBS_POLL_SECONDS: '1' } });
  });
  afterAll(() => t.close());

  it('escalates an overdue item when the job runs', async () => {
    const office = (await t.sql.query(`SELECT id FROM offices WHERE code = 'NORTHSIDE'`)).rows[0].id;
    const { rows } = await t.sql.query(
      `INSERT INTO work_items (office_id, kind, queue, due_at) VALUES ($1, 'phone_client', 'routine', now() - interval '1 hour') RETURNING id`,
      [office],
    );
    const { JobsService, ESCALATE_OVERDUE } = await import('../src/modules/jobs/jobs.service.js');
    await t.app.get(JobsService).trigger(ESCALATE_OVERDUE);
    let escalated = null;
    for (let i = 0; i < 50 && !escalated; i++) {
      await new Promise((r) => setTimeout(r, 200));
      escalated = (await t.sql.query(`SELECT escalated_at FROM work_items WHERE id = $1`, [rows[0].id])).rows[0].escalated_at;
    }
    expect(escalated).not.toBeNull();
    const schedules = await t.sql.query(`SELECT name, cron FROM pgboss.schedule ORDER BY name`);
    expect(schedules.rows).toEqual([
      { name: ESCALATE_OVERDUE, cron: '* * * * *' },
      { name: 'plan-reviews', cron: '5 4 * * *' },
      { name: 'purge-idempotency-keys', cron: '17 3 * * *' },
      { name: 'refresh-reports', cron: '* * * * *' },
      { name: 'send-reminders', cron: '* * * * *' },
    ]);
  });
});
