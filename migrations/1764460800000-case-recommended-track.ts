import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Cases a backfill statement updates at a time: each batch commits alone and locks only its rows. */
const BATCH = 20_000;

/**
 * The latest profiling result's recommended track, kept on the case. Case lists and the case
 * detail showed it through a subquery per row into `triage_results` (25 index look-ups for a
 * page, bench/worklists); the triage service now writes it beside the result it stores.
 *
 * Not one transaction: adding the column takes a brief exclusive lock and commits, then existing
 * cases are filled in batches, so reads never wait and writes wait only for their batch. Both
 * steps can run again after an interruption.
 */
export class CaseRecommendedTrack1764460800000 implements MigrationInterface {
  name = 'CaseRecommendedTrack1764460800000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases ADD COLUMN IF NOT EXISTS recommended_track text CHECK (recommended_track IN ('routine', 'targeted'))`);
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: Array<{ last: string | null }> = await q.query(
        `WITH batch AS (SELECT id FROM cases WHERE id > $1 ORDER BY id LIMIT ${BATCH}),
              filled AS (
                UPDATE cases c SET recommended_track = t.recommended_track
                  FROM batch b CROSS JOIN LATERAL (
                         SELECT recommended_track FROM triage_results WHERE case_id = b.id ORDER BY created_at DESC, id DESC LIMIT 1) t
                 WHERE c.id = b.id AND c.recommended_track IS DISTINCT FROM t.recommended_track)
         SELECT (SELECT id FROM batch ORDER BY id DESC LIMIT 1) AS last`,
        [after],
      );
      if (!rows[0]?.last) break;
      after = rows[0].last;
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases DROP COLUMN recommended_track`);
  }
}
