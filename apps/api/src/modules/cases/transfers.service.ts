import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import type { Grant } from '../../common/auth/auth-user.js';
import { AppException, invalidField, notFound } from '../../common/errors.js';
import { applyListQuery, parseListQuery, setContentRange, type ListSpec } from '../../common/list-query.js';
import { AuditService } from '../audit/audit.service.js';
import { WorkItemsService } from '../work-items/work-items.service.js';
import { CASE_SCOPE, CasesService, countRows } from './cases.service.js';
import type { TransferDecisionDto, TransferRequestDto } from './cases.dto.js';
import { applyScope } from '../../common/auth/scope.js';

const LIST: ListSpec = {
  resource: 'case-transfers',
  sort: { id: 't.id', createdAt: 't.created_at', status: 't.status' },
  filters: {
    id: { column: 't.id', type: 'uuid' },
    status: { column: 't.status', type: 'enum', values: ['requested', 'accepted', 'rejected', 'cancelled'] },
    caseId: { column: 't.case_id', type: 'uuid' },
    toOfficeId: { column: 't.to_office_id', type: 'uuid' },
    fromOfficeId: { column: 't.from_office_id', type: 'uuid' },
  },
  defaultSort: ['createdAt', 'DESC'],
  tieBreaker: 't.id',
};

/** Moving a case to another office: requested by the sending supervisor, decided by the receiving one. */
@Injectable()
export class TransfersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(WorkItemsService) private readonly workItems: WorkItemsService,
    @Inject(CasesService) private readonly cases: CasesService,
  ) {}

  async list(query: Record<string, unknown>, grant: Grant, res: FastifyReply) {
    const list = parseListQuery(query, LIST);
    const qb = this.dataSource
      .createQueryBuilder()
      .select(
        `t.id, t.case_id AS "caseId", c.reference AS "caseReference", t.from_office_id AS "fromOfficeId", fo.name AS "fromOfficeName",
         t.to_office_id AS "toOfficeId", tof.name AS "toOfficeName", t.status, t.reason, t.requested_by AS "requestedBy",
         t.decided_by AS "decidedBy", t.decision_note AS "decisionNote", t.decided_at AS "decidedAt", t.created_at AS "createdAt", t.version`,
      )
      .from('case_transfers', 't')
      .innerJoin('cases', 'c', 'c.id = t.case_id')
      .innerJoin('offices', 'fo', 'fo.id = t.from_office_id')
      .innerJoin('offices', 'tof', 'tof.id = t.to_office_id')
      .where('(t.from_office_id = :office OR t.to_office_id = :office)', { office: grant.user.officeId });
    applyListQuery(qb, list, LIST);
    const [rows, total] = await Promise.all([qb.getRawMany(), countRows(this.dataSource.manager, qb)]);
    setContentRange(res, LIST.resource, list, rows.length, total);
    return rows;
  }

  async request(caseId: string, dto: TransferRequestDto, grant: Grant) {
    return this.dataSource.transaction(async (m) => {
      const c = await applyScope(m.createQueryBuilder().select('c.*').from('cases', 'c'), grant, CASE_SCOPE)
        .andWhere('c.id = :caseId', { caseId })
        .setLock('pessimistic_write')
        .getRawOne();
      if (!c) throw notFound('Case');
      if (c.status === 'closed') throw new AppException(409, 'INVALID_TRANSITION', 'A closed case cannot be transferred');
      if (dto.toOfficeId === c.office_id) throw invalidField('toOfficeId', 'otherOffice', 'toOfficeId must be another office');
      const [office] = await m.query(`SELECT id FROM offices WHERE id = $1`, [dto.toOfficeId]);
      if (!office) throw invalidField('toOfficeId', 'exists', 'toOfficeId does not name an existing office');
      const rows = await m.query(
        `INSERT INTO case_transfers (case_id, from_office_id, to_office_id, reason, requested_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (case_id) WHERE status = 'requested' DO NOTHING RETURNING id`,
        [caseId, c.office_id, dto.toOfficeId, dto.reason, grant.user.id],
      );
      if (!rows.length) throw new AppException(409, 'CONFLICT', 'A transfer of this case is already waiting for a decision');
      const id = rows[0].id;
      await m.query(`INSERT INTO case_events (case_id, kind, data, actor_id) VALUES ($1, 'transfer', $2, $3)`, [
        caseId,
        JSON.stringify({ transferId: id, status: 'requested', from: c.office_id, to: dto.toOfficeId }),
        grant.user.id,
      ]);
      const receiver = await this.cases.officeSupervisor(m, dto.toOfficeId);
      if (receiver) {
        await this.workItems.create(m, {
          officeId: dto.toOfficeId,
          caseId,
          kind: 'transfer_request',
          assigneeId: receiver,
          priority: 2,
          dueAt: new Date(Date.now() + 3 * 86_400_000),
          data: { transferId: id, fromOfficeId: c.office_id },
        });
      }
      await this.audit.record(
        {
          action: 'cases.transfer_request',
          entity: 'cases',
          entityId: caseId,
          changes: { transferId: id, toOfficeId: dto.toOfficeId, reason: dto.reason },
        },
        m,
      );
      return { id, caseId, status: 'requested' as const };
    });
  }

  /** The receiving supervisor accepts (the case moves, unassigned) or rejects. */
  async decide(id: string, accept: boolean, dto: TransferDecisionDto, grant: Grant) {
    return this.dataSource.transaction(async (m) => {
      const [t] = await m.query(`SELECT * FROM case_transfers WHERE id = $1 AND (to_office_id = $2 OR from_office_id = $2) FOR UPDATE`, [
        id,
        grant.user.officeId,
      ]);
      if (!t) throw notFound('Transfer');
      if (t.to_office_id !== grant.user.officeId) throw new AppException(403, 'FORBIDDEN', 'Only the receiving office decides a transfer');
      if (t.status !== 'requested') throw new AppException(409, 'INVALID_TRANSITION', `This transfer is already ${t.status}`);
      const status = accept ? 'accepted' : 'rejected';
      await m.query(
        `UPDATE case_transfers SET status = $2, decided_by = $3, decision_note = $4, decided_at = now(), version = version + 1, updated_at = now() WHERE id = $1`,
        [id, status, grant.user.id, dto.note ?? null],
      );
      if (accept) {
        const [c] = await m.query(`SELECT status FROM cases WHERE id = $1 FOR UPDATE`, [t.case_id]);
        if (c.status === 'closed') throw new AppException(409, 'INVALID_TRANSITION', 'The case was closed in the meantime');
        await m.query(`UPDATE cases SET office_id = $2, assigned_to = NULL, version = version + 1, updated_at = now() WHERE id = $1`, [
          t.case_id,
          t.to_office_id,
        ]);
        await m.query(
          `UPDATE jobseekers SET home_office_id = $2, version = version + 1, updated_at = now() WHERE id = (SELECT jobseeker_id FROM cases WHERE id = $1)`,
          [t.case_id, t.to_office_id],
        );
        // Pooled work on the case follows it to its new office.
        await m.query(
          `UPDATE work_items SET office_id = $2, updated_at = now(), version = version + 1 WHERE case_id = $1 AND status = 'open' AND queue IS NOT NULL`,
          [t.case_id, t.to_office_id],
        );
      }
      await m.query(
        `UPDATE work_items SET status = 'done', completed_by = $2, completed_at = now(), result = $3, updated_at = now(), version = version + 1
          WHERE kind = 'transfer_request' AND data->>'transferId' = $1 AND status IN ('open', 'claimed')`,
        [id, grant.user.id, JSON.stringify({ decision: status })],
      );
      await m.query(`INSERT INTO case_events (case_id, kind, data, actor_id) VALUES ($1, 'transfer', $2, $3)`, [
        t.case_id,
        JSON.stringify({ transferId: id, status, from: t.from_office_id, to: t.to_office_id, note: dto.note }),
        grant.user.id,
      ]);
      await this.audit.record(
        {
          action: `cases.transfer_${status === 'accepted' ? 'accept' : 'reject'}`,
          entity: 'cases',
          entityId: t.case_id,
          changes: { transferId: id, note: dto.note },
        },
        m,
      );
      return { id, caseId: t.case_id, status };
    });
  }
}
