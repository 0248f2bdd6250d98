import { createTestApp, DEMO, login, type Session, type TestApp } from './helpers.js';
import { auditRows, expectError, expectFieldError } from './support.js';

let seq = 0;
function person() {
  seq += 1;
  return {
    givenName: `Notee${seq}`,
    familyName: `Casenote${String.fromCharCode(65 + seq)}`,
    dateOfBirth: `1975-0${1 + (seq % 9)}-1${seq % 10}`,
    digitalSkills: 'good',
    educationLevel: 4,
  };
}

const q = (o: unknown) => encodeURIComponent(JSON.stringify(o));
// Values of the wrong type, size or shape for any field.
const JUNK: unknown[] = [null, -1, true, ['a'], { $gt: '' }, 'x'.repeat(20_001), 'nul\u0000byte', "' OR 1=1 --", '\ud800'];

describe('case notes', () => {
  let t: TestApp;
  let desk: Session;
  let sup: Session;
  let counsellor: Session;
  let specialist: Session;
  let otherSup: Session;
  /** A routine case assigned to the counsellor. */
  let caseId: string;

  async function registerAndAssign(assignee: Session, decision: Record<string, unknown> = { kind: 'confirm' }): Promise<string> {
    const reg = (await t.http.post('/api/jobseekers').set(desk.auth).send(person()).expect(201)).body;
    const c = (await t.http.get(`/api/cases/${reg.case.id}`).set(sup.auth).expect(200)).body;
    await t.http
      .post(`/api/cases/${c.id}/assign`)
      .set(sup.auth)
      .send({ assigneeId: assignee.user.id, version: c.version, decision })
      .expect(200);
    return c.id;
  }
  const note = (s: Session, body: Record<string, unknown>) => t.http.post('/api/case-notes').set(s.auth).send(body);
  const notesOf = (s: Session, filter: Record<string, unknown>, extra = '') =>
    t.http.get(`/api/case-notes?filter=${q(filter)}${extra}`).set(s.auth);

  beforeAll(async () => {
    t = await createTestApp();
    desk = await login(t, DEMO.frontDesk);
    sup = await login(t, DEMO.supervisor);
    counsellor = await login(t, DEMO.counsellor);
    specialist = await login(t, DEMO.specialist);
    // counsellor2 works in the other office; make them that office's supervisor.
    await t.sql.query(`UPDATE users SET role = 'supervisor' WHERE email = $1`, [DEMO.counsellor2]);
    otherSup = await login(t, DEMO.counsellor2);
    caseId = await registerAndAssign(counsellor);
  });
  afterAll(() => t.close());

  it('lets the assigned counsellor write a note (201) and audits it without the body', async () => {
    const body = 'Client said her landlord is evicting her next month; wants help with housing.';
    const res = await note(counsellor, { caseId, body, visibility: 'case_team' }).expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      caseId,
      caseReference: expect.stringMatching(/^C-\d{4}-\d{6}$/),
      authorId: counsellor.user.id,
      authorName: 'Camille Counsel',
      body,
      visibility: 'case_team',
      createdAt: expect.any(String),
    });
    const [audit] = await auditRows(t, { action: 'case_notes.create', entityId: res.body.id });
    expect(audit).toMatchObject({ actor_id: counsellor.user.id, actor_role: 'counsellor', entity: 'case_notes' });
    expect(audit.changes).toEqual({ caseId, visibility: 'case_team', length: body.length });
    expect(JSON.stringify(audit.changes)).not.toContain('landlord');
  });

  it('counts the length in characters, as the database does', async () => {
    const body = '😀'.repeat(3);
    const res = await note(counsellor, { caseId, body, visibility: 'restricted' }).expect(201);
    const [audit] = await auditRows(t, { action: 'case_notes.create', entityId: res.body.id });
    expect(audit.changes).toMatchObject({ length: 3, visibility: 'restricted' });
  });

  it('refuses notes on cases that are not the caller’s own: 404 out of scope, 403 for roles that may not write', async () => {
    // Assigned to the counsellor: the specialist has no claim on it.
    const other = await registerAndAssign(counsellor);
    expectError(await note(specialist, { caseId: other, body: 'Not mine', visibility: 'case_team' }), 404, 'NOT_FOUND');
    expectError(
      await note(counsellor, { caseId: '3b241101-e2bb-4255-8caf-4136c566a962', body: 'No such case', visibility: 'case_team' }),
      404,
      'NOT_FOUND',
    );
    // Supervisors read notes but do not write them; front desk has nothing to do with notes.
    expectError(await note(sup, { caseId, body: 'Supervisor note', visibility: 'case_team' }), 403, 'FORBIDDEN');
    expectError(await note(desk, { caseId, body: 'Desk note', visibility: 'case_team' }), 403, 'FORBIDDEN');
    expectError(await note(otherSup, { caseId, body: 'Elsewhere', visibility: 'case_team' }), 403, 'FORBIDDEN');
    const manager = await login(t, DEMO.manager);
    expectError(await note(manager, { caseId, body: 'Manager', visibility: 'case_team' }), 403, 'FORBIDDEN');
    const stored = await t.sql.query(
      `SELECT count(*)::int AS n FROM case_notes WHERE body IN ('Not mine', 'Supervisor note', 'Desk note', 'Elsewhere', 'Manager')`,
    );
    expect(stored.rows[0].n).toBe(0);
  });

  it('validates the body (1 to 20000 characters, not blank), the visibility and the case id', async () => {
    expectFieldError(await note(counsellor, { caseId, body: '', visibility: 'case_team' }), 'body');
    expectFieldError(await note(counsellor, { caseId, body: '   \n ', visibility: 'case_team' }), 'body', 'notBlank');
    expectFieldError(await note(counsellor, { caseId, body: 'x'.repeat(20_001), visibility: 'case_team' }), 'body', 'maxLength');
    expectFieldError(await note(counsellor, { caseId, body: 'ok', visibility: 'secret' }), 'visibility', 'isIn');
    expectFieldError(await note(counsellor, { caseId, body: 'ok' }), 'visibility', 'isIn');
    expectFieldError(await note(counsellor, { caseId: 'C-2026-000001', body: 'ok', visibility: 'case_team' }), 'caseId', 'isUuid');
    expectFieldError(await note(counsellor, { caseId, body: 'ok', visibility: 'case_team', authorId: sup.user.id }), 'authorId', 'unknown');
    // 20,000 emoji are 20,000 characters (40,000 UTF-16 units): accepted; one more is not.
    await note(counsellor, { caseId, body: '😀'.repeat(20_000), visibility: 'case_team' }).expect(201);
    expectFieldError(await note(counsellor, { caseId, body: '😀'.repeat(20_001), visibility: 'case_team' }), 'body', 'maxLength');
    // Variation selectors count as characters in the database: caught before it refuses them.
    expectFieldError(await note(counsellor, { caseId, body: '✌\uFE0F'.repeat(10_001), visibility: 'case_team' }), 'body', 'maxLength');
  });

  it('answers junk in any field with a 4xx in the error shape, never a 500', async () => {
    for (const field of ['caseId', 'body', 'visibility']) {
      for (const value of JUNK) {
        const res = await note(counsellor, { caseId, body: 'Junk probe', visibility: 'case_team', [field]: value });
        // A body that is merely odd text is a note like any other: only a 5xx fails.
        expect([field, value, res.status < 500]).toEqual([field, value, true]);
        if (res.status >= 400) expectError(res, res.status);
        else expect([field, value]).toEqual(['body', "' OR 1=1 --"]);
      }
    }
  });

  it('lists a case’s notes in the simple-rest dialect, with filters and sort', async () => {
    const c = await registerAndAssign(counsellor);
    const first = (await note(counsellor, { caseId: c, body: 'First', visibility: 'case_team' }).expect(201)).body;
    const second = (await note(counsellor, { caseId: c, body: 'Second', visibility: 'restricted' }).expect(201)).body;
    const all = await notesOf(counsellor, { caseId: c }).expect(200);
    expect(all.headers['content-range']).toBe('case-notes 0-1/2');
    expect(all.body.map((n: { id: string }) => n.id)).toEqual([second.id, first.id]); // newest first
    const asc = await notesOf(counsellor, { caseId: c }, `&sort=${q(['createdAt', 'ASC'])}`).expect(200);
    expect(asc.body.map((n: { id: string }) => n.id)).toEqual([first.id, second.id]);
    const restricted = await notesOf(counsellor, { caseId: c, visibility: 'restricted' }).expect(200);
    expect(restricted.body.map((n: { id: string }) => n.id)).toEqual([second.id]);
    const byAuthor = await notesOf(sup, { caseId: c, authorId: counsellor.user.id }).expect(200);
    expect(byAuthor.headers['content-range']).toBe('case-notes 0-1/2');
    const page = await notesOf(counsellor, { caseId: c }, `&range=${q([1, 1])}`).expect(200);
    expect([page.headers['content-range'], page.body.map((n: { id: string }) => n.id)]).toEqual(['case-notes 1-1/2', [first.id]]);
    expectFieldError(await notesOf(counsellor, { body: 'First' }), 'filter.body', 'allowed');
    expectFieldError(await t.http.get(`/api/case-notes?sort=${q(['body', 'ASC'])}`).set(counsellor.auth), 'sort', 'allowed');
    expectFieldError(await notesOf(counsellor, { visibility: 'secret' }), 'filter.visibility', 'isIn');
    expect((await t.http.get(`/api/case-notes/${first.id}`).set(counsellor.auth).expect(200)).body).toEqual(first);
  });

  it('keeps notes from front desk entirely and from other offices', async () => {
    expectError(await notesOf(desk, { caseId }), 403, 'FORBIDDEN');
    const [{ id }] = (await notesOf(counsellor, { caseId }).expect(200)).body;
    expectError(await t.http.get(`/api/case-notes/${id}`).set(desk.auth), 403, 'FORBIDDEN');
    const other = await notesOf(otherSup, { caseId }).expect(200);
    expect([other.headers['content-range'], other.body]).toEqual(['case-notes */0', []]);
    expectError(await t.http.get(`/api/case-notes/${id}`).set(otherSup.auth), 404, 'NOT_FOUND');
    // A counsellor who is not on the case sees none of its notes.
    await t.sql.query(`UPDATE users SET role = 'counsellor', office_id = $2 WHERE email = $1`, [DEMO.manager, desk.user.officeId]);
    const colleague = await login(t, DEMO.manager);
    expect((await notesOf(colleague, { caseId }).expect(200)).body).toEqual([]);
    expectError(await t.http.get(`/api/case-notes/${id}`).set(colleague.auth), 404, 'NOT_FOUND');
  });

  it('shows restricted notes only to the author, the assigned worker and the office supervisors', async () => {
    // A targeted case assigned to the specialist; a second specialist claims its intake and so may read it.
    const c = await registerAndAssign(specialist, { kind: 'override', track: 'targeted', reasonCode: 'additional_barriers_known' });
    await t.sql.query(`UPDATE users SET role = 'specialist', office_id = $2, caseload_cap = 50 WHERE email = $1`, [
      DEMO.manager,
      desk.user.officeId,
    ]);
    const holder = await login(t, DEMO.manager);
    const intake = (await t.sql.query(`SELECT id FROM work_items WHERE case_id = $1 AND kind = 'specialist_intake'`, [c])).rows[0].id;
    const claimed = await t.http.post(`/api/work-items/${intake}/claim`).set(holder.auth).expect(200);
    expect(claimed.body).toMatchObject({ kind: 'specialist_intake', caseId: c, claimedBy: holder.user.id });

    const team = (await note(specialist, { caseId: c, body: 'Intake booked for Tuesday', visibility: 'case_team' }).expect(201)).body;
    const secret = (
      await note(specialist, { caseId: c, body: 'Disclosed domestic violence; do not contact partner', visibility: 'restricted' }).expect(
        201,
      )
    ).body;
    // The holder of a claimed item may write on the case, restricted too.
    const holders = (await note(holder, { caseId: c, body: 'Holder’s own restricted note', visibility: 'restricted' }).expect(201)).body;

    const ids = async (s: Session) => (await notesOf(s, { caseId: c }).expect(200)).body.map((n: { id: string }) => n.id).sort();
    expect(await ids(specialist)).toEqual([team.id, secret.id, holders.id].sort()); // assigned
    expect(await ids(sup)).toEqual([team.id, secret.id, holders.id].sort()); // office supervisor
    expect(await ids(holder)).toEqual([team.id, holders.id].sort()); // reads the case, not restricted ones but their own
    expectError(await t.http.get(`/api/case-notes/${secret.id}`).set(holder.auth), 404, 'NOT_FOUND');
    await t.http.get(`/api/case-notes/${holders.id}`).set(holder.auth).expect(200);

    // Once the item is done, the holder no longer reads the case, nor its notes.
    await t.http.post(`/api/work-items/${claimed.body.id}/complete`).set(holder.auth).send({}).expect(200);
    expect(await ids(holder)).toEqual([]);
    expectError(await note(holder, { caseId: c, body: 'Too late', visibility: 'case_team' }), 404, 'NOT_FOUND');
  });

  it('never changes or deletes a note: there is no PATCH or DELETE', async () => {
    const n = (await note(counsellor, { caseId, body: 'Immutable', visibility: 'case_team' }).expect(201)).body;
    expectError(await t.http.patch(`/api/case-notes/${n.id}`).set(counsellor.auth).send({ body: 'Changed' }), 404, 'NOT_FOUND');
    expectError(await t.http.put(`/api/case-notes/${n.id}`).set(counsellor.auth).send({ body: 'Changed' }), 404, 'NOT_FOUND');
    expectError(await t.http.delete(`/api/case-notes/${n.id}`).set(sup.auth), 404, 'NOT_FOUND');
    expect((await t.sql.query(`SELECT body FROM case_notes WHERE id = $1`, [n.id])).rows).toEqual([{ body: 'Immutable' }]);
  });
});
