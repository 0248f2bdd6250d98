import { OVERRIDE_REASONS, PRIORITY_GROUPS } from '@casework/contracts';
import { DataSource } from 'typeorm';
import { populationInput } from '../src/modules/demo/demo-bulk.js';
import { DEMO_EXTRA_STAFF, DEMO_STAFF_COUNT, DEMO_USERS } from '../src/modules/demo/demo-data.js';
import { buildCalendar } from '../src/modules/demo/demo-appointments.js';
import {
  buildPopulation,
  DEMO_JOBSEEKERS,
  NEAR_DUPLICATES,
  type Population,
  type PopulationInput,
} from '../src/modules/demo/demo-population.js';
import { DemoSeedService, type SeedResult } from '../src/modules/demo/demo-seed.service.js';
import { nameKey } from '../src/modules/jobseekers/name-key.js';
import { isUnitGroup } from '../src/modules/occupations/isco.js';
import { ReportsRefreshService } from '../src/modules/reports/reports-refresh.service.js';
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

  it('books appointments within opening hours, off the holidays, with recorded reminders for the last week', async () => {
    const { rows } = await t.sql.query(
      `SELECT a.starts_at, a.ends_at, a.status, a.office_id, a.staff_id, c.assigned_to, o.time_zone, o.opening_hours,
              (SELECT coalesce(json_agg(json_build_object('startsOn', to_char(cl.starts_on, 'YYYY-MM-DD'), 'endsOn', to_char(cl.ends_on, 'YYYY-MM-DD'))), '[]')
                 FROM office_closures cl WHERE cl.office_id = a.office_id) AS closures
         FROM appointments a JOIN cases c ON c.id = a.case_id JOIN offices o ON o.id = a.office_id`,
    );
    expect(rows.length).toBeGreaterThan(8000);
    expect(seeded.counts).toMatchObject({ appointments: rows.length });
    expect(new Set(rows.map((r) => r.office_id)).size).toBe(2);
    const { openingProblem } = await import('../src/modules/appointments/schedule.js');
    const problems = rows.filter((r) =>
      openingProblem(r.starts_at.getTime(), r.ends_at.getTime(), r.time_zone, r.opening_hours, r.closures),
    );
    expect(problems).toEqual([]);
    const at = now.getTime();
    const past = rows.filter((r) => r.ends_at.getTime() <= at);
    const future = rows.filter((r) => r.starts_at.getTime() > at);
    // Older than three days, every appointment has its outcome; in the last three days some still wait for theirs.
    const recent = (r: { ends_at: Date }) => at - r.ends_at.getTime() < 3 * 86_400_000;
    expect(past.filter((r) => !recent(r)).every((r) => ['attended', 'no_show', 'cancelled'].includes(r.status))).toBe(true);
    expect(new Set(past.map((r) => r.status))).toEqual(new Set(['attended', 'no_show', 'cancelled', 'scheduled']));
    expect(past.filter((r) => r.status === 'scheduled').every(recent)).toBe(true);
    expect(future.every((r) => ['scheduled', 'cancelled'].includes(r.status))).toBe(true);
    expect(future.filter((r) => r.status === 'scheduled').length).toBeGreaterThan(300);
    // Booked up to four weeks ahead.
    expect(Math.max(...rows.map((r) => r.starts_at.getTime()))).toBeLessThanOrEqual(at + 29 * 86_400_000);
    // The holidays since the first registration and the year ahead.
    expect(await count(`SELECT 1 FROM office_closures`)).toBeGreaterThanOrEqual(2 * 12);
    const { rows: span } = await t.sql.query(
      `SELECT min(starts_on) - (SELECT (min(opened_at) AT TIME ZONE 'Europe/Paris')::date FROM cases) AS days FROM office_closures`,
    );
    expect(span[0].days).toBeGreaterThanOrEqual(0);
    expect(span[0].days).toBeLessThan(125);
    const outbox = await t.sql.query(`SELECT DISTINCT language, status, transport FROM outbox_messages`);
    expect(outbox.rows.length).toBeGreaterThan(0);
    expect(outbox.rows.every((r) => r.status === 'sent' && r.transport === 'demo')).toBe(true);
    // In each client's language (the office's when we have no template for theirs).
    expect(outbox.rows.map((r) => r.language)).toEqual(expect.arrayContaining(['en', 'fr']));
  });

  it('gives each case the appointments of its life: with who held it then, never before registration, in a hold or after closure', async () => {
    // A counsellor or specialist of the office; the case's holder at the time (its first assignee before
    // the assignment), or a counsellor of the office while nobody is assigned.
    const notTheHolder = await count(
      `SELECT 1 FROM appointments a JOIN cases c ON c.id = a.case_id JOIN users u ON u.id = a.staff_id
         LEFT JOIN LATERAL (SELECT (e.data->>'to')::uuid AS holder FROM case_events e
                             WHERE e.case_id = a.case_id AND e.kind = 'assignment' AND e.at <= a.starts_at ORDER BY e.at DESC, e.id DESC LIMIT 1) h ON true
         LEFT JOIN LATERAL (SELECT (e.data->>'to')::uuid AS holder FROM case_events e
                             WHERE e.case_id = a.case_id AND e.kind = 'assignment' ORDER BY e.at, e.id LIMIT 1) f ON true
        WHERE u.role NOT IN ('counsellor', 'specialist') OR u.office_id <> a.office_id
           OR (f.holder IS NULL AND (u.role <> 'counsellor' OR u.office_id <> c.office_id))
           OR (f.holder IS NOT NULL AND a.staff_id <> coalesce(h.holder, f.holder))`,
    );
    expect(notTheHolder).toBe(0);
    expect(
      await count(
        `SELECT 1 FROM appointments a JOIN cases c ON c.id = a.case_id
          WHERE a.starts_at < c.opened_at OR a.created_at < c.opened_at OR a.created_at >= a.starts_at OR a.created_at > now()
             OR a.ends_at > c.closed_at OR a.created_at > c.closed_at OR a.status_changed_at > now() OR a.status_changed_at < a.created_at`,
      ),
    ).toBe(0);
    expect(
      await count(
        `SELECT 1 FROM appointments a JOIN LATERAL (SELECT e.data->>'to' AS status FROM case_events e
                                                    WHERE e.case_id = a.case_id AND e.kind = 'status' AND e.at <= a.starts_at ORDER BY e.at DESC, e.id DESC LIMIT 1) s ON true
          WHERE s.status IN ('on_hold', 'closed')`,
      ),
    ).toBe(0);
    // Video only for clients whose digital skills allow it and who did not ask for in-person contact (as the API refuses).
    expect(
      await count(
        `SELECT 1 FROM appointments a JOIN cases c ON c.id = a.case_id JOIN jobseekers j ON j.id = c.jobseeker_id
          WHERE a.channel = 'video' AND (j.digital_skills = 'none' OR j.preferred_channel = 'in_person')`,
      ),
    ).toBe(0);
    // Never two at once for one person (the exclusion constraint would have refused the seed), and none left out:
    // a first interview booked by the front desk is an appointment, one never booked is none.
    expect(
      await count(
        `SELECT 1 FROM appointments a JOIN appointments b ON b.staff_id = a.staff_id AND b.id > a.id
            AND tstzrange(b.starts_at, b.ends_at) && tstzrange(a.starts_at, a.ends_at)
          WHERE a.status <> 'cancelled' AND b.status <> 'cancelled'`,
      ),
    ).toBe(0);
    const booked = (also = '') =>
      `EXISTS (SELECT 1 FROM work_items w WHERE w.case_id = c.id AND w.kind = 'book_first_interview' AND w.status = 'done'${also})`;
    const appointments = `EXISTS (SELECT 1 FROM appointments a WHERE a.case_id = c.id)`;
    expect(await count(`SELECT 1 FROM cases c WHERE ${appointments} AND NOT ${booked()}`)).toBe(0);
    expect(
      await count(
        `SELECT 1 FROM cases c WHERE ${booked(` AND w.completed_at < now() - interval '7 days'`)} AND NOT ${appointments}
            AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.kind = 'status' AND e.data->>'to' IN ('on_hold', 'closed')
                             AND e.at < c.opened_at + interval '45 days')`,
      ),
    ).toBe(0);
    const first = await t.sql.query(
      `SELECT DISTINCT ON (a.case_id) a.purpose, a.created_at >= w.completed_at AS after_booking
         FROM appointments a JOIN work_items w ON w.case_id = a.case_id AND w.kind = 'book_first_interview'
        ORDER BY a.case_id, a.starts_at`,
    );
    expect(first.rows.every((r) => /^(First interview|Premier entretien)/.test(r.purpose) && r.after_booking)).toBe(true);
  });

  it('shows a realistic history in the figures: first interviews mostly on time, monthly follow-ups, the channel mix of every month', async () => {
    const { rows } = await t.sql.query(
      `WITH first AS (
         SELECT c.id, c.track, c.status, c.opened_at, (c.closed_at AT TIME ZONE o.time_zone)::date AS closed_on, c.first_interview_due,
                j.digital_skills = 'none' OR j.interpreter_needed AS slow,
                (SELECT min((a.starts_at AT TIME ZONE o.time_zone)::date) FROM appointments a WHERE a.case_id = c.id AND a.status = 'attended') AS seen,
                (SELECT count(*) FROM appointments a WHERE a.case_id = c.id AND a.status <> 'cancelled') AS appointments,
                (SELECT count(*) FROM appointments a WHERE a.case_id = c.id AND a.status = 'attended') AS attended,
                (SELECT count(*) FROM appointments a WHERE a.case_id = c.id AND a.status = 'no_show') AS no_shows
           FROM cases c JOIN jobseekers j ON j.id = c.jobseeker_id JOIN offices o ON o.id = c.office_id)
       SELECT slow,
              count(*) FILTER (WHERE opened_at < now() - interval '1 month')::int AS old,
              count(*) FILTER (WHERE opened_at < now() - interval '1 month' AND seen IS NOT NULL)::int AS old_seen,
              count(*) FILTER (WHERE seen <= first_interview_due)::int AS within,
              count(*) FILTER (WHERE seen > first_interview_due OR (seen IS NULL AND first_interview_due < current_date AND coalesce(closed_on > first_interview_due, true)))::int AS late,
              percentile_disc(0.5) WITHIN GROUP (ORDER BY seen - (opened_at AT TIME ZONE 'Europe/Paris')::date) AS median_days,
              sum(no_shows)::float / sum(attended + no_shows) AS no_show_rate,
              avg(appointments * 30.44 / extract(day FROM now() - opened_at)) FILTER (WHERE status = 'active' AND track = 'targeted' AND opened_at < now() - interval '4 months')::float AS targeted_per_month,
              avg(appointments * 30.44 / extract(day FROM now() - opened_at)) FILTER (WHERE status = 'active' AND track = 'routine' AND opened_at < now() - interval '4 months')::float AS routine_per_month
         FROM first GROUP BY ROLLUP (slow) ORDER BY slow NULLS FIRST`,
    );
    const [all, others, slow] = rows;
    // Most cases registered over a month ago have been seen; most first interviews within the ten days.
    expect(all.old_seen / all.old).toBeGreaterThan(0.85);
    const within = (r: typeof all) => r.within / (r.within + r.late);
    const between = (value: number, min: number, max: number) => expect([value, min < value && value < max]).toEqual([value, true]);
    between(within(all), 0.5, 0.85);
    between(all.median_days, 3, 11);
    between(all.no_show_rate, 0.08, 0.22);
    // About monthly on the routine track, more often on the targeted one.
    between(all.routine_per_month, 0.6, 1.5);
    expect(all.targeted_per_month).toBeGreaterThan(all.routine_per_month * 1.3);
    // A modest gap to look into: clients with no digital skills or needing an interpreter wait longer and miss more.
    expect(within(slow)).toBeLessThan(within(others));
    expect(within(others) - within(slow)).toBeLessThan(0.25);
    expect(slow.median_days).toBeGreaterThan(others.median_days);
    expect(slow.no_show_rate).toBeGreaterThan(others.no_show_rate);
    expect(slow.no_show_rate).toBeLessThan(others.no_show_rate * 2);

    const statuses = await t.sql.query(
      `SELECT status, count(*)::int AS n, count(outcome_note)::int AS notes, count(cancel_reason)::int AS reasons FROM appointments
        WHERE ends_at < now() - interval '3 days' GROUP BY status`,
    );
    const by = Object.fromEntries(statuses.rows.map((r) => [r.status, r]));
    expect(Object.keys(by).sort()).toEqual(['attended', 'cancelled', 'no_show']);
    expect(by.attended.notes).toBeGreaterThan(by.attended.n / 2);
    expect(by.attended.notes).toBeLessThan(by.attended.n);
    expect(by.cancelled.reasons).toBe(by.cancelled.n);

    // Every month since the oldest registration has appointments, in person most, then phone, then video.
    const months = await t.sql.query(
      `SELECT date_trunc('month', starts_at AT TIME ZONE 'Europe/Paris') AS month, count(*) FILTER (WHERE channel = 'in_person')::int AS in_person,
              count(*) FILTER (WHERE channel = 'phone')::int AS phone, count(*) FILTER (WHERE channel = 'video')::int AS video
         FROM appointments WHERE status <> 'cancelled' GROUP BY 1 ORDER BY 1`,
    );
    const oldest = (await t.sql.query(`SELECT min(opened_at) AS at FROM cases`)).rows[0].at as Date;
    const span = (now.getFullYear() - oldest.getFullYear()) * 12 + now.getMonth() - oldest.getMonth();
    expect(months.rows.length).toBeGreaterThanOrEqual(span);
    const total = (k: 'in_person' | 'phone' | 'video') => months.rows.reduce((n, r) => n + r[k], 0);
    const sum = total('in_person') + total('phone') + total('video');
    expect(total('in_person') / sum).toBeGreaterThan(0.5);
    expect(total('phone')).toBeGreaterThan(total('video'));
    expect(total('video') / sum).toBeGreaterThan(0.04);
    for (const r of months.rows.slice(3)) expect(r.in_person * r.phone).toBeGreaterThan(0);

    // What a manager reads, once the rollups are refreshed.
    await t.app.get(ReportsRefreshService).refresh({ full: true });
    const manager = await login(t, DEMO.manager);
    const deadlines = (await t.http.get('/api/reports/deadlines').set(manager.auth).expect(200)).body;
    between(deadlines.firstInterviews.withinTargetShare, 0.5, 0.85);
    const equity = (await t.http.get('/api/reports/equity').set(manager.auth).expect(200)).body;
    expect(equity.all.medianDaysToFirstAppointment.value).toBeLessThanOrEqual(10);
    const channels = (await t.http.get('/api/reports/channels').set(manager.auth).expect(200)).body;
    expect(channels.byMonth).toHaveLength(12);
    for (const m of channels.byMonth) expect(m.in_person + m.phone + m.video).toBeGreaterThan(100);
  });

  describe('determinism and duplicates', () => {
    let again: Population;
    let input: PopulationInput;
    beforeAll(async () => {
      const m = t.app.get(DataSource).manager;
      input = await populationInput(m, officeIds, now.getTime());
      again = buildPopulation(input);
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
      // The appointments too, every one of them written.
      const appointments = await t.sql.query(`SELECT id, staff_id, starts_at, status FROM appointments ORDER BY id`);
      const expectedAppointments = buildCalendar(input, again).appointments.sort((a, b) => (a.id < b.id ? -1 : 1));
      expect(appointments.rows.map((a) => [a.id, a.staff_id, a.starts_at.getTime(), a.status])).toEqual(
        expectedAppointments.map((a) => [a.id, a.staffId, a.startsAt, a.status]),
      );
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
