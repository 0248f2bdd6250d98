import { createTestApp, DEMO, login, type Session, type TestApp } from './helpers.js';
import { auditRows, createActiveUser } from './support.js';

let seq = 0;
function person(overrides: Record<string, unknown> = {}) {
  seq += 1;
  return {
    givenName: `Given${seq}`,
    familyName: `Family${String.fromCharCode(65 + (seq % 26))}${seq}`,
    dateOfBirth: `19${60 + (seq % 39)}-0${1 + (seq % 9)}-1${seq % 10}`,
    digitalSkills: 'good',
    educationLevel: 4,
    ...overrides,
  };
}

describe('cases: triage, assignment, caseloads, transfers', () => {
  let t: TestApp;
  let desk: Session;
  let sup: Session;
  let counsellor: Session;
  let specialist: Session;
  let sup2: Session;

  const register = async (overrides: Record<string, unknown> = {}) =>
    (await t.http.post('/api/jobseekers').set(desk.auth).send(person(overrides)).expect(201)).body;
  const getCase = async (s: Session, id: string) => (await t.http.get(`/api/cases/${id}`).set(s.auth).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp();
    desk = await login(t, DEMO.frontDesk);
    sup = await login(t, DEMO.supervisor);
    counsellor = await login(t, DEMO.counsellor);
    specialist = await login(t, DEMO.specialist);
    await t.sql.query(`UPDATE users SET role = 'supervisor' WHERE email = $1`, [DEMO.counsellor2]);
    sup2 = await login(t, DEMO.counsellor2);
  });
  afterAll(() => t.close());

  it('gives front desk a summary of office cases and hides them from other offices', async () => {
    const r = await register();
    const summary = await getCase(desk, r.case.id);
    expect(summary).toEqual({
      id: r.case.id,
      reference: r.case.reference,
      jobseekerId: r.jobseeker.id,
      jobseekerName: expect.any(String),
      officeId: desk.user.officeId,
      status: 'registered',
      openedAt: expect.any(String),
      firstInterviewDue: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    await t.http.get(`/api/cases/${r.case.id}`).set(sup2.auth).expect(404);
    await t.http.get(`/api/cases/${r.case.id}`).set(counsellor.auth).expect(404);
    const manager = await login(t, DEMO.manager);
    await t.http.get(`/api/cases/${r.case.id}`).set(manager.auth).expect(403);
  });

  it('lets the supervisor confirm the recommended track while assigning; the counsellor then finds it', async () => {
    const r = await register();
    expect(r.triage.recommendedTrack).toBe('routine');
    const before = await getCase(sup, r.case.id);
    const res = await t.http
      .post(`/api/cases/${r.case.id}/assign`)
      .set(sup.auth)
      .send({ assigneeId: counsellor.user.id, version: before.version, decision: { kind: 'confirm' } })
      .expect(200);
    expect(res.body).toMatchObject({
      status: 'active',
      track: 'routine',
      trackDecision: 'confirmed',
      overridden: false,
      assignedTo: counsellor.user.id,
    });
    const mine = await t.http
      .get(`/api/cases?filter=${encodeURIComponent(JSON.stringify({ assignedTo: counsellor.user.id }))}`)
      .set(counsellor.auth)
      .expect(200);
    expect(mine.body.map((c: { id: string }) => c.id)).toContain(r.case.id);
    const history = await t.http.get(`/api/cases/${r.case.id}/triage`).set(counsellor.auth).expect(200);
    expect(history.body.decisions[0]).toMatchObject({
      kind: 'confirm',
      track: 'routine',
      decidedBy: sup.user.id,
      decidedRole: 'supervisor',
    });
  });

  it('requires a decision and a reason to override, refuses the wrong role for the track, and creates the specialist intake', async () => {
    const r = await register();
    const c = await getCase(sup, r.case.id);
    const noDecision = await t.http
      .post(`/api/cases/${r.case.id}/assign`)
      .set(sup.auth)
      .send({ assigneeId: specialist.user.id, version: c.version })
      .expect(400);
    expect(noDecision.body.errors[0]).toMatchObject({ field: 'decision', rule: 'required' });
    const noReason = await t.http
      .post(`/api/cases/${r.case.id}/assign`)
      .set(sup.auth)
      .send({ assigneeId: specialist.user.id, version: c.version, decision: { kind: 'override', track: 'targeted' } })
      .expect(400);
    expect(noReason.body.errors[0]).toMatchObject({ field: 'decision.reasonCode', rule: 'required' });
    const wrongRole = await t.http
      .post(`/api/cases/${r.case.id}/assign`)
      .set(sup.auth)
      .send({
        assigneeId: counsellor.user.id,
        version: c.version,
        decision: { kind: 'override', track: 'targeted', reasonCode: 'additional_barriers_known' },
      })
      .expect(400);
    expect(wrongRole.body.errors[0]).toMatchObject({ field: 'assigneeId', rule: 'roleForTrack' });
    // Nothing of the refused attempts stuck.
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM triage_decisions WHERE case_id = $1`, [r.case.id])).rows[0].n).toBe(0);

    const ok = await t.http
      .post(`/api/cases/${r.case.id}/assign`)
      .set(sup.auth)
      .send({
        assigneeId: specialist.user.id,
        version: c.version,
        decision: { kind: 'override', track: 'targeted', reasonCode: 'additional_barriers_known', note: 'Told us about debts' },
      })
      .expect(200);
    expect(ok.body).toMatchObject({ track: 'targeted', recommendedTrack: 'routine', overridden: true, assignedTo: specialist.user.id });
    const items = await t.sql.query(`SELECT kind, queue FROM work_items WHERE case_id = $1 AND kind = 'specialist_intake'`, [r.case.id]);
    expect(items.rows).toEqual([{ kind: 'specialist_intake', queue: 'targeted' }]);
    const overridden = await t.http
      .get(`/api/cases?filter=${encodeURIComponent(JSON.stringify({ overridden: true }))}`)
      .set(sup.auth)
      .expect(200);
    expect(overridden.body.map((x: { id: string }) => x.id)).toEqual([r.case.id]);
  });

  it('explains the triage to the case team only, withholding sensitive inputs from a colleague holding a task', async () => {
    // Two specialists of their own, so the demo staff's loads stay as the other tests expect them.
    const admin = await login(t, DEMO.admin);
    const assigned = await createActiveUser(t, admin, { role: 'specialist', officeId: sup.user.officeId, caseloadCap: 40 });
    const other = await createActiveUser(t, admin, { role: 'specialist', officeId: sup.user.officeId, caseloadCap: 40 });
    const r = await register({ disability: true, migrantStatus: 'refugee', digitalSkills: 'none', rural: true });
    expect(r.triage.recommendedTrack).toBe('targeted');
    const c = await getCase(sup, r.case.id);
    await t.http
      .post(`/api/cases/${r.case.id}/assign`)
      .set(sup.auth)
      .send({ assigneeId: assigned.id, version: c.version, decision: { kind: 'confirm' } })
      .expect(200);

    // Front desk reads the case summary, not its profiling.
    const desk403 = await t.http.get(`/api/cases/${r.case.id}/triage`).set(desk.auth).expect(403);
    expect(desk403.body.code).toBe('FORBIDDEN');

    // The supervisor sees everything the model used, and that read is audited.
    const full = await t.http.get(`/api/cases/${r.case.id}/triage`).set(sup.auth).expect(200);
    expect(full.body.results[0].inputs).toMatchObject({ disability: true, migrantStatus: 'refugee' });
    expect(full.body.results[0].factors.map((f: { factor: string }) => f.factor)).toEqual(
      expect.arrayContaining(['disability', 'migrant_status', 'digital_skills', 'rural_residence']),
    );
    expect(full.body.results[0].withheldFactors).toBeUndefined();
    const mine = await t.http.get(`/api/cases/${r.case.id}/triage`).set(assigned.session.auth).expect(200);
    expect(mine.body.results[0].inputs.disability).toBe(true);
    const reads = await auditRows(t, { action: 'jobseekers.read_sensitive', entityId: r.jobseeker.id });
    expect(reads.some((a) => (a.changes as { via?: string } | null)?.via === 'cases.triage')).toBe(true);

    // A second specialist claims the intake from the targeted queue: the case is readable, the sensitive facts are not.
    const [intake] = (
      await t.sql.query(`SELECT id, version FROM work_items WHERE case_id = $1 AND kind = 'specialist_intake'`, [r.case.id])
    ).rows;
    await t.http.post(`/api/work-items/${intake.id}/claim`).set(other.session.auth).send({ version: intake.version }).expect(200);
    const partial = await t.http.get(`/api/cases/${r.case.id}/triage`).set(other.session.auth).expect(200);
    const result = partial.body.results[0];
    expect(result.inputs.disability).toBeUndefined();
    expect(result.inputs.migrantStatus).toBeUndefined();
    expect(result.inputs.digitalSkills).toBe('none');
    expect(result.factors.map((f: { factor: string }) => f.factor)).toEqual(expect.arrayContaining(['digital_skills', 'rural_residence']));
    expect(result.factors.map((f: { factor: string }) => f.factor)).not.toContain('disability');
    expect(result.factors.map((f: { factor: string }) => f.factor)).not.toContain('migrant_status');
    expect(result.withheldFactors).toBe(2);
    expect(result.priorityGroups).not.toContain('disability');
    expect(result.priorityGroups).not.toContain('migrant_refugee');
    expect(result.priorityGroups).toContain('low_digital_skills');
    // The case record itself holds back the same groups from the task holder, not from the case team.
    const held = await getCase(other.session, r.case.id);
    expect(held.priorityGroups).toContain('low_digital_skills');
    expect(held.priorityGroups).not.toContain('disability');
    expect(held.priorityGroups).not.toContain('migrant_refugee');
    expect((await getCase(assigned.session, r.case.id)).priorityGroups).toEqual(expect.arrayContaining(['disability', 'migrant_refugee']));
    expect((await getCase(sup, r.case.id)).priorityGroups).toEqual(expect.arrayContaining(['disability', 'migrant_refugee']));
    // Nor can the task holder find the case by filtering on such a group; the assigned specialist can.
    const byGroup = async (session: Session, group: string) =>
      (
        await t.http
          .get(`/api/cases?filter=${encodeURIComponent(JSON.stringify({ priorityGroup: group }))}&range=[0,99]`)
          .set(session.auth)
          .expect(200)
      ).body.map((c: { id: string }) => c.id);
    expect(await byGroup(other.session, 'disability')).not.toContain(r.case.id);
    expect(await byGroup(other.session, 'low_digital_skills')).toContain(r.case.id);
    expect(await byGroup(assigned.session, 'disability')).toContain(r.case.id);
    // Out of the later tests' way: nobody proposes moves to deactivated staff.
    await t.sql.query(`UPDATE users SET active = false WHERE id = ANY($1)`, [[assigned.id, other.id]]);
  });

  it('filters cases by one priority group or any of several', async () => {
    const rural = await register({ rural: true });
    const older = await register({ dateOfBirth: '1960-02-03' });
    const ids = async (filter: unknown) =>
      (
        await t.http
          .get(`/api/cases?filter=${encodeURIComponent(JSON.stringify(filter))}&range=[0,99]&sort=["openedAt","DESC"]`)
          .set(sup.auth)
          .expect(200)
      ).body.map((c: { id: string }) => c.id);
    const one = await ids({ priorityGroup: 'rural' });
    expect(one).toContain(rural.case.id);
    expect(one).not.toContain(older.case.id);
    const either = await ids({ priorityGroup: ['rural', 'older_worker'] });
    expect(either).toEqual(expect.arrayContaining([rural.case.id, older.case.id]));
    const bad = await t.http
      .get(`/api/cases?filter=${encodeURIComponent(JSON.stringify({ priorityGroup: 'nobody' }))}`)
      .set(sup.auth)
      .expect(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'filter.priorityGroup' });
  });

  it('puts a review item in the supervisor inbox when the case worker overrides later', async () => {
    const r = await register();
    const c = await getCase(sup, r.case.id);
    await t.http
      .post(`/api/cases/${r.case.id}/assign`)
      .set(sup.auth)
      .send({ assigneeId: counsellor.user.id, version: c.version, decision: { kind: 'confirm' } })
      .expect(200);
    const mine = await getCase(counsellor, r.case.id);
    await t.http
      .post(`/api/cases/${r.case.id}/override-track`)
      .set(counsellor.auth)
      .send({
        track: 'targeted',
        reasonCode: 'additional_barriers_known',
        note: 'Housing crisis disclosed at interview',
        version: mine.version,
      })
      .expect(200);
    const inbox = await t.sql.query(`SELECT kind, assignee_id FROM work_items WHERE case_id = $1 AND kind = 'override_review'`, [
      r.case.id,
    ]);
    expect(inbox.rows).toEqual([{ kind: 'override_review', assignee_id: sup.user.id }]);
  });

  it('enforces the caseload cap with weights, and accepts an explicit override with a reason', async () => {
    await t.sql.query(`UPDATE users SET caseload_cap = 2 WHERE id = $1`, [specialist.user.id]);
    const loadNow = (await t.http.get('/api/caseloads').set(sup.auth).expect(200)).body.find(
      (l: { id: string }) => l.id === specialist.user.id,
    );
    expect(loadNow).toMatchObject({ load: 2, cap: 2, targetedCases: 1, overCap: false }); // one targeted case counts 2
    const r = await register();
    const c = await getCase(sup, r.case.id);
    const body = {
      assigneeId: specialist.user.id,
      version: c.version,
      decision: { kind: 'override', track: 'targeted', reasonCode: 'capacity' },
    };
    const refused = await t.http.post(`/api/cases/${r.case.id}/assign`).set(sup.auth).send(body).expect(409);
    expect(refused.body.code).toBe('OVER_CAP');
    await t.http
      .post(`/api/cases/${r.case.id}/assign`)
      .set(sup.auth)
      .send({ ...body, overCapReason: 'Only specialist speaking Tigrinya' })
      .expect(200);
    const after = (await t.http.get('/api/caseloads').set(sup.auth).expect(200)).body.find(
      (l: { id: string }) => l.id === specialist.user.id,
    );
    expect(after).toMatchObject({ load: 4, overCap: true });
  });

  it('bulk-assigns all or nothing', async () => {
    const a = await register();
    const b = await register();
    await t.sql.query(`UPDATE users SET caseload_cap = 100 WHERE id = $1`, [counsellor.user.id]);
    const res = await t.http
      .post('/api/cases/bulk-assign')
      .set(sup.auth)
      .send({ caseIds: [a.case.id, b.case.id], assigneeId: counsellor.user.id })
      .expect(200);
    expect(res.body.map((c: { assignedTo: string; status: string }) => [c.assignedTo, c.status])).toEqual([
      [counsellor.user.id, 'active'],
      [counsellor.user.id, 'active'],
    ]);
    const c = await register();
    const closedOne = a.case.id; // already assigned: fine; add a case of another office to make the batch fail
    const other = (await t.sql.query(`SELECT id FROM offices WHERE code = 'RIVERSIDE'`)).rows[0].id;
    const foreign = await t.sql.query(
      `INSERT INTO jobseekers (reference, home_office_id, given_name, family_name, name_key, date_of_birth, digital_skills, education_level)
       VALUES ('J-X-1', $1, 'F', 'Oreign', 'f oreign', '1980-01-01', 'good', 3) RETURNING id`,
      [other],
    );
    const fc = await t.sql.query(`INSERT INTO cases (reference, jobseeker_id, office_id) VALUES ('C-X-1', $1, $2) RETURNING id`, [
      foreign.rows[0].id,
      other,
    ]);
    await t.http
      .post('/api/cases/bulk-assign')
      .set(sup.auth)
      .send({ caseIds: [c.case.id, fc.rows[0].id, closedOne], assigneeId: counsellor.user.id })
      .expect(404);
    expect((await getCase(sup, c.case.id)).assignedTo).toBeNull();
  });

  it('moves cases through allowed statuses only, and needs a reason to close', async () => {
    const r = await register();
    let c = await getCase(sup, r.case.id);
    const bad = await t.http.patch(`/api/cases/${r.case.id}`).set(sup.auth).send({ status: 'on_hold', version: c.version }).expect(409);
    expect(bad.body.code).toBe('INVALID_TRANSITION');
    await t.http
      .post(`/api/cases/${r.case.id}/assign`)
      .set(sup.auth)
      .send({ assigneeId: counsellor.user.id, version: c.version, decision: { kind: 'confirm' } })
      .expect(200);
    c = await getCase(counsellor, r.case.id);
    c = (await t.http.patch(`/api/cases/${r.case.id}`).set(counsellor.auth).send({ status: 'on_hold', version: c.version }).expect(200))
      .body;
    const noReason = await t.http
      .patch(`/api/cases/${r.case.id}`)
      .set(counsellor.auth)
      .send({ status: 'closed', version: c.version })
      .expect(400);
    expect(noReason.body.errors[0]).toMatchObject({ field: 'closeReason', rule: 'required' });
    const stale = await t.http
      .patch(`/api/cases/${r.case.id}`)
      .set(counsellor.auth)
      .send({ status: 'active', version: c.version - 1 })
      .expect(409);
    expect(stale.body.code).toBe('STALE_VERSION');
    c = (
      await t.http
        .patch(`/api/cases/${r.case.id}`)
        .set(counsellor.auth)
        .send({ status: 'closed', closeReason: 'employed', version: c.version })
        .expect(200)
    ).body;
    expect(c).toMatchObject({ status: 'closed', closeReason: 'employed' });
    const again = await t.http
      .patch(`/api/cases/${r.case.id}`)
      .set(counsellor.auth)
      .send({ status: 'active', version: c.version })
      .expect(409);
    expect(again.body.code).toBe('INVALID_TRANSITION');
    const open = await t.sql.query(`SELECT count(*)::int AS n FROM work_items WHERE case_id = $1 AND status IN ('open', 'claimed')`, [
      r.case.id,
    ]);
    expect(open.rows[0].n).toBe(0);
  });

  it('gives exactly one success among 10 concurrent updates with the same version', async () => {
    const r = await register();
    const c = await getCase(sup, r.case.id);
    await t.http
      .post(`/api/cases/${r.case.id}/assign`)
      .set(sup.auth)
      .send({ assigneeId: counsellor.user.id, version: c.version, decision: { kind: 'confirm' } })
      .expect(200);
    const v = (await getCase(sup, r.case.id)).version;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.http
          .patch(`/api/cases/${r.case.id}`)
          .set(sup.auth)
          .send({ nextReviewDue: `2027-01-${String(10 + i)}`, version: v }),
      ),
    );
    expect(results.map((x) => x.status).sort()).toEqual([200, ...Array(9).fill(409)]);
    expect(results.filter((x) => x.status === 409).every((x) => x.body.code === 'STALE_VERSION')).toBe(true);
  });

  it('transfers a case: requested, then accepted by the receiving supervisor, unassigned in the new office', async () => {
    const r = await register();
    const riverside = (await t.sql.query(`SELECT id FROM offices WHERE code = 'RIVERSIDE'`)).rows[0].id;
    const req = await t.http
      .post(`/api/cases/${r.case.id}/transfer`)
      .set(sup.auth)
      .send({ toOfficeId: riverside, reason: 'Moved to Riverside' })
      .expect(201);
    await t.http
      .post(`/api/cases/${r.case.id}/transfer`)
      .set(sup.auth)
      .send({ toOfficeId: riverside, reason: 'Moved to Riverside' })
      .expect(409);
    const inbox = await t.sql.query(`SELECT assignee_id FROM work_items WHERE kind = 'transfer_request' AND case_id = $1`, [r.case.id]);
    expect(inbox.rows).toEqual([{ assignee_id: sup2.user.id }]);
    await t.http.post(`/api/case-transfers/${req.body.id}/accept`).set(sup.auth).send({}).expect(403);
    await t.http.post(`/api/case-transfers/${req.body.id}/accept`).set(sup2.auth).send({ note: 'Welcome' }).expect(200);
    const moved = await getCase(sup2, r.case.id);
    expect(moved).toMatchObject({ officeId: riverside, assignedTo: null, needsAssignment: true });
    await t.http.get(`/api/cases/${r.case.id}`).set(sup.auth).expect(404);
  });

  it('lists cases of a deactivated or away assignee among the cases needing assignment', async () => {
    const r = await register();
    const c = await getCase(sup, r.case.id);
    await t.http
      .post(`/api/cases/${r.case.id}/assign`)
      .set(sup.auth)
      .send({ assigneeId: counsellor.user.id, version: c.version, decision: { kind: 'confirm' } })
      .expect(200);
    const needing = async () =>
      (
        await t.http
          .get(`/api/cases?filter=${encodeURIComponent(JSON.stringify({ needsAssignment: true }))}&range=[0,99]`)
          .set(sup.auth)
          .expect(200)
      ).body.map((x: { id: string }) => x.id);
    expect(await needing()).not.toContain(r.case.id);
    // The supervisor marks the counsellor away from the caseloads screen.
    const loadOf = async () =>
      ((await t.http.get('/api/caseloads').set(sup.auth).expect(200)).body as Array<{ id: string; version: number; away: boolean }>).find(
        (l) => l.id === counsellor.user.id,
      )!;
    const before = await loadOf();
    const away = await t.http
      .patch(`/api/caseloads/${counsellor.user.id}`)
      .set(sup.auth)
      .send({ away: true, version: before.version })
      .expect(200);
    expect(away.body).toMatchObject({ id: counsellor.user.id, away: true, version: before.version + 1 });
    expect(await needing()).toContain(r.case.id);
    // Nobody assigns new cases to someone away.
    const other = await register();
    const oc = await getCase(sup, other.case.id);
    const refused = await t.http
      .post(`/api/cases/${other.case.id}/assign`)
      .set(sup.auth)
      .send({ assigneeId: counsellor.user.id, version: oc.version, decision: { kind: 'confirm' } })
      .expect(400);
    expect(refused.body.errors[0]).toMatchObject({ field: 'assigneeId', rule: 'available' });
    // A stale version changes nothing; back from leave with the current one.
    await t.http.patch(`/api/caseloads/${counsellor.user.id}`).set(sup.auth).send({ away: false, version: before.version }).expect(409);
    expect((await loadOf()).away).toBe(true);
    await t.http
      .patch(`/api/caseloads/${counsellor.user.id}`)
      .set(sup.auth)
      .send({ away: false, version: before.version + 1 })
      .expect(200);
    expect(await needing()).not.toContain(r.case.id);
    const audit = await auditRows(t, { action: 'users.update', entityId: counsellor.user.id });
    expect(audit.map((a) => a.changes)).toEqual(
      expect.arrayContaining([{ away: { from: false, to: true } }, { away: { from: true, to: false } }]),
    );
  });

  it('lets a supervisor set the caps of their own office’s case workers only', async () => {
    const row = (
      (await t.http.get('/api/caseloads').set(sup.auth).expect(200)).body as Array<{ id: string; version: number; cap: number }>
    ).find((l) => l.id === specialist.user.id)!;
    const bad = await t.http.patch(`/api/caseloads/${specialist.user.id}`).set(sup.auth).send({ cap: 0, version: row.version }).expect(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'cap', rule: 'min' });
    const unknown = await t.http
      .patch(`/api/caseloads/${specialist.user.id}`)
      .set(sup.auth)
      .send({ fullName: 'Renamed', version: row.version })
      .expect(400);
    expect(unknown.body.errors[0]).toMatchObject({ field: 'fullName', rule: 'unknown' });
    const ok = await t.http
      .patch(`/api/caseloads/${specialist.user.id}`)
      .set(sup.auth)
      .send({ cap: row.cap + 5, version: row.version })
      .expect(200);
    expect(ok.body.cap).toBe(row.cap + 5);
    await t.http.patch(`/api/caseloads/${specialist.user.id}`).set(sup.auth).send({ cap: row.cap, version: ok.body.version }).expect(200);
    // Another office's supervisor does not see them; front desk and the supervisor themselves are not case workers here.
    await t.http
      .patch(`/api/caseloads/${specialist.user.id}`)
      .set(sup2.auth)
      .send({ cap: 10, version: ok.body.version + 1 })
      .expect(404);
    await t.http.patch(`/api/caseloads/${sup.user.id}`).set(sup.auth).send({ cap: 10, version: 1 }).expect(404);
    await t.http.patch(`/api/caseloads/${specialist.user.id}`).set(desk.auth).send({ cap: 10, version: 1 }).expect(403);
    // Administrators set the same flag on the account.
    const admin = await login(t, DEMO.admin);
    const account = (await t.http.get(`/api/users/${specialist.user.id}`).set(admin.auth).expect(200)).body;
    const marked = await t.http
      .patch(`/api/users/${specialist.user.id}`)
      .set(admin.auth)
      .send({ away: true, version: account.version })
      .expect(200);
    expect(marked.body.away).toBe(true);
    await t.http.patch(`/api/users/${specialist.user.id}`).set(admin.auth).send({ away: false, version: marked.body.version }).expect(200);
  });

  it('shows needsAssignment on the case and in lists as the assignee goes away, is deactivated and comes back', async () => {
    const r = await register();
    const c = await getCase(sup, r.case.id);
    expect(c.needsAssignment).toBe(true);
    await t.http
      .post(`/api/cases/${r.case.id}/assign`)
      .set(sup.auth)
      .send({ assigneeId: counsellor.user.id, version: c.version, decision: { kind: 'confirm' } })
      .expect(200);
    const listed = async () => {
      const res = await t.http
        .get(`/api/cases?filter=${encodeURIComponent(JSON.stringify({ id: [r.case.id] }))}`)
        .set(sup.auth)
        .expect(200);
      expect(res.body).toHaveLength(1);
      return res.body[0].needsAssignment;
    };
    expect((await getCase(sup, r.case.id)).needsAssignment).toBe(false);
    expect(await listed()).toBe(false);
    try {
      await t.sql.query(`UPDATE users SET away = true WHERE id = $1`, [counsellor.user.id]);
      expect((await getCase(sup, r.case.id)).needsAssignment).toBe(true);
      expect(await listed()).toBe(true);
      await t.sql.query(`UPDATE users SET away = false, active = false WHERE id = $1`, [counsellor.user.id]);
      expect((await getCase(sup, r.case.id)).needsAssignment).toBe(true);
      expect(await listed()).toBe(true);
    } finally {
      await t.sql.query(`UPDATE users SET away = false, active = true WHERE id = $1`, [counsellor.user.id]);
    }
    expect((await getCase(sup, r.case.id)).needsAssignment).toBe(false);
    expect(await listed()).toBe(false);
  });

  it('shows the latest profiling recommendation on the case and in lists after the triage runs again', async () => {
    const r = await register();
    expect(r.triage.recommendedTrack).toBe('routine');
    expect((await getCase(sup, r.case.id)).recommendedTrack).toBe('routine');
    // Facts that put the jobseeker over the targeted threshold (no digital skills, a disability).
    await t.sql.query(`UPDATE jobseekers SET digital_skills = 'none', disability = true WHERE id = $1`, [r.jobseeker.id]);
    const again = await t.http.post(`/api/cases/${r.case.id}/triage`).set(sup.auth).expect(201);
    expect(again.body.recommendedTrack).toBe('targeted');
    expect((await getCase(sup, r.case.id)).recommendedTrack).toBe('targeted');
    const listed = await t.http
      .get(`/api/cases?filter=${encodeURIComponent(JSON.stringify({ id: [r.case.id] }))}`)
      .set(sup.auth)
      .expect(200);
    expect(listed.body).toEqual([expect.objectContaining({ id: r.case.id, recommendedTrack: 'targeted' })]);
    const history = await t.http.get(`/api/cases/${r.case.id}/triage`).set(sup.auth).expect(200);
    expect(history.body.results.map((x: { recommendedTrack: string }) => x.recommendedTrack)).toEqual(['targeted', 'routine']);
  });

  it('suggests moves that bring everyone under cap', async () => {
    await t.sql.query(`UPDATE users SET caseload_cap = 1 WHERE id = $1`, [counsellor.user.id]);
    await t.sql.query(`UPDATE users SET role = 'counsellor', caseload_cap = 50, office_id = $2 WHERE email = $1`, [
      DEMO.manager,
      desk.user.officeId,
    ]);
    const res = await t.http.get('/api/caseloads/suggestions').set(sup.auth).expect(200);
    expect(res.body.length).toBeGreaterThan(0);
    expect(res.body.every((m: { fromUserId: string }) => m.fromUserId === counsellor.user.id)).toBe(true);
  });
});
