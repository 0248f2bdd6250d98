import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fixed-window request counters shared by every API process (the calendar feed's per-address limit
 * lived in each process's memory, so two processes allowed twice as many). Keys hold a hash of the
 * address, not the address.
 */
export class RateLimits1764892800000 implements MigrationInterface {
  name = 'RateLimits1764892800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rate_limit_hits (
        key text NOT NULL,
        window_start timestamptz NOT NULL,
        hits integer NOT NULL,
        PRIMARY KEY (key, window_start)
      )`);
    await q.query(`CREATE INDEX rate_limit_hits_window_idx ON rate_limit_hits (window_start)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limit_hits`);
  }
}
