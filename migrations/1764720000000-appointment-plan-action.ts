import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An appointment may serve one action of the case's intervention plan (a training interview, a
 * referral meeting). The column came with the appointments; the plan tables came after, so the
 * foreign key is added here. Removing the action from a draft plan unlinks its appointments.
 */
export class AppointmentPlanAction1764720000000 implements MigrationInterface {
  name = 'AppointmentPlanAction1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE appointments ADD CONSTRAINT appointments_plan_action_fk FOREIGN KEY (plan_action_id) REFERENCES plan_actions(id) ON DELETE SET NULL`,
    );
    await q.query(`CREATE INDEX appointments_plan_action_idx ON appointments (plan_action_id) WHERE plan_action_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX appointments_plan_action_idx`);
    await q.query(`ALTER TABLE appointments DROP CONSTRAINT appointments_plan_action_fk`);
  }
}
