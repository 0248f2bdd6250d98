import { PlanReviewsService } from '../src/modules/intervention-plans/plan-reviews.service.js';
import { createTestApp, DEMO, login, type Session, type TestApp } from './helpers.js';
import { folded, pdfText } from './pdf-text.js';
import { auditRows, expectError, expectFieldError } from './support.js';

let seq = 0;
function person(extra: Record<string, unknown> = {}) {
  seq += 1;
  return {
    givenName: `Planner${seq}`,
    familyName: `Goalsetter${String.fromCharCode(65 + (seq % 26))}${String.fromCharCode(65 + Math.floor(seq / 26))}`,
    // A birth date of its own: the same date with a similar name would be a possible duplicate.
    dateOfBirth: new Date(Date.UTC(1976, 0, 1) + seq * 11 * 86_400_000).toISOString().slice(0, 10),
    digitalSkills: 'good',
    educationLevel: 4,
    ...extra,
  };
}

const q = (o: unknown) => encodeURIComponent(JSON.stringify(o));
const FAKE_ID = '3b241101-e2bb-4255-8caf-4136c566a962';

type Plan = {
  id: string;
  caseId: string;
  status: string;
  version: number;
  goals: Array<{ id: string; outcome: string | null; actions: Array<{ id: string; status: string }> }>;
  [k: string]: unknown;
};

describe('intervention plans', () => {
  let t: TestApp;
  let desk: Session;
  let sup: Session;
  let counsellor: Session;
  let specialist: Session;
  let otherSup: Session;
  let manager: Session;
  let admin: Session;
  let today: string;

  async function registerAndAssign(assignee: Session, extra: Record<string, unknown> = {}): Promise<string> {
    const reg = (await t.http.post('/api/jobseekers').set(desk.auth).send(person(extra)).expect(201)).body;
    const c = (await t.http.get(`/api/cases/${reg.case.id}`).set(sup.auth).expect(200)).body;
    const decision =
      assignee.user.role === 'specialist'
        ? { kind: 'override', track: 'targeted', reasonCode: 'additional_barriers_known' }
        : { kind: 'confirm' };
    await t.http
      .post(`/api/cases/${c.id}/assign`)
      .set(sup.auth)
      .send({ assigneeId: assignee.user.id, version: c.version, decision })
      .expect(200);
    return c.id;
  }

  const post = (s: Session, path: string, body: Record<string, unknown> = {}) =>
    t.http.post(`/api/intervention-plans${path}`).set(s.auth).send(body);
  const patch = (s: Session, path: string, body: Record<string, unknown>) =>
    t.http.patch(`/api/intervention-plans${path}`).set(s.auth).send(body);
  const get = (s: Session, path = '') => t.http.get(`/api/intervention-plans${path}`).set(s.auth);
  const del = (s: Session, path: string) => t.http.delete(`/api/intervention-plans${path}`).set(s.auth);

  async function draft(caseId: string, s: Session = counsellor): Promise<Plan> {
    return (await post(s, '', { caseId }).expect(201)).body;
  }
  async function addGoal(p: Plan, description = 'Find work as a warehouse operative', s: Session = counsellor): Promise<Plan> {
    return (await post(s, `/${p.id}/goals`, { version: p.version, description, targetDate: '2027-06-30' }).expect(201)).body;
  }
  async function addAction(p: Plan, goalId: string, extra: Record<string, unknown> = {}, s: Session = counsellor): Promise<Plan> {
    const body = {
      version: p.version,
      type: 'job_search_support',
      description: 'Apply for three vacancies a week',
      owner: 'jobseeker',
      ...extra,
    };
    return (await post(s, `/${p.id}/goals/${goalId}/actions`, body).expect(201)).body;
  }
  /** A plan with one goal holding one action, still a draft. */
  async function ready(caseId?: string, s: Session = counsellor): Promise<Plan> {
    let p = await draft(caseId ?? (await registerAndAssign(s)), s);
    p = await addGoal(p, undefined, s);
    return addAction(p, p.goals[0].id, {}, s);
  }
  const step = async (s: Session, p: Plan, name: string, body: Record<string, unknown> = {}, status = 200) =>
    (await post(s, `/${p.id}/${name}`, { version: p.version, ...body }).expect(status)).body as Plan;
  async function agreed(caseId?: string, s: Session = counsellor): Promise<Plan> {
    let p = await ready(caseId, s);
    p = await step(s, p, 'submit');
    p = await step(sup, p, 'approve');
    return step(s, p, 'agree', { agreedOn: today, method: 'signed_paper', nextReviewDate: '2027-03-01' });
  }
  const itemsOf = async (planId: string) =>
    (
      await t.sql.query(
        `SELECT kind, status, assignee_id, completed_by FROM work_items WHERE data->>'planId' = $1 ORDER BY created_at, kind`,
        [planId],
      )
    ).rows;

  beforeAll(async () => {
    t = await createTestApp();
    desk = await login(t, DEMO.frontDesk);
    sup = await login(t, DEMO.supervisor);
    counsellor = await login(t, DEMO.counsellor);
    specialist = await login(t, DEMO.specialist);
    manager = await login(t, DEMO.manager);
    admin = await login(t, DEMO.admin);
    // counsellor2 works in the other office: make them that office's supervisor.
    await t.sql.query(`UPDATE users SET role = 'supervisor' WHERE email = $1`, [DEMO.counsellor2]);
    otherSup = await login(t, DEMO.counsellor2);
    today = (await t.sql.query(`SELECT (now() AT TIME ZONE 'Europe/Paris')::date::text AS d`)).rows[0].d;
  });
  afterAll(() => t.close());

  it('runs the whole lifecycle: draft, goals and actions, submit, approve, agree, outcomes, complete', async () => {
    const caseId = await registerAndAssign(counsellor);
    let p = await draft(caseId);
    expect(p).toMatchObject({
      caseId,
      status: 'draft',
      version: 1,
      createdBy: counsellor.user.id,
      createdByName: 'Camille Counsel',
      goals: [],
    });
    expect(p.caseReference).toMatch(/^C-\d{4}-\d{6}$/);
    p = await addGoal(p, 'Find work as a warehouse operative');
    p = await addGoal(p, 'Get a forklift licence');
    expect(p.version).toBe(3);
    p = await addAction(p, p.goals[0].id, {
      type: 'counselling',
      description: 'Update the CV together',
      owner: 'staff',
      ownerUserId: counsellor.user.id,
      dueDate: '2027-01-15',
    });
    p = await addAction(p, p.goals[1].id, { type: 'training', description: 'Forklift course', provider: 'City Training Centre' });
    expect(p.goals.map((g) => g.actions.length)).toEqual([1, 1]);
    expect(p.goals[0].actions[0]).toMatchObject({
      owner: 'staff',
      ownerUserId: counsellor.user.id,
      ownerName: 'Camille Counsel',
      status: 'planned',
      dueDate: '2027-01-15',
    });

    p = await step(counsellor, p, 'submit');
    expect(p).toMatchObject({ status: 'submitted', submittedBy: counsellor.user.id });
    expect(await itemsOf(p.id)).toEqual([{ kind: 'approve_plan', status: 'open', assignee_id: sup.user.id, completed_by: null }]);
    // The supervisor's approvals list and inbox.
    const approvals = await get(sup, `?filter=${q({ status: 'submitted' })}`).expect(200);
    expect(approvals.body.map((x: Plan) => x.id)).toContain(p.id);
    expect(approvals.body[0]).not.toHaveProperty('goals');
    const inbox = await t.http
      .get(`/api/work-items?filter=${q({ assigneeId: sup.user.id, kind: 'approve_plan', status: 'open' })}`)
      .set(sup.auth)
      .expect(200);
    expect(inbox.body.map((w: { caseId: string }) => w.caseId)).toContain(caseId);

    p = await step(sup, p, 'approve', { comment: 'Realistic dates.' });
    expect(p).toMatchObject({ status: 'approved', approvedBy: sup.user.id, approvalComment: 'Realistic dates.' });
    expect(await itemsOf(p.id)).toEqual([
      { kind: 'approve_plan', status: 'done', assignee_id: sup.user.id, completed_by: sup.user.id },
      { kind: 'agree_plan', status: 'open', assignee_id: counsellor.user.id, completed_by: null },
    ]);

    p = await step(counsellor, p, 'agree', { agreedOn: today, method: 'verbal_in_person', nextReviewDate: '2027-03-01' });
    expect(p).toMatchObject({
      status: 'agreed',
      agreedOn: today,
      agreementMethod: 'verbal_in_person',
      nextReviewDate: '2027-03-01',
      agreementRecordedBy: counsellor.user.id,
    });
    expect((await itemsOf(p.id)).map((w) => `${w.kind} ${w.status}`)).toEqual(['approve_plan done', 'agree_plan done']);

    // Completing needs an outcome for every goal: the goals without one are listed.
    const refused = await post(counsellor, `/${p.id}/complete`, { version: p.version });
    expectError(refused, 409, 'GOALS_WITHOUT_OUTCOME');
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['goals[0].outcome', 'goals[1].outcome']);
    p = (
      await patch(counsellor, `/${p.id}/goals/${p.goals[0].id}`, {
        version: p.version,
        outcome: 'achieved',
        outcomeNote: 'Hired on a permanent contract',
      }).expect(200)
    ).body;
    p = (
      await patch(counsellor, `/${p.id}/actions/${p.goals[0].actions[0].id}`, {
        version: p.version,
        status: 'done',
        outcome: 'CV sent to 12 employers',
      }).expect(200)
    ).body;
    const still = await post(counsellor, `/${p.id}/complete`, { version: p.version });
    expectError(still, 409, 'GOALS_WITHOUT_OUTCOME');
    expect(still.body.errors).toEqual([{ field: 'goals[1].outcome', rule: 'required', message: `goal ${p.goals[1].id} has no outcome` }]);
    p = (await patch(counsellor, `/${p.id}/goals/${p.goals[1].id}`, { version: p.version, outcome: 'no_longer_relevant' }).expect(200))
      .body;
    p = await step(counsellor, p, 'complete');
    expect(p).toMatchObject({ status: 'completed', completedBy: counsellor.user.id });
    expect(p.goals.map((g) => g.outcome)).toEqual(['achieved', 'no_longer_relevant']);

    // The history lists every step, who (and in which role) and when.
    const history = (await get(counsellor, `/${p.id}/history`).expect(200)).body as Array<{
      kind: string;
      actorRole: string;
      actorId: string;
      at: string;
    }>;
    expect(history.map((e) => e.kind)).toEqual([
      'created',
      'goal_added',
      'goal_added',
      'action_added',
      'action_added',
      'submitted',
      'approved',
      'agreed',
      'goal_updated',
      'action_updated',
      'goal_updated',
      'completed',
    ]);
    expect(history.find((e) => e.kind === 'approved')).toMatchObject({
      actorId: sup.user.id,
      actorRole: 'supervisor',
      actorName: 'Sofia Supervisor',
    });
    expect(history.every((e) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
    // The supervisor reads it too; every step is audited, without the free text.
    await get(sup, `/${p.id}/history`).expect(200);
    const audit = await auditRows(t, { entityId: p.id });
    expect(audit.map((a) => a.action)).toEqual(history.map((e) => `intervention_plans.${e.kind}`));
    expect(JSON.stringify(audit.map((a) => a.changes))).not.toContain('warehouse');
    expect(audit.find((a) => a.action === 'intervention_plans.approved')).toMatchObject({
      actor_id: sup.user.id,
      actor_role: 'supervisor',
    });

    // The jobseeker's copy of a completed plan shows the outcomes; a completed plan is no longer
    // current, so the case can have a new one.
    const copy = await t.http
      .get(`/api/intervention-plans/${p.id}/document`)
      .set(counsellor.auth)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(copy.status).toBe(200);
    expect(folded(pdfText(copy.body))).toContain('Result: reached.');
    await draft(caseId);
  });

  it('refuses every step that does not follow from the status with 409 INVALID_TRANSITION', async () => {
    const bodies: Record<string, [Session, Record<string, unknown>]> = {
      submit: [counsellor, {}],
      approve: [sup, {}],
      return: [sup, { comment: 'Please add dates.' }],
      agree: [counsellor, { agreedOn: today, method: 'signed_paper', nextReviewDate: '2027-03-01' }],
      complete: [counsellor, {}],
      cancel: [counsellor, { reason: 'Moved away' }],
    };
    const refuse = async (p: Plan, steps: string[]) => {
      for (const name of steps) {
        const [s, body] = bodies[name];
        const res = await post(s, `/${p.id}/${name}`, { version: p.version, ...body });
        expect([p.status, name, res.status, res.body.code]).toEqual([p.status, name, 409, 'INVALID_TRANSITION']);
        expect(res.body.errors[0]).toMatchObject({ field: 'status', rule: 'transition' });
      }
      // Nothing changed.
      expect((await get(counsellor, `/${p.id}`).expect(200)).body).toMatchObject({ status: p.status, version: p.version });
    };
    let p = await ready();
    await refuse(p, ['approve', 'return', 'agree', 'complete']);
    p = await step(counsellor, p, 'submit');
    await refuse(p, ['submit', 'agree', 'complete']);
    p = await step(sup, p, 'approve');
    await refuse(p, ['submit', 'approve', 'return', 'complete']);
    p = await step(counsellor, p, 'agree', bodies.agree[1]);
    await refuse(p, ['submit', 'approve', 'return', 'agree']);
    const goal = p.goals[0];
    p = (await patch(counsellor, `/${p.id}/goals/${goal.id}`, { version: p.version, outcome: 'achieved' }).expect(200)).body;
    p = await step(counsellor, p, 'complete');
    await refuse(p, ['submit', 'approve', 'return', 'agree', 'complete', 'cancel']);
    let c = await ready();
    c = await step(counsellor, c, 'cancel', { reason: 'The jobseeker moved away' });
    expect(c).toMatchObject({ status: 'cancelled', cancelReason: 'The jobseeker moved away', cancelledBy: counsellor.user.id });
    await refuse(c, ['submit', 'approve', 'return', 'agree', 'complete', 'cancel']);
  });

  it('submits only a plan with goals that each have an action (409 PLAN_INCOMPLETE)', async () => {
    let p = await draft(await registerAndAssign(counsellor));
    const empty = await post(counsellor, `/${p.id}/submit`, { version: p.version });
    expectFieldError(empty, 'goals', 'required', 409, 'PLAN_INCOMPLETE');
    p = await addGoal(p);
    p = await addAction(p, p.goals[0].id);
    p = await addGoal(p, 'Second goal without an action');
    const partly = await post(counsellor, `/${p.id}/submit`, { version: p.version });
    expectFieldError(partly, 'goals[1].actions', 'required', 409, 'PLAN_INCOMPLETE');
    expect((await get(counsellor, `/${p.id}`).expect(200)).body.status).toBe('draft');
    p = await addAction(p, p.goals[1].id);
    await step(counsellor, p, 'submit');
  });

  it('returns a plan to draft only with a comment, which its author sees on the plan and in the inbox', async () => {
    let p = await step(counsellor, await ready(), 'submit');
    expectFieldError(await post(sup, `/${p.id}/return`, { version: p.version }), 'comment');
    expectFieldError(await post(sup, `/${p.id}/return`, { version: p.version, comment: '   ' }), 'comment', 'notBlank');
    p = await step(sup, p, 'return', { comment: 'Add a target date to the second goal.' });
    expect(p).toMatchObject({ status: 'draft', returnComment: 'Add a target date to the second goal.', returnedBy: sup.user.id });
    const mine = await t.http
      .get(`/api/work-items?filter=${q({ assigneeId: counsellor.user.id, kind: 'plan_returned', status: 'open' })}`)
      .set(counsellor.auth)
      .expect(200);
    expect(mine.body.map((w: { data: { planId: string } }) => w.data.planId)).toContain(p.id);
    expect((await get(counsellor, `/${p.id}`).expect(200)).body.returnComment).toBe('Add a target date to the second goal.');
    // Editable again; submitting again closes the returned item and puts the plan back in the inbox.
    p = await addGoal(p, 'Another goal');
    p = await addAction(p, p.goals[1].id);
    p = await step(counsellor, p, 'submit');
    expect((await itemsOf(p.id)).map((w) => `${w.kind} ${w.status}`)).toEqual([
      'approve_plan done',
      'plan_returned done',
      'approve_plan open',
    ]);
    const history = (await get(sup, `/${p.id}/history`).expect(200)).body;
    expect(history.find((e: { kind: string }) => e.kind === 'returned').data).toMatchObject({
      from: 'submitted',
      to: 'draft',
      comment: 'Add a target date to the second goal.',
    });
  });

  it('lets only a supervisor of the office approve or return: counsellor 403, other office 404', async () => {
    const p = await step(counsellor, await ready(), 'submit');
    for (const s of [counsellor, specialist, desk, manager, admin]) {
      expectError(await post(s, `/${p.id}/approve`, { version: p.version }), 403, 'FORBIDDEN');
      expectError(await post(s, `/${p.id}/return`, { version: p.version, comment: 'No' }), 403, 'FORBIDDEN');
    }
    expectError(await post(otherSup, `/${p.id}/approve`, { version: p.version }), 404, 'NOT_FOUND');
    expectError(await post(otherSup, `/${p.id}/return`, { version: p.version, comment: 'No' }), 404, 'NOT_FOUND');
    // A supervisor reads and approves but does not edit or draft.
    expectError(await post(sup, `/${p.id}/goals`, { version: p.version, description: 'Supervisor goal' }), 403, 'FORBIDDEN');
    expectError(await post(sup, '', { caseId: p.caseId }), 403, 'FORBIDDEN');
    expectError(await post(sup, `/${p.id}/cancel`, { version: p.version, reason: 'x' }), 403, 'FORBIDDEN');
    expect((await get(counsellor, `/${p.id}`).expect(200)).body.status).toBe('submitted');
    await step(sup, p, 'approve');
  });

  it('keeps plans to the case team: another case worker or office gets 404, other roles 403', async () => {
    const p = await ready();
    for (const s of [specialist, otherSup]) {
      expectError(await get(s, `/${p.id}`), 404, 'NOT_FOUND');
      expectError(await get(s, `/${p.id}/history`), 404, 'NOT_FOUND');
      expect((await get(s, `?filter=${q({ caseId: p.caseId })}`).expect(200)).body).toEqual([]);
    }
    expectError(await post(specialist, `/${p.id}/goals`, { version: p.version, description: 'Not mine' }), 404, 'NOT_FOUND');
    expectError(await post(specialist, '', { caseId: p.caseId }), 404, 'NOT_FOUND');
    for (const s of [desk, manager, admin]) {
      expectError(await get(s, `/${p.id}`), 403, 'FORBIDDEN');
      expectError(await get(s), 403, 'FORBIDDEN');
      expectError(await post(s, '', { caseId: p.caseId }), 403, 'FORBIDDEN');
    }
    // The office supervisor reads it; a plan of a specialist's case is the specialist's.
    await get(sup, `/${p.id}`).expect(200);
    const theirs = await ready(undefined, specialist);
    expectError(await get(counsellor, `/${theirs.id}`), 404, 'NOT_FOUND');
    await get(specialist, `/${theirs.id}`).expect(200);
    expectError(await get(counsellor, `/${FAKE_ID}`), 404, 'NOT_FOUND');
    expectFieldError(await get(counsellor, '/not-a-uuid'), 'id', 'isUuid');
    expectFieldError(await patch(counsellor, `/${p.id}/goals/nope`, { version: p.version, description: 'x' }), 'goalId', 'isUuid');
    expectError(await patch(counsellor, `/${p.id}/goals/${FAKE_ID}`, { version: p.version, description: 'x' }), 404, 'NOT_FOUND');
  });

  it('keeps one current plan per case (409 ALREADY_EXISTS, even when two drafts race) and none on a closed case', async () => {
    const caseId = await registerAndAssign(counsellor);
    const results = await Promise.all([1, 2, 3].map(() => post(counsellor, '', { caseId })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const refused = results.find((r) => r.status === 409)!;
    expectFieldError(refused, 'caseId', 'oneCurrentPlan', 409, 'ALREADY_EXISTS');
    const first = results.find((r) => r.status === 201)!.body as Plan;
    await step(counsellor, first, 'cancel', { reason: 'Started again' });
    const second = await draft(caseId);
    expect(second.id).not.toBe(first.id);
    const list = await get(counsellor, `?filter=${q({ caseId })}`).expect(200);
    expect(list.headers['content-range']).toBe('intervention-plans 0-1/2');

    const closed = await registerAndAssign(counsellor);
    const c = (await t.http.get(`/api/cases/${closed}`).set(counsellor.auth).expect(200)).body;
    await t.http
      .patch(`/api/cases/${closed}`)
      .set(counsellor.auth)
      .send({ status: 'closed', closeReason: 'employed', version: c.version })
      .expect(200);
    expectFieldError(await post(counsellor, '', { caseId: closed }), 'caseId', 'caseOpen', 409, 'CONFLICT');
    expectError(await post(counsellor, '', { caseId: FAKE_ID }), 404, 'NOT_FOUND');
  });

  it('changes goals and actions only in draft, and once agreed only outcomes and action status (409 PLAN_NOT_EDITABLE)', async () => {
    let p = await step(counsellor, await ready(), 'submit');
    const goal = p.goals[0];
    const action = goal.actions[0];
    const refusals = [
      await post(counsellor, `/${p.id}/goals`, { version: p.version, description: 'Late goal' }),
      await patch(counsellor, `/${p.id}/goals/${goal.id}`, { version: p.version, description: 'Changed' }),
      await patch(counsellor, `/${p.id}/goals/${goal.id}`, { version: p.version, outcome: 'achieved' }),
      await del(counsellor, `/${p.id}/goals/${goal.id}?version=${p.version}`),
      await post(counsellor, `/${p.id}/goals/${goal.id}/actions`, {
        version: p.version,
        type: 'other',
        description: 'Late',
        owner: 'jobseeker',
      }),
      await patch(counsellor, `/${p.id}/actions/${action.id}`, { version: p.version, status: 'done' }),
      await del(counsellor, `/${p.id}/actions/${action.id}?version=${p.version}`),
      await patch(counsellor, `/${p.id}`, { version: p.version, nextReviewDate: '2027-05-01' }),
    ];
    for (const res of refusals) expectError(res, 409, 'PLAN_NOT_EDITABLE');
    p = await step(sup, p, 'approve');
    expectError(await patch(counsellor, `/${p.id}/actions/${action.id}`, { version: p.version, status: 'done' }), 409, 'PLAN_NOT_EDITABLE');
    p = await step(counsellor, p, 'agree', { agreedOn: today, method: 'digital', nextReviewDate: '2027-03-01' });
    expectFieldError(
      await patch(counsellor, `/${p.id}/goals/${goal.id}`, { version: p.version, outcome: 'achieved', description: 'Rewritten' }),
      'description',
      'editableInStatus',
      409,
      'PLAN_NOT_EDITABLE',
    );
    expectFieldError(
      await patch(counsellor, `/${p.id}/actions/${action.id}`, { version: p.version, dueDate: '2027-02-01' }),
      'dueDate',
      'editableInStatus',
      409,
      'PLAN_NOT_EDITABLE',
    );
    expectError(await post(counsellor, `/${p.id}/goals`, { version: p.version, description: 'Late goal' }), 409, 'PLAN_NOT_EDITABLE');
    expectError(await del(counsellor, `/${p.id}/goals/${goal.id}?version=${p.version}`), 409, 'PLAN_NOT_EDITABLE');
    // Outcomes and action status do change, and so does the review date.
    p = (await patch(counsellor, `/${p.id}/actions/${action.id}`, { version: p.version, status: 'in_progress' }).expect(200)).body;
    p = (
      await patch(counsellor, `/${p.id}/goals/${goal.id}`, {
        version: p.version,
        outcome: 'partly_achieved',
        outcomeNote: 'Two interviews',
      }).expect(200)
    ).body;
    p = (await patch(counsellor, `/${p.id}`, { version: p.version, nextReviewDate: '2027-04-01' }).expect(200)).body;
    expect(p).toMatchObject({ nextReviewDate: '2027-04-01' });
    expect(p.goals[0]).toMatchObject({
      outcome: 'partly_achieved',
      outcomeNote: 'Two interviews',
      actions: [expect.objectContaining({ status: 'in_progress' })],
    });
    expectFieldError(await patch(counsellor, `/${p.id}`, { version: p.version, nextReviewDate: null }), 'nextReviewDate', 'required');
  });

  it('edits and removes goals and actions in draft, each change bumping the version; a stale version is 409 STALE_VERSION and changes nothing', async () => {
    let p = await ready();
    const v = p.version;
    const goal = p.goals[0];
    p = (
      await patch(counsellor, `/${p.id}/goals/${goal.id}`, {
        version: p.version,
        description: 'Work in logistics',
        targetDate: null,
      }).expect(200)
    ).body;
    expect(p.version).toBe(v + 1);
    expect(p.goals[0]).toMatchObject({ description: 'Work in logistics', targetDate: null });
    // The same values again change nothing and keep the version.
    p = (await patch(counsellor, `/${p.id}/goals/${goal.id}`, { version: p.version, description: 'Work in logistics' }).expect(200)).body;
    expect(p.version).toBe(v + 1);
    for (const res of [
      await patch(counsellor, `/${p.id}`, { version: v, nextReviewDate: '2027-05-01' }),
      await post(counsellor, `/${p.id}/goals`, { version: v, description: 'Stale goal' }),
      await patch(counsellor, `/${p.id}/goals/${goal.id}`, { version: v, description: 'Stale' }),
      await del(counsellor, `/${p.id}/goals/${goal.id}?version=${v}`),
      await patch(counsellor, `/${p.id}/actions/${goal.actions[0].id}`, { version: v, description: 'Stale' }),
      await post(counsellor, `/${p.id}/submit`, { version: v }),
    ])
      expectFieldError(res, 'version', 'current', 409, 'STALE_VERSION');
    expect((await get(counsellor, `/${p.id}`).expect(200)).body).toMatchObject({ version: v + 1, status: 'draft', nextReviewDate: null });
    // An action moves to staff ownership and back; then goes, then its goal.
    const actionId = p.goals[0].actions[0].id;
    expectFieldError(
      await patch(counsellor, `/${p.id}/actions/${actionId}`, { version: p.version, owner: 'staff' }),
      'ownerUserId',
      'required',
    );
    expectFieldError(
      await patch(counsellor, `/${p.id}/actions/${actionId}`, { version: p.version, owner: 'staff', ownerUserId: otherSup.user.id }),
      'ownerUserId',
      'sameOffice',
    );
    p = (
      await patch(counsellor, `/${p.id}/actions/${actionId}`, { version: p.version, owner: 'staff', ownerUserId: desk.user.id }).expect(200)
    ).body;
    expect(p.goals[0].actions[0]).toMatchObject({ owner: 'staff', ownerUserId: desk.user.id, ownerName: 'Farida Front' });
    p = (await patch(counsellor, `/${p.id}/actions/${actionId}`, { version: p.version, owner: 'jobseeker' }).expect(200)).body;
    expect(p.goals[0].actions[0]).toMatchObject({ owner: 'jobseeker', ownerUserId: null, ownerName: null });
    p = (await del(counsellor, `/${p.id}/actions/${actionId}?version=${p.version}`).expect(200)).body;
    expect(p.goals[0].actions).toEqual([]);
    p = (await del(counsellor, `/${p.id}/goals/${goal.id}?version=${p.version}`).expect(200)).body;
    expect(p.goals).toEqual([]);
    expectFieldError(await del(counsellor, `/${p.id}/goals/${goal.id}`), 'version');
    expectFieldError(await del(counsellor, `/${p.id}/goals/${goal.id}?version=abc`), 'version', 'isInt');
    const kinds = (
      await get(counsellor, `/${p.id}/history?filter=${q({ kind: ['goal_removed', 'action_removed'] })}`).expect(200)
    ).body.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['action_removed', 'goal_removed']);
  });

  it('validates what is sent: field errors naming the field and rule, never a 500', async () => {
    const p = await draft(await registerAndAssign(counsellor));
    const goal = (await addGoal(p)).goals[0];
    const v = p.version + 1;
    expectFieldError(await post(counsellor, '', { caseId: 'C-2026-000001' }), 'caseId', 'isUuid');
    expectFieldError(await post(counsellor, '', { caseId: p.caseId, status: 'approved' }), 'status', 'unknown');
    expectFieldError(await post(counsellor, `/${p.id}/goals`, { version: v, description: '' }), 'description');
    expectFieldError(await post(counsellor, `/${p.id}/goals`, { version: v, description: 'x'.repeat(2001) }), 'description', 'maxLength');
    expectFieldError(await post(counsellor, `/${p.id}/goals`, { version: v, description: 'ok', targetDate: '2027-02-30' }), 'targetDate');
    expectFieldError(await post(counsellor, `/${p.id}/goals`, { description: 'ok' }), 'version', 'isInt');
    expectFieldError(await patch(counsellor, `/${p.id}/goals/${goal.id}`, { version: v }), 'body', 'required');
    expectFieldError(await patch(counsellor, `/${p.id}/goals/${goal.id}`, { version: v, outcome: 'great' }), 'outcome', 'isIn');
    const action = (body: Record<string, unknown>) =>
      post(counsellor, `/${p.id}/goals/${goal.id}/actions`, {
        version: v,
        type: 'training',
        description: 'Course',
        owner: 'jobseeker',
        ...body,
      });
    expectFieldError(await action({ type: 'holiday' }), 'type', 'isIn');
    expectFieldError(await action({ owner: 'partner' }), 'owner', 'isIn');
    expectFieldError(await action({ ownerUserId: counsellor.user.id }), 'ownerUserId', 'onlyForStaff');
    expectFieldError(await action({ owner: 'staff' }), 'ownerUserId', 'required');
    expectFieldError(await action({ status: 'finished' }), 'status', 'isIn');
    expectFieldError(await action({ dueDate: '15/01/2027' }), 'dueDate');
    expectFieldError(await patch(counsellor, `/${p.id}`, { version: v, nextReviewDate: '2020-01-01' }), 'nextReviewDate', 'notInPast');
    expectFieldError(await patch(counsellor, `/${p.id}`, { version: v }), 'nextReviewDate', 'required');
    expectFieldError(await get(counsellor, `?filter=${q({ assignedTo: counsellor.user.id })}`), 'filter.assignedTo', 'allowed');
    expectFieldError(await get(counsellor, `?filter=${q({ status: 'late' })}`), 'filter.status', 'isIn');
    expectFieldError(await get(counsellor, `?sort=${q(['description', 'ASC'])}`), 'sort', 'allowed');
    for (const junk of [null, -1, true, ['a'], { $gt: '' }, 'nul\u0000byte', "' OR 1=1 --", '\ud800', 'x'.repeat(5000)]) {
      for (const field of ['description', 'targetDate', 'version']) {
        const res = await post(counsellor, `/${p.id}/goals`, { version: v, description: 'Junk probe', [field]: junk });
        expect([field, junk, res.status < 500]).toEqual([field, junk, true]);
        if (res.status >= 400) expectError(res, res.status);
      }
    }
  });

  it('records the agreement between the approval and today, with how it was given and a review date', async () => {
    let p = await step(sup, await step(counsellor, await ready(), 'submit'), 'approve');
    const agree = (body: Record<string, unknown>) =>
      post(counsellor, `/${p.id}/agree`, {
        version: p.version,
        agreedOn: today,
        method: 'verbal_phone',
        nextReviewDate: '2027-03-01',
        ...body,
      });
    const tomorrow = (await t.sql.query(`SELECT ($1::date + 1)::text AS d`, [today])).rows[0].d;
    const lastWeek = (await t.sql.query(`SELECT ($1::date - 7)::text AS d`, [today])).rows[0].d;
    expectFieldError(await agree({ agreedOn: tomorrow }), 'agreedOn', 'notInFuture');
    expectFieldError(await agree({ agreedOn: lastWeek }), 'agreedOn', 'notBeforeApproval');
    expectFieldError(await agree({ method: 'telepathy' }), 'method', 'isIn');
    expectFieldError(await agree({ agreedOn: undefined }), 'agreedOn');
    expectFieldError(await agree({ nextReviewDate: undefined }), 'nextReviewDate', 'required');
    expectFieldError(await agree({ nextReviewDate: lastWeek }), 'nextReviewDate', 'notInPast');
    expect((await get(counsellor, `/${p.id}`).expect(200)).body.status).toBe('approved');
    p = (await agree({}).expect(200)).body;
    expect(p).toMatchObject({ status: 'agreed', agreedOn: today, agreementMethod: 'verbal_phone' });
  });

  it('makes exactly one review item when an agreed plan’s review date comes due, for the assigned case worker', async () => {
    const reviews = t.app.get(PlanReviewsService);
    const p = await agreed();
    const notDue = await agreed();
    const closedCase = await agreed();
    // Behind the API's back: the review dates come due (today), one case is closed.
    await t.sql.query(`UPDATE intervention_plans SET next_review_date = $2 WHERE id = ANY($1::uuid[])`, [[p.id, closedCase.id], today]);
    await t.sql.query(`UPDATE cases SET status = 'closed', closed_at = now(), close_reason = 'moved' WHERE id = $1`, [closedCase.caseId]);
    const mine = () => itemsOf(p.id).then((rows) => rows.filter((w) => w.kind === 'review_plan'));
    await Promise.all([reviews.createDueReviews(), reviews.createDueReviews()]);
    await reviews.createDueReviews();
    expect(await mine()).toEqual([{ kind: 'review_plan', status: 'open', assignee_id: counsellor.user.id, completed_by: null }]);
    expect((await itemsOf(notDue.id)).filter((w) => w.kind === 'review_plan')).toEqual([]);
    expect((await itemsOf(closedCase.id)).filter((w) => w.kind === 'review_plan')).toEqual([]);
    const history = (await get(counsellor, `/${p.id}/history?filter=${q({ kind: 'review_due' })}`).expect(200)).body;
    expect(history).toEqual([
      expect.objectContaining({ kind: 'review_due', actorId: null, data: expect.objectContaining({ reviewDate: today }) }),
    ]);
    // Done with the item, the same review date makes no second one; the next review date set after it does, when due.
    const [item] = (await t.sql.query(`SELECT id, version FROM work_items WHERE kind = 'review_plan' AND data->>'planId' = $1`, [p.id]))
      .rows;
    await t.http.post(`/api/work-items/${item.id}/complete`).set(counsellor.auth).send({ version: item.version }).expect(200);
    expect(await reviews.createDueReviews()).toBe(0);
    const now = (await get(counsellor, `/${p.id}`).expect(200)).body;
    // The same date again is no change (same version); a new one is.
    expect((await patch(counsellor, `/${p.id}`, { version: now.version, nextReviewDate: today }).expect(200)).body.version).toBe(
      now.version,
    );
    expect(await reviews.createDueReviews()).toBe(0);
    const later = (await t.sql.query(`SELECT ($1::date + 3)::text AS d`, [today])).rows[0].d;
    await patch(counsellor, `/${p.id}`, { version: now.version, nextReviewDate: later }).expect(200);
    expect(await reviews.createDueReviews()).toBe(1);
    expect((await mine()).map((w) => w.status)).toEqual(['done', 'open']);
  });

  describe('the jobseeker’s copy (PDF)', () => {
    const pdfOf = async (s: Session, id: string) => {
      const res = await t.http
        .get(`/api/intervention-plans/${id}/document`)
        .set(s.auth)
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        });
      return res;
    };
    async function planFor(language: string, goals: Array<[string, string]>): Promise<{ plan: Plan; reference: string }> {
      const caseId = await registerAndAssign(counsellor, {
        preferredLanguage: language,
        givenName: 'Élodie',
        familyName: `Núñez${language}`,
      });
      let p = await draft(caseId);
      for (const [goal, action] of goals) {
        p = (await post(counsellor, `/${p.id}/goals`, { version: p.version, description: goal, targetDate: '2027-03-12' }).expect(201))
          .body;
        const g = p.goals[p.goals.length - 1];
        p = await addAction(p, g.id, { type: 'training', description: action, provider: 'Centre de formation', dueDate: '2027-01-15' });
      }
      p = await step(counsellor, p, 'submit');
      p = await step(sup, p, 'approve');
      p = await step(counsellor, p, 'agree', { agreedOn: today, method: 'signed_paper', nextReviewDate: '2027-04-02' });
      return { plan: p, reference: p.caseReference as string };
    }

    it('is a PDF in the jobseeker’s language with the goals, actions and dates, sent as a download that is never cached, and audited', async () => {
      const { plan, reference } = await planFor('fr', [
        ['Trouver un emploi de préparatrice de commandes', 'Se présenter à trois entreprises de logistique'],
        ['Obtenir le permis cariste', 'Suivre la formation CACES à l’été'],
      ]);
      const res = await pdfOf(counsellor, plan.id);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="plan-${reference}.pdf"`);
      expect(res.headers['content-disposition']).not.toContain('Núñez');
      expect(res.headers['cache-control']).toBe('no-store');
      const pdf = res.body as Buffer;
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.subarray(-8).toString()).toContain('%%EOF');
      const text = folded(pdfText(pdf));
      for (const s of [
        'Votre plan d’action',
        'Élodie Núñezfr',
        reference,
        'Northside Job Centre',
        'Camille Counsel',
        'Objectif 1 : Trouver un emploi de préparatrice de commandes',
        'Objectif 2 : Obtenir le permis cariste',
        'Suivre la formation CACES à l’été',
        'À atteindre d’ici le 12 mars 2027',
        'Pour quand : 15 janvier 2027',
        'Formation : Se présenter à trois entreprises de logistique',
        'Vous l’avez signé sur papier.',
        '2 avril 2027',
        'Si vous ne pouvez pas venir',
      ])
        expect([s, text.includes(folded(s))]).toEqual([s, true]);
      expect(text).not.toContain('Your action plan');
      const [audit] = await auditRows(t, { action: 'intervention_plans.document', entityId: plan.id });
      expect(audit).toMatchObject({ actor_id: counsellor.user.id, entity: 'intervention_plans' });
      expect(audit.changes).toMatchObject({ caseId: plan.caseId, language: 'fr', status: 'agreed' });
      // The supervisor may print it too; others may not see it.
      expect((await pdfOf(sup, plan.id)).status).toBe(200);
      expectError(await t.http.get(`/api/intervention-plans/${plan.id}/document`).set(specialist.auth), 404, 'NOT_FOUND');
      expectError(await t.http.get(`/api/intervention-plans/${plan.id}/document`).set(desk.auth), 403, 'FORBIDDEN');
    });

    it('speaks Spanish and English, and falls back to the office’s language', async () => {
      const es = await planFor('es', [['Mejorar mi español para el trabajo', 'Curso de idioma tres tardes por semana']]);
      const esText = folded(pdfText((await pdfOf(counsellor, es.plan.id)).body));
      for (const s of [
        'Su plan de acción',
        'Objetivo 1: Mejorar mi español para el trabajo',
        'Formación: Curso de idioma tres tardes por semana',
        '12 de marzo de 2027',
        'Lo firmó en papel.',
        'Si no puede acudir',
      ])
        expect([s, esText.includes(s)]).toEqual([s, true]);
      const de = await planFor('de', [['Find a job in a bakery', 'Visit three bakeries']]);
      const deText = folded(pdfText((await pdfOf(counsellor, de.plan.id)).body));
      for (const s of [
        'Your action plan',
        'Goal 1: Find a job in a bakery',
        'Training: Visit three bakeries',
        'Aim to reach this by 12 March 2027',
        'You signed it on paper.',
        'If you cannot attend',
      ])
        expect([s, deText.includes(s)]).toEqual([s, true]);
    });

    it('exists only once the plan is agreed (409 PLAN_NOT_AGREED)', async () => {
      const p = await ready();
      expectError(await t.http.get(`/api/intervention-plans/${p.id}/document`).set(counsellor.auth), 409, 'PLAN_NOT_AGREED');
      const s = await step(counsellor, p, 'submit');
      expectError(await t.http.get(`/api/intervention-plans/${s.id}/document`).set(counsellor.auth), 409, 'PLAN_NOT_AGREED');
      expect(await auditRows(t, { action: 'intervention_plans.document', entityId: p.id })).toEqual([]);
    });
  });

  it('shows the plan’s history on the case timeline to the case team, not to front desk', async () => {
    const p = await agreed();
    const entries = (
      await t.http
        .get(`/api/cases/${p.caseId}/timeline?filter=${q({ kind: 'plan' })}`)
        .set(counsellor.auth)
        .expect(200)
    ).body;
    expect(entries.map((e: { data: { event: string } }) => e.data.event)).toEqual([
      'agreed',
      'approved',
      'submitted',
      'action_added',
      'goal_added',
      'created',
    ]);
    expect(entries[0]).toMatchObject({ kind: 'plan', actorName: 'Camille Counsel', data: { planId: p.id, event: 'agreed' } });
    const bySup = (
      await t.http
        .get(`/api/cases/${p.caseId}/timeline?filter=${q({ kind: 'plan' })}`)
        .set(sup.auth)
        .expect(200)
    ).body;
    expect(bySup).toHaveLength(6);
    const byDesk = (await t.http.get(`/api/cases/${p.caseId}/timeline`).set(desk.auth).expect(200)).body;
    expect(byDesk.filter((e: { kind: string }) => e.kind === 'plan')).toEqual([]);
  });

  it('replays a POST sent again with the same Idempotency-Key, without a second effect', async () => {
    const p = await draft(await registerAndAssign(counsellor));
    const send = () =>
      t.http
        .post(`/api/intervention-plans/${p.id}/goals`)
        .set(counsellor.auth)
        .set('Idempotency-Key', `plan-goal-${p.id}`)
        .send({ version: p.version, description: 'Once only' });
    const first = await send().expect(201);
    const again = await send().expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await get(counsellor, `/${p.id}`).expect(200)).body.goals).toHaveLength(1);
  });

  it('documents its routes in the OpenAPI document, with the Idempotency-Key header on POSTs', async () => {
    const { body } = await t.http.get('/api/docs-json').expect(200);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/api/intervention-plans',
        '/api/intervention-plans/{id}',
        '/api/intervention-plans/{id}/goals/{goalId}',
        '/api/intervention-plans/{id}/actions/{actionId}',
        '/api/intervention-plans/{id}/document',
        '/api/intervention-plans/{id}/history',
      ]),
    );
    const submit = body.paths['/api/intervention-plans/{id}/submit'].post;
    expect(submit.parameters.some((x: { in: string; name: string }) => x.in === 'header' && x.name === 'Idempotency-Key')).toBe(true);
    expect(body.components.schemas.AgreePlanDto.properties.method.enum).toEqual([
      'signed_paper',
      'verbal_in_person',
      'verbal_phone',
      'digital',
    ]);
  });

  it('lists plans in the simple-rest dialect with caseId, status and officeId filters', async () => {
    const res = await get(
      sup,
      `?filter=${q({ officeId: sup.user.officeId, status: 'agreed' })}&sort=${q(['updatedAt', 'DESC'])}&range=${q([0, 4])}`,
    ).expect(200);
    expect(res.headers['content-range']).toMatch(/^intervention-plans 0-4\/\d+$/);
    expect(res.body).toHaveLength(5);
    for (const p of res.body) expect(p).toMatchObject({ status: 'agreed', officeId: sup.user.officeId });
    const other = await get(otherSup, `?filter=${q({ status: 'agreed' })}`).expect(200);
    expect([other.headers['content-range'], other.body]).toEqual(['intervention-plans */0', []]);
  });
});
