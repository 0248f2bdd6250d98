import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';

/** Overdue items land in the supervisor's inbox, once each. */
@Injectable()
export class EscalationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  /** Escalates up to `batch` overdue items; returns how many. Safe to run from several processes at once. */
  async escalateOverdue(batch = 500): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const rows: Array<{ id: string }> = await m.query(
        `WITH overdue AS (
           SELECT w.id, w.office_id, w.case_id, w.kind, w.due_at, s.id AS supervisor_id
             FROM work_items w
             CROSS JOIN LATERAL (SELECT u.id FROM users u WHERE u.office_id = w.office_id AND u.role = 'supervisor' AND u.active AND NOT u.away
                                  ORDER BY u.created_at, u.id LIMIT 1) s
            WHERE w.status IN ('open', 'claimed') AND w.due_at < now() AND w.escalated_at IS NULL AND w.kind <> 'overdue_escalation'
            ORDER BY w.due_at LIMIT $1
              FOR UPDATE OF w SKIP LOCKED
         ), marked AS (
           UPDATE work_items w SET escalated_at = now() FROM overdue o WHERE w.id = o.id RETURNING o.*
         )
         INSERT INTO work_items (office_id, case_id, kind, assignee_id, priority, due_at, data)
         SELECT office_id, case_id, 'overdue_escalation', supervisor_id, 1, now() + interval '1 day',
                jsonb_build_object('itemId', id, 'itemKind', kind, 'dueAt', due_at)
           FROM marked
         RETURNING id`,
        [batch],
      );
      if (rows.length) {
        await this.audit.record(
          { action: 'work_items.escalate', entity: 'work_items', actor: { id: null, role: null }, changes: { escalated: rows.length } },
          m,
        );
      }
      return rows.length;
    });
  }
}
