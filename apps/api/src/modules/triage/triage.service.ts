import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { profile, type ProfilingInput, type ProfilingResult } from './profiling-model.js';

export interface StoredTriage extends ProfilingResult {
  id: string;
  caseId: string;
  createdAt: string;
}

/** Runs the profiling model and stores inputs, output and model version, so each routing can be explained later. */
@Injectable()
export class TriageService {
  constructor(@Inject(AuditService) private readonly audit: AuditService) {}

  /** `today` is the date in the case office's time zone. */
  async run(m: EntityManager, caseId: string, input: ProfilingInput, today: string, runBy: string | null): Promise<StoredTriage> {
    const result = profile(input, today);
    const [row] = await m.query(
      `INSERT INTO triage_results (case_id, model_version, inputs, score, threshold, recommended_track, priority_groups, factors, run_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id, created_at`,
      [
        caseId,
        result.modelVersion,
        JSON.stringify({ ...input, today }),
        result.score,
        result.threshold,
        result.recommendedTrack,
        result.priorityGroups,
        JSON.stringify(result.factors),
        runBy,
      ],
    );
    // The case carries its latest recommendation, so lists and the detail need no look-up per case.
    await m.query(`UPDATE cases SET priority_groups = $2, recommended_track = $3 WHERE id = $1`, [
      caseId,
      result.priorityGroups,
      result.recommendedTrack,
    ]);
    await m.query(`INSERT INTO case_events (case_id, kind, data, actor_id) VALUES ($1, 'triage', $2, $3)`, [
      caseId,
      JSON.stringify({
        triageId: row.id,
        modelVersion: result.modelVersion,
        score: result.score,
        recommendedTrack: result.recommendedTrack,
      }),
      runBy,
    ]);
    await this.audit.record(
      {
        action: 'triage.run',
        entity: 'cases',
        entityId: caseId,
        changes: {
          triageId: row.id,
          modelVersion: result.modelVersion,
          score: result.score,
          recommendedTrack: result.recommendedTrack,
          priorityGroups: result.priorityGroups,
        },
      },
      m,
    );
    return { ...result, id: row.id, caseId, createdAt: row.created_at.toISOString() };
  }
}
