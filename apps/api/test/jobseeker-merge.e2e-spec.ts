import { createTestApp, DEMO, login, type Session, type TestApp } from './helpers.js';
import { auditRows, expectError, expectFieldError } from './support.js';

const q = (o: unknown) => encodeURIComponent(JSON.stringify(o));

describe('merging duplicate jobseekers', () => {
  let t: TestApp;
  let desk: Session;
  let sup: Session;
  let counsellor: Session;
  let otherSup: Session;
  let n = 0;

  /** Two records of one person: the second registered after confirming a different person (wrongly). */
  async function pair(dateOfBirth: string) {
    n += 1;
    const base = {
      givenName: `Mergee${n}`,
      familyName: `Duplicatova${String.fromCharCode(65 + n)}`,
      dateOfBirth,
      digitalSkills: 'good',
      educationLevel: 4,
    };
    const a = (await t.http.post('/api/jobseekers').set(desk.auth).send(base).expect(201)).body;
    const b = (
      await t.http
        .post('/api/jobseekers')
        .set(desk.auth)
        .send({
          ...base,
          givenName: `${base.givenName}a`,
          confirmDifferentPerson: { candidateIds: [a.jobseeker.id], note: 'Looked different at the desk' },
        })
        .expect(201)
    ).body;
    return { a, b, base };
  }
  const close = async (caseId: string) => {
    const c = (await t.http.get(`/api/cases/${caseId}`).set(sup.auth).expect(200)).body;
    await t.http
      .patch(`/api/cases/${caseId}`)
      .set(sup.auth)
      .send({ status: 'closed', closeReason: 'other', closeNote: 'Duplicate record', version: c.version })
      .expect(200);
  };
  const merge = (s: Session, id: string, body: Record<string, unknown>) =>
    t.http.post(`/api/jobseekers/${id}/merge`).set(s.auth).send(body);
  const row = async (id: string) => (await t.sql.query(`SELECT merged_into_id, version FROM jobseekers WHERE id = $1`, [id])).rows[0];

  beforeAll(async () => {
    t = await createTestApp();
    desk = await login(t, DEMO.frontDesk);
    sup = await login(t, DEMO.supervisor);
    counsellor = await login(t, DEMO.counsellor);
    await t.sql.query(`UPDATE users SET role = 'supervisor' WHERE email = $1`, [DEMO.counsellor2]);
    otherSup = await login(t, DEMO.counsellor2);
  });
  afterAll(() => t.close());

  it('refuses to merge two records that both have an open case (409), and changes nothing', async () => {
    const { a, b } = await pair('1977-03-03');
    const before = [await row(a.jobseeker.id), await row(b.jobseeker.id)];
    const res = await merge(sup, a.jobseeker.id, { duplicateId: b.jobseeker.id, note: 'Same passport number on both files' });
    expectError(res, 409, 'CONFLICT');
    expect(res.body.message).toMatch(/close/i);
    expect([await row(a.jobseeker.id), await row(b.jobseeker.id)]).toEqual(before);
    expect((await t.sql.query(`SELECT jobseeker_id FROM cases WHERE id = $1`, [b.case.id])).rows[0].jobseeker_id).toBe(b.jobseeker.id);
  });

  it('merges once one case is closed: both histories kept, the duplicate’s cases moved with an event, audited with both ids', async () => {
    const { a, b, base } = await pair('1978-04-04');
    await close(b.case.id);
    const res = await merge(sup, a.jobseeker.id, { duplicateId: b.jobseeker.id, note: 'Same passport number on both files' }).expect(200);
    expect(res.body).toMatchObject({ id: a.jobseeker.id, mergedIntoId: null });
    expect((await row(b.jobseeker.id)).merged_into_id).toBe(a.jobseeker.id);

    // The duplicate's (closed) case now belongs to the jobseeker kept, next to its open one.
    const cases = await t.http
      .get(`/api/cases?filter=${q({ jobseekerId: a.jobseeker.id })}`)
      .set(sup.auth)
      .expect(200);
    expect(cases.body.map((c: { id: string }) => c.id).sort()).toEqual([a.case.id, b.case.id].sort());
    const timeline = (await t.http.get(`/api/cases/${b.case.id}/timeline`).set(sup.auth).expect(200)).body;
    expect(timeline[0]).toMatchObject({
      kind: 'merge',
      actorId: sup.user.id,
      actorName: 'Sofia Supervisor',
      data: {
        fromJobseekerId: b.jobseeker.id,
        fromReference: b.jobseeker.reference,
        toJobseekerId: a.jobseeker.id,
        toReference: a.jobseeker.reference,
      },
    });
    // Nothing on the case that did not move.
    expect(
      (
        await t.http
          .get(`/api/cases/${a.case.id}/timeline?filter=${q({ kind: 'merge' })}`)
          .set(sup.auth)
          .expect(200)
      ).body,
    ).toEqual([]);
    const [audit] = await auditRows(t, { action: 'jobseekers.merge', entityId: a.jobseeker.id });
    expect(audit).toMatchObject({ actor_id: sup.user.id, actor_role: 'supervisor' });
    expect(audit.changes).toEqual({
      keptId: a.jobseeker.id,
      duplicateId: b.jobseeker.id,
      movedCaseIds: [b.case.id],
      note: 'Same passport number on both files',
    });

    // The duplicate leaves lists and duplicate checks, but a supervisor still reads it by id.
    const listed = await t.http
      .get(`/api/jobseekers?filter=${q({ q: base.familyName })}`)
      .set(desk.auth)
      .expect(200);
    expect(listed.body.map((j: { id: string }) => j.id)).toEqual([a.jobseeker.id]);
    const dupes = await t.http
      .post('/api/jobseekers/duplicates')
      .set(desk.auth)
      .send({ givenName: `${base.givenName}a`, familyName: base.familyName, dateOfBirth: base.dateOfBirth })
      .expect(201);
    expect(dupes.body.map((c: { id: string }) => c.id)).toEqual([a.jobseeker.id]);
    const of = await t.http.get(`/api/jobseekers/duplicates?jobseekerId=${a.jobseeker.id}`).set(sup.auth).expect(200);
    expect(of.body.map((c: { id: string }) => c.id)).not.toContain(b.jobseeker.id);
    const merged = await t.http.get(`/api/jobseekers/${b.jobseeker.id}`).set(sup.auth).expect(200);
    expect(merged.body).toMatchObject({ id: b.jobseeker.id, mergedIntoId: a.jobseeker.id, reference: b.jobseeker.reference });
    expectError(await t.http.get(`/api/jobseekers/${b.jobseeker.id}`).set(desk.auth), 404, 'NOT_FOUND');
    // A merged record is history: no updates, no second merge either way.
    expectError(
      await t.http
        .patch(`/api/jobseekers/${b.jobseeker.id}`)
        .set(desk.auth)
        .send({ version: merged.body.version, phone: '+33 1 22 22 22 22' }),
      404,
      'NOT_FOUND',
    );
    expectError(await merge(sup, a.jobseeker.id, { duplicateId: b.jobseeker.id, note: 'Again, to be sure' }), 409, 'CONFLICT');
    expectError(await merge(sup, b.jobseeker.id, { duplicateId: a.jobseeker.id, note: 'The other way round' }), 409, 'CONFLICT');
  });

  it('moves the duplicate’s open case to the record kept, with its counsellor', async () => {
    const { a, b } = await pair('1979-05-05');
    await close(a.case.id);
    const c = (await t.http.get(`/api/cases/${b.case.id}`).set(sup.auth).expect(200)).body;
    await t.http
      .post(`/api/cases/${b.case.id}/assign`)
      .set(sup.auth)
      .send({ assigneeId: counsellor.user.id, version: c.version, decision: { kind: 'confirm' } })
      .expect(200);
    await t.http.get(`/api/jobseekers/${a.jobseeker.id}`).set(counsellor.auth).expect(404);
    await merge(sup, a.jobseeker.id, { duplicateId: b.jobseeker.id, note: 'Registered twice by mistake' }).expect(200);
    const moved = (await t.http.get(`/api/cases/${b.case.id}`).set(counsellor.auth).expect(200)).body;
    expect(moved).toMatchObject({ jobseekerId: a.jobseeker.id, status: 'active', assignedTo: counsellor.user.id });
    // The counsellor now works with the record kept, and no longer sees the duplicate.
    await t.http.get(`/api/jobseekers/${a.jobseeker.id}`).set(counsellor.auth).expect(200);
    await t.http.get(`/api/jobseekers/${b.jobseeker.id}`).set(counsellor.auth).expect(404);
  });

  it('is for supervisors of the office of both records', async () => {
    const { a, b } = await pair('1980-06-06');
    await close(b.case.id);
    const body = { duplicateId: b.jobseeker.id, note: 'Same person' };
    expectError(await merge(desk, a.jobseeker.id, body), 403, 'FORBIDDEN');
    expectError(await merge(counsellor, a.jobseeker.id, body), 403, 'FORBIDDEN');
    expectError(await merge(await login(t, DEMO.admin), a.jobseeker.id, body), 403, 'FORBIDDEN');
    expectError(await merge(otherSup, a.jobseeker.id, body), 404, 'NOT_FOUND');
    // A duplicate of another office is not found either, and the 404 names the field.
    const foreign = (
      await t.http
        .post('/api/jobseekers')
        .set((await login(t, DEMO.frontDesk)).auth)
        .send({ givenName: 'Far', familyName: 'Away', dateOfBirth: '1981-07-07', digitalSkills: 'good', educationLevel: 4 })
        .expect(201)
    ).body.jobseeker.id;
    await t.sql.query(`UPDATE jobseekers SET home_office_id = $2 WHERE id = $1`, [foreign, otherSup.user.officeId]);
    expectFieldError(
      await merge(sup, a.jobseeker.id, { duplicateId: foreign, note: 'Same person' }),
      'duplicateId',
      'exists',
      404,
      'NOT_FOUND',
    );
    expectFieldError(await merge(sup, a.jobseeker.id, { duplicateId: a.jobseeker.id, note: 'Myself' }), 'duplicateId', 'differs');
    expectFieldError(await merge(sup, a.jobseeker.id, { duplicateId: 'J-2026-000001', note: 'Same person' }), 'duplicateId', 'isUuid');
    expectFieldError(await merge(sup, a.jobseeker.id, { duplicateId: b.jobseeker.id }), 'note');
    expectFieldError(await merge(sup, a.jobseeker.id, { duplicateId: b.jobseeker.id, note: '     ' }), 'note', 'notBlank');
    expect((await row(b.jobseeker.id)).merged_into_id).toBeNull();
    await merge(sup, a.jobseeker.id, body).expect(200);
  });
});
