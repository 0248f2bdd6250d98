import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rollups for the reports. Triggers mark a case dirty when anything a report counts changes (the
 * case, its appointments, its plans, its jobseeker's gender or date of birth); the `refresh-reports`
 * job recomputes the facts of dirty cases and adds the difference to the cells, so a report sums a
 * few hundred cell rows instead of scanning millions of cases. Each cell exists three times: for the
 * office, for the region and for everything (scope id '00000000-0000-0000-0000-000000000000').
 */
export class Reports1764806400000 implements MigrationInterface {
  name = 'Reports1764806400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE report_dirty_cases (case_id uuid PRIMARY KEY)`);

    // One row per case: what the reports count about it, as of the last refresh.
    await q.query(`
      CREATE TABLE report_case_facts (
        case_id uuid PRIMARY KEY,
        office_id uuid NOT NULL,
        region_id uuid NOT NULL,
        opened_month date NOT NULL,
        closed_month date,
        assigned_to uuid,
        is_open boolean NOT NULL,
        track text,
        routed boolean NOT NULL,
        targeted boolean NOT NULL,
        decided boolean NOT NULL,
        overridden boolean NOT NULL,
        groups text[] NOT NULL,
        gender text NOT NULL,
        age_band text NOT NULL,
        close_reason text,
        employed boolean NOT NULL,
        days_to_employment integer,
        first_due date,
        -- while the first interview is pending: when its due date has passed (midnight in the office's time zone)
        pending_until timestamptz,
        -- the first interview: 'within' target, 'late', 'pending' (not yet due) or 'none' (closed before it was due)
        interview text NOT NULL,
        first_appt_days integer,
        appointments integer NOT NULL,
        attended integer NOT NULL,
        no_shows integer NOT NULL,
        has_plan boolean NOT NULL,
        plan_completed boolean NOT NULL,
        -- appointments by month of start and channel: [[month, channel, appointments, attended], ...]
        appt_months jsonb NOT NULL
      )`);
    // The refresh re-marks pending first interviews once their due date has passed.
    await q.query(`CREATE INDEX report_case_facts_pending_idx ON report_case_facts (pending_until) WHERE interview = 'pending'`);

    const counters = [
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
    ]
      .map((c) => `${c} bigint NOT NULL DEFAULT 0`)
      .join(',\n        ');
    // By month of registration and dimension: 'all', 'group:<priority group>', 'gender:<g>', 'age_band:<b>'.
    await q.query(`
      CREATE TABLE report_cells (
        scope_id uuid NOT NULL,
        month date NOT NULL,
        dim text NOT NULL,
        ${counters},
        PRIMARY KEY (scope_id, month, dim)
      )`);
    // Closures by month of closing and reason; days_sum: days from registration to closing.
    await q.query(`
      CREATE TABLE report_closure_cells (
        scope_id uuid NOT NULL,
        month date NOT NULL,
        reason text NOT NULL,
        closed bigint NOT NULL DEFAULT 0,
        days_sum bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (scope_id, month, reason)
      )`);
    // Histograms for exact medians: 'first_appt' (days to the first attended appointment, by month of
    // registration and dimension) and 'employment' (days to a closure for employment, by month of closing).
    await q.query(`
      CREATE TABLE report_day_counts (
        scope_id uuid NOT NULL,
        measure text NOT NULL,
        month date NOT NULL,
        dim text NOT NULL,
        days integer NOT NULL,
        n bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (scope_id, measure, month, dim, days)
      )`);
    // Appointments (not cancelled) by month of start and channel.
    await q.query(`
      CREATE TABLE report_channel_cells (
        scope_id uuid NOT NULL,
        month date NOT NULL,
        channel text NOT NULL,
        appointments bigint NOT NULL DEFAULT 0,
        attended bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (scope_id, month, channel)
      )`);
    // Open cases per case worker and office (the nil id: not assigned).
    await q.query(`
      CREATE TABLE report_staff_load (
        office_id uuid NOT NULL,
        staff_id uuid NOT NULL,
        routine bigint NOT NULL DEFAULT 0,
        targeted bigint NOT NULL DEFAULT 0,
        untracked bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (office_id, staff_id)
      )`);
    await q.query(`CREATE INDEX report_staff_load_staff_idx ON report_staff_load (staff_id)`);
    // Overdue work items now, rebuilt whole on each refresh (staff_id: holder or assignee, else nil).
    await q.query(`
      CREATE TABLE report_overdue_items (
        office_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('routine', 'targeted', 'personal')),
        staff_id uuid NOT NULL,
        bucket text NOT NULL,
        n bigint NOT NULL,
        PRIMARY KEY (office_id, kind, staff_id, bucket)
      )`);
    await q.query(`CREATE INDEX report_overdue_items_staff_idx ON report_overdue_items (staff_id)`);
    // The refresh's overdue scan reads outstanding items only.
    await q.query(`CREATE INDEX work_items_outstanding_due_idx ON work_items (due_at) WHERE status IN ('open', 'claimed')`);
    await q.query(`
      CREATE TABLE report_refresh_state (
        id smallint PRIMARY KEY CHECK (id = 1),
        -- every change committed before this time is in the rollups
        data_as_of timestamptz,
        refreshed_at timestamptz,
        full_rebuilt_at timestamptz,
        cases_refreshed bigint NOT NULL DEFAULT 0
      )`);
    await q.query(`INSERT INTO report_refresh_state (id) VALUES (1)`);

    await q.query(`
      CREATE FUNCTION report_mark_case() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'cases' THEN
          INSERT INTO report_dirty_cases VALUES (NEW.id) ON CONFLICT DO NOTHING;
        ELSIF TG_TABLE_NAME = 'jobseekers' THEN
          INSERT INTO report_dirty_cases SELECT id FROM cases WHERE jobseeker_id = NEW.id ON CONFLICT DO NOTHING;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO report_dirty_cases VALUES (OLD.case_id) ON CONFLICT DO NOTHING;
        ELSE
          INSERT INTO report_dirty_cases VALUES (NEW.case_id) ON CONFLICT DO NOTHING;
          IF TG_OP = 'UPDATE' AND OLD.case_id <> NEW.case_id THEN
            INSERT INTO report_dirty_cases VALUES (OLD.case_id) ON CONFLICT DO NOTHING;
          END IF;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER report_cases_insert AFTER INSERT ON cases FOR EACH ROW EXECUTE FUNCTION report_mark_case()`);
    await q.query(`
      CREATE TRIGGER report_cases_update AFTER UPDATE ON cases FOR EACH ROW
      WHEN ((OLD.status, OLD.track, OLD.track_decision, OLD.assigned_to, OLD.priority_groups, OLD.office_id, OLD.opened_at,
             OLD.closed_at, OLD.close_reason, OLD.first_interview_due, OLD.jobseeker_id)
            IS DISTINCT FROM
            (NEW.status, NEW.track, NEW.track_decision, NEW.assigned_to, NEW.priority_groups, NEW.office_id, NEW.opened_at,
             NEW.closed_at, NEW.close_reason, NEW.first_interview_due, NEW.jobseeker_id))
      EXECUTE FUNCTION report_mark_case()`);
    await q.query(`
      CREATE TRIGGER report_jobseekers_update AFTER UPDATE ON jobseekers FOR EACH ROW
      WHEN ((OLD.gender, OLD.date_of_birth) IS DISTINCT FROM (NEW.gender, NEW.date_of_birth))
      EXECUTE FUNCTION report_mark_case()`);
    await q.query(
      `CREATE TRIGGER report_appointments_change AFTER INSERT OR DELETE ON appointments FOR EACH ROW EXECUTE FUNCTION report_mark_case()`,
    );
    await q.query(`
      CREATE TRIGGER report_appointments_update AFTER UPDATE ON appointments FOR EACH ROW
      WHEN ((OLD.status, OLD.starts_at, OLD.channel, OLD.case_id, OLD.office_id) IS DISTINCT FROM (NEW.status, NEW.starts_at, NEW.channel, NEW.case_id, NEW.office_id))
      EXECUTE FUNCTION report_mark_case()`);
    await q.query(
      `CREATE TRIGGER report_plans_change AFTER INSERT OR DELETE ON intervention_plans FOR EACH ROW EXECUTE FUNCTION report_mark_case()`,
    );
    await q.query(`
      CREATE TRIGGER report_plans_update AFTER UPDATE ON intervention_plans FOR EACH ROW
      WHEN (OLD.status IS DISTINCT FROM NEW.status)
      EXECUTE FUNCTION report_mark_case()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [trigger, table] of [
      ['report_plans_update', 'intervention_plans'],
      ['report_plans_change', 'intervention_plans'],
      ['report_appointments_update', 'appointments'],
      ['report_appointments_change', 'appointments'],
      ['report_jobseekers_update', 'jobseekers'],
      ['report_cases_update', 'cases'],
      ['report_cases_insert', 'cases'],
    ]) {
      await q.query(`DROP TRIGGER ${trigger} ON ${table}`);
    }
    await q.query(`DROP FUNCTION report_mark_case()`);
    await q.query(`DROP INDEX work_items_outstanding_due_idx`);
    for (const t of [
      'report_refresh_state',
      'report_overdue_items',
      'report_staff_load',
      'report_channel_cells',
      'report_day_counts',
      'report_closure_cells',
      'report_cells',
      'report_case_facts',
      'report_dirty_cases',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
