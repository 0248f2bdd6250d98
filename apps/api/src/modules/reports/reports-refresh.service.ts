import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OVERDUE_BUCKETS } from '@casework/contracts';
import { DataSource, type EntityManager } from 'typeorm';

/** The scope id of cells that count every office. */
export const ALL_SCOPE = '00000000-0000-0000-0000-000000000000';

/** Cases recomputed per transaction. */
const BATCH = 5000;
/** Only one refresh at a time, whichever process runs it. */
const REFRESH_LOCK = 7202612021;

export interface RefreshResult {
  /** 'busy' when another refresh held the lock. */
  outcome: 'done' | 'busy';
  full: boolean;
  cases: number;
  dataAsOf: string | null;
  ms: number;
}

const day = (ts: string, tz: string) => `(${ts} AT TIME ZONE ${tz})::date`;

/**
 * One row of report_case_facts per case, in the table's column order. `batch` limits it to the cases
 * in the temporary table rf_batch; without it, every case (the full rebuild).
 */
function factsSql(batch: boolean): string {
  const only = (col: string) => (batch ? `AND ${col} IN (SELECT case_id FROM rf_batch)` : '');
  const opened = day('c.opened_at', 'o.time_zone');
  const closed = day('c.closed_at', 'o.time_zone');
  const age = `date_part('year', age(${opened}, j.date_of_birth))`;
  return `
    SELECT c.id, c.office_id, o.region_id,
      date_trunc('month', c.opened_at AT TIME ZONE o.time_zone)::date,
      date_trunc('month', c.closed_at AT TIME ZONE o.time_zone)::date,
      c.assigned_to, c.status <> 'closed', c.track,
      c.track IS NOT NULL, coalesce(c.track = 'targeted', false),
      c.track_decision IS NOT NULL, coalesce(c.track_decision = 'overridden', false),
      c.priority_groups,
      CASE WHEN nullif(btrim(j.gender), '') IS NULL THEN 'not_stated'
           WHEN lower(btrim(j.gender)) IN ('female', 'woman', 'f', 'femme', 'féminin', 'mujer', 'femenino') THEN 'female'
           WHEN lower(btrim(j.gender)) IN ('male', 'man', 'm', 'homme', 'masculin', 'hombre', 'masculino') THEN 'male'
           ELSE 'other' END,
      CASE WHEN ${age} < 25 THEN 'under_25' WHEN ${age} < 35 THEN '25_34' WHEN ${age} < 50 THEN '35_49'
           WHEN ${age} < 65 THEN '50_64' ELSE '65_plus' END,
      c.close_reason, coalesce(c.close_reason = 'employed', false),
      CASE WHEN c.close_reason = 'employed' THEN greatest(0, ${closed} - ${opened}) END,
      c.first_interview_due,
      CASE WHEN iv.state = 'pending' THEN ((c.first_interview_due + 1)::timestamp AT TIME ZONE o.time_zone) END,
      iv.state,
      -- greatest() ignores a NULL: a case never seen must stay NULL
      CASE WHEN a.first_attended IS NOT NULL THEN greatest(0, a.first_attended - ${opened}) END,
      coalesce(a.appointments, 0), coalesce(a.attended, 0), coalesce(a.no_shows, 0),
      p.case_id IS NOT NULL, coalesce(p.completed, false),
      coalesce(a.months, '[]'::jsonb)
    FROM cases c
    JOIN offices o ON o.id = c.office_id
    JOIN jobseekers j ON j.id = c.jobseeker_id
    LEFT JOIN (
      SELECT case_id, min(first_attended) AS first_attended, sum(n) AS appointments, sum(att) AS attended, sum(ns) AS no_shows,
             jsonb_agg(jsonb_build_array(month, channel, n, att) ORDER BY month, channel) AS months
      FROM (
        SELECT a.case_id, date_trunc('month', a.starts_at AT TIME ZONE ao.time_zone)::date AS month, a.channel,
               count(*) AS n, count(*) FILTER (WHERE a.status = 'attended') AS att, count(*) FILTER (WHERE a.status = 'no_show') AS ns,
               min(${day('a.starts_at', 'ao.time_zone')}) FILTER (WHERE a.status = 'attended') AS first_attended
        FROM appointments a JOIN offices ao ON ao.id = a.office_id
        WHERE a.status <> 'cancelled' ${only('a.case_id')}
        GROUP BY 1, 2, 3
      ) per_month
      GROUP BY case_id
    ) a ON a.case_id = c.id
    LEFT JOIN (
      SELECT case_id, bool_or(status = 'completed') AS completed
      FROM intervention_plans WHERE status <> 'cancelled' ${only('case_id')}
      GROUP BY case_id
    ) p ON p.case_id = c.id
    CROSS JOIN LATERAL (SELECT CASE
      WHEN c.first_interview_due IS NULL THEN 'none'
      WHEN a.first_attended IS NOT NULL THEN CASE WHEN a.first_attended <= c.first_interview_due THEN 'within' ELSE 'late' END
      WHEN c.closed_at IS NOT NULL AND ${closed} <= c.first_interview_due THEN 'none'
      WHEN c.first_interview_due < ${day('now()', 'o.time_zone')} THEN 'late'
      ELSE 'pending' END AS state) iv
    WHERE true ${only('c.id')}`;
}

/** The counters of `report_cells`, one column each; the reports sum them. */
export const CELL_COUNTERS = [
  'cases',
  'routed',
  'targeted',
  'decided',
  'overridden',
  'with_first_appt',
  'first_appt_days',
  'appointments',
  'attended',
  'no_shows',
  'with_plan',
  'plan_completed',
  'closed',
  'employed',
  'fi_within',
  'fi_late',
] as const;
export type CellCounter = (typeof CELL_COUNTERS)[number];

/** What each counter adds for one case's facts `d`. */
const COUNTER_SQL: Record<CellCounter, string> = {
  cases: '1',
  routed: 'd.routed::int',
  targeted: 'd.targeted::int',
  decided: 'd.decided::int',
  overridden: 'd.overridden::int',
  with_first_appt: '(d.first_appt_days IS NOT NULL)::int',
  first_appt_days: 'coalesce(d.first_appt_days, 0)',
  appointments: 'd.appointments',
  attended: 'd.attended',
  no_shows: 'd.no_shows',
  with_plan: 'd.has_plan::int',
  plan_completed: 'd.plan_completed::int',
  closed: '(d.closed_month IS NOT NULL)::int',
  employed: 'd.employed::int',
  fi_within: "(d.interview = 'within')::int",
  fi_late: "(d.interview = 'late')::int",
};
const COUNTERS = CELL_COUNTERS.map((c) => [c, COUNTER_SQL[c]] as const);

const add = (cols: string[]) => cols.map((c) => `${c} = t.${c} + EXCLUDED.${c}`).join(', ');

/** Scopes a fact counts in: its office, its region and everything (or the office alone, rolled up after). */
const scopes = (officeOnly: boolean) =>
  officeOnly ? `(VALUES (d.office_id))` : `(VALUES (d.office_id), (d.region_id), ('${ALL_SCOPE}'::uuid))`;
const DIMS = `(SELECT 'all' UNION ALL SELECT 'gender:' || d.gender UNION ALL SELECT 'age_band:' || d.age_band
               UNION ALL SELECT 'group:' || g FROM unnest(d.groups) g)`;

/**
 * Adds `sign` times each fact of `source` to the cells. A batch's source holds its cases' old facts
 * with sign -1 and their new facts with +1, so the cells move by the difference. Rows go in in
 * key order, so after a full rebuild a scope's cells sit together on disk: a report reads a few
 * pages instead of one page a row (and fillfactor leaves room for the updates to stay there).
 */
function cellStatements(source: string, officeOnly: boolean): string[] {
  const counters = COUNTERS.map(([c]) => c);
  return [
    `INSERT INTO report_cells AS t (scope_id, month, dim, ${counters.join(', ')})
     SELECT s.scope_id, d.opened_month, dm.dim, ${COUNTERS.map(([, e]) => `sum(d.sign * ${e})`).join(', ')}
     FROM ${source} d CROSS JOIN LATERAL ${scopes(officeOnly)} s(scope_id) CROSS JOIN LATERAL ${DIMS} dm(dim)
     GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
     ON CONFLICT (scope_id, month, dim) DO UPDATE SET ${add(counters)}`,
    `INSERT INTO report_closure_cells AS t (scope_id, month, reason, closed, days_sum)
     SELECT s.scope_id, d.closed_month, d.close_reason, sum(d.sign), sum(d.sign * coalesce(d.days_to_employment, 0))
     FROM ${source} d CROSS JOIN LATERAL ${scopes(officeOnly)} s(scope_id)
     WHERE d.closed_month IS NOT NULL
     GROUP BY 1, 2, 3
     ON CONFLICT (scope_id, month, reason) DO UPDATE SET ${add(['closed', 'days_sum'])}`,
    `INSERT INTO report_day_counts AS t (scope_id, measure, month, dim, days, n)
     SELECT s.scope_id, 'first_appt', d.opened_month, dm.dim, d.first_appt_days, sum(d.sign)
     FROM ${source} d CROSS JOIN LATERAL ${scopes(officeOnly)} s(scope_id) CROSS JOIN LATERAL ${DIMS} dm(dim)
     WHERE d.first_appt_days IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5
     UNION ALL
     SELECT s.scope_id, 'employment', d.closed_month, 'all', d.days_to_employment, sum(d.sign)
     FROM ${source} d CROSS JOIN LATERAL ${scopes(officeOnly)} s(scope_id)
     WHERE d.days_to_employment IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5
     ORDER BY 1, 2, 3, 4, 5
     ON CONFLICT (scope_id, measure, month, dim, days) DO UPDATE SET ${add(['n'])}`,
    `INSERT INTO report_channel_cells AS t (scope_id, month, channel, appointments, attended)
     SELECT s.scope_id, (e->>0)::date, e->>1, sum(d.sign * (e->>2)::int), sum(d.sign * (e->>3)::int)
     FROM ${source} d CROSS JOIN LATERAL jsonb_array_elements(d.appt_months) e CROSS JOIN LATERAL ${scopes(officeOnly)} s(scope_id)
     GROUP BY 1, 2, 3
     ON CONFLICT (scope_id, month, channel) DO UPDATE SET ${add(['appointments', 'attended'])}`,
    `INSERT INTO report_staff_load AS t (office_id, staff_id, routine, targeted, untracked)
     SELECT d.office_id, coalesce(d.assigned_to, '${ALL_SCOPE}'::uuid),
            -- IS TRUE: a case with no track yet counts 0, not NULL (a group of such cases alone summed to NULL)
            sum(d.sign * ((d.track = 'routine') IS TRUE)::int), sum(d.sign * ((d.track = 'targeted') IS TRUE)::int), sum(d.sign * (d.track IS NULL)::int)
     FROM ${source} d WHERE d.is_open
     GROUP BY 1, 2
     ON CONFLICT (office_id, staff_id) DO UPDATE SET ${add(['routine', 'targeted', 'untracked'])}`,
  ];
}

/** After a full rebuild counted offices only: region and national cells as sums of office cells. */
function rollupStatements(): string[] {
  const counters = COUNTERS.map(([c]) => c);
  const up = (table: string, keys: string[], values: string[]) =>
    ['o.region_id', `'${ALL_SCOPE}'::uuid`].map(
      (scope) => `INSERT INTO ${table} (scope_id, ${keys.join(', ')}, ${values.join(', ')})
       SELECT ${scope}, ${keys.map((k) => `x.${k}`).join(', ')}, ${values.map((v) => `sum(x.${v})`).join(', ')}
       FROM ${table} x JOIN offices o ON o.id = x.scope_id
       GROUP BY 1, ${keys.map((_, i) => i + 2).join(', ')}
       ORDER BY 1, ${keys.map((_, i) => i + 2).join(', ')}`,
    );
  return [
    ...up('report_cells', ['month', 'dim'], counters),
    ...up('report_closure_cells', ['month', 'reason'], ['closed', 'days_sum']),
    ...up('report_day_counts', ['measure', 'month', 'dim', 'days'], ['n']),
    ...up('report_channel_cells', ['month', 'channel'], ['appointments', 'attended']),
  ];
}

const FACT_COLUMNS = `case_id, office_id, region_id, opened_month, closed_month, assigned_to, is_open, track, routed, targeted,
  decided, overridden, groups, gender, age_band, close_reason, employed, days_to_employment, first_due, pending_until,
  interview, first_appt_days, appointments, attended, no_shows, has_plan, plan_completed, appt_months`;

const bucketSql = `CASE WHEN now() - w.due_at <= interval '1 day' THEN '${OVERDUE_BUCKETS[0]}'
  WHEN now() - w.due_at <= interval '7 days' THEN '${OVERDUE_BUCKETS[1]}'
  WHEN now() - w.due_at <= interval '30 days' THEN '${OVERDUE_BUCKETS[2]}' ELSE '${OVERDUE_BUCKETS[3]}' END`;

/**
 * Keeps the report rollups up to date: the `refresh-reports` job runs it every minute, and
 * `cli/refresh-reports` on demand (`--full` rebuilds everything, as after a bulk load that
 * bypassed the triggers).
 */
@Injectable()
export class ReportsRefreshService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async refresh(options: { full?: boolean } = {}): Promise<RefreshResult> {
    const start = Date.now();
    const [state] = await this.dataSource.query<Array<{ full_rebuilt_at: Date | null }>>(
      `SELECT full_rebuilt_at FROM report_refresh_state WHERE id = 1`,
    );
    const full = options.full || !state?.full_rebuilt_at;
    let cases = 0;
    let dataAsOf: string | null = null;
    if (full) {
      const done = await this.locked((m) => this.rebuild(m));
      if (!done) return { outcome: 'busy', full, cases: 0, dataAsOf: null, ms: Date.now() - start };
      cases = done.cases;
      dataAsOf = done.asOf;
    }
    // Pending first interviews whose due date has passed turn late without any data changing.
    await this.dataSource.query(
      `INSERT INTO report_dirty_cases SELECT case_id FROM report_case_facts WHERE interview = 'pending' AND pending_until <= now()
       ON CONFLICT DO NOTHING`,
    );
    for (;;) {
      const batch = await this.locked((m) => this.batch(m));
      if (!batch) return { outcome: 'busy', full, cases, dataAsOf, ms: Date.now() - start };
      cases += batch.cases;
      if (batch.cases < BATCH) {
        dataAsOf = batch.asOf;
        break;
      }
    }
    await this.locked(async (m) => {
      await this.overdueSnapshot(m);
      await this.caseloadSnapshot(m);
    });
    return { outcome: 'done', full, cases, dataAsOf, ms: Date.now() - start };
  }

  /** Runs `work` in a transaction holding the refresh lock; null when another refresh holds it. */
  private locked<T>(work: (m: EntityManager) => Promise<T>): Promise<T | null> {
    return this.dataSource.transaction(async (m) => {
      const [{ ok }] = await m.query<Array<{ ok: boolean }>>(`SELECT pg_try_advisory_xact_lock(${REFRESH_LOCK}) AS ok`);
      return ok ? work(m) : null;
    });
  }

  /** Recomputes up to BATCH dirty cases. Every mark committed before `asOf` is then counted. */
  private async batch(m: EntityManager): Promise<{ cases: number; asOf: string }> {
    const [{ asof }] = await m.query<Array<{ asof: Date }>>(`SELECT transaction_timestamp() AS asof`);
    await m.query(`CREATE TEMP TABLE rf_batch (case_id uuid PRIMARY KEY) ON COMMIT DROP`);
    await m.query(
      `WITH taken AS (DELETE FROM report_dirty_cases WHERE case_id IN (SELECT case_id FROM report_dirty_cases LIMIT ${BATCH}) RETURNING case_id)
       INSERT INTO rf_batch SELECT case_id FROM taken`,
    );
    const [{ n }] = await m.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM rf_batch`);
    if (n > 0) {
      await m.query(`ANALYZE rf_batch`);
      await m.query(`CREATE TEMP TABLE rf_delta ON COMMIT DROP AS SELECT 1 AS sign, f.* FROM report_case_facts f WITH NO DATA`);
      await m.query(`INSERT INTO rf_delta SELECT 1, * FROM (${factsSql(true)}) f`);
      await m.query(`INSERT INTO rf_delta SELECT -1, f.* FROM report_case_facts f WHERE f.case_id IN (SELECT case_id FROM rf_batch)`);
      for (const sql of cellStatements('rf_delta', false)) await m.query(sql);
      await m.query(`DELETE FROM report_case_facts WHERE case_id IN (SELECT case_id FROM rf_batch)`);
      await m.query(`INSERT INTO report_case_facts (${FACT_COLUMNS}) SELECT ${FACT_COLUMNS} FROM rf_delta WHERE sign = 1`);
    }
    // Also when nothing changed: the figures are then as fresh as this batch.
    await m.query(
      `UPDATE report_refresh_state SET cases_refreshed = cases_refreshed + $1, refreshed_at = now(), data_as_of = $2 WHERE id = 1`,
      [n, asof],
    );
    return { cases: n, asOf: asof.toISOString() };
  }

  /** Everything from scratch: facts of every case, office cells from them, region and national cells from those. */
  private async rebuild(m: EntityManager): Promise<{ cases: number; asOf: string }> {
    const [{ asof }] = await m.query<Array<{ asof: Date }>>(`SELECT transaction_timestamp() AS asof`);
    // Marks made before this transaction are covered; later ones stay for the next batch.
    await m.query(`DELETE FROM report_dirty_cases`);
    await m.query(
      `TRUNCATE report_case_facts, report_cells, report_closure_cells, report_day_counts, report_channel_cells, report_staff_load`,
    );
    await m.query(`INSERT INTO report_case_facts (${FACT_COLUMNS}) ${factsSql(false)}`);
    for (const sql of cellStatements('(SELECT 1 AS sign, * FROM report_case_facts)', true)) await m.query(sql);
    for (const sql of rollupStatements()) await m.query(sql);
    const [{ n }] = await m.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM report_case_facts`);
    await m.query(
      `UPDATE report_refresh_state SET cases_refreshed = cases_refreshed + $1, refreshed_at = now(), full_rebuilt_at = now(), data_as_of = $2 WHERE id = 1`,
      [n, asof],
    );
    return { cases: n, asOf: asof.toISOString() };
  }

  /** Open and claimed items past due, now, by office, queue (or personal), holder and age. */
  private async overdueSnapshot(m: EntityManager): Promise<void> {
    // DELETE, not TRUNCATE: a report's snapshot that started before this commits still sees the old rows.
    await m.query(`DELETE FROM report_overdue_items`);
    await m.query(
      `INSERT INTO report_overdue_items (office_id, kind, staff_id, bucket, n)
       SELECT w.office_id, coalesce(w.queue, 'personal'), coalesce(w.claimed_by, w.assignee_id, '${ALL_SCOPE}'::uuid), ${bucketSql}, count(*)
       FROM work_items w WHERE w.status IN ('open', 'claimed') AND w.due_at < now()
       GROUP BY 1, 2, 3, 4`,
    );
  }

  /**
   * The caseload report's rows: each counsellor and specialist (in post, or still holding cases)
   * with their open cases wherever they are, weighted load, cap and availability as of now and
   * overdue items; and each office's sums. Runs after the batches and the overdue count, which it reads.
   */
  private async caseloadSnapshot(m: EntityManager): Promise<void> {
    await m.query(`DELETE FROM report_staff_caseload`);
    await m.query(
      `INSERT INTO report_staff_caseload (staff_id, office_id, region_id, full_name, role, cap, active, away,
                                          routine, targeted, untracked, overdue, load, share)
       SELECT u.id, u.office_id, o.region_id, u.full_name, u.role, u.caseload_cap, u.active, u.away,
              coalesce(l.routine, 0), coalesce(l.targeted, 0), coalesce(l.untracked, 0), coalesce(od.n, 0),
              coalesce(l.routine + 2 * l.targeted + l.untracked, 0),
              coalesce(l.routine + 2 * l.targeted + l.untracked, 0)::float8 / u.caseload_cap
       FROM users u
       JOIN offices o ON o.id = u.office_id
       LEFT JOIN (SELECT staff_id, sum(routine)::int AS routine, sum(targeted)::int AS targeted, sum(untracked)::int AS untracked
                    FROM report_staff_load GROUP BY staff_id) l ON l.staff_id = u.id
       LEFT JOIN (SELECT staff_id, sum(n)::int AS n FROM report_overdue_items GROUP BY staff_id) od ON od.staff_id = u.id
       WHERE u.role IN ('counsellor', 'specialist') AND (u.active OR coalesce(l.routine + l.targeted + l.untracked, 0) > 0)`,
    );
    await m.query(`DELETE FROM report_office_caseload`);
    await m.query(
      `INSERT INTO report_office_caseload (office_id, staff, open_cases, weighted_load, capacity, uncapped, over_cap, overdue_items, unassigned_cases)
       SELECT o.id, coalesce(f.staff, 0), coalesce(f.open, 0), coalesce(f.load, 0), coalesce(f.capacity, 0), coalesce(f.uncapped, 0),
              coalesce(f.over_cap, 0), coalesce(f.overdue, 0), coalesce(f.away_cases, 0) + coalesce(un.n, 0)
       FROM offices o
       LEFT JOIN (SELECT office_id, count(*) AS staff, sum(routine + targeted + untracked) AS open, sum(load) AS load,
                         sum(cap) FILTER (WHERE active AND NOT away) AS capacity, count(*) FILTER (WHERE cap IS NULL) AS uncapped,
                         count(*) FILTER (WHERE load > cap) AS over_cap, sum(overdue) AS overdue,
                         sum(routine + targeted + untracked) FILTER (WHERE NOT active OR away) AS away_cases
                    FROM report_staff_caseload GROUP BY office_id) f ON f.office_id = o.id
       -- Cases nobody is assigned to are counted under the nil staff id.
       LEFT JOIN (SELECT office_id, sum(routine + targeted + untracked) AS n FROM report_staff_load
                   WHERE staff_id = '${ALL_SCOPE}'::uuid GROUP BY office_id) un ON un.office_id = o.id`,
    );
  }
}
