import { createTestApp, DEMO, login, type Session, type TestApp } from './helpers.js';
import { book, booking, nextDay, openCase } from './appointments-support.js';
import { auditRows, expectFieldError } from './support.js';

interface Plan {
  id: string;
  version: number;
  goals: Array<{ id: string; actions: Array<{ id: string }> }>;
}

// An appointment can serve one action of its case's current plan (the referral meeting, the training interview).
describe('appointments linked to a plan action', () => {
  let t: TestApp;
  let desk: Session;
  let sup: Session;
  let counsellor: Session;

  beforeAll(async () => {
    t = await createTestApp();
    [desk, sup, counsellor] = await Promise.all([DEMO.frontDesk, DEMO.supervisor, DEMO.counsellor].map((e) => login(t, e)));
  });
  afterAll(() => t.close());

  /** A case of the counsellor's with a draft plan holding one goal and one action. */
  async function caseWithPlan(): Promise<{ caseId: string; plan: Plan; actionId: string }> {
    const c = await openCase(t, desk, {}, { supervisor: sup, to: counsellor });
    let plan: Plan = (await t.http.post('/api/intervention-plans').set(counsellor.auth).send({ caseId: c.case.id }).expect(201)).body;
    plan = (
      await t.http
        .post(`/api/intervention-plans/${plan.id}/goals`)
        .set(counsellor.auth)
        .send({ version: plan.version, description: 'Forklift certificate', targetDate: '2027-03-31' })
        .expect(201)
    ).body;
    plan = (
      await t.http
        .post(`/api/intervention-plans/${plan.id}/goals/${plan.goals[0].id}/actions`)
        .set(counsellor.auth)
        .send({ version: plan.version, type: 'training', description: 'Interview at the training centre', owner: 'jobseeker' })
        .expect(201)
    ).body;
    return { caseId: c.case.id, plan, actionId: plan.goals[0].actions[0].id };
  }

  it('books an appointment for an action of the case’s plan, shows it, audits it, and unlinks it on request', async () => {
    const { caseId, actionId } = await caseWithPlan();
    const a = await book(t, counsellor, booking(caseId, counsellor.user.id, nextDay(), '09:00', '09:30', { planActionId: actionId }));
    const read = (await t.http.get(`/api/appointments/${a.id}`).set(counsellor.auth).expect(200)).body;
    expect(read.planActionId).toBe(actionId);
    expect(read.planActionDescription).toBe('Interview at the training centre');
    const [created] = await auditRows(t, { action: 'appointments.create', entityId: a.id });
    expect(created.changes).toMatchObject({ planActionId: actionId });

    const unlinked = await t.http
      .patch(`/api/appointments/${a.id}`)
      .set(counsellor.auth)
      .send({ version: read.version, planActionId: null })
      .expect(200);
    expect(unlinked.body.planActionId).toBeNull();
    expect(unlinked.body.planActionDescription).toBeNull();
  });

  it('refuses an action of another case’s plan, naming planActionId, and writes nothing', async () => {
    const mine = await caseWithPlan();
    const theirs = await caseWithPlan();
    const day = nextDay();
    const res = await t.http
      .post('/api/appointments')
      .set(counsellor.auth)
      .send(booking(mine.caseId, counsellor.user.id, day, '10:00', '10:30', { planActionId: theirs.actionId }));
    expectFieldError(res, 'planActionId', 'currentPlanOfCase');
    const { rows } = await t.sql.query(`SELECT count(*)::int AS n FROM appointments WHERE case_id = $1`, [mine.caseId]);
    expect(rows[0].n).toBe(0);
    const bad = await t.http
      .post('/api/appointments')
      .set(counsellor.auth)
      .send(booking(mine.caseId, counsellor.user.id, day, '10:00', '10:30', { planActionId: 'not-a-uuid' }));
    expectFieldError(bad, 'planActionId', 'isUuid');
  });

  it('removing the action from the draft plan unlinks its appointment', async () => {
    const { caseId, plan, actionId } = await caseWithPlan();
    const a = await book(t, counsellor, booking(caseId, counsellor.user.id, nextDay(), '11:00', '11:30', { planActionId: actionId }));
    await t.http.delete(`/api/intervention-plans/${plan.id}/actions/${actionId}?version=${plan.version}`).set(counsellor.auth).expect(200);
    expect((await t.http.get(`/api/appointments/${a.id}`).set(counsellor.auth).expect(200)).body.planActionId).toBeNull();
  });
});
