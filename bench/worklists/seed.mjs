// Set-based seeding of a bench database: regions, offices, staff, jobseekers, cases, profiling
// results and work items, all from generate_series. Deterministic: the same --cases gives the
// same rows (ids are md5-derived UUIDs, choices are hashes of the row number).

export const OFFICES = 50;
export const REGIONS = 5;
/** Front-desk staff of the busy office (claim-next runs 20 of them at once). */
export const BUSY_FRONT_DESK = 24;
export const BENCH_PASSWORD = 'Casework-bench-2026';

/** A stable pseudo-random integer in [0, mod) for row i and a salt. */
export const h = (salt, mod, i = 'i') => `((hashint8((${i})::bigint * 64 + ${salt}) & 2147483647) % ${mod})`;
/** A UUID (version 4 in form, as the API's id pipes require) derived from a text: the same text, the same id. */
export const uid = (text) => `overlay(overlay(md5(${text}) placing '4' from 13) placing '8' from 17)::uuid`;
export const officeId = (o) => uid(`'office-' || (${o})`);
export const userId = (o, role, k) => uid(`'user-' || (${o}) || '-${role}-' || (${k})`);

export const GIVEN = [
  'Amina',
  'Ben',
  'Chloé',
  'Dario',
  'Elif',
  'Farid',
  'Grace',
  'Hugo',
  'Ines',
  'Jonas',
  'Kofi',
  'Lena',
  'Marek',
  'Nadia',
  'Omar',
  'Paula',
  'Quentin',
  'Rosa',
  'Samir',
  'Tara',
  'Ugo',
  'Vera',
  'Wim',
  'Xenia',
  'Yusuf',
  'Zoé',
  'Aleksander',
  'Beatriz',
  'Cyril',
  'Dana',
  'Emeka',
  'Fatou',
  'Gustavo',
  'Hana',
  'Ivan',
  'Julia',
  'Karim',
  'Laila',
  'Mateo',
  'Nora',
];
export const FAMILY = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefebvre',
  'Michel',
  'Garcia',
  'David',
  'Bertrand',
  'Roux',
  'Vincent',
  'Fournier',
  'Morel',
  'Girard',
  'Andre',
  'Mercier',
  'Dupont',
  'Lambert',
  'Bonnet',
  'Francois',
  'Martinez',
  'Legrand',
  'Garnier',
  'Faure',
  'Rousseau',
  'Blanc',
  'Guerin',
  'Muller',
  'Henry',
  'Roussel',
  'Nicolas',
  'Perrin',
  'Morin',
  'Mathieu',
  'Clement',
  'Gauthier',
  'Dumont',
  'Lopez',
  'Fontaine',
  'Chevalier',
  'Robin',
  'Masson',
  'Nguyen',
  'Okafor',
  'Kowalski',
  'Schmidt',
  'Rossi',
  'Silva',
  'Yilmaz',
  'Haddad',
  'Novak',
  'Jensen',
];
export const arr = (xs) => `ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]`;

/**
 * Staff numbers for a scale: caseloads stay near 160 cases a counsellor and 60 a specialist, so a
 * counsellor's worklist is the same size at 10,000 and at 1,000,000 cases; only the tables grow.
 */
export function staffing(cases, busyQueue) {
  const perOffice = cases / OFFICES;
  const counsellors = Math.max(1, Math.round((0.744 * perOffice) / 160));
  const specialists = Math.max(1, Math.round((0.186 * perOffice) / 60));
  return { cases, busyQueue, counsellors, specialists, perOffice: Math.floor(perOffice) };
}

/**
 * Regions, offices (office 0 is the busy one, flagged national) and staff: `roles` lists
 * [role, how many in office 0, how many in each other office]. Every user gets `pw` (an argon2 hash,
 * quotes doubled), an email role-office-k@bench.test and an id derived from the same.
 */
export function referencePlan(pw, roles) {
  const values = roles.map(([role, busy, other]) => `('${role}', ${busy}, ${other})`).join(', ');
  return [
    `INSERT INTO regions (id, code, name) SELECT ${uid(`'region-' || r`)}, 'BR' || r, 'Bench region ' || r FROM generate_series(0, ${REGIONS - 1}) r`,
    `INSERT INTO offices (id, region_id, code, name, time_zone, language, national)
     SELECT ${officeId('o')}, ${uid(`'region-' || (o / ${OFFICES / REGIONS})`)}, 'BO' || lpad(o::text, 2, '0'), 'Bench office ' || o, 'Europe/Paris', 'en', o = 0
       FROM generate_series(0, ${OFFICES - 1}) o`,
    `INSERT INTO users (id, email, full_name, role, office_id, password_hash, must_change_password, caseload_cap, password_changed_at)
     SELECT ${userId('o', "' || r.role || '", 'k')}, r.role || '-' || o || '-' || k || '@bench.test', initcap(replace(r.role, '_', ' ')) || ' ' || o || '-' || k,
            r.role, ${officeId('o')}, '${pw}', false,
            CASE r.role WHEN 'counsellor' THEN 250 WHEN 'specialist' THEN 100 END, now()
       FROM generate_series(0, ${OFFICES - 1}) o
      CROSS JOIN (VALUES ${values}) r(role, busy, other)
      CROSS JOIN LATERAL generate_series(0, CASE WHEN o = 0 THEN r.busy ELSE r.other END - 1) k`,
  ];
}

/** Statements per phase; each phase's lists run on two connections at once. */
export function seedPlan(s, passwordHash) {
  const N = s.cases;
  const C = s.counsellors;
  const S = s.specialists;
  const pw = passwordHash.replace(/'/g, "''");

  const reference = referencePlan(pw, [
    ['supervisor', 2, 2],
    ['front_desk', BUSY_FRONT_DESK, 3],
    ['counsellor', C, C],
    ['specialist', S, S],
    ['manager', 1, 0],
    ['admin', 1, 0],
  ]);

  // Case i (0-based) belongs to office i % 50 and to jobseeker i.
  const jobseekers = `
    INSERT INTO jobseekers (id, reference, home_office_id, given_name, family_name, name_key, date_of_birth, gender, email, phone,
      address_line, postcode, municipality, rural, national_id, preferred_language, preferred_channel, digital_skills, disability,
      interpreter_needed, migrant_status, career_break, education_level, last_occupation, unemployed_since, created_at, updated_at)
    SELECT ${uid(`'j' || i`)}, 'J-B' || lpad(i::text, 7, '0'), ${officeId(`i % ${OFFICES}`)}, g, f, lower(g || ' ' || f),
           date '1962-01-01' + ${h(3, 15000)}, (ARRAY['female', 'male', NULL, 'female', 'male'])[1 + ${h(4, 5)}],
           'js' || i || '@example.test', '+33 6 ' || lpad(${h(5, 100000000)}::text, 8, '0'),
           (1 + ${h(6, 200)}) || ' rue de la Gare', lpad((10000 + ${h(7, 80000)})::text, 5, '0'), 'Commune ' || ${h(8, 400)},
           ${h(9, 5)} = 0, CASE WHEN ${h(10, 10)} < 6 THEN 'NI' || lpad(i::text, 9, '0') END,
           (ARRAY['en', 'fr', 'es', 'fr'])[1 + ${h(11, 4)}], (ARRAY['in_person', 'phone', 'video', 'online'])[1 + ${h(12, 4)}],
           (ARRAY['none', 'basic', 'good', 'good'])[1 + ${h(13, 4)}], ${h(14, 12)} = 0, ${h(15, 20)} = 0,
           (ARRAY['none', 'none', 'none', 'migrant', 'refugee'])[1 + ${h(16, 5)}], ${h(17, 8)} = 0, ${h(18, 9)},
           (ARRAY['2512', '4110', '5223', '7411', '8322', '9112', '3313', '5120'])[1 + ${h(19, 8)}],
           current_date - 30 - ${h(20, 1500)}, now() - make_interval(days => ${h(21, 700)}), now()
      FROM (SELECT i, (${arr(GIVEN)})[1 + ${h(1, GIVEN.length)}] AS g, (${arr(FAMILY)})[1 + ${h(2, FAMILY.length)}] AS f
              FROM generate_series(0, ${N - 1}) i) s`;

  // 80% active, 5% on hold, 7% registered (not yet assigned), 8% closed; 80% routine.
  const cases = `
    INSERT INTO cases (id, reference, jobseeker_id, office_id, status, track, track_decision, recommended_track, assigned_to, priority_groups,
      opened_at, closed_at, close_reason, first_interview_due, next_review_due, created_at, updated_at)
    SELECT ${uid(`'c' || i`)}, 'C-B-' || lpad(i::text, 7, '0'), ${uid(`'j' || i`)}, ${officeId('o')}, st,
           CASE WHEN st <> 'registered' THEN trk END, dec,
           -- the profiling result's recommendation, as the triage insert below derives it
           CASE WHEN (CASE WHEN st <> 'registered' THEN trk END = 'targeted') <> (dec = 'overridden') THEN 'targeted' ELSE 'routine' END,
           CASE WHEN st = 'registered' THEN NULL
                WHEN trk = 'routine' THEN ${userId('o', 'counsellor', `(i / ${OFFICES}) % ${C}`)}
                ELSE ${userId('o', 'specialist', `(i / ${OFFICES}) % ${S}`)} END,
           (ARRAY['{long_term_unemployed}', '{youth_at_risk}', '{older_worker,low_digital_skills}', '{migrant_refugee}', '{}', '{}', '{}', '{}', '{}', '{}'])[1 + ${h(34, 10)}]::text[],
           opened, CASE WHEN st = 'closed' THEN opened + (now() - opened) / 2 END, CASE WHEN st = 'closed' THEN 'employed' END,
           opened::date + 10, CASE WHEN st IN ('active', 'on_hold') THEN current_date - 30 + ${h(35, 150)} END, opened, opened
      FROM (SELECT i, i % ${OFFICES} AS o,
                   CASE WHEN ${h(30, 100)} < 80 THEN 'active' WHEN ${h(30, 100)} < 85 THEN 'on_hold' WHEN ${h(30, 100)} < 92 THEN 'registered' ELSE 'closed' END AS st,
                   CASE WHEN ${h(31, 100)} < 80 THEN 'routine' ELSE 'targeted' END AS trk,
                   CASE WHEN ${h(30, 100)} BETWEEN 85 AND 91 THEN NULL WHEN ${h(33, 20)} = 0 THEN 'overridden' ELSE 'confirmed' END AS dec,
                   now() - make_interval(days => ${h(32, 700)}, secs => ${h(36, 86400)}) AS opened
              FROM generate_series(0, ${N - 1}) i) s`;

  const triage = `
    INSERT INTO triage_results (id, case_id, model_version, inputs, score, threshold, recommended_track, priority_groups, factors, created_at)
    SELECT ${uid(`'t' || c.reference`)}, c.id, 'bench-1', '{"bench": true}', sc, 40, CASE WHEN sc >= 40 THEN 'targeted' ELSE 'routine' END,
           c.priority_groups, '[]', c.opened_at
      FROM (SELECT c.*, CASE WHEN (c.track = 'targeted') <> (c.track_decision = 'overridden') THEN 55 ELSE 20 END AS sc FROM cases c) c`;

  // Work items: ~0.92 per case plus the busy office's routine queue.
  const routineKind = (x) => `(ARRAY['verify_registration', 'book_first_interview', 'phone_client'])[1 + ${x} % 3]`;
  const pooled = (count, where, cols) => `
    INSERT INTO work_items (office_id, case_id, kind, queue, status, priority, due_at, claimed_by, claimed_at, completed_by, completed_at, result, created_at, updated_at)
    SELECT ${officeId(`c % ${OFFICES}`)}, ${uid(`'c' || c`)}, ${cols}
      FROM (SELECT i, (i::bigint * 7919 % ${N})::int AS c FROM generate_series(0, ${count - 1}) i) s ${where}`;
  const due = (
    salt,
  ) => `CASE WHEN ${h(salt, 100)} < 25 THEN now() - make_interval(hours => 1 + ${h(salt + 1, 72)}, secs => ${h(salt + 2, 3600)})
                              ELSE now() + make_interval(hours => 1 + ${h(salt + 1, 240)}, secs => ${h(salt + 2, 3600)}) END`;
  const frontDesk = `${userId(`c % ${OFFICES}`, 'front_desk', `i % 3`)}`;
  const workItems = [
    // The busy office's routine queue: all open, a quarter overdue, priorities 1/2/3 at 10/60/30%.
    `INSERT INTO work_items (office_id, case_id, kind, queue, status, priority, due_at, created_at, updated_at)
     SELECT ${officeId(0)}, ${uid(`'c' || ((i % ${s.perOffice}) * ${OFFICES})`)}, ${routineKind('i')}, 'routine', 'open',
            CASE WHEN i % 10 = 0 THEN 1 WHEN i % 10 < 7 THEN 2 ELSE 3 END, ${due(40)}, now() - interval '2 days', now() - interval '2 days'
       FROM generate_series(0, ${s.busyQueue - 1}) i`,
    // Other offices' routine queues (open), then claimed, done and cancelled history.
    pooled(
      Math.round(0.12 * N),
      `WHERE c % ${OFFICES} <> 0`,
      `${routineKind('i')}, 'routine', 'open', 1 + ${h(50, 3)}, ${due(51)}, NULL, NULL, NULL, NULL, NULL, now() - interval '3 days', now() - interval '3 days'`,
    ),
    pooled(
      Math.round(0.03 * N),
      '',
      `${routineKind('i')}, 'routine', 'claimed', 2, ${due(54)}, ${frontDesk}, now() - interval '1 hour', NULL, NULL, NULL, now() - interval '3 days', now()`,
    ),
    pooled(
      Math.round(0.6 * N),
      '',
      `${routineKind('i')}, 'routine', 'done', 2, now() - make_interval(days => 1 + ${h(57, 600)}), ${frontDesk}, now() - make_interval(days => 2 + ${h(57, 600)}), ${frontDesk}, now() - make_interval(days => 1 + ${h(57, 600)}), '{"outcome": "done"}', now() - make_interval(days => 3 + ${h(57, 600)}), now()`,
    ),
    pooled(
      Math.round(0.05 * N),
      '',
      `${routineKind('i')}, 'routine', 'cancelled', 2, now() - make_interval(days => 1 + ${h(58, 600)}), NULL, NULL, NULL, NULL, NULL, now() - make_interval(days => 3 + ${h(58, 600)}), now()`,
    ),
    // Specialists' targeted queue (open intakes for targeted cases).
    `INSERT INTO work_items (office_id, case_id, kind, queue, status, priority, due_at, created_at, updated_at)
     SELECT office_id, id, 'specialist_intake', 'targeted', 'open', 1, opened_at + interval '5 days', opened_at, opened_at
       FROM cases WHERE track = 'targeted' AND status = 'active' AND (hashtext(reference) & 7) = 0`,
    // Counsellors' and specialists' personal items on their own cases.
    `INSERT INTO work_items (office_id, case_id, kind, assignee_id, status, priority, due_at, created_at, updated_at)
     SELECT office_id, id, CASE WHEN (hashtext(reference) & 1) = 0 THEN 'review_plan' ELSE 'follow_up_no_show' END, assigned_to, 'open', 2,
            now() + make_interval(days => (hashtext(reference) & 63) - 20), now() - interval '5 days', now() - interval '5 days'
       FROM cases WHERE assigned_to IS NOT NULL AND status IN ('active', 'on_hold') AND (hashtext(reference) & 7) < 1`,
  ];

  return {
    reference,
    // Two connections: jobseekers then profiling results on one, cases then work items on the other.
    bulk: [[jobseekers], [cases]],
    bulk2: [[triage], workItems],
    sequences: [`SELECT setval('jobseeker_reference_seq', ${N + 1})`, `SELECT setval('case_reference_seq', ${N + 1})`],
  };
}

export const SEEDED_TABLES = ['jobseekers', 'cases', 'triage_results', 'work_items', 'users'];
