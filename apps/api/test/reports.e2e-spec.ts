import type { EquityReport, EquityRow } from '@casework/contracts';
import { ReportsRefreshService } from '../src/modules/reports/reports-refresh.service.js';
import { createTestApp, DEMO, login, type Session, type TestApp } from './helpers.js';
import { auditRows, expectError, expectFieldError } from './support.js';

/**
 * A fixed data set of 20 cases in Northside and 2 in Riverside (both in the demo region), with
 * figures worked out by hand in the comments; every case was registered on 10 March 2026 (Paris),
 * first interview due on 20 March.
 */
interface Spec {
  track: 'routine' | 'targeted' | null;
  overridden?: boolean;
  groups: string[];
  gender: string | null;
  born: string;
  staff: 'counsellor' | 'specialist' | null;
  closed?: { on: string; reason: string };
  appointment?: { on: string; status: 'attended' | 'no_show' | 'cancelled'; channel: 'in_person' | 'phone' | 'video' };
  plan?: 'completed' | 'agreed' | 'cancelled';
}

const young = '2005-01-01'; // 21 when registered: under_25
const middle = '1980-06-01'; // 45: 35_49

function northside(): Spec[] {
  const specs: Spec[] = [];
  for (let n = 1; n <= 20; n++) {
    const groups = [
      ...(n <= 6 ? ['rural'] : []),
      ...(n >= 7 && n <= 9 ? ['youth_at_risk'] : []),
      ...((n >= 1 && n <= 4) || (n >= 10 && n <= 13) ? ['long_term_unemployed'] : []),
    ];
    const spec: Spec = {
      track: n <= 8 ? 'targeted' : n <= 18 ? 'routine' : null,
      overridden: [1, 2, 9].includes(n),
      groups,
      gender: n <= 10 ? 'female' : n <= 18 ? 'Male' : 'non-binary',
      born: n <= 5 ? young : middle,
      staff: n <= 8 ? 'specialist' : n <= 14 || (n >= 16 && n <= 18) ? 'counsellor' : null,
    };
    if (n <= 10)
      spec.appointment = { on: n === 3 ? '2026-03-25' : '2026-03-18', status: 'attended', channel: n <= 5 ? 'in_person' : 'phone' };
    if (n === 11 || n === 12) spec.appointment = { on: '2026-03-18', status: 'no_show', channel: 'video' };
    if (n === 13) spec.appointment = { on: '2026-03-30', status: 'attended', channel: 'in_person' };
    if (n === 14) spec.appointment = { on: '2026-03-19', status: 'cancelled', channel: 'phone' };
    if (n <= 3) spec.plan = 'completed';
    if (n === 4 || n === 5) spec.plan = 'agreed';
    if (n === 6) spec.plan = 'cancelled';
    if (n === 16) spec.closed = { on: '2026-04-09', reason: 'employed' }; // 30 days
    if (n === 17) spec.closed = { on: '2026-05-09', reason: 'employed' }; // 60 days
    if (n === 18) spec.closed = { on: '2026-04-01', reason: 'moved' };
    if (n === 19) spec.closed = { on: '2026-03-15', reason: 'inactive' }; // before the first interview was due
    if (n === 20) spec.closed = { on: '2026-06-18', reason: 'employed' }; // 100 days
    specs.push(spec);
  }
  return specs;
}

const PERIOD = 'from=2026-01&to=2026-06';

describe('reports', () => {
  let t: TestApp;
  let manager: Session;
  let supervisor: Session;
  let northsideId: string;
  let riversideId: string;
  let otherRegionOffice: string;
  let otherRegion: string;
  const caseIds: string[] = [];

  const refresh = (full = false) => t.app.get(ReportsRefreshService).refresh({ full });
  const get = (path: string, who: Session = manager) => t.http.get(path).set(who.auth);

  async function addCase(officeId: string, n: number, spec: Spec, staff: Record<string, string>): Promise<string> {
    const { rows: js } = await t.sql.query(
      `INSERT INTO jobseekers (reference, home_office_id, given_name, family_name, name_key, date_of_birth, digital_skills, education_level, gender)
       VALUES ($1, $2, 'Test', $3, $4, $5, 'basic', 3, $6) RETURNING id`,
      [`J-R-${officeId.slice(0, 4)}-${n}`, officeId, `Person${n}`, `test person${n}`, spec.born, spec.gender],
    );
    const { rows: cs } = await t.sql.query(
      `INSERT INTO cases (reference, jobseeker_id, office_id, status, track, track_decision, assigned_to, priority_groups,
                          opened_at, closed_at, close_reason, first_interview_due)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '2026-03-10 10:00 Europe/Paris', $9::date + time '12:00', $10, '2026-03-20') RETURNING id`,
      [
        `C-R-${officeId.slice(0, 4)}-${n}`,
        js[0].id,
        officeId,
        spec.closed ? 'closed' : spec.track ? 'active' : 'registered',
        spec.track,
        spec.track ? (spec.overridden ? 'overridden' : 'confirmed') : null,
        spec.staff ? staff[spec.staff] : null,
        spec.groups,
        spec.closed?.on ?? null,
        spec.closed?.reason ?? null,
      ],
    );
    const caseId = cs[0].id as string;
    if (spec.appointment) {
      const a = spec.appointment;
      // A distinct hour per case: the same counsellor may not be booked twice at once.
      await t.sql.query(
        `INSERT INTO appointments (case_id, staff_id, office_id, starts_at, ends_at, channel, purpose, status, cancel_reason)
         VALUES ($1, $2, $3, $4::date + make_interval(mins => 30 * $7), $4::date + make_interval(mins => 30 * $7 + 20), $5, 'Interview', $6, $8)`,
        [caseId, staff.counsellor, officeId, a.on, a.channel, a.status, n, a.status === 'cancelled' ? 'client asked' : null],
      );
    }
    if (spec.plan) {
      await t.sql.query(
        `INSERT INTO intervention_plans (case_id, status, created_by, agreed_on, agreement_method, cancel_reason, cancelled_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          caseId,
          spec.plan,
          staff.counsellor,
          spec.plan === 'cancelled' ? null : '2026-03-20',
          spec.plan === 'cancelled' ? null : 'signed_paper',
          spec.plan === 'cancelled' ? 'not needed' : null,
          spec.plan === 'cancelled' ? '2026-03-21' : null,
        ],
      );
    }
    return caseId;
  }

  beforeAll(async () => {
    t = await createTestApp();
    manager = await login(t, DEMO.manager);
    supervisor = await login(t, DEMO.supervisor);
    const { rows: offices } = await t.sql.query(`SELECT id, code FROM offices`);
    northsideId = offices.find((o) => o.code === 'NORTHSIDE').id;
    riversideId = offices.find((o) => o.code === 'RIVERSIDE').id;
    const { rows: staff } = await t.sql.query(`SELECT id, email FROM users`);
    const byEmail = Object.fromEntries(staff.map((u) => [u.email, u.id]));
    const northStaff = { counsellor: byEmail[DEMO.counsellor], specialist: byEmail[DEMO.specialist] };
    for (const [i, spec] of northside().entries()) caseIds.push(await addCase(northsideId, i + 1, spec, northStaff));
    const riverStaff = { counsellor: byEmail[DEMO.counsellor2], specialist: byEmail[DEMO.counsellor2] };
    for (const n of [1, 2]) {
      await addCase(riversideId, n, { track: 'routine', groups: [], gender: null, born: middle, staff: 'counsellor' }, riverStaff);
    }
    const { rows: region } = await t.sql.query(`INSERT INTO regions (code, name) VALUES ('SOUTH', 'South') RETURNING id`);
    otherRegion = region[0].id;
    const { rows: office } = await t.sql.query(
      `INSERT INTO offices (region_id, code, name, time_zone) VALUES ($1, 'SOUTHPORT', 'Southport', 'Europe/Madrid') RETURNING id`,
      [otherRegion],
    );
    otherRegionOffice = office[0].id;
    // Overdue work: a personal follow-up of the counsellor 3 days late, a routine item 40 days late.
    await t.sql.query(
      `INSERT INTO work_items (office_id, case_id, kind, queue, assignee_id, due_at) VALUES
         ($1, $2, 'book_first_interview', NULL, $3, now() - interval '3 days'),
         ($1, $4, 'verify_registration', 'routine', NULL, now() - interval '40 days')`,
      [northsideId, caseIds[9], northStaff.counsellor, caseIds[10]],
    );
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('answers 503 until the rollups have been built once', async () => {
    const res = await get(`/api/reports/equity?${PERIOD}`);
    expectError(res, 503, 'SERVICE_UNAVAILABLE');
    expect(res.headers['retry-after']).toBe('60');
    const first = await refresh();
    expect(first).toEqual(expect.objectContaining({ outcome: 'done', full: true, cases: 22 }));
  });

  it('equity: figures for everyone, and each group against everyone else, with small counts suppressed', async () => {
    const res = await get(`/api/reports/equity?${PERIOD}&officeId=${northsideId}`);
    expect(res.status).toBe(200);
    const r = res.body as EquityReport;
    expect(r.meta).toEqual(
      expect.objectContaining({ report: 'equity', officeId: northsideId, from: '2026-01', to: '2026-06', dataAsOf: expect.any(String) }),
    );
    expect(r.meta.lagSeconds).toBeGreaterThanOrEqual(0);
    const v = (f: { value: number | null }) => f.value;
    // 20 cases; 18 routed, 8 targeted; 18 decisions, 3 overrides; 13 appointments (11 attended, 2 no-shows);
    // first attended after 8 days (9 cases), 15 and 20: median 8; 5 plans, 3 completed; 5 closed, 3 employed.
    expect(v(r.all.cases)).toBe(20);
    expect(r.all.targetedShare).toEqual({ value: 0.4444, numerator: 8, denominator: 18, suppressed: false });
    expect(v(r.all.medianDaysToFirstAppointment)).toBe(8);
    expect(v(r.all.appointmentsPerCase)).toBe(0.65);
    expect(v(r.all.planCompletionRate)).toBe(0.6);
    expect(v(r.all.noShowRate)).toBe(0.1538);
    expect(v(r.all.overrideRate)).toBe(0.1667);
    expect(v(r.all.employmentRate)).toBe(0.6);

    const row = (dimension: string, key: string) => r.rows.find((x) => x.dimension === dimension && x.key === key) as EquityRow;
    const rural = row('group', 'rural');
    // Rural: cases 1-6, all targeted (6 of 6) but only 2 of the other 12 routed cases are: the 2 gives
    // both away, so both are suppressed.
    expect(v(rural.figures.cases)).toBe(6);
    expect(v(rural.rest.cases)).toBe(14);
    expect(rural.figures.targetedShare.suppressed).toBe(true);
    expect(rural.rest.targetedShare).toEqual({ value: null, numerator: null, denominator: null, suppressed: true });
    // Days to first appointment: rural 8,8,15,8,8,8 -> 8; everyone else 8,8,8,8,20 -> 8 (5 cases: shown).
    expect(v(rural.figures.medianDaysToFirstAppointment)).toBe(8);
    expect(v(rural.rest.medianDaysToFirstAppointment)).toBe(8);
    expect(rural.figures.appointmentsPerCase).toEqual({ value: 1, numerator: 6, denominator: 6, suppressed: false });
    expect(rural.rest.appointmentsPerCase).toEqual({ value: 0.5, numerator: 7, denominator: 14, suppressed: false });
    // No rural no-shows (0 of 6: shown); everyone else 2 of 7: suppressed, and so the rural figure too.
    expect(rural.figures.noShowRate.suppressed).toBe(true);
    // 3 completed plans of 5; 2 overrides of 6; no rural case closed (0 of 0: nothing to hide).
    expect(rural.figures.planCompletionRate.suppressed).toBe(true);
    expect(rural.figures.overrideRate.suppressed).toBe(true);
    expect(rural.rest.employmentRate.suppressed).toBe(true);
    expect(rural.figures.employmentRate.suppressed).toBe(true);

    // Youth at risk: 3 cases, suppressed with everyone else; an empty group shows its zero.
    const youth = row('group', 'youth_at_risk');
    expect(youth.figures.cases.suppressed).toBe(true);
    expect(youth.rest.cases.suppressed).toBe(true);
    expect(youth.figures.targetedShare.suppressed).toBe(true);
    expect(row('group', 'older_worker').figures.cases).toEqual({ value: 0, numerator: 0, denominator: null, suppressed: false });
    expect(row('group', 'long_term_unemployed').figures.cases.value).toBe(8);

    // Gender: female 10, male 8, other 2 (non-binary), not stated 0. "Other" alone would be worked
    // out from the total, so the next smallest (male) is suppressed with it.
    expect(v(row('gender', 'female').figures.cases)).toBe(10);
    expect(row('gender', 'other').figures.cases.suppressed).toBe(true);
    expect(row('gender', 'male').figures.cases.suppressed).toBe(true);
    expect(v(row('gender', 'not_stated').figures.cases)).toBe(0);
    // Age at registration: 5 under 25, 15 aged 35-49.
    expect(v(row('age_band', 'under_25').figures.cases)).toBe(5);
    expect(v(row('age_band', '35_49').figures.cases)).toBe(15);
    expect(v(row('age_band', '65_plus').figures.cases)).toBe(0);
    // No suppressed figure carries a number anywhere.
    for (const x of r.rows)
      for (const f of [...Object.values(x.figures), ...Object.values(x.rest)])
        if (f.suppressed) expect([f.value, f.numerator, f.denominator]).toEqual([null, null, null]);
  });

  it('deadlines: first interviews within the 10-day target, and overdue items by age', async () => {
    const res = await get(`/api/reports/deadlines?${PERIOD}&officeId=${northsideId}`);
    expect(res.status).toBe(200);
    // Within: cases 1, 2, 4-10 (9). Late: 3 and 13 (seen after the 20th), 11 and 12 (no-shows),
    // 14, 15 (never seen), 16-18 and 20 (closed after the due date). Case 19 closed before it was due.
    expect(res.body.targetDays).toBe(10);
    expect(res.body.firstInterviews).toEqual({ due: 19, withinTarget: 9, late: 10, withinTargetShare: 0.4737 });
    expect(res.body.byOffice).toEqual([
      expect.objectContaining({ officeId: northsideId, officeName: 'Northside Job Centre', due: 19, withinTarget: 9, overdueItems: 2 }),
    ]);
    const bucket = (b: string) => res.body.overdueByAge.find((x: { bucket: string }) => x.bucket === b);
    expect(bucket('2_7_days')).toEqual({ bucket: '2_7_days', routine: 0, targeted: 0, personal: 1, total: 1 });
    expect(bucket('over_30_days')).toEqual({ bucket: 'over_30_days', routine: 1, targeted: 0, personal: 0, total: 1 });
    expect(bucket('1_day').total).toBe(0);
  });

  it('outcomes: closures by reason and month, median days to employment', async () => {
    const res = await get(`/api/reports/outcomes?${PERIOD}&officeId=${northsideId}`);
    expect(res.status).toBe(200);
    expect(res.body.closed).toBe(5);
    expect(res.body.employed).toBe(3);
    // 30, 60 and 100 days.
    expect(res.body.medianDaysToEmployment).toBe(60);
    expect(res.body.closures).toEqual([
      { reason: 'employed', count: 3 },
      { reason: 'training', count: 0 },
      { reason: 'moved', count: 1 },
      { reason: 'inactive', count: 1 },
      { reason: 'other', count: 0 },
    ]);
    expect(res.body.byMonth).toEqual([
      { month: '2026-01', closed: 0, employed: 0 },
      { month: '2026-02', closed: 0, employed: 0 },
      { month: '2026-03', closed: 1, employed: 0 },
      { month: '2026-04', closed: 2, employed: 1 },
      { month: '2026-05', closed: 1, employed: 1 },
      { month: '2026-06', closed: 1, employed: 1 },
    ]);
  });

  it('channel mix: appointments held or booked, by channel and month', async () => {
    const res = await get(`/api/reports/channels?${PERIOD}&officeId=${northsideId}`);
    expect(res.status).toBe(200);
    // In person: cases 1-5 and 13; phone: 6-10 (14's was cancelled); video: the two no-shows.
    expect(res.body.channels).toEqual([
      { channel: 'in_person', appointments: 6, attended: 6, share: 0.4615 },
      { channel: 'phone', appointments: 5, attended: 5, share: 0.3846 },
      { channel: 'video', appointments: 2, attended: 0, share: 0.1538 },
    ]);
    expect(res.body.byMonth.find((m: { month: string }) => m.month === '2026-03')).toEqual({
      month: '2026-03',
      in_person: 6,
      phone: 5,
      video: 2,
    });
  });

  it('caseload: open cases, weighted load and overdue items per case worker, not suppressed', async () => {
    const res = await get(`/api/reports/caseload?officeId=${northsideId}`);
    expect(res.status).toBe(200);
    const person = (name: string) => res.body.rows.find((r: { staffName: string }) => r.staffName === name);
    // Specialist: cases 1-8, targeted (weight 2). Counsellor: 9-14 open and routine; 16-18 are closed.
    expect(person('Sami Specialist')).toEqual(
      expect.objectContaining({ role: 'specialist', openCases: 8, targetedCases: 8, weightedLoad: 16, cap: 60, overdueItems: 0 }),
    );
    expect(person('Camille Counsel')).toEqual(
      expect.objectContaining({ role: 'counsellor', openCases: 6, routineCases: 6, weightedLoad: 6, cap: 120, overdueItems: 1 }),
    );
    // Case 15 is open with nobody assigned.
    expect(res.body.totals).toEqual(
      expect.objectContaining({ openCases: 14, weightedLoad: 22, unassignedCases: 1, overCap: 0, overdueItems: 1 }),
    );
    // Most loaded first: Sami at 16 of 60, Camille at 6 of 120, then everyone with nothing.
    expect(res.body.rows.slice(0, 2).map((r: { staffName: string }) => r.staffName)).toEqual(['Sami Specialist', 'Camille Counsel']);
    expect(res.body.page).toEqual({ offset: 0, limit: 100, total: res.body.totals.staff });
    const { rows: caps } = await t.sql.query(
      `SELECT count(*)::int AS staff, sum(caseload_cap)::int AS capacity FROM users
        WHERE office_id = $1 AND role IN ('counsellor', 'specialist') AND active AND NOT away`,
      [northsideId],
    );
    expect(res.body.totals).toEqual(expect.objectContaining({ staff: caps[0].staff, capacity: caps[0].capacity }));
    expect(res.body.byOffice).toEqual([{ officeId: northsideId, officeName: expect.any(String), ...res.body.totals }]);

    // A page further on; the sums stay those of the whole office.
    const second = await get(`/api/reports/caseload?officeId=${northsideId}&offset=1&limit=1`);
    expect(second.body.rows.map((r: { staffName: string }) => r.staffName)).toEqual(['Camille Counsel']);
    expect(second.body.page).toEqual({ offset: 1, limit: 1, total: caps[0].staff });
    expect(second.body.totals).toEqual(res.body.totals);
    expectFieldError(await get(`/api/reports/caseload?limit=501`), 'limit', 'max');
    expectFieldError(await get(`/api/reports/caseload?limit=0`), 'limit', 'min');
    expectFieldError(await get(`/api/reports/caseload?offset=-1`), 'offset', 'min');
    expectFieldError(await get(`/api/reports/caseload?offset=first`), 'offset', 'isInt');

    // Someone away: their cases need someone else, and their cap is not capacity today (from the next refresh on).
    await t.sql.query(`UPDATE users SET away = true WHERE email = $1`, [DEMO.counsellor]);
    try {
      expect((await get(`/api/reports/caseload?officeId=${northsideId}`)).body.totals.unassignedCases).toBe(1);
      await refresh();
      const away = await get(`/api/reports/caseload?officeId=${northsideId}`);
      expect(away.body.totals).toEqual(
        expect.objectContaining({ openCases: 14, unassignedCases: 7, capacity: caps[0].capacity - 120, staff: caps[0].staff }),
      );
    } finally {
      await t.sql.query(`UPDATE users SET away = false WHERE email = $1`, [DEMO.counsellor]);
      await refresh();
    }

    // The region: one row an office, Riverside with Chidi's two routine cases; totals are their sums.
    const region = await get(`/api/reports/caseload`);
    const byName = Object.fromEntries(region.body.byOffice.map((o: { officeId: string }) => [o.officeId, o]));
    expect(byName[northsideId]).toEqual(expect.objectContaining({ openCases: 14, weightedLoad: 22, unassignedCases: 1 }));
    expect(byName[riversideId]).toEqual(expect.objectContaining({ openCases: 2, weightedLoad: 2, unassignedCases: 0, overdueItems: 0 }));
    expect(region.body.totals.openCases).toBe(16);
    expect(region.body.byOffice.map((o: { officeId: string }) => o.officeId)).not.toContain(otherRegionOffice);
  });

  it('managers report on their region, supervisors on their office, nobody beyond', async () => {
    const region = await get(`/api/reports/equity?${PERIOD}`);
    expect(region.body.meta.regionId).toBe(manager.user.regionId);
    expect(region.body.all.cases.value).toBe(22);
    const riverside = await get(`/api/reports/equity?${PERIOD}&officeId=${riversideId}`);
    expect(riverside.body.all.cases.value).toBe(2);
    // The supervisor's own office whatever they ask for; another office or region is not found.
    const own = await get(`/api/reports/equity?${PERIOD}`, supervisor);
    expect(own.body.meta.officeId).toBe(northsideId);
    expect(own.body.all.cases.value).toBe(20);
    expectError(await get(`/api/reports/equity?officeId=${riversideId}`, supervisor), 404, 'NOT_FOUND');
    expectError(await get(`/api/reports/caseload?regionId=${otherRegion}`, supervisor), 404, 'NOT_FOUND');
    expectError(await get(`/api/reports/equity?officeId=${otherRegionOffice}`), 404, 'NOT_FOUND');
    expectError(await get(`/api/reports/outcomes?regionId=${otherRegion}`), 404, 'NOT_FOUND');
    expectFieldError(await get(`/api/reports/outcomes?regionId=${otherRegion}&officeId=${northsideId}`), 'officeId', 'inRegion');
    for (const who of [DEMO.frontDesk, DEMO.counsellor, DEMO.specialist, DEMO.admin]) {
      expectError(await get(`/api/reports/equity`, await login(t, who)), 403, 'FORBIDDEN');
    }
    const scope = await get('/api/reports/scope');
    expect(scope.body).toEqual(
      expect.objectContaining({ chooseRegion: false, chooseOffice: true, defaultFrom: expect.stringMatching(/^\d{4}-\d{2}$/) }),
    );
    expect(scope.body.regions).toHaveLength(1);
    expect(scope.body.regions[0].offices.map((o: { id: string }) => o.id).sort()).toEqual([northsideId, riversideId].sort());
    // A manager of a national office reports on every region.
    await t.sql.query(`UPDATE offices SET national = true WHERE id = $1`, [northsideId]);
    try {
      const all = await get(`/api/reports/equity?${PERIOD}`);
      expect(all.body.meta.regionId).toBeNull();
      expect(all.body.all.cases.value).toBe(22);
      expect((await get(`/api/reports/equity?officeId=${otherRegionOffice}`)).status).toBe(200);
      expect((await get('/api/reports/scope')).body.chooseRegion).toBe(true);
    } finally {
      await t.sql.query(`UPDATE offices SET national = false WHERE id = $1`, [northsideId]);
    }
  });

  it('a manager cannot reach any case record', async () => {
    const [caseId] = caseIds;
    const { rows } = await t.sql.query(`SELECT jobseeker_id FROM cases WHERE id = $1`, [caseId]);
    for (const path of [
      '/api/cases',
      `/api/cases/${caseId}`,
      `/api/cases/${caseId}/timeline`,
      `/api/cases/${caseId}/triage`,
      '/api/jobseekers',
      `/api/jobseekers/${rows[0].jobseeker_id}`,
      '/api/jobseekers/duplicates?givenName=Test&familyName=Person1&dateOfBirth=2005-01-01',
      '/api/appointments',
      '/api/work-items',
      `/api/case-notes?caseId=${caseId}`,
      '/api/intervention-plans',
      '/api/caseloads',
      '/api/outbox-messages',
      '/api/audit-events',
    ]) {
      const res = await get(path);
      expect([403, 404]).toContain(res.status);
      expect(JSON.stringify(res.body)).not.toContain('Person1');
    }
  });

  it('refuses bad filters with the field and the rule', async () => {
    expectFieldError(await get('/api/reports/equity?from=2026-13'), 'from', 'matches');
    expectFieldError(await get('/api/reports/equity?from=2026-06&to=2026-01'), 'to', 'notBeforeFrom');
    expectFieldError(await get('/api/reports/equity?from=2020-01&to=2026-01'), 'to', 'maxMonths');
    expectFieldError(await get('/api/reports/equity?regionId=north'), 'regionId', 'isUuid');
    expectFieldError(await get('/api/reports/equity?format=xlsx'), 'format', 'isIn');
    expectFieldError(await get('/api/reports/equity?office=x'), 'office', 'unknown');
    expectError(await get('/api/reports/people'), 404, 'NOT_FOUND');
  });

  it('exports CSV: streamed, formulas neutralised, audited and rate-limited', async () => {
    await t.sql.query(`UPDATE users SET full_name = '=HYPERLINK("http://evil.test","Camille")' WHERE email = $1`, [DEMO.counsellor]);
    // The caseload report has staff names as of the last refresh.
    await refresh();
    const csv = await get(`/api/reports/caseload?officeId=${northsideId}`).set('Accept', 'text/csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="casework-caseload-\d{4}-\d{2}-\d{4}-\d{2}\.csv"$/);
    const lines = csv.text.replace(/^\ufeff/, '').split('\r\n');
    expect(lines[0]).toBe('office,staff,role,open_cases,routine_cases,targeted_cases,weighted_load,cap,overdue_items,active,away');
    const camille = lines.find((l) => l.includes('HYPERLINK'))!;
    expect(camille).toContain(`"'=HYPERLINK(""http://evil.test"",""Camille"")"`);
    expect(camille).toMatch(/,counsellor,6,6,0,6,120,1,true,false$/);
    // Every staff member, not a page of them.
    const staff = (await get(`/api/reports/caseload?officeId=${northsideId}&limit=1`)).body.totals.staff;
    expect(lines.filter((l) => l.length > 0)).toHaveLength(staff + 1);

    const equity = await get(`/api/reports/equity?${PERIOD}&officeId=${northsideId}&format=csv`);
    const rows = equity.text
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(rows[0]).toBe('section,key,measure,value');
    expect(rows).toContain('all,all,cases,20');
    expect(rows).toContain('group,youth_at_risk,cases,suppressed');
    expect(rows).toContain('gender,female,cases,10');

    const audited = await auditRows(t, { action: 'reports.export' });
    expect(audited.map((a) => a.entity_id)).toEqual(['caseload', 'equity']);
    expect(audited[1].changes).toEqual(expect.objectContaining({ format: 'csv', officeId: northsideId, from: '2026-01', to: '2026-06' }));
    expect(audited[1].actor_id).toBe(manager.user.id);

    // 20 exports in 10 minutes; the 21st is refused and says when to come back. JSON reads are not counted.
    for (let i = 2; i < 20; i++) expect((await get(`/api/reports/channels?format=csv`)).status).toBe(200);
    expect((await get(`/api/reports/channels`)).status).toBe(200);
    const refused = await get(`/api/reports/channels?format=csv`);
    expectError(refused, 429, 'RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(await auditRows(t, { action: 'reports.export' })).toHaveLength(20);
    // Another user has their own allowance.
    expect((await get(`/api/reports/channels?format=csv`, supervisor)).status).toBe(200);
  });

  it('keeps the rollups equal to a full rebuild as the data changes, and says how fresh they are', async () => {
    const snapshot = async () => {
      const out: Record<string, unknown[]> = {};
      for (const table of ['report_cells', 'report_closure_cells', 'report_day_counts', 'report_channel_cells', 'report_staff_load']) {
        // Cells that went back to zero may stay behind after increments; a rebuild never writes them.
        const { rows } = await t.sql.query(`SELECT * FROM ${table}`);
        out[table] = rows
          .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))
          .filter((r) => Object.values(r).some((v) => typeof v === 'string' && /^-?\d+$/.test(v) && v !== '0'));
      }
      const { rows } = await t.sql.query(`SELECT * FROM report_case_facts ORDER BY case_id`);
      out.facts = rows;
      return out;
    };
    const before = (await get(`/api/reports/equity?${PERIOD}&officeId=${northsideId}`)).body as EquityReport;
    // Through the API: a supervisor closes case 15 (employment); behind it: a no-show becomes attended,
    // a jobseeker's gender is corrected, a plan is completed, a case is reassigned.
    const { rows: c15 } = await t.sql.query(`SELECT version FROM cases WHERE id = $1`, [caseIds[14]]);
    const closed = await t.http
      .patch(`/api/cases/${caseIds[14]}`)
      .set(supervisor.auth)
      .send({ status: 'closed', closeReason: 'employed', version: c15[0].version });
    expect(closed.status).toBe(200);
    await t.sql.query(`UPDATE appointments SET status = 'attended' WHERE case_id = $1`, [caseIds[10]]);
    await t.sql.query(`UPDATE jobseekers SET gender = 'female' WHERE id = (SELECT jobseeker_id FROM cases WHERE id = $1)`, [caseIds[11]]);
    await t.sql.query(`UPDATE intervention_plans SET status = 'completed' WHERE case_id = $1`, [caseIds[3]]);
    await t.sql.query(`UPDATE cases SET assigned_to = NULL WHERE id = $1`, [caseIds[12]]);
    const { rows: dirty } = await t.sql.query(`SELECT count(*)::int AS n FROM report_dirty_cases`);
    expect(dirty[0].n).toBe(5);

    const stale = (await get(`/api/reports/equity?${PERIOD}&officeId=${northsideId}`)).body as EquityReport;
    expect(stale.all).toEqual(before.all);
    const done = await refresh();
    expect(done).toEqual(expect.objectContaining({ outcome: 'done', full: false, cases: 5 }));
    const after = (await get(`/api/reports/equity?${PERIOD}&officeId=${northsideId}`)).body as EquityReport;
    // One more attended appointment of 13 and one fewer no-show; 4 plans of 5 completed now.
    expect(after.all.noShowRate.value).toBe(0.0769);
    expect(after.all.planCompletionRate.value).toBe(0.8);
    expect(new Date(after.meta.dataAsOf).getTime()).toBeGreaterThan(new Date(before.meta.dataAsOf).getTime());

    // With nothing to recompute, a refresh still moves the freshness on: the figures are current.
    const idle = await refresh();
    expect(idle).toEqual(expect.objectContaining({ outcome: 'done', cases: 0 }));
    const quiet = (await get(`/api/reports/equity?${PERIOD}&officeId=${northsideId}`)).body as EquityReport;
    expect(new Date(quiet.meta.dataAsOf).getTime()).toBeGreaterThan(new Date(after.meta.dataAsOf).getTime());
    expect(quiet.all).toEqual(after.all);

    const incremental = await snapshot();
    await refresh(true);
    expect(await snapshot()).toEqual(incremental);
  });

  it('counts an office whose only unassigned open cases have no track yet (registered, not triaged)', async () => {
    // Southport has no cases until now: one registered case, nobody assigned and no track, makes its
    // (office, nobody) staff-load cell sum tracks over NULLs only.
    const { rows: js } = await t.sql.query(
      `INSERT INTO jobseekers (reference, home_office_id, given_name, family_name, name_key, date_of_birth, digital_skills, education_level)
       VALUES ('J-R-SOUTH-1', $1, 'Test', 'South', 'test south', '1990-01-01', 'good', 4) RETURNING id`,
      [otherRegionOffice],
    );
    await t.sql.query(`INSERT INTO cases (reference, jobseeker_id, office_id) VALUES ('C-R-SOUTH-1', $1, $2)`, [
      js[0].id,
      otherRegionOffice,
    ]);
    for (const full of [false, true]) {
      expect(await refresh(full)).toEqual(expect.objectContaining({ outcome: 'done', full }));
      const { rows } = await t.sql.query(`SELECT routine, targeted, untracked FROM report_staff_load WHERE office_id = $1`, [
        otherRegionOffice,
      ]);
      expect(rows).toEqual([{ routine: '0', targeted: '0', untracked: '1' }]);
    }
  });
});

describe('the refresh-reports job', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { JOBS_ENABLED: 'true', JOBS_POLL_SECONDS: '1' } });
  });
  afterAll(() => t?.close());

  it('builds the rollups through the PostgreSQL job queue as soon as the API starts, then every minute', async () => {
    const manager = await login(t, DEMO.manager);
    let res = await t.http.get('/api/reports/equity').set(manager.auth);
    for (let i = 0; i < 40 && res.status === 503; i++) {
      await new Promise((r) => setTimeout(r, 500));
      res = await t.http.get('/api/reports/equity').set(manager.auth);
    }
    expect(res.status).toBe(200);
    expect(res.body.meta.lagSeconds).toBeLessThan(60);
    const { rows } = await t.sql.query(`SELECT cron FROM pgboss.schedule WHERE name = 'refresh-reports'`);
    expect(rows).toEqual([{ cron: '* * * * *' }]);
  }, 60_000);
});
