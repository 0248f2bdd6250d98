// Set-based seeding of the reports bench: 24 months of a public employment service's casework.
// Every case's facts (who the jobseeker is, when the case opened, how it went) are computed once
// from the row number into an unlogged table, `bench_facts`; each table's INSERT then reads that
// table, so the jobseekers, cases, appointments, work items, plans and audit events agree with one
// another and can be loaded in any order, on two connections at once. Deterministic: ids are
// md5-derived, choices are hashes of the row number, and times are relative to one anchor instant.
import { PRIORITY_GROUPS } from '@casework/contracts';
import { FAMILY, GIVEN, OFFICES, arr, h, officeId, referencePlan, staffing, uid, userId } from '../worklists/seed.mjs';

export { BENCH_PASSWORD } from '../worklists/seed.mjs';

/** Cases open over this many days before the anchor (about 24 months). */
export const SPAN_DAYS = 730;
/** Appointment slots of the day, 30 minutes each from 08:30: one band of five per kind of appointment. */
const BAND = 5;
const SLOT_MINUTES = 30;
export const APPOINTMENT_KINDS = [
  // kind, first day after the case opened, share of cases (before closure), purpose
  { k: 0, from: 3, share: 100, purpose: 'First interview' },
  { k: 1, from: 24, share: 75, purpose: 'Follow-up meeting' },
  { k: 2, from: 55, share: 45, purpose: 'Progress review' },
];
/** Audit events a case, on average. */
const AUDIT_PER_CASE = 2;

const TZ = 'Europe/Paris';

/**
 * Staff as bench/worklists sizes them (caseloads the same at every scale), plus one manager a
 * region in its first regional office (office 0 is flagged national: its manager reads everything).
 */
export function reportsStaffing(cases) {
  const s = staffing(cases, 0);
  const perOffice = cases / OFFICES;
  // Days between two cases of one counsellor or specialist: their case k and k + BAND share a slot.
  const unit = SPAN_DAYS / perOffice;
  const minGapDays = (BAND * Math.min(s.counsellors, s.specialists) - 1) * unit - 1 / 24; // an hour of DST
  // Two appointments in the same slot are at least two days apart before weekends move to Friday or
  // Monday (which never makes them meet): so the days an appointment may fall on span at most this.
  const window = Math.min(7, Math.ceil(minGapDays) - 3);
  return { ...s, perOffice, unit, minGapDays, window };
}

/** Bench users of the reports bench: [role, in office 0, in each other office]. */
const ROLES = (s) => [
  ['supervisor', 2, 2],
  ['front_desk', 24, 3],
  ['counsellor', s.counsellors, s.counsellors],
  ['specialist', s.specialists, s.specialists],
  ['manager', 1, 0],
  ['admin', 1, 0],
];

/** Interval of `x` days (a SQL expression). */
const days = (x) => `make_interval(secs => (${x}) * 86400.0)`;
/** A uniform number in (0, 1] for a row and salt. */
const unit01 = (salt, i = 'i') => `((${h(salt, 2147483647, i)} + 1) / 2147483648.0)`;

/**
 * Statements in phases; `lanes` lists are [label, sql] run on two connections at once. `anchor` is
 * the instant every time is relative to (an ISO string): the seed's own "now".
 */
export function seedPlan(cases, passwordHash, anchor) {
  const s = reportsStaffing(cases);
  if (s.window < 2)
    throw new Error(`--cases ${cases} leaves too little room between one counsellor's appointments (use a larger or rounder number)`);
  const N = cases;
  const P = s.perOffice;
  const C = s.counsellors;
  const S = s.specialists;
  const T = `'${anchor}'::timestamptz`;
  const pw = passwordHash.replace(/'/g, "''");

  const reference = [
    ...referencePlan(pw, ROLES(s)),
    // One manager a region, in its first office that is not national.
    `INSERT INTO users (id, email, full_name, role, office_id, password_hash, must_change_password, password_changed_at)
     SELECT ${userId('o', 'manager', 0)}, 'manager-' || o || '-0@bench.test', 'Manager ' || o || '-0', 'manager', ${officeId('o')}, '${pw}', false, now()
       FROM generate_series(1, ${OFFICES - 1}, ${OFFICES / 5}) o`,
  ];

  // Each level below is a subquery kept apart (OFFSET 0): PostgreSQL would otherwise fold them
  // into one and compute a column again wherever a later level names it.
  // The facts of case i: office i % 50, the (i / 50)th case of its office, opened in that order
  // over SPAN_DAYS (so each counsellor's cases come evenly over time).
  const base = (from, to) => `
    SELECT i, i % ${OFFICES} AS o, i / ${OFFICES} AS q,
           ${T} - ${days(`(${P} - i / ${OFFICES} - ${h(1, 1000)} / 1000.0) * ${s.unit}`)} AS opened,
           CASE WHEN ${h(2, 100)} < 18 THEN 16 + ${h(3, 9)} WHEN ${h(2, 100)} < 43 THEN 25 + ${h(3, 10)}
                WHEN ${h(2, 100)} < 73 THEN 35 + ${h(3, 15)} WHEN ${h(2, 100)} < 97 THEN 50 + ${h(3, 15)} ELSE 65 + ${h(3, 6)} END AS age,
           CASE WHEN ${h(4, 1000)} < 480 THEN 'female' WHEN ${h(4, 1000)} < 940 THEN 'male' WHEN ${h(4, 1000)} < 975 THEN NULL
                ELSE (ARRAY['non-binary', 'Other', 'prefer not to say', 'Woman', 'X', 'genderqueer'])[1 + ${h(5, 6)}] END AS gender,
           (ARRAY[0, 1, 2, 2, 3, 3, 3, 3, 4, 4, 5, 6, 6, 7, 8])[1 + ${h(6, 15)}]::smallint AS education,
           CASE WHEN ${h(7, 100)} < 12 THEN 'none' WHEN ${h(7, 100)} < 42 THEN 'basic' ELSE 'good' END AS digital,
           ${h(8, 100)} < 8 AS disability, ${h(9, 100)} < 5 AS interpreter,
           CASE WHEN ${h(10, 100)} < 82 THEN 'none' WHEN ${h(10, 100)} < 92 THEN 'migrant' WHEN ${h(10, 100)} < 97 THEN 'refugee' ELSE 'asylum_seeker' END AS migrant,
           ${h(11, 100)} < 20 AS rural, ${h(12, 100)} < 12 AS career_break,
           -- days out of work when the case opened (none: at risk of losing a job); short spells are the most common
           CASE WHEN ${h(13, 100)} < 10 THEN NULL ELSE power(${h(14, 1000)}, 3) / 1000000 END AS out_days,
           (ARRAY['in_person', 'in_person', 'phone', 'video', 'online', 'in_person', 'phone', 'online'])[1 + ${h(15, 8)}] AS channel,
           14 + -420 * ln(${unit01(16)}) AS close_after,
           ${h(17, 100)} AS u_status, ${h(18, 100)} AS u_track, ${h(19, 100)} AS u_reason
      FROM generate_series(${from}, ${to - 1}) i`;
  // The profiling model of apps/api (modules/triage/profiling-model.ts) on those facts.
  const profiled = (from, to) => `
    SELECT b.*, extract(epoch FROM ${T} - opened) / 86400 AS age_days,
           (CASE WHEN out_days >= 365 THEN 3 WHEN out_days >= 183 THEN 1 ELSE 0 END)
           + (CASE WHEN age < 25 AND education <= 2 THEN 3 WHEN age >= 55 THEN CASE WHEN education <= 2 THEN 3 ELSE 2 END ELSE 0 END)
           + (CASE digital WHEN 'none' THEN 2 WHEN 'basic' THEN 1 ELSE 0 END)
           + (CASE WHEN disability THEN 2 ELSE 0 END) + (CASE WHEN interpreter THEN 2 ELSE 0 END)
           + (CASE migrant WHEN 'none' THEN 0 WHEN 'migrant' THEN 1 ELSE 2 END) + (CASE WHEN rural THEN 1 ELSE 0 END)
           + (CASE WHEN career_break THEN 1 ELSE 0 END) AS score,
           array_remove(ARRAY[
             CASE WHEN out_days >= 365 THEN 'long_term_unemployed' END,
             CASE WHEN age < 25 AND education <= 2 THEN 'youth_at_risk' WHEN age >= 55 THEN 'older_worker' END,
             CASE WHEN digital = 'none' THEN 'low_digital_skills' END,
             CASE WHEN disability THEN 'disability' END,
             CASE WHEN migrant <> 'none' THEN 'migrant_refugee' END,
             CASE WHEN rural THEN 'rural' END,
             CASE WHEN career_break AND lower(trim(coalesce(gender, ''))) IN ('female', 'woman') THEN 'woman_returner' END], NULL)::text[] AS groups
      FROM (${base(from, to)} OFFSET 0) b`;
  // How the case went: registered and triaged only in its first days, closed after close_after days.
  const decided = (from, to) => `
    SELECT p.*,
           CASE WHEN close_after < age_days THEN 'closed'
                WHEN age_days < 2 THEN CASE WHEN u_status < 70 THEN 'registered' WHEN u_status < 80 THEN 'triaged' ELSE 'active' END
                WHEN age_days < 7 THEN CASE WHEN u_status < 10 THEN 'registered' WHEN u_status < 15 THEN 'triaged' ELSE 'active' END
                WHEN u_status < 93 THEN 'active' ELSE 'on_hold' END AS status,
           CASE WHEN score >= 4 THEN 'targeted' ELSE 'routine' END AS recommended,
           u_track < 8 AS overridden
      FROM (${profiled(from, to)} OFFSET 0) p`;
  const facts = (from, to) => `
    SELECT i, o, q, opened, age, gender, education, digital, disability, interpreter, migrant, rural, career_break, out_days, channel,
           age_days, score, groups, status,
           CASE WHEN status = 'registered' THEN NULL ELSE recommended END AS recommended,
           CASE WHEN status IN ('registered', 'triaged') THEN NULL WHEN overridden THEN 'overridden' ELSE 'confirmed' END AS decision,
           CASE WHEN status IN ('registered', 'triaged') THEN NULL WHEN (recommended = 'targeted') <> overridden THEN 'targeted' ELSE 'routine' END AS track,
           CASE WHEN status = 'closed' THEN opened + ${days('close_after')} END AS closed_at,
           CASE WHEN status <> 'closed' THEN NULL
                WHEN u_reason < 58 - 18 * coalesce(out_days >= 365, false)::int - 12 * (age >= 55)::int + 6 * (education >= 5)::int THEN 'employed'
                WHEN u_reason < 74 THEN 'training' WHEN u_reason < 82 THEN 'moved' WHEN u_reason < 95 THEN 'inactive' ELSE 'other' END AS close_reason
      FROM (${decided(from, to)} OFFSET 0) d`;
  const factsSelect = (from, to) => `
     SELECT f.*, ${uid(`'c' || i`)} AS case_id, ${uid(`'j' || i`)} AS jobseeker_id, ${officeId('o')} AS office_id,
            CASE WHEN track = 'routine' THEN ${userId('o', 'counsellor', `q % ${C}`)} WHEN track = 'targeted' THEN ${userId('o', 'specialist', `q % ${S}`)} END AS staff,
            -- the case's number among its counsellor's or specialist's cases: its appointment slots
            CASE WHEN track = 'routine' THEN q / ${C} WHEN track = 'targeted' THEN q / ${S} END AS m
       FROM (${facts(from, to)} OFFSET 0) f`;
  const factsTable = [`DROP TABLE IF EXISTS bench_facts`, `CREATE UNLOGGED TABLE bench_facts AS ${factsSelect(0, 0)} WITH NO DATA`];
  const half = Math.floor(N / 2);
  /** Facts of cases from..to-1. */
  const factsInsert = (from, to) => `INSERT INTO bench_facts ${factsSelect(from, to)}`;

  const jobseekers = `
    INSERT INTO jobseekers (id, reference, home_office_id, given_name, family_name, name_key, date_of_birth, gender, email, phone,
      address_line, postcode, municipality, rural, national_id, preferred_language, preferred_channel, digital_skills, disability,
      interpreter_needed, interpreter_language, migrant_status, career_break, education_level, last_occupation, unemployed_since, created_at, updated_at)
    SELECT jobseeker_id, 'J-R' || lpad(i::text, 8, '0'), office_id, g, fa, lower(g || ' ' || fa),
           opened::date - (age * 365.25)::int - ${h(20, 360)}, gender,
           'js' || i || '@example.test', '+33 6 ' || lpad(${h(21, 100000000)}::text, 8, '0'),
           (1 + ${h(22, 200)}) || ' rue de la Gare', lpad((10000 + ${h(23, 80000)})::text, 5, '0'),
           CASE WHEN rural THEN 'Village ' ELSE 'Ville ' END || ${h(24, 400)}, rural,
           CASE WHEN ${h(25, 10)} < 6 THEN 'NI' || lpad(i::text, 10, '0') END,
           (ARRAY['en', 'fr', 'es', 'fr'])[1 + ${h(26, 4)}], channel, digital, disability, interpreter,
           CASE WHEN interpreter THEN (ARRAY['ar', 'uk', 'ti', 'fa', 'ro'])[1 + ${h(27, 5)}] END, migrant, career_break, education,
           (ARRAY['2512', '4110', '5223', '7411', '8322', '9112', '3313', '5120'])[1 + ${h(28, 8)}],
           CASE WHEN out_days IS NOT NULL THEN opened::date - out_days::int END, opened, opened
      FROM (SELECT f.*, (${arr(GIVEN)})[1 + ${h(29, GIVEN.length)}] AS g, (${arr(FAMILY)})[1 + ${h(30, FAMILY.length)}] AS fa FROM bench_facts f) s`;

  const casesSql = `
    INSERT INTO cases (id, reference, jobseeker_id, office_id, status, track, track_decision, recommended_track, assigned_to, priority_groups,
      opened_at, closed_at, close_reason, first_interview_due, next_review_due, created_at, updated_at)
    SELECT case_id, 'C-R-' || lpad(i::text, 8, '0'), jobseeker_id, office_id, status, track, decision, recommended, staff,
           CASE WHEN status = 'registered' THEN '{}' ELSE groups END, opened, closed_at, close_reason,
           (opened AT TIME ZONE '${TZ}')::date + 10,
           CASE WHEN status IN ('active', 'on_hold') THEN ${T}::date - 30 + ${h(31, 150)} END, opened, coalesce(closed_at, opened)
      FROM bench_facts`;

  // Appointments: kind k of a case falls `from` + 0..window days after it opened, in the k-th band
  // of slots, at slot m % BAND of it. A counsellor's two cases that share a slot opened at least
  // minGapDays apart, more than the window: no two non-cancelled appointments of one person overlap
  // (the exclusion constraint, rebuilt after the load, checks it).
  const aKinds = `(VALUES ${APPOINTMENT_KINDS.map((a) => `(${a.k}, ${a.from}, ${a.share}, '${a.purpose}')`).join(', ')}) ak(k, first_day, share, purpose)`;
  const apptDay = `((opened AT TIME ZONE '${TZ}')::date + ak.first_day + ${h(40, s.window + 1, 'i * 4 + ak.k')})`;
  const weekday = `(CASE extract(isodow FROM ${apptDay}) WHEN 6 THEN ${apptDay} - 1 WHEN 7 THEN ${apptDay} + 1 ELSE ${apptDay} END)`;
  const appointments = (from, to) => `
    INSERT INTO appointments (id, case_id, staff_id, office_id, starts_at, ends_at, channel, purpose, status, cancel_reason,
      status_changed_at, status_changed_by, created_by, created_at, updated_at)
    SELECT id, case_id, staff, office_id, starts_at, starts_at + interval '${SLOT_MINUTES} minutes', channel, purpose, st,
           CASE WHEN st = 'cancelled' THEN (ARRAY['Client asked to rebook', 'Staff unavailable', 'Client ill', 'Case closed'])[1 + ${h(41, 4, 'i * 4 + k')}] END,
           CASE WHEN st IN ('attended', 'no_show') THEN starts_at + interval '40 minutes' WHEN st = 'cancelled' THEN least(starts_at - interval '1 day', ${T}) END,
           CASE WHEN st <> 'scheduled' THEN staff END, staff, created, greatest(created, CASE WHEN st <> 'scheduled' THEN least(starts_at + interval '40 minutes', ${T}) ELSE created END)
      FROM (
        SELECT x.*, c.created,
               CASE WHEN starts_at > ${T} THEN CASE WHEN u < 92 THEN 'scheduled' ELSE 'cancelled' END
                    WHEN starts_at > ${T} - interval '3 days' THEN CASE WHEN u < 35 THEN 'scheduled' WHEN u < 85 THEN 'attended' WHEN u < 95 THEN 'no_show' ELSE 'cancelled' END
                    WHEN u < 79 - 6 * youth THEN 'attended' WHEN u < 91 THEN 'no_show' ELSE 'cancelled' END AS st
          FROM (
            SELECT f.i, ak.k, ak.purpose, f.staff, ${uid(`'a' || f.i || '-' || ak.k`)} AS id, f.case_id, f.office_id,
                   ((${weekday} + time '08:30' + make_interval(mins => ${SLOT_MINUTES} * (ak.k * ${BAND} + f.m % ${BAND}))) AT TIME ZONE '${TZ}') AS starts_at,
                   CASE WHEN ak.k = 0 THEN f.opened + interval '2 hours' ELSE NULL END AS created0,
                   f.opened, f.closed_at, (f.age < 25)::int AS youth, ${h(42, 100, 'f.i * 4 + ak.k')} AS u,
                   CASE WHEN ak.k = 0 AND ${h(43, 100, 'f.i')} < 70 THEN 'in_person'
                        WHEN f.digital = 'none' AND f.channel IN ('video', 'online') THEN 'phone'
                        WHEN f.rural AND ${h(44, 100, 'f.i * 4 + ak.k')} < 40 THEN 'phone'
                        WHEN f.channel = 'online' THEN 'video' ELSE f.channel END AS channel
              FROM bench_facts f CROSS JOIN ${aKinds}
             WHERE f.i >= ${from} AND f.i < ${to} AND f.staff IS NOT NULL AND ${h(45, 100, 'f.i * 4 + ak.k')} < ak.share OFFSET 0) x
         CROSS JOIN LATERAL (SELECT coalesce(created0, least(x.starts_at - interval '14 days', ${T})) AS created) c
         WHERE x.closed_at IS NULL OR x.starts_at < x.closed_at OFFSET 0) a`;

  // Work items: what the front desk, counsellors and specialists did (done or cancelled) and
  // what is still open, some of it overdue. Due times come from the case's own history.
  const wKinds = `(VALUES
      (0, 'book_first_interview', 'routine', 45, 0.05, 2.0),
      (1, 'verify_registration', 'routine', 22, 0.1, 5.0),
      (2, 'phone_client', 'routine', 12, 20.0, 2.0),
      (3, 'specialist_intake', 'targeted', 40, 1.0, 5.0),
      (4, 'follow_up_no_show', NULL, 9, 10.0, 3.0),
      (5, 'review_plan', NULL, 10, 100.0, 14.0)) wk(k, kind, queue, share, created_day, due_days)`;
  const workItems = `
    INSERT INTO work_items (id, office_id, case_id, kind, queue, assignee_id, status, priority, due_at, claimed_by, claimed_at,
      completed_by, completed_at, result, created_at, updated_at)
    SELECT id, office_id, case_id, kind, queue, CASE WHEN queue IS NULL THEN staff END, st, priority, due_at,
           CASE WHEN st = 'claimed' OR (st = 'done' AND queue IS NOT NULL) THEN doer END,
           CASE WHEN st = 'claimed' THEN ${T} - make_interval(mins => 5 + u % 300) WHEN st = 'done' AND queue IS NOT NULL THEN least(due_at, ${T}) - interval '3 hours' END,
           CASE WHEN st = 'done' THEN doer END, CASE WHEN st = 'done' THEN least(due_at, ${T}) - interval '1 hour' END,
           CASE WHEN st = 'done' THEN '{"outcome": "done"}'::jsonb END, created_at,
           CASE st WHEN 'open' THEN created_at WHEN 'claimed' THEN ${T} - make_interval(mins => 5 + u % 300)
                   WHEN 'done' THEN least(due_at, ${T}) - interval '1 hour' ELSE coalesce(least(closed_at, ${T}), least(due_at, ${T})) END
      FROM (
        SELECT w.*,
               CASE WHEN closed_at IS NOT NULL AND due_at > closed_at THEN 'cancelled'
                    WHEN due_at > ${T} THEN CASE WHEN u < 85 OR (queue IS NULL AND u < 95) THEN 'open' WHEN u < 95 THEN 'claimed' ELSE 'done' END
                    WHEN due_at > ${T} - interval '45 days' THEN CASE WHEN u < 35 THEN 'open' WHEN u < 40 AND queue IS NOT NULL THEN 'claimed' WHEN u < 90 THEN 'done' ELSE 'cancelled' END
                    WHEN u < 92 THEN 'done' ELSE 'cancelled' END AS st,
               CASE WHEN queue IS NULL THEN staff WHEN queue = 'targeted' THEN staff ELSE ${userId('o', 'front_desk', `u % 3`)} END AS doer
          FROM (
            SELECT ${uid(`'w' || f.i || '-' || wk.k`)} AS id, f.office_id, f.case_id, f.o, wk.kind, wk.queue, f.staff, f.closed_at,
                   1 + ${h(50, 3, 'f.i * 8 + wk.k')} AS priority, ${h(51, 100, 'f.i * 8 + wk.k')} AS u,
                   f.opened + ${days('wk.created_day')} AS created_at, f.opened + ${days('wk.created_day + wk.due_days')} AS due_at
              FROM bench_facts f CROSS JOIN ${wKinds}
             WHERE ${h(52, 100, 'f.i * 8 + wk.k')} < wk.share
               AND (wk.queue IS NOT NULL OR f.staff IS NOT NULL) AND (coalesce(wk.queue, '') <> 'targeted' OR f.track = 'targeted')
               AND f.opened + ${days('wk.created_day')} < ${T} OFFSET 0) w OFFSET 0) x`;

  // Plans for a third of the cases, from the 12th day after the case opened (the first interview is past).
  const planCases = `bench_facts f WHERE f.staff IS NOT NULL AND f.age_days >= 14 AND ${h(60, 1000)} < 340`;
  const plans = `
    INSERT INTO intervention_plans (id, case_id, status, next_review_date, agreed_on, agreement_method, approval_comment, cancel_reason,
      created_by, submitted_by, submitted_at, approved_by, approved_at, agreement_recorded_by, agreement_recorded_at,
      completed_by, completed_at, cancelled_by, cancelled_at, created_at, updated_at)
    SELECT id, case_id, st,
           CASE WHEN st = 'agreed' THEN (created + interval '97 days')::date END,
           CASE WHEN st IN ('agreed', 'completed') THEN (created + interval '7 days')::date END,
           CASE WHEN st IN ('agreed', 'completed') THEN (ARRAY['signed_paper', 'verbal_in_person', 'verbal_phone', 'digital'])[1 + u % 4] END,
           CASE WHEN st IN ('approved', 'agreed', 'completed') AND u % 5 = 0 THEN 'Fine, go ahead' END,
           CASE WHEN st = 'cancelled' THEN 'Case closed' END,
           staff, CASE WHEN st <> 'draft' THEN staff END, CASE WHEN st <> 'draft' THEN created + interval '2 days' END,
           CASE WHEN st IN ('approved', 'agreed', 'completed') THEN sup END, CASE WHEN st IN ('approved', 'agreed', 'completed') THEN created + interval '4 days' END,
           CASE WHEN st IN ('agreed', 'completed') THEN staff END, CASE WHEN st IN ('agreed', 'completed') THEN created + interval '7 days' END,
           CASE WHEN st = 'completed' THEN staff END, CASE WHEN st = 'completed' THEN done_at END,
           CASE WHEN st = 'cancelled' THEN staff END, CASE WHEN st = 'cancelled' THEN closed_at END,
           created, CASE st WHEN 'completed' THEN done_at WHEN 'cancelled' THEN closed_at WHEN 'draft' THEN created ELSE least(created + interval '7 days', ${T}) END
      FROM (
        SELECT p.*,
               CASE WHEN closed_at IS NOT NULL THEN CASE WHEN u < 72 AND closed_at > created + interval '8 days' THEN 'completed' ELSE 'cancelled' END
                    WHEN ${T} < created + interval '8 days' THEN CASE WHEN u < 40 THEN 'draft' WHEN u < 75 THEN 'submitted' ELSE 'approved' END
                    WHEN age_days < 40 THEN CASE WHEN u < 15 THEN 'draft' WHEN u < 35 THEN 'submitted' WHEN u < 55 THEN 'approved' ELSE 'agreed' END
                    WHEN u < 72 THEN 'agreed' WHEN u < 82 THEN 'completed' WHEN u < 90 THEN 'approved' WHEN u < 95 THEN 'submitted' ELSE 'draft' END AS st,
               CASE WHEN closed_at IS NOT NULL THEN closed_at - interval '1 hour' ELSE least(created + interval '120 days', ${T} - interval '1 hour') END AS done_at
          FROM (
            SELECT ${uid(`'p' || f.i`)} AS id, f.case_id, f.staff, f.closed_at, f.age_days,
                   ${userId('f.o', 'supervisor', `${h(61, 2)}`)} AS sup, ${h(62, 100)} AS u,
                   f.opened + interval '12 days' + make_interval(hours => ${h(63, 48)}) AS created
              FROM ${planCases} OFFSET 0) p OFFSET 0) x`;
  // Two goals a plan, one action a goal.
  const goals = `
    INSERT INTO plan_goals (id, plan_id, position, description, target_date, outcome, created_at, updated_at)
    SELECT ${uid(`'g' || p.id || '-' || g`)}, p.id, g,
           (ARRAY['Find a job as a warehouse operative', 'Complete a forklift licence', 'Improve French to B1', 'Build a CV and apply to ten offers a month',
                  'Start a care assistant apprenticeship', 'Get the driving licence back'])[1 + (hashtext(p.id::text || g) & 2147483647) % 6],
           (p.created_at + make_interval(days => 90 * (g + 1)))::date,
           CASE WHEN p.status = 'completed' THEN (ARRAY['achieved', 'partly_achieved', 'not_achieved', 'achieved', 'no_longer_relevant'])[1 + (hashtext(p.id::text || g) & 2147483647) % 5] END,
           p.created_at, p.updated_at
      FROM intervention_plans p CROSS JOIN generate_series(0, 1) g`;
  const actions = `
    INSERT INTO plan_actions (id, goal_id, plan_id, position, type, description, owner, owner_user_id, due_date, status, created_at, updated_at)
    SELECT ${uid(`'x' || g.id`)}, g.id, g.plan_id, 0,
           (ARRAY['training', 'job_search_support', 'counselling', 'work_experience', 'wage_subsidy', 'referral', 'other'])[1 + (hashtext(g.id::text) & 2147483647) % 7],
           'Next step towards: ' || g.description,
           CASE WHEN hashtext(g.id::text) & 4 = 0 THEN 'staff' ELSE 'jobseeker' END,
           CASE WHEN hashtext(g.id::text) & 4 = 0 THEN p.created_by END,
           g.target_date - 30,
           CASE p.status WHEN 'completed' THEN CASE WHEN g.outcome = 'no_longer_relevant' THEN 'dropped' ELSE 'done' END
                         WHEN 'cancelled' THEN 'dropped' WHEN 'agreed' THEN (ARRAY['planned', 'in_progress', 'done'])[1 + (hashtext(g.id::text) & 2147483647) % 3]
                         ELSE 'planned' END,
           g.created_at, g.updated_at
      FROM plan_goals g JOIN intervention_plans p ON p.id = g.plan_id`;

  // The audit log: AUDIT_PER_CASE events a case over the span, in time order (ids follow time).
  const E = N * AUDIT_PER_CASE;
  const auditActions = [
    // action, entity, role, weight
    ['auth.login', 'users', 'counsellor', 18],
    ['cases.create', 'cases', 'front_desk', 8],
    ['cases.update', 'cases', 'counsellor', 7],
    ['cases.assign', 'cases', 'supervisor', 5],
    ['cases.close', 'cases', 'counsellor', 4],
    ['triage.decide', 'cases', 'counsellor', 6],
    ['jobseekers.update', 'jobseekers', 'front_desk', 6],
    ['appointments.create', 'appointments', 'front_desk', 14],
    ['appointments.update', 'appointments', 'counsellor', 10],
    ['work_items.claim', 'work_items', 'front_desk', 8],
    ['work_items.complete', 'work_items', 'front_desk', 9],
    ['intervention_plans.update', 'intervention_plans', 'counsellor', 5],
  ];
  const cum = [];
  let acc = 0;
  for (const [action, entity, role, w] of auditActions) cum.push([action, entity, role, (acc += w)]);
  const pick = (col) =>
    `CASE ${cum.map(([a, e, r, c]) => `WHEN u < ${c} THEN '${col === 'action' ? a : col === 'entity' ? e : r}'`).join(' ')} END`;
  const entityId = `CASE entity WHEN 'users' THEN actor::text WHEN 'cases' THEN ${uid(`'c' || c`)}::text WHEN 'jobseekers' THEN ${uid(`'j' || c`)}::text
                     WHEN 'appointments' THEN ${uid(`'a' || c || '-0'`)}::text WHEN 'work_items' THEN ${uid(`'w' || c || '-0'`)}::text ELSE ${uid(`'p' || c`)}::text END`;
  const audit = (from, to) => `
    INSERT INTO audit_events (id, at, actor_id, actor_role, action, entity, entity_id, changes, ip, request_id)
    SELECT j + 1, at, actor, role, action, entity, ${entityId},
           CASE action WHEN 'cases.update' THEN '{"status": {"from": "active", "to": "on_hold"}}'::jsonb
                       WHEN 'cases.close' THEN '{"status": {"from": "active", "to": "closed"}}'::jsonb
                       WHEN 'appointments.update' THEN '{"status": {"from": "scheduled", "to": "attended"}}'::jsonb
                       WHEN 'auth.login' THEN NULL ELSE '{}'::jsonb END,
           '10.' || o || '.' || (j & 255) || '.' || ((j >> 8) & 255), substr(md5(j::text), 1, 16)
      FROM (
        SELECT j, c, c % ${OFFICES} AS o, ${T} - ${days(`${SPAN_DAYS} * (1 - (j + 0.5) / ${E}.0)`)} AS at,
               ${pick('action')} AS action, ${pick('entity')} AS entity, ${pick('role')} AS role,
               CASE ${pick('role')} WHEN 'front_desk' THEN ${userId(`c % ${OFFICES}`, 'front_desk', 'j % 3')}
                                    WHEN 'supervisor' THEN ${userId(`c % ${OFFICES}`, 'supervisor', 'j % 2')}
                                    ELSE ${userId(`c % ${OFFICES}`, 'counsellor', `j % ${C}`)} END AS actor
          FROM (SELECT j, (j::bigint * 7919 % ${N})::int AS c, ${h(70, acc, 'j')} AS u FROM generate_series(${from}, ${to - 1}) j OFFSET 0) g OFFSET 0) e`;

  return {
    staffing: s,
    reference,
    factsTable,
    // The load as jobs for two connections (harness runJobs): the facts first, the biggest tables
    // in two halves; run.mjs adds each table's indexes and vacuum after its load.
    jobs: [
      { name: `facts 1-${half}`, sql: factsInsert(0, half) },
      { name: `facts ${half + 1}-${N}`, sql: factsInsert(half, N) },
      // Each half of the appointments reads its half of the facts.
      { table: 'appointments', name: `appointments of cases 1-${half}`, sql: appointments(0, half), after: [`facts 1-${half}`] },
      {
        table: 'appointments',
        name: `appointments of cases ${half + 1}-${N}`,
        sql: appointments(half, N),
        after: [`facts ${half + 1}-${N}`],
      },
      ...[
        ['jobseekers', 'jobseekers', jobseekers],
        ['cases', 'cases', casesSql],
        ['work_items', 'work_items', workItems],
        ['intervention_plans', 'intervention_plans', plans],
      ].map(([table, name, sql]) => ({ table, name, sql, after: [`facts 1-${half}`, `facts ${half + 1}-${N}`] })),
      { table: 'plan_goals', name: 'plan_goals', sql: goals, after: ['intervention_plans'] },
      { table: 'plan_actions', name: 'plan_actions', sql: actions, after: ['plan_goals'] },
      // The audit log needs no facts.
      { table: 'audit_events', name: `audit events 1-${E / 2}`, sql: audit(0, E / 2) },
      { table: 'audit_events', name: `audit events ${E / 2 + 1}-${E}`, sql: audit(E / 2, E) },
    ],
    sequences: [
      `SELECT setval('jobseeker_reference_seq', ${N + 1})`,
      `SELECT setval('case_reference_seq', ${N + 1})`,
      `SELECT setval(pg_get_serial_sequence('audit_events', 'id'), ${E})`,
    ],
    groups: PRIORITY_GROUPS,
  };
}

/**
 * Rows a case, and CPU seconds a million rows of each kind of job took at 5,000,000 cases: the
 * weights that order the jobs (the longest chain first).
 */
export const ROWS_PER_CASE = {
  jobseekers: 1,
  cases: 1,
  appointments: 2.13,
  work_items: 1.11,
  intervention_plans: 0.33,
  plan_goals: 0.67,
  plan_actions: 0.67,
  audit_events: 2,
};
export const CPU_PER_MILLION = { load: 22, audit: 8.5, btree: 3, gin: 5, gist: 45, vacuum: 0.6 };

/** Tables the bench loads: their secondary indexes are dropped for the load and rebuilt after it. */
export const LOADED_TABLES = [
  'jobseekers',
  'cases',
  'appointments',
  'work_items',
  'intervention_plans',
  'plan_goals',
  'plan_actions',
  'audit_events',
];
