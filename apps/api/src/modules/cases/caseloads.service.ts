import { Inject, Injectable } from '@nestjs/common';
import type { CaseloadDto } from '@casework/contracts';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import type { Grant } from '../../common/auth/auth-user.js';
import { notFound, staleVersion } from '../../common/errors.js';
import { AuditService } from '../audit/audit.service.js';
import { suggestMoves, type Move } from './caseload.js';
import type { UpdateCaseloadDto } from './cases.dto.js';

/** Load against cap for each counsellor and specialist of the supervisor's office. */
@Injectable()
export class CaseloadsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async list(grant: Grant, res?: FastifyReply, only?: string): Promise<CaseloadDto[]> {
    const rows = await this.dataSource.query(
      `SELECT u.id, u.full_name AS "fullName", u.role, u.active, u.away, u.caseload_cap AS cap, u.version,
              count(c.id)::int AS "openCases",
              count(c.id) FILTER (WHERE c.track = 'routine')::int AS "routineCases",
              count(c.id) FILTER (WHERE c.track = 'targeted')::int AS "targetedCases",
              coalesce(sum(CASE c.track WHEN 'targeted' THEN 2 ELSE 1 END) FILTER (WHERE c.id IS NOT NULL), 0)::int AS load
         FROM users u LEFT JOIN cases c ON c.assigned_to = u.id AND c.status <> 'closed'
        WHERE u.office_id = $1 AND u.role IN ('counsellor', 'specialist') AND (u.active OR c.id IS NOT NULL) ${only ? 'AND u.id = $2' : ''}
        GROUP BY u.id ORDER BY u.role, u.full_name, u.id`,
      only ? [grant.user.officeId, only] : [grant.user.officeId],
    );
    const out = rows.map((r: CaseloadDto) => ({ ...r, overCap: r.cap !== null && r.load > r.cap }));
    res?.header('Content-Range', `caseloads ${out.length ? `0-${out.length - 1}` : '*'}/${out.length}`);
    return out;
  }

  /**
   * Sets a counsellor's or specialist's cap or away flag. Away staff take no new cases and their
   * open cases appear among the supervisor's unassigned cases (derived, nothing is moved).
   */
  async update(id: string, dto: UpdateCaseloadDto, grant: Grant): Promise<CaseloadDto> {
    await this.dataSource.transaction(async (m) => {
      const [u] = await m.query(
        `SELECT id, away, caseload_cap, version FROM users WHERE id = $1 AND office_id = $2 AND role IN ('counsellor', 'specialist') FOR UPDATE`,
        [id, grant.user.officeId],
      );
      if (!u) throw notFound('Staff member');
      if (u.version !== dto.version) throw staleVersion();
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (dto.away !== undefined && dto.away !== u.away) changes.away = { from: u.away, to: dto.away };
      if (dto.cap !== undefined && dto.cap !== u.caseload_cap) changes.caseloadCap = { from: u.caseload_cap, to: dto.cap };
      if (!Object.keys(changes).length) return;
      await m.query(
        `UPDATE users SET away = coalesce($2, away), caseload_cap = CASE WHEN $3 THEN $4::int ELSE caseload_cap END,
                version = version + 1, updated_at = now() WHERE id = $1`,
        [id, dto.away ?? null, dto.cap !== undefined, dto.cap ?? null],
      );
      await this.audit.record({ action: 'users.update', entity: 'users', entityId: id, changes }, m);
    });
    const [row] = await this.list(grant, undefined, id);
    if (!row) throw notFound('Staff member');
    return row;
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
