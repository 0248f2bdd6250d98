import { createTestApp, DEMO, login, type Session, type TestApp } from './helpers.js';

const person = {
  givenName: 'Jonathan',
  familyName: 'Okafor',
  dateOfBirth: '1988-03-14',
  digitalSkills: 'basic',
  educationLevel: 3,
  unemployedSince: '2025-06-01',
  lastOccupation: '5223',
  email: 'jonathan.okafor@example.org',
  nationalId: 'AB-123456',
  disability: true,
  accommodations: 'Step-free access',
};

describe('jobseeker registration', () => {
  let t: TestApp;
  let desk: Session;
  let desk2: Session;
  beforeAll(async () => {
    t = await createTestApp();
    desk = await login(t, DEMO.frontDesk);
    await t.sql.query(`UPDATE users SET role = 'front_desk' WHERE email = $1`, [DEMO.counsellor2]);
    desk2 = await login(t, DEMO.counsellor2);
  });
  afterAll(() => t.close());

  let registered: { jobseeker: { id: string; reference: string }; case: { id: string; reference: string } };

  it('registers a jobseeker with a case, a profiling result and two routine work items', async () => {
    const res = await t.http.post('/api/jobseekers').set(desk.auth).send(person).expect(201);
    registered = res.body;
    expect(res.body.jobseeker.reference).toMatch(/^J-\d{4}-\d{6}$/);
    expect(res.body.case).toMatchObject({ reference: expect.stringMatching(/^C-\d{4}-\d{6}$/), status: 'registered' });
    expect(res.body.triage).toMatchObject({
      modelVersion: expect.any(String),
      recommendedTrack: expect.stringMatching(/routine|targeted/),
    });
    expect(res.body.triage.factors.map((f: { factor: string }) => f.factor)).toEqual(
      expect.arrayContaining(['months_unemployed', 'disability']),
    );
    const items = await t.sql.query(`SELECT kind, queue, status FROM work_items WHERE case_id = $1 ORDER BY kind`, [res.body.case.id]);
    expect(items.rows).toEqual([
      { kind: 'book_first_interview', queue: 'routine', status: 'open' },
      { kind: 'verify_registration', queue: 'routine', status: 'open' },
    ]);
  });

  it('shows front desk only whether each sensitive field is set, and keeps them out of lists', async () => {
    const one = await t.http.get(`/api/jobseekers/${registered.jobseeker.id}`).set(desk.auth).expect(200);
    expect(one.body).not.toHaveProperty('nationalId');
    expect(one.body).not.toHaveProperty('disability');
    expect(one.body.sensitiveSet).toMatchObject({
      nationalId: true,
      disability: true,
      accommodations: true,
      migrantStatus: false,
      interpreterNeeded: false,
    });
    const list = await t.http.get('/api/jobseekers').set(desk.auth).expect(200);
    expect(list.headers['content-range']).toBe('jobseekers 0-0/1');
    expect(list.body[0]).not.toHaveProperty('nationalId');
  });

  it('shows the office supervisor the sensitive fields and audits that read', async () => {
    const sup = await login(t, DEMO.supervisor);
    const one = await t.http.get(`/api/jobseekers/${registered.jobseeker.id}`).set(sup.auth).expect(200);
    expect(one.body).toMatchObject({ nationalId: 'AB-123456', disability: true, accommodations: 'Step-free access' });
    const audit = await t.sql.query(`SELECT actor_id FROM audit_events WHERE action = 'jobseekers.read_sensitive' AND entity_id = $1`, [
      registered.jobseeker.id,
    ]);
    expect(audit.rows).toEqual([{ actor_id: sup.user.id }]);
  });

  it('hides another office’s jobseeker (404) and a counsellor’s unassigned ones (404)', async () => {
    await t.http.get(`/api/jobseekers/${registered.jobseeker.id}`).set(desk2.auth).expect(404);
    const counsellor = await login(t, DEMO.counsellor);
    await t.http.get(`/api/jobseekers/${registered.jobseeker.id}`).set(counsellor.auth).expect(404);
    await t.http.post('/api/jobseekers').set(counsellor.auth).send(person).expect(403);
  });

  it('finds a swapped given/family name and a one-letter typo with the same birth date, across offices', async () => {
    const swapped = await t.http
      .post('/api/jobseekers/duplicates')
      .set(desk.auth)
      .send({ givenName: 'Okafor', familyName: 'Jonathan', dateOfBirth: '1988-03-14' })
      .expect(201);
    expect(swapped.body[0]).toMatchObject({ id: registered.jobseeker.id, matched: expect.arrayContaining(['swapped_name']) });
    const typo = await t.http
      .post('/api/jobseekers/duplicates')
      .set(desk2.auth)
      .send({ givenName: 'Jonathon', familyName: 'Okafor', dateOfBirth: '1988-03-14' })
      .expect(201);
    // Another office: only the reference, the office and what matched.
    expect(typo.body).toEqual([
      {
        reference: registered.jobseeker.reference,
        officeId: expect.any(String),
        officeName: 'Northside Job Centre',
        score: expect.any(Number),
        matched: expect.arrayContaining(['date_of_birth']),
      },
    ]);
    expect(typo.body[0].score).toBeGreaterThanOrEqual(0.6);
    const otherBirthday = await t.http
      .post('/api/jobseekers/duplicates')
      .set(desk.auth)
      .send({ givenName: 'Jonathan', familyName: 'Okafor', dateOfBirth: '1988-03-15' })
      .expect(201);
    expect(otherBirthday.body).toEqual([]);
  });

  it('refuses a likely duplicate with 409 POSSIBLE_DUPLICATE and the candidates, and writes nothing', async () => {
    const before = (await t.sql.query(`SELECT count(*)::int AS n FROM jobseekers`)).rows[0].n;
    const res = await t.http
      .post('/api/jobseekers')
      .set(desk.auth)
      .send({ ...person, nationalId: undefined, givenName: 'Jonathon' })
      .expect(409);
    expect(res.body).toMatchObject({ code: 'POSSIBLE_DUPLICATE', candidates: [expect.objectContaining({ id: registered.jobseeker.id })] });
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM jobseekers`)).rows[0].n).toBe(before);
  });

  it('registers after the desk confirms a different person, and audits that decision', async () => {
    const res = await t.http
      .post('/api/jobseekers')
      .set(desk.auth)
      .send({
        ...person,
        nationalId: undefined,
        givenName: 'Jonathon',
        confirmDifferentPerson: { candidateIds: [registered.jobseeker.id], note: 'Different mother’s name on the ID card' },
      })
      .expect(201);
    const audit = await t.sql.query(
      `SELECT changes FROM audit_events WHERE action = 'jobseekers.confirm_different_person' AND entity_id = $1`,
      [res.body.jobseeker.id],
    );
    expect(audit.rows[0].changes.candidateIds).toEqual([registered.jobseeker.id]);
  });

  it('never accepts the same national id twice, even when confirmed', async () => {
    const res = await t.http
      .post('/api/jobseekers')
      .set(desk.auth)
      .send({
        ...person,
        givenName: 'Someone',
        familyName: 'Else',
        dateOfBirth: '1970-01-01',
        confirmDifferentPerson: { candidateIds: [registered.jobseeker.id], note: 'trying anyway' },
      })
      .expect(409);
    expect(res.body.code).toBe('POSSIBLE_DUPLICATE');
    expect(res.body.candidates[0].matched).toContain('national_id');
  });

  it('validates fields with clear 400s naming field and rule', async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ lastOccupation: '522' }, 'lastOccupation', 'iscoUnitGroup'],
      [{ lastOccupation: '9999' }, 'lastOccupation', 'iscoUnitGroup'],
      [{ dateOfBirth: '2031-01-01' }, 'dateOfBirth', 'past'],
      [{ dateOfBirth: '1988-02-30' }, 'dateOfBirth', 'isIso8601'],
      [{ digitalSkills: 'expert' }, 'digitalSkills', 'isIn'],
      [{ consentDataSharing: true }, 'consentExpiresOn', 'required'],
      [{ educationLevel: 9 }, 'educationLevel', 'max'],
      [{ shoeSize: 42 }, 'shoeSize', 'unknown'],
    ];
    for (const [patch, field, rule] of cases) {
      const res = await t.http
        .post('/api/jobseekers')
        .set(desk.auth)
        .send({ ...person, nationalId: undefined, dateOfBirth: '1999-09-09', ...patch });
      expect([res.status, res.body.errors?.[0]]).toEqual([400, expect.objectContaining({ field, rule })]);
    }
  });
});
