import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every case of a jobseeker, closed ones too: merging two records moves all of the duplicate's
 * cases, and `GET /api/cases?filter={"jobseekerId":...}` lists them. (The unique index on open cases
 * covers only those.)
 */
export class CaseJobseekerIndex1764374400000 implements MigrationInterface {
  name = 'CaseJobseekerIndex1764374400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX cases_jobseeker_idx ON cases (jobseeker_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases_jobseeker_idx`);
  }
}
