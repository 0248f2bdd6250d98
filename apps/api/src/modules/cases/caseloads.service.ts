import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import type { Grant } from '../../common/auth/auth-user.js';
import { suggestMoves, type Move } from './caseload.js';

export interface CaseloadDto {
  id: string;
  fullName: string;
  role: 'counsellor' | 'specialist';
  active: boolean;
  away: boolean;
  cap: number | null;
  openCases: number;
  routineCases: number;
  targetedCases: number;
  /** Targeted cases count twice. */
  load: number;
  overCap: boolean;
}

/** Load against cap for each counsellor and specialist of the supervisor's office. */
@Injectable()
export class CaseloadsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(grant: Grant, res?: Response): Promise<CaseloadDto[]> {
    const rows = await this.dataSource.query(
      `SELECT u.id, u.full_name AS "fullName", u.role, u.active, u.away, u.caseload_cap AS cap,
              count(c.id)::int AS "openCases",
              count(c.id) FILTER (WHERE c.track = 'routine')::int AS "routineCases",
              count(c.id) FILTER (WHERE c.track = 'targeted')::int AS "targetedCases",
              coalesce(sum(CASE c.track WHEN 'targeted' THEN 2 ELSE 1 END) FILTER (WHERE c.id IS NOT NULL), 0)::int AS load
         FROM users u LEFT JOIN cases c ON c.assigned_to = u.id AND c.status <> 'closed'
        WHERE u.office_id = $1 AND u.role IN ('counsellor', 'specialist') AND (u.active OR c.id IS NOT NULL)
        GROUP BY u.id ORDER BY u.role, u.full_name, u.id`,
      [grant.user.officeId],
    );
    const out = rows.map((r: CaseloadDto) => ({ ...r, overCap: r.cap !== null && r.load > r.cap }));
    res?.setHeader('Content-Range', `caseloads ${out.length ? `0-${out.length - 1}` : '*'}/${out.length}`);
    return out;
  }

  async suggestions(grant: Grant): Promise<Move[]> {
    const staff = await this.list(grant);
    const cases = await this.dataSource.query(
      `SELECT c.id AS "caseId", c.reference, c.assigned_to AS "assignedTo", c.track,
              coalesce((SELECT max(e.at) FROM case_events e WHERE e.case_id = c.id AND e.kind = 'assignment'), c.opened_at)::text AS "assignedAt"
         FROM cases c JOIN users u ON u.id = c.assigned_to
        WHERE c.office_id = $1 AND c.status <> 'closed' AND u.caseload_cap IS NOT NULL
          AND u.id = ANY($2::uuid[])`,
      [grant.user.officeId, staff.filter((s) => s.overCap).map((s) => s.id)],
    );
    return suggestMoves(
      staff.map((s) => ({ userId: s.id, role: s.role, cap: s.cap, load: s.load, available: s.active && !s.away })),
      cases,
    );
  }
}
