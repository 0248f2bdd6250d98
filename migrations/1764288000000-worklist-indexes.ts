import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes that keep worklists as fast at 1,000,000 cases as at 10,000 (bench/worklists): each list
 * walks an index in its own order and stops at the page, instead of sorting a whole queue.
 */
export class WorklistIndexes1764288000000 implements MigrationInterface {
  name = 'WorklistIndexes1764288000000';

  async up(q: QueryRunner): Promise<void> {
    // An office queue by status in due order: the routine and targeted queue pages and their counts.
    await q.query(`CREATE INDEX work_items_queue_due_idx ON work_items (office_id, queue, status, due_at, id) WHERE queue IS NOT NULL`);
    // Personal items and items someone holds (or held), by status in due order: the other parts of
    // what a caller sees in the work items list. They replace the narrower personal index.
    await q.query(`CREATE INDEX work_items_assignee_due_idx ON work_items (assignee_id, status, due_at, id) WHERE assignee_id IS NOT NULL`);
    await q.query(`CREATE INDEX work_items_holder_due_idx ON work_items (claimed_by, status, due_at, id) WHERE claimed_by IS NOT NULL`);
    await q.query(`DROP INDEX work_items_personal_idx`);
    // A caseload in deadline order (replaces cases_assigned_idx, of which it is an extension).
    await q.query(`CREATE INDEX cases_caseload_idx ON cases (assigned_to, status, first_interview_due, id) WHERE status <> 'closed'`);
    await q.query(`DROP INDEX cases_assigned_idx`);
    // Staff who cannot take cases (deactivated or away): "needs assignment" looks them up on every case row.
    await q.query(`CREATE INDEX users_unavailable_idx ON users (id) WHERE NOT active OR away`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX users_unavailable_idx`);
    await q.query(`CREATE INDEX cases_assigned_idx ON cases (assigned_to, status) WHERE status <> 'closed'`);
    await q.query(`DROP INDEX cases_caseload_idx`);
    await q.query(`CREATE INDEX work_items_personal_idx ON work_items (assignee_id, status, due_at) WHERE status IN ('open', 'claimed')`);
    await q.query(`DROP INDEX work_items_holder_due_idx`);
    await q.query(`DROP INDEX work_items_assignee_due_idx`);
    await q.query(`DROP INDEX work_items_queue_due_idx`);
  }
}
