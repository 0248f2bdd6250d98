import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The caseload report, ready to page: one row per counsellor and specialist and one per office,
 * rebuilt by every refresh. At 5,000,000 cases a region has ~7,800 case workers, and putting their
 * loads together and sorting them for each request cost ~40 ms of database time; read from here a
 * page is an index range scan in the order the report shows (most loaded first).
 */
export class ReportStaffCaseload1765065600000 implements MigrationInterface {
  name = 'ReportStaffCaseload1765065600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_staff_caseload (
        staff_id uuid PRIMARY KEY,
        office_id uuid NOT NULL,
        region_id uuid NOT NULL,
        full_name text NOT NULL,
        role text NOT NULL,
        cap integer,
        active boolean NOT NULL,
        away boolean NOT NULL,
        routine integer NOT NULL,
        targeted integer NOT NULL,
        untracked integer NOT NULL,
        overdue integer NOT NULL,
        -- weighted: a targeted case counts twice
        load integer NOT NULL,
        -- load / cap; NULL without a cap (those come last)
        share double precision
      )`);
    const order = 'share DESC NULLS LAST, load DESC, full_name, staff_id';
    await q.query(`CREATE INDEX report_staff_caseload_office_idx ON report_staff_caseload (office_id, ${order})`);
    await q.query(`CREATE INDEX report_staff_caseload_region_idx ON report_staff_caseload (region_id, ${order})`);
    await q.query(`CREATE INDEX report_staff_caseload_all_idx ON report_staff_caseload (${order})`);
    await q.query(`
      CREATE TABLE report_office_caseload (
        office_id uuid PRIMARY KEY,
        staff integer NOT NULL,
        open_cases integer NOT NULL,
        weighted_load integer NOT NULL,
        capacity integer NOT NULL,
        uncapped integer NOT NULL,
        over_cap integer NOT NULL,
        overdue_items integer NOT NULL,
        unassigned_cases integer NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_office_caseload`);
    await q.query(`DROP TABLE report_staff_caseload`);
  }
}
