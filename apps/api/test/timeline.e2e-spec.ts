import { createTestApp, DEMO, login, type Session, type TestApp } from './helpers.js';
import { expectError, expectFieldError } from './support.js';

const q = (o: unknown) => encodeURIComponent(JSON.stringify(o));

interface Entry {
  id: string;
  at: string;
  kind: string;
  actorId: string | null;
  actorName: string | null;
  data: Record<string, unknown>;
}

describe('case timeline', () => {
  let t: TestApp;
  let desk: Session;
  let sup: Session;
  let counsellor: Session;
  let specialist: Session;
  let caseId: string;
  let verifyItem: string;
  let teamNote: string;
  let restrictedNote: string;

  const timeline = async (s: Session, id = caseId, params = '') => {
    const res = await t.http.get(`/api/cases/${id}/timeline${params}`).set(s.auth);
    if (res.status !== 200) throw new Error(`timeline answered ${res.status}: ${JSON.stringify(res.body)}`);
    return { headers: res.headers as Record<string, string>, body: res.body as Entry[] };
  };
  const all = async (s: Session, id = caseId) => (await timeline(s, id, `?range=${q([0, 99])}`)).body;

  beforeAll(async () => {
    t = await createTestApp();
    desk = await login(t, DEMO.frontDesk);
    sup = await login(t, DEMO.supervisor);
    counsellor = await login(t, DEMO.counsellor);
    specialist = await login(t, DEMO.specialist);

    // Registration, the desk verifying it, assignment, two notes, a status change: in that order.
    const reg = (
      await t.http
        .post('/api/jobseekers')
        .set(desk.auth)
        .send({ givenName: 'Tamsin', familyName: 'Lowe', dateOfBirth: '1990-05-05', digitalSkills: 'good', educationLevel: 5 })
        .expect(201)
    ).body;
    caseId = reg.case.id;
    verifyItem = (await t.sql.query(`SELECT id FROM work_items WHERE case_id = $1 AND kind = 'verify_registration'`, [caseId])).rows[0].id;
    await t.http.post(`/api/work-items/${verifyItem}/claim`).set(desk.auth).expect(200);
    await t.http
      .post(`/api/work-items/${verifyItem}/complete`)
      .set(desk.auth)
      .send({ documentsChecked: ['identity_document'] })
      .expect(200);
    const c = (await t.http.get(`/api/cases/${caseId}`).set(sup.auth).expect(200)).body;
    await t.http
      .post(`/api/cases/${caseId}/assign`)
      .set(sup.auth)
      .send({ assigneeId: counsellor.user.id, version: c.version, decision: { kind: 'confirm' } })
      .expect(200);
    teamNote = (
      await t.http
        .post('/api/case-notes')
        .set(counsellor.auth)
        .send({ caseId, body: 'First interview went well', visibility: 'case_team' })
        .expect(201)
    ).body.id;
    restrictedNote = (
      await t.http
        .post('/api/case-notes')
        .set(counsellor.auth)
        .send({ caseId, body: 'Mentioned a health condition', visibility: 'restricted' })
        .expect(201)
    ).body.id;
    const mine = (await t.http.get(`/api/cases/${caseId}`).set(counsellor.auth).expect(200)).body;
    await t.http.patch(`/api/cases/${caseId}`).set(counsellor.auth).send({ status: 'on_hold', version: mine.version }).expect(200);
  });
  afterAll(() => t.close());

  it('merges events, notes and work items newest first, each with what the UI needs to say what happened', async () => {
    const res = await timeline(counsellor, caseId, `?range=${q([0, 99])}`);
    const entries = res.body;
    expect(entries.map((e) => e.kind)).toEqual([
      'status', // active -> on_hold
      'note', // restricted
      'note', // case team
      'assignment',
      'status', // triaged -> active
      'status', // registered -> triaged
      'decision',
      'work_item_completed',
      'work_item_claimed',
      'work_item_created',
      'work_item_created',
      'triage',
      'status', // -> registered
    ]);
    expect(res.headers['content-range']).toBe(`timeline 0-12/13`);
    for (const e of entries) expect(Object.keys(e).sort()).toEqual(['actorId', 'actorName', 'at', 'data', 'id', 'kind']);
    const times = entries.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);

    const [onHold, restricted, team, assignment, active, triaged, decision, completed, claimed, , , triage, registered] = entries;
    expect(onHold).toMatchObject({ actorId: counsellor.user.id, actorName: 'Camille Counsel', data: { from: 'active', to: 'on_hold' } });
    expect(restricted).toMatchObject({
      actorName: 'Camille Counsel',
      data: { noteId: restrictedNote, visibility: 'restricted', body: 'Mentioned a health condition' },
    });
    expect(team).toMatchObject({ data: { noteId: teamNote, visibility: 'case_team', body: 'First interview went well' } });
    expect(assignment).toMatchObject({
      actorId: sup.user.id,
      actorName: 'Sofia Supervisor',
      data: { from: null, fromName: null, to: counsellor.user.id, toName: 'Camille Counsel' },
    });
    expect(active.data).toEqual({ from: 'triaged', to: 'active' });
    expect(triaged.data).toEqual({ from: 'registered', to: 'triaged' });
    expect(decision.data).toEqual({ kind: 'confirm', track: 'routine', recommended: 'routine' });
    expect(completed).toMatchObject({
      actorId: desk.user.id,
      actorName: 'Farida Front',
      data: { workItemId: verifyItem, itemKind: 'verify_registration', queue: 'routine', status: 'done' },
    });
    expect(claimed).toMatchObject({ actorId: desk.user.id, data: { workItemId: verifyItem, itemKind: 'verify_registration' } });
    const created = entries.filter((e) => e.kind === 'work_item_created');
    expect(created.map((e) => e.data.itemKind).sort()).toEqual(['book_first_interview', 'verify_registration']);
    expect(created.every((e) => e.actorId === null && e.actorName === null)).toBe(true);
    expect(triage).toMatchObject({
      actorName: 'Farida Front',
      data: { recommendedTrack: 'routine', modelVersion: expect.any(String), score: expect.any(Number) },
    });
    expect(registered).toMatchObject({ actorId: desk.user.id, data: { from: null, to: 'registered' } });
  });

  it('pages with range like lists (Content-Range timeline), in a stable order, and sorts and filters by kind', async () => {
    const full = await all(sup);
    const paged: Entry[] = [];
    for (let start = 0; start < full.length; start += 4) {
      const page = await timeline(sup, caseId, `?range=${q([start, start + 3])}`);
      expect(page.headers['content-range']).toBe(`timeline ${start}-${Math.min(start + 3, full.length - 1)}/${full.length}`);
      paged.push(...page.body);
    }
    expect(paged).toEqual(full);
    const past = await timeline(sup, caseId, `?range=${q([90, 99])}`);
    expect([past.headers['content-range'], past.body]).toEqual([`timeline */${full.length}`, []]);
    expect((await timeline(sup, caseId)).body).toEqual(full.slice(0, 25));
    expect((await timeline(sup, caseId, `?sort=${q(['at', 'ASC'])}&range=${q([0, 99])}`)).body).toEqual([...full].reverse());
    const notes = await timeline(sup, caseId, `?filter=${q({ kind: 'note' })}`);
    expect([notes.headers['content-range'], notes.body.map((e) => e.data.noteId)]).toEqual(['timeline 0-1/2', [restrictedNote, teamNote]]);
    expectFieldError(
      await t.http.get(`/api/cases/${caseId}/timeline?filter=${q({ actorId: sup.user.id })}`).set(sup.auth),
      'filter.actorId',
      'allowed',
    );
    expectFieldError(await t.http.get(`/api/cases/${caseId}/timeline?sort=${q(['kind', 'ASC'])}`).set(sup.auth), 'sort', 'allowed');
    expectFieldError(await t.http.get(`/api/cases/${caseId}/timeline?range=${q([0, 100])}`).set(sup.auth), 'range', 'max');
  });

  it('shows restricted notes only to those who may read them', async () => {
    // A specialist holding a claimed item on the case may read it, but not its restricted notes.
    const { rows } = await t.sql.query(
      `INSERT INTO work_items (office_id, case_id, kind, queue, priority, due_at) VALUES ($1, $2, 'specialist_intake', 'targeted', 1, now() + interval '1 day') RETURNING id`,
      [desk.user.officeId, caseId],
    );
    await t.http.get(`/api/cases/${caseId}/timeline`).set(specialist.auth).expect(404);
    await t.http.post(`/api/work-items/${rows[0].id}/claim`).set(specialist.auth).expect(200);
    const noteIds = (entries: Entry[]) => entries.filter((e) => e.kind === 'note').map((e) => e.data.noteId);
    expect(noteIds(await all(specialist))).toEqual([teamNote]);
    expect(noteIds(await all(counsellor))).toEqual([restrictedNote, teamNote]);
    expect(noteIds(await all(sup))).toEqual([restrictedNote, teamNote]);
    // Its claim shows on the timeline.
    expect((await all(sup))[0]).toMatchObject({
      kind: 'work_item_claimed',
      actorName: 'Sami Specialist',
      data: { itemKind: 'specialist_intake', status: 'claimed' },
    });
    await t.http.post(`/api/work-items/${rows[0].id}/release`).set(specialist.auth).expect(200);
    await t.http.get(`/api/cases/${caseId}/timeline`).set(specialist.auth).expect(404);
  });

  it('gives front desk the summary: status changes and work items, no profiling, decisions, assignments or notes', async () => {
    const entries = await all(desk);
    expect(new Set(entries.map((e) => e.kind))).toEqual(
      new Set(['status', 'work_item_created', 'work_item_completed', 'work_item_claimed']),
    );
    expect(JSON.stringify(entries)).not.toContain('health condition');
    const mine = (await t.http.get(`/api/cases/${caseId}`).set(counsellor.auth).expect(200)).body;
    await t.http
      .patch(`/api/cases/${caseId}`)
      .set(counsellor.auth)
      .send({ status: 'closed', closeReason: 'employed', version: mine.version })
      .expect(200);
    expect((await all(counsellor))[0]).toMatchObject({ kind: 'status', data: { from: 'on_hold', to: 'closed', closeReason: 'employed' } });
    expect((await all(desk))[0]).toMatchObject({ kind: 'status', data: { from: 'on_hold', to: 'closed' } });
    expect((await all(desk))[0].data).not.toHaveProperty('closeReason');
  });

  it('names the offices of a transfer', async () => {
    const reg = (
      await t.http
        .post('/api/jobseekers')
        .set(desk.auth)
        .send({ givenName: 'Oskar', familyName: 'Brandt', dateOfBirth: '1984-02-02', digitalSkills: 'basic', educationLevel: 3 })
        .expect(201)
    ).body;
    const riverside = (await t.sql.query(`SELECT id FROM offices WHERE code = 'RIVERSIDE'`)).rows[0].id;
    await t.http
      .post(`/api/cases/${reg.case.id}/transfer`)
      .set(sup.auth)
      .send({ toOfficeId: riverside, reason: 'Moving house' })
      .expect(201);
    for (const s of [sup, desk]) {
      const transfers = (await all(s, reg.case.id)).filter((e) => e.kind === 'transfer');
      expect(transfers).toHaveLength(1);
      expect(transfers[0]).toMatchObject({
        kind: 'transfer',
        actorName: 'Sofia Supervisor',
        data: {
          status: 'requested',
          from: desk.user.officeId,
          fromOfficeName: 'Northside Job Centre',
          to: riverside,
          toOfficeName: 'Riverside Job Centre',
        },
      });
    }
  });

  it('answers 404 outside the caller’s scope and 403 to roles that may not read cases', async () => {
    await t.sql.query(`UPDATE users SET role = 'supervisor' WHERE email = $1`, [DEMO.counsellor2]);
    const otherOffice = await login(t, DEMO.counsellor2);
    expectError(await t.http.get(`/api/cases/${caseId}/timeline`).set(otherOffice.auth), 404, 'NOT_FOUND');
    expectError(await t.http.get(`/api/cases/3b241101-e2bb-4255-8caf-4136c566a962/timeline`).set(sup.auth), 404, 'NOT_FOUND');
    for (const email of [DEMO.manager, DEMO.admin]) {
      expectError(await t.http.get(`/api/cases/${caseId}/timeline`).set((await login(t, email)).auth), 403, 'FORBIDDEN');
    }
    expectFieldError(await t.http.get(`/api/cases/not-a-case/timeline`).set(sup.auth), 'id', 'isUuid');
  });
});
