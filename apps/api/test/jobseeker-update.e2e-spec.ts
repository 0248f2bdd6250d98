import { createTestApp, DEMO, login, type Session, type TestApp } from './helpers.js';
import { auditRows, expectError, expectFieldError } from './support.js';

// Values of the wrong type, size or shape for any field.
const JUNK: unknown[] = [null, -1, true, ['a'], { $gt: '' }, 'x'.repeat(20_001), 'nul\u0000byte', "' OR 1=1 --", '\ud800'];

let seq = 0;
function person(overrides: Record<string, unknown> = {}) {
  seq += 1;
  return {
    givenName: `Upda${seq}`,
    familyName: `Tedperson${String.fromCharCode(65 + seq)}`,
    dateOfBirth: `1982-0${1 + (seq % 9)}-1${seq % 10}`,
    digitalSkills: 'good',
    educationLevel: 5,
    ...overrides,
  };
}

describe('jobseeker updates', () => {
  let t: TestApp;
  let desk: Session;
  let sup: Session;
  let counsellor: Session;
  let specialist: Session;
  let otherDesk: Session;
  let id: string;
  let caseId: string;

  const current = async (jobseekerId = id) => (await t.sql.query(`SELECT * FROM jobseekers WHERE id = $1`, [jobseekerId])).rows[0];
  const patch = (s: Session, body: Record<string, unknown>, jobseekerId = id) =>
    t.http.patch(`/api/jobseekers/${jobseekerId}`).set(s.auth).send(body);

  beforeAll(async () => {
    t = await createTestApp();
    desk = await login(t, DEMO.frontDesk);
    sup = await login(t, DEMO.supervisor);
    counsellor = await login(t, DEMO.counsellor);
    specialist = await login(t, DEMO.specialist);
    // counsellor2 works in the other office; make them front desk there.
    await t.sql.query(`UPDATE users SET role = 'front_desk' WHERE email = $1`, [DEMO.counsellor2]);
    otherDesk = await login(t, DEMO.counsellor2);
    const reg = (
      await t.http
        .post('/api/jobseekers')
        .set(desk.auth)
        .send(person({ nationalId: 'UP-100001', unemployedSince: '2025-09-01', lastOccupation: '5223', email: 'up.one@example.org' }))
        .expect(201)
    ).body;
    id = reg.jobseeker.id;
    caseId = reg.case.id;
    const c = (await t.http.get(`/api/cases/${caseId}`).set(sup.auth).expect(200)).body;
    await t.http
      .post(`/api/cases/${caseId}/assign`)
      .set(sup.auth)
      .send({ assigneeId: counsellor.user.id, version: c.version, decision: { kind: 'confirm' } })
      .expect(200);
  });
  afterAll(() => t.close());

  it('lets front desk write sensitive fields without reading them back, and audits field names only', async () => {
    const before = await current();
    const res = await patch(desk, {
      version: before.version,
      phone: '+33 1 23 45 67 89',
      nationalId: 'up-100002',
      disability: true,
      accommodations: 'Hearing loop needed',
    }).expect(200);
    expect(res.body).toMatchObject({
      id,
      phone: '+33 1 23 45 67 89',
      version: before.version + 1,
      sensitiveSet: { nationalId: true, disability: true, accommodations: true },
    });
    for (const f of ['nationalId', 'disability', 'accommodations', 'migrantStatus', 'interpreterNeeded'])
      expect(res.body).not.toHaveProperty(f);
    expect(await current()).toMatchObject({
      phone: '+33 1 23 45 67 89',
      national_id: 'UP-100002',
      disability: true,
      accommodations: 'Hearing loop needed',
      version: before.version + 1,
    });
    const [audit] = await auditRows(t, { action: 'jobseekers.update', entityId: id });
    expect(audit).toMatchObject({ actor_id: desk.user.id, actor_role: 'front_desk' });
    expect(audit.changes).toEqual({ fields: ['phone', 'nationalId', 'disability', 'accommodations'] });
    for (const value of ['UP-100002', 'Hearing loop', '23 45']) expect(JSON.stringify(audit.changes)).not.toContain(value);
  });

  it('answers 409 STALE_VERSION to a stale version and changes nothing', async () => {
    const before = await current();
    const res = await patch(desk, { version: before.version - 1, phone: '+33 9 99 99 99 99' });
    expectFieldError(res, 'version', 'current', 409, 'STALE_VERSION');
    expect(await current()).toEqual(before);
    // Ten writers with the same version: one wins.
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => patch(desk, { version: before.version, postcode: `7500${i}` })));
    expect(results.map((r) => r.status).sort()).toEqual([200, ...Array(9).fill(409)]);
    expect((await current()).version).toBe(before.version + 1);
  });

  it('lets the assigned counsellor update their jobseeker (and see the sensitive fields); others get 404 or 403', async () => {
    const before = await current();
    const res = await patch(counsellor, { version: before.version, email: 'New.Address@Example.org' }).expect(200);
    expect(res.body).toMatchObject({ email: 'new.address@example.org', nationalId: 'UP-100002', disability: true });
    expect(res.body).not.toHaveProperty('sensitiveSet');
    const v = res.body.version;
    expectError(await patch(specialist, { version: v, email: 'x@example.org' }), 404, 'NOT_FOUND'); // not their case
    expectError(await patch(otherDesk, { version: v, email: 'x@example.org' }), 404, 'NOT_FOUND'); // another office
    expectError(await patch(sup, { version: v, email: 'x@example.org' }), 403, 'FORBIDDEN'); // supervisors read and merge
    for (const email of [DEMO.manager, DEMO.admin])
      expectError(await patch(await login(t, email), { version: v, email: 'x@example.org' }), 403, 'FORBIDDEN');
    expectError(await patch(desk, { version: 1, email: 'x@example.org' }, '3b241101-e2bb-4255-8caf-4136c566a962'), 404, 'NOT_FOUND');
    expect((await current()).email).toBe('new.address@example.org');
  });

  it('checks the record again as at registration, and a refused change changes nothing', async () => {
    const before = await current();
    const v = before.version;
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ lastOccupation: '9999' }, 'lastOccupation', 'iscoUnitGroup'],
      [{ lastOccupation: '52' }, 'lastOccupation', 'iscoUnitGroup'],
      [{ dateOfBirth: '2031-01-01' }, 'dateOfBirth', 'past'],
      [{ dateOfBirth: '1899-01-01' }, 'dateOfBirth', 'workingAge'],
      [{ dateOfBirth: '1988-02-30' }, 'dateOfBirth', 'isIso8601'],
      [{ unemployedSince: '1950-01-01' }, 'unemployedSince', 'afterBirth'],
      [{ unemployedSince: '2099-01-01' }, 'unemployedSince', 'past'],
      [{ consentDataSharing: true }, 'consentExpiresOn', 'required'],
      [{ consentDataSharing: true, consentExpiresOn: '2020-01-01' }, 'consentExpiresOn', 'future'],
      [{ interpreterLanguage: 'pt' }, 'interpreterLanguage', 'needsInterpreter'],
      [{ givenName: null }, 'givenName', 'isString'],
      [{ givenName: '   ' }, 'givenName', 'notBlank'],
      [{ digitalSkills: null }, 'digitalSkills', 'isIn'],
      [{ educationLevel: 9 }, 'educationLevel', 'max'],
      [{ homeOfficeId: otherDesk.user.officeId }, 'homeOfficeId', 'unknown'],
      [{ mergedIntoId: id }, 'mergedIntoId', 'unknown'],
      [{ reference: 'J-0000-000000' }, 'reference', 'unknown'],
    ];
    for (const [change, field, rule] of cases) {
      const res = await patch(desk, { version: v, ...change });
      expect([JSON.stringify(change), res.status, res.body.errors]).toEqual([
        JSON.stringify(change),
        400,
        expect.arrayContaining([expect.objectContaining({ field, rule })]),
      ]);
    }
    expectFieldError(await patch(desk, { phone: '+33 1 00 00 00 00' }), 'version');
    expect(await current()).toEqual(before);
  });

  it('answers junk in any field with a 4xx in the error shape or takes it as a value, never a 500', async () => {
    const fields = [
      'version',
      'givenName',
      'familyName',
      'dateOfBirth',
      'gender',
      'email',
      'phone',
      'addressLine',
      'postcode',
      'municipality',
      'rural',
      'nationalId',
      'preferredLanguage',
      'preferredChannel',
      'digitalSkills',
      'disability',
      'accommodations',
      'interpreterNeeded',
      'interpreterLanguage',
      'migrantStatus',
      'careerBreak',
      'educationLevel',
      'lastOccupation',
      'unemployedSince',
      'consentDataSharing',
      'consentExpiresOn',
    ];
    // A record of its own: probes that succeed change it.
    const own = (await t.http.post('/api/jobseekers').set(desk.auth).send(person()).expect(201)).body.jobseeker.id;
    let sent = 0;
    for (const field of fields) {
      for (const value of JUNK) {
        const { version } = await current(own);
        const res = await patch(desk, { version, [field]: value }, own);
        // A value that happens to be valid (a name, null for an optional field) is taken: only a 5xx fails.
        expect([field, value, res.status < 500]).toEqual([field, value, true]);
        if (res.status >= 400) expectError(res, res.status);
        sent++;
      }
    }
    expect(sent).toBe(fields.length * JUNK.length);
  });

  it('refuses a national id already registered with 409 POSSIBLE_DUPLICATE naming nationalId', async () => {
    const other = (
      await t.http
        .post('/api/jobseekers')
        .set(desk.auth)
        .send(person({ nationalId: 'UP-200001' }))
        .expect(201)
    ).body.jobseeker;
    const before = await current(other.id);
    for (const nationalId of ['UP-100002', 'up-100002', ' UP-100002 ']) {
      expectFieldError(
        await patch(desk, { version: before.version, nationalId }, other.id),
        'nationalId',
        'unique',
        409,
        'POSSIBLE_DUPLICATE',
      );
    }
    expect(await current(other.id)).toEqual(before);
    // Clearing it is fine, and so is giving it a free one.
    await patch(desk, { version: before.version, nationalId: null }, other.id).expect(200);
    expect((await current(other.id)).national_id).toBeNull();
  });

  it('does not re-run the profiling when its facts change; the case history says so and a person re-runs it', async () => {
    const runs = async () => (await t.sql.query(`SELECT count(*)::int AS n FROM triage_results WHERE case_id = $1`, [caseId])).rows[0].n;
    const before = {
      runs: await runs(),
      groups: (await t.sql.query(`SELECT priority_groups FROM cases WHERE id = $1`, [caseId])).rows[0].priority_groups,
    };
    const j = await current();
    await patch(counsellor, { version: j.version, unemployedSince: '2023-01-01', digitalSkills: 'none' }).expect(200);
    expect(await runs()).toBe(before.runs);
    expect((await t.sql.query(`SELECT priority_groups FROM cases WHERE id = $1`, [caseId])).rows[0].priority_groups).toEqual(before.groups);
    const timeline = (await t.http.get(`/api/cases/${caseId}/timeline`).set(counsellor.auth).expect(200)).body;
    expect(timeline[0]).toMatchObject({
      kind: 'facts_changed',
      actorId: counsellor.user.id,
      data: { fields: ['digitalSkills', 'unemployedSince'] },
    });
    // Contact details are not profiling facts: no history entry for them.
    const j2 = await current();
    await patch(counsellor, { version: j2.version, phone: '+33 1 11 11 11 11' }).expect(200);
    expect((await t.http.get(`/api/cases/${caseId}/timeline`).set(counsellor.auth).expect(200)).body[0]).toMatchObject({
      kind: 'facts_changed',
    });
    await t.http.post(`/api/cases/${caseId}/triage`).set(counsellor.auth).expect(201);
    expect(await runs()).toBe(before.runs + 1);
    const latest = (await t.sql.query(`SELECT inputs FROM triage_results WHERE case_id = $1 ORDER BY created_at DESC LIMIT 1`, [caseId]))
      .rows[0].inputs;
    expect(latest).toMatchObject({ unemployedSince: '2023-01-01', digitalSkills: 'none' });
  });

  it('clears optional fields with null, keeps a lapsed consent from blocking other changes, and writes nothing for no change', async () => {
    let j = await current();
    let res = await patch(desk, { version: j.version, email: null, lastOccupation: null }).expect(200);
    expect(res.body).toMatchObject({ email: null, lastOccupation: null });
    // Consent given earlier has since expired: correcting the address still works, and so does withdrawing consent.
    await t.sql.query(`UPDATE jobseekers SET consent_data_sharing = true, consent_expires_on = '2024-01-01' WHERE id = $1`, [id]);
    j = await current();
    res = await patch(desk, { version: j.version, addressLine: '4 Rue Neuve' }).expect(200);
    res = await patch(desk, { version: res.body.version, consentDataSharing: false }).expect(200);
    expect(res.body).toMatchObject({ consentDataSharing: false, addressLine: '4 Rue Neuve' });
    // Renewing it needs a date ahead.
    expectFieldError(await patch(desk, { version: res.body.version, consentDataSharing: true }), 'consentExpiresOn', 'future');
    res = await patch(desk, { version: res.body.version, consentDataSharing: true, consentExpiresOn: '2099-12-31' }).expect(200);
    // Sending what is already there changes nothing: same version, no audit event.
    const events = (await auditRows(t, { action: 'jobseekers.update', entityId: id })).length;
    const same = await patch(desk, { version: res.body.version, addressLine: '4 Rue Neuve', consentDataSharing: true }).expect(200);
    expect(same.body.version).toBe(res.body.version);
    expect((await auditRows(t, { action: 'jobseekers.update', entityId: id })).length).toBe(events);
  });

  it('renames the jobseeker for the duplicate check too', async () => {
    const j = await current();
    await patch(desk, { version: j.version, givenName: 'Zoë', familyName: 'Ångström' }).expect(200);
    expect((await current()).name_key).toBe('zoe angstrom');
    const { rows } = await t.sql.query(`SELECT to_char(date_of_birth, 'YYYY-MM-DD') AS dob FROM jobseekers WHERE id = $1`, [id]);
    const found = await t.http
      .post('/api/jobseekers/duplicates')
      .set(desk.auth)
      .send({ givenName: 'Zoe', familyName: 'Angstrom', dateOfBirth: rows[0].dob })
      .expect(201);
    expect(found.body.map((c: { id?: string }) => c.id)).toContain(id);
  });
});
