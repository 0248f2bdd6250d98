import { OVERRIDE_REASONS, PRIORITY_GROUPS } from '@casework/contracts';
import { DataSource } from 'typeorm';
import { populationInput } from '../src/modules/demo/demo-bulk.js';
import { DEMO_EXTRA_STAFF, DEMO_STAFF_COUNT, DEMO_USERS } from '../src/modules/demo/demo-data.js';
import { buildPopulation, DEMO_JOBSEEKERS, NEAR_DUPLICATES, type Population } from '../src/modules/demo/demo-population.js';
import { DemoSeedService, type SeedResult } from '../src/modules/demo/demo-seed.service.js';
import { nameKey } from '../src/modules/jobseekers/name-key.js';
import { isUnitGroup } from '../src/modules/occupations/isco.js';
import { profile } from '../src/modules/triage/profiling-model.js';
import { createTestApp, DEMO, login, type Session, type TestApp } from './helpers.js';

/** The ~2,000-jobseeker demo population: seeded once here, on a database with just the seven demo users. */
describe('demo population', () => {
  let t: TestApp;
  let seeded: SeedResult;
  let officeIds: [string, string];
  const now = new Date();
  const count = async (sql: string, params: unknown[] = []) =>
    (await t.sql.query(`SELECT count(*)::int AS n FROM (${sql}) q`, params)).rows[0].n as number;

  beforeAll(async () => {
    t = await createTestApp();
    officeIds = (await t.sql.query(`SELECT id FROM offices ORDER BY array_position(ARRAY['NORTHSIDE', 'RIVERSIDE'], code)`)).rows.map(
      (r) => r.id,
    ) as [string, string];
    const started = performance.now();
    seeded = await t.app.get(DemoSeedService).seed({ now });
    // eslint-disable-next-line no-console
    console.log(`demo population seeded in ${Math.round(performance.now() - started)} ms: ${JSON.stringify(seeded.counts)}`);
  }, 120_000);
  afterAll(() => t.close());

  it('is added to a database that has the seven demo users but no jobseekers (npm run db:seed), with one audit event of counts', async () => {
    expect(seeded.counts).toMatchObject({
      jobseekers: DEMO_JOBSEEKERS,
      users: DEMO_STAFF_COUNT - DEMO_USERS.length,
      nearDuplicates: NEAR_DUPLICATES,
    });
    expect(seeded.created).toBeGreaterThan(10_000);
    expect(await count(`SELECT 1 FROM users`)).toBe(DEMO_STAFF_COUNT);
    const audit = await t.sql.query(`SELECT action, changes FROM audit_events ORDER BY id`);
    // The base seed's event, then one for the population: no event per row.
    expect(audit.rows.map((r) => r.action)).toEqual(['demo.seed', 'demo.seed']);
    const changes = audit.rows[1].changes as Record<string, unknown>;
    expect(changes).toMatchObject({ jobseekers: DEMO_JOBSEEKERS, cases: seeded.counts!.cases, workItems: seeded.counts!.workItems });
    for (const v of Object.values(changes)) expect(typeof v).toBe('number');
  });

  it('spreads jobseekers over both offices (about 60/40) with realistic facts', async () => {
    const { rows } = await t.sql.query(
      `SELECT count(*)::int AS n,
              count(*) FILTER (WHERE home_office_id = $1)::int AS northside,
              count(*) FILTER (WHERE digital_skills = 'none')::int AS no_digital,
              count(*) FILTER (WHERE digital_skills = 'basic')::int AS basic_digital,
              count(*) FILTER (WHERE disability)::int AS disability,
              count(*) FILTER (WHERE interpreter_needed)::int AS interpreter,
              count(*) FILTER (WHERE migrant_status <> 'none')::int AS migrant,
              count(*) FILTER (WHERE career_break)::int AS career_break,
              count(*) FILTER (WHERE education_level BETWEEN 2 AND 4)::int AS isced_2_4,
              count(*) FILTER (WHERE unemployed_since < now() - interval '12 months')::int AS long_term,
              count(*) FILTER (WHERE consent_data_sharing)::int AS consent,
              count(*) FILTER (WHERE national_id IS NOT NULL)::int AS national_id,
              count(*) FILTER (WHERE email IS NULL)::int AS no_email,
              count(*) FILTER (WHERE email IS NULL AND phone IS NULL)::int AS no_contact,
              round(100.0 * count(*) FILTER (WHERE rural AND home_office_id = $2) / count(*) FILTER (WHERE home_office_id = $2))::int AS rural_riverside_pct,
              min(extract(year FROM age(date_of_birth)))::int AS min_age, max(extract(year FROM age(date_of_birth)))::int AS max_age,
              min(unemployed_since) > (now() - interval '37 months')::date AS within_three_years,
              count(*) FILTER (WHERE given_name ~ '[^\\x00-\\x7F]' OR family_name ~ '[^\\x00-\\x7F]')::int AS accented
         FROM jobseekers`,
      officeIds,
    );
    const r = rows[0];
    const pct = (k: string) => (100 * r[k]) / r.n;
    expect(r.n).toBe(DEMO_JOBSEEKERS);
    expect(pct('northside')).toBeGreaterThan(55);
    expect(pct('northside')).toBeLessThan(65);
    expect(pct('no_digital')).toBeGreaterThan(11);
    expect(pct('no_digital')).toBeLessThan(19);
    expect(pct('basic_digital')).toBeGreaterThan(30);
    expect(pct('basic_digital')).toBeLessThan(40);
    expect(pct('disability')).toBeGreaterThan(5);
    expect(pct('disability')).toBeLessThan(11);
    expect(pct('interpreter')).toBeGreaterThan(3.5);
    expect(pct('interpreter')).toBeLessThan(9);
    expect(pct('migrant')).toBeGreaterThan(9);
    expect(pct('migrant')).toBeLessThan(15);
    expect(pct('career_break')).toBeGreaterThan(7);
    expect(pct('career_break')).toBeLessThan(13);
    expect(pct('isced_2_4')).toBeGreaterThan(60);
    expect(pct('long_term')).toBeGreaterThan(28);
    expect(pct('long_term')).toBeLessThan(42);
    expect(pct('consent')).toBeGreaterThan(75);
    expect(pct('national_id')).toBeGreaterThan(50);
    expect(pct('no_email')).toBeGreaterThan(15);
    expect(r.no_contact).toBeGreaterThan(10);
    expect(r.rural_riverside_pct).toBeGreaterThanOrEqual(14);
    expect(r.rural_riverside_pct).toBeLessThanOrEqual(26);
    expect(r.min_age).toBeGreaterThanOrEqual(16);
    expect(r.max_age).toBeLessThanOrEqual(66);
    expect(r.within_three_years).toBe(true);
    const names = await t.sql.query(`SELECT given_name, family_name, name_key, last_occupation FROM jobseekers`);
    for (const n of names.rows) {
      expect(n.name_key).toBe(nameKey(n.given_name, n.family_name));
      if (n.last_occupation !== null) expect(isUnitGroup(n.last_occupation)).toBe(true);
    }
    expect(r.accented).toBeGreaterThan(50);
  });

  it('gives each jobseeker one case with statuses spread as in an office, and ~10% an older closed case', async () => {
    const { rows } = await t.sql.query(
      `WITH latest AS (SELECT DISTINCT ON (jobseeker_id) * FROM cases ORDER BY jobseeker_id, opened_at DESC)
       SELECT status, count(*)::int AS n FROM latest GROUP BY status`,
    );
    const status = Object.fromEntries(rows.map((r) => [r.status, (100 * r.n) / DEMO_JOBSEEKERS]));
    expect(status.registered).toBeGreaterThan(7);
    expect(status.registered).toBeLessThan(14);
    expect(status.triaged).toBeGreaterThan(2.5);
    expect(status.triaged).toBeLessThan(7.5);
    expect(status.active).toBeGreaterThan(50);
    expect(status.active).toBeLessThan(60);
    expect(status.on_hold).toBeGreaterThan(7);
    expect(status.on_hold).toBeLessThan(13);
    expect(status.closed).toBeGreaterThan(16);
    expect(status.closed).toBeLessThan(24);
    const older = await count(`SELECT jobseeker_id FROM cases GROUP BY jobseeker_id HAVING count(*) > 1`);
    expect(older / DEMO_JOBSEEKERS).toBeGreaterThan(0.07);
    expect(older / DEMO_JOBSEEKERS).toBeLessThan(0.13);
    const reasons = await t.sql.query(`SELECT DISTINCT close_reason FROM cases WHERE status = 'closed'`);
    expect(reasons.rows.map((r) => r.close_reason).sort()).toEqual(['employed', 'inactive', 'moved', 'other', 'training']);
    expect(await count(`SELECT 1 FROM cases WHERE reference !~ '^C-\\d{4}-\\d{6}$'`)).toBe(0);
    // Every priority group is represented on open cases.
    const groups = await t.sql.query(`SELECT DISTINCT unnest(priority_groups) AS g FROM cases WHERE status <> 'closed'`);
    expect(groups.rows.map((r) => r.g).sort()).toEqual([...PRIORITY_GROUPS].sort());
  });

  it('stores profiling results the model gives for their stored inputs, and decisions like the API makes them', async () => {
    const results = await t.sql.query(
      `SELECT t.inputs, t.score, t.recommended_track, t.priority_groups, c.priority_groups AS case_groups FROM triage_results t JOIN cases c ON c.id = t.case_id`,
    );
    expect(results.rows).toHaveLength(seeded.counts!.cases);
    for (const r of results.rows) {
      const { today, ...input } = r.inputs;
      const again = profile(input, today);
      expect({ score: r.score, track: r.recommended_track, groups: r.priority_groups }).toEqual({
        score: again.score,
        track: again.recommendedTrack,
        groups: again.priorityGroups,
      });
      expect(r.case_groups).toEqual(r.priority_groups);
    }
    const decisions = await t.sql.query(`SELECT kind, reason_code, decided_role FROM triage_decisions`);
    const bySupervisor = decisions.rows.filter((d) => d.decided_role === 'supervisor');
    const overrides = bySupervisor.filter((d) => d.kind === 'override');
    expect(overrides.length / bySupervisor.length).toBeGreaterThan(0.05);
    expect(overrides.length / bySupervisor.length).toBeLessThan(0.11);
    for (const d of decisions.rows.filter((x) => x.kind === 'override')) expect(OVERRIDE_REASONS).toContain(d.reason_code);
    // Past registration every case has a decision; registered ones none.
    expect(
      await count(
        `SELECT 1 FROM cases c WHERE (c.track_decision IS NOT NULL) <> EXISTS (SELECT 1 FROM triage_decisions d WHERE d.case_id = c.id)`,
      ),
    ).toBe(0);
    expect(await count(`SELECT 1 FROM cases WHERE status = 'registered' AND (track IS NOT NULL OR assigned_to IS NOT NULL)`)).toBe(0);
    expect(await count(`SELECT 1 FROM cases WHERE status IN ('active', 'on_hold') AND (assigned_to IS NULL OR track IS NULL)`)).toBe(0);
  });

  it('assigns cases to case workers of the same office and matching track, within caps but for a couple', async () => {
    expect(
      await count(`SELECT 1 FROM cases c JOIN users u ON u.id = c.assigned_to WHERE u.office_id <> c.office_id AND c.status <> 'closed'`),
    ).toBe(0);
    // Only a case worker's pending override (waiting for the supervisor's review) leaves a case on the other track.
    const mismatched = await count(
      `SELECT 1 FROM cases c JOIN users u ON u.id = c.assigned_to
        WHERE c.status <> 'closed' AND u.role <> CASE c.track WHEN 'targeted' THEN 'specialist' ELSE 'counsellor' END`,
    );
    const pendingReviews = await count(`SELECT 1 FROM work_items WHERE kind = 'override_review' AND status = 'open'`);
    expect(pendingReviews).toBeGreaterThanOrEqual(2);
    expect(mismatched).toBeLessThanOrEqual(pendingReviews);
    const loads = await t.sql.query(
      `SELECT u.email, u.caseload_cap AS cap, coalesce(sum(CASE c.track WHEN 'targeted' THEN 2 ELSE 1 END), 0)::int AS load
         FROM users u LEFT JOIN cases c ON c.assigned_to = u.id AND c.status <> 'closed'
        WHERE u.role IN ('counsellor', 'specialist') GROUP BY u.id`,
    );
    const over = loads.rows.filter((u) => u.load > u.cap);
    expect(over.length).toBeGreaterThanOrEqual(1);
    expect(over.length).toBeLessThanOrEqual(3);
    for (const u of over) expect(u.load).toBeLessThan(u.cap * 1.15);
    // The demo sign-ins have a caseload and stay under their cap.
    for (const email of [DEMO.counsellor, DEMO.specialist, DEMO.counsellor2]) {
      const u = loads.rows.find((x) => x.email === email)!;
      expect(u.load).toBeGreaterThan(u.cap / 2);
      expect(u.load).toBeLessThanOrEqual(u.cap);
    }
    const expected = Object.values(DEMO_EXTRA_STAFF).reduce((n, r) => n + (r.counsellor ?? 0) + (r.specialist ?? 0), 0) + 3;
    expect(loads.rows).toHaveLength(expected);
  });

  it('keeps each case history consistent: status and assignment events chain up to the case as stored', async () => {
    const broken = await count(
      `SELECT 1 FROM (SELECT data->>'from' AS f, lag(data->>'to') OVER (PARTITION BY case_id ORDER BY at, id) AS prev FROM case_events WHERE kind = 'status') s
        WHERE f IS DISTINCT FROM prev`,
    );
    expect(broken).toBe(0);
    const lastStatus = await count(
      `SELECT 1 FROM cases c JOIN LATERAL (SELECT data->>'to' AS status FROM case_events e WHERE e.case_id = c.id AND kind = 'status' ORDER BY at DESC, id DESC LIMIT 1) e ON true
        WHERE e.status <> c.status`,
    );
    expect(lastStatus).toBe(0);
    const lastAssignee = await count(
      `SELECT 1 FROM cases c JOIN LATERAL (SELECT (data->>'to')::uuid AS to FROM case_events e WHERE e.case_id = c.id AND kind = 'assignment' ORDER BY at DESC, id DESC LIMIT 1) e ON true
        WHERE e.to IS DISTINCT FROM c.assigned_to`,
    );
    expect(lastAssignee).toBe(0);
    expect(
      await count(
        `SELECT 1 FROM case_events e JOIN cases c ON c.id = e.case_id WHERE e.at < c.opened_at OR e.at > coalesce(c.closed_at, now())`,
      ),
    ).toBe(0);
    const oldest = (await t.sql.query(`SELECT min(opened_at) AS at FROM cases`)).rows[0].at as Date;
    expect(Date.now() - oldest.getTime()).toBeLessThan(19 * 31 * 86_400_000);
    expect(await count(`SELECT 1 FROM work_items WHERE claimed_at < created_at OR completed_at < created_at OR completed_at > now()`)).toBe(
      0,
    );
    // Closing cancelled what was still open.
    expect(
      await count(
        `SELECT 1 FROM work_items w JOIN cases c ON c.id = w.case_id WHERE c.status = 'closed' AND w.status IN ('open', 'claimed')`,
      ),
    ).toBe(0);
  });

  describe('determinism and duplicates', () => {
    let again: Population;
    beforeAll(async () => {
      const m = t.app.get(DataSource).manager;
      again = buildPopulation(await populationInput(m, officeIds, now.getTime()));
    });

    it('is deterministic: the same seed and moment give the same people, ids and references', async () => {
      const { rows } = await t.sql.query(
        `SELECT id, reference, given_name, family_name, to_char(date_of_birth, 'YYYY-MM-DD') AS dob FROM jobseekers ORDER BY created_at, reference`,
      );
      const expected = [...again.jobseekers].sort((a, b) => a.createdAt - b.createdAt);
      expect(rows.map((r) => [r.id, r.given_name, r.family_name, r.dob])).toEqual(
        expected.map((j) => [j.id, j.givenName, j.familyName, j.dateOfBirth]),
      );
      // References are numbered in order of registration from 1 on a new database.
      expect(rows.map((r) => Number(r.reference.slice(-6)))).toEqual(rows.map((_, i) => i + 1));
      expect(rows[0].reference).toMatch(/^J-\d{4}-000001$/);
      const cases = await t.sql.query(`SELECT id, status, assigned_to FROM cases ORDER BY id`);
      const expectedCases = [...again.cases].sort((a, b) => (a.id < b.id ? -1 : 1));
      expect(cases.rows.map((c) => [c.id, c.status, c.assigned_to])).toEqual(expectedCases.map((c) => [c.id, c.status, c.assignedTo]));
    });

    it('includes near-duplicates (swapped names, typos, same birth date) that the duplicate check finds', async () => {
      const desk = await login(t, DEMO.frontDesk);
      expect(again.nearDuplicates).toHaveLength(NEAR_DUPLICATES);
      const kinds = new Set(again.nearDuplicates.map((d) => d.kind));
      expect([...kinds]).toEqual(expect.arrayContaining(['swapped_names', 'typo', 'typo_swapped']));
      let found = 0;
      for (const d of again.nearDuplicates) {
        const { rows } = await t.sql.query(
          `SELECT d.given_name, d.family_name, to_char(d.date_of_birth, 'YYYY-MM-DD') AS dob, o.reference AS original, o.date_of_birth = d.date_of_birth AS same_dob
             FROM jobseekers d, jobseekers o WHERE d.id = $1 AND o.id = $2`,
          [d.duplicateId, d.originalId],
        );
        const r = rows[0];
        expect(r.same_dob).toBe(true);
        const res = await t.http
          .post('/api/jobseekers/duplicates')
          .set(desk.auth)
          .send({ givenName: r.given_name, familyName: r.family_name, dateOfBirth: r.dob })
          .expect(201);
        if (res.body.some((c: { reference: string }) => c.reference === r.original)) found++;
      }
      expect(found).toBe(NEAR_DUPLICATES);
    });

    it('is idempotent: seeding again adds nothing', async () => {
      const before = await t.sql.query(
        `SELECT (SELECT count(*) FROM jobseekers)::int AS j, (SELECT count(*) FROM cases)::int AS c, (SELECT count(*) FROM users)::int AS u, (SELECT count(*) FROM work_items)::int AS w`,
      );
      expect(await t.app.get(DemoSeedService).seed()).toEqual({ created: 0 });
      const after = await t.sql.query(
        `SELECT (SELECT count(*) FROM jobseekers)::int AS j, (SELECT count(*) FROM cases)::int AS c, (SELECT count(*) FROM users)::int AS u, (SELECT count(*) FROM work_items)::int AS w`,
      );
      expect(after.rows[0]).toEqual(before.rows[0]);
    });
  });

  describe('as the office supervisors see it', () => {
    let northside: Session;
    let riverside: Session;
    beforeAll(async () => {
      northside = await login(t, DEMO.supervisor);
      const { rows } = await t.sql.query(`SELECT email FROM users WHERE role = 'supervisor' AND office_id = $1`, [officeIds[1]]);
      riverside = await login(t, rows[0].email);
    });
    const total = (res: { headers: Record<string, string> }) => Number(res.headers['content-range'].split('/')[1]);
    const list = (s: Session, path: string, filter: Record<string, unknown>) =>
      t.http
        .get(path)
        .query({ range: '[0,24]', filter: JSON.stringify(filter) })
        .set(s.auth)
        .expect(200);

    it('each office has cases needing assignment, and a page of cases to show', async () => {
      for (const s of [northside, riverside]) {
        expect(total(await list(s, '/api/cases', { needsAssignment: true }))).toBeGreaterThan(20);
        const page = await list(s, '/api/cases', {});
        expect(page.body).toHaveLength(25);
        expect(total(page)).toBeGreaterThan(500);
        const caseloads = await t.http.get('/api/caseloads').set(s.auth).expect(200);
        expect(caseloads.body.length).toBeGreaterThan(5);
      }
    });

    it('queues hold open and overdue items, and the inbox holds override reviews, a transfer request and escalations', async () => {
      for (const s of [northside, riverside]) {
        expect(total(await list(s, '/api/work-items', { queue: 'routine', status: 'open', kind: 'verify_registration' }))).toBeGreaterThan(
          0,
        );
        expect(total(await list(s, '/api/work-items', { queue: 'routine', status: 'open', kind: 'book_first_interview' }))).toBeGreaterThan(
          0,
        );
        expect(total(await list(s, '/api/work-items', { queue: 'targeted', kind: 'specialist_intake', status: 'open' }))).toBeGreaterThan(
          0,
        );
        expect(total(await list(s, '/api/work-items', { overdue: true }))).toBeGreaterThan(3);
        expect(total(await list(s, '/api/work-items', { assigneeId: s.user.id, kind: 'override_review', status: 'open' }))).toBeGreaterThan(
          0,
        );
        expect(
          total(await list(s, '/api/work-items', { assigneeId: s.user.id, kind: 'overdue_escalation', status: 'open' })),
        ).toBeGreaterThan(0);
      }
      expect(
        total(await list(northside, '/api/work-items', { assigneeId: northside.user.id, kind: 'transfer_request', status: 'open' })),
      ).toBe(1);
      const transfers = await list(northside, '/api/case-transfers', { status: 'requested' });
      expect(transfers.body).toEqual([expect.objectContaining({ toOfficeId: officeIds[0], fromOfficeId: officeIds[1] })]);
      // A few follow-ups, some done with a result.
      expect(await count(`SELECT 1 FROM work_items WHERE kind = 'follow_up_no_show' AND status = 'open'`)).toBeGreaterThan(0);
      expect(
        await count(`SELECT 1 FROM work_items WHERE kind = 'follow_up_no_show' AND status = 'done' AND result IS NOT NULL`),
      ).toBeGreaterThan(0);
    });

    it('holds intervention plans in every status in each demo caseload, as the API would have left them', async () => {
      const statuses = ['draft', 'submitted', 'approved', 'agreed', 'completed', 'cancelled'];
      for (const email of [DEMO.counsellor, DEMO.specialist, DEMO.counsellor2]) {
        const s = await login(t, email);
        const seen = new Set<string>();
        for (const status of statuses) {
          const res = await list(s, '/api/intervention-plans', { status });
          if (total(res) > 0) seen.add(status);
        }
        expect([email, [...seen].sort()]).toEqual([email, [...statuses].sort()]);
      }
      // One current plan per case (the index would refuse more), on cases with an assignee; plans of
      // closed cases are completed or cancelled; every plan past draft has goals, each with an action.
      expect(
        await count(
          `SELECT 1 FROM intervention_plans p JOIN cases c ON c.id = p.case_id WHERE c.status = 'closed' AND p.status NOT IN ('completed', 'cancelled')`,
        ),
      ).toBe(0);
      expect(await count(`SELECT 1 FROM intervention_plans p WHERE NOT EXISTS (SELECT 1 FROM plan_goals g WHERE g.plan_id = p.id)`)).toBe(
        0,
      );
      expect(await count(`SELECT 1 FROM plan_goals g WHERE NOT EXISTS (SELECT 1 FROM plan_actions a WHERE a.goal_id = g.id)`)).toBe(0);
      expect(
        await count(
          `SELECT 1 FROM plan_goals g JOIN intervention_plans p ON p.id = g.plan_id WHERE p.status = 'completed' AND g.outcome IS NULL`,
        ),
      ).toBe(0);
      expect(
        await count(
          `SELECT 1 FROM intervention_plans WHERE created_at > now() OR updated_at > now() OR created_at < (SELECT opened_at FROM cases c WHERE c.id = case_id)`,
        ),
      ).toBe(0);
      // Submitted plans wait in the supervisors' inboxes; some agreed plans' reviews come due.
      for (const s of [northside, riverside]) {
        expect(total(await list(s, '/api/work-items', { assigneeId: s.user.id, kind: 'approve_plan', status: 'open' }))).toBeGreaterThan(0);
        expect(total(await list(s, '/api/intervention-plans', { status: 'submitted' }))).toBeGreaterThan(0);
      }
      expect(
        await count(
          `SELECT 1 FROM work_items w JOIN intervention_plans p ON p.id = (w.data->>'planId')::uuid WHERE w.kind = 'review_plan' AND w.status = 'open' AND p.status = 'agreed'`,
        ),
      ).toBeGreaterThan(0);
      expect(
        await count(
          `SELECT 1 FROM intervention_plans WHERE status = 'agreed' AND next_review_date BETWEEN current_date AND current_date + 14`,
        ),
      ).toBeGreaterThan(0);
      // Each plan's history starts with its drafting and ends in its status.
      const last = await t.sql.query(
        `SELECT p.status, e.kind FROM intervention_plans p
           JOIN LATERAL (SELECT kind FROM plan_events e WHERE e.plan_id = p.id AND kind IN ('created', 'submitted', 'approved', 'returned', 'agreed', 'completed', 'cancelled') ORDER BY at DESC, id DESC LIMIT 1) e ON true`,
      );
      const expected: Record<string, string[]> = {
        draft: ['created', 'returned'],
        submitted: ['submitted'],
        approved: ['approved'],
        agreed: ['agreed'],
        completed: ['completed'],
        cancelled: ['cancelled'],
      };
      for (const r of last.rows) expect([r.status, expected[r.status].includes(r.kind)]).toEqual([r.status, true]);
      expect(last.rows.length).toBe(await count(`SELECT 1 FROM intervention_plans`));
    });

    it('lets the supervisor assign a waiting case as the API would', async () => {
      const [waiting] = (await list(northside, '/api/cases', { status: 'triaged', track: 'routine' })).body;
      const counsellor = await login(t, DEMO.counsellor);
      const res = await t.http
        .post(`/api/cases/${waiting.id}/assign`)
        .set(northside.auth)
        .send({ assigneeId: counsellor.user.id, version: waiting.version });
      expect(res.status).toBeLessThan(300);
      expect(res.body).toMatchObject({ status: 'active', assignedTo: counsellor.user.id });
    });
  });
});
