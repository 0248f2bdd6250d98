import { Inject, Injectable } from '@nestjs/common';
import type { Queue, WorkItemKind } from '@casework/contracts';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';

export interface NewWorkItem {
  officeId: string;
  caseId: string | null;
  kind: WorkItemKind;
  queue?: Queue;
  assigneeId?: string;
  priority?: 1 | 2 | 3;
  dueAt: Date;
  data?: Record<string, unknown>;
}

/** Work items are created by the system as things happen; other modules call `create` inside their transaction. */
@Injectable()
export class WorkItemsService {
  constructor(@Inject(AuditService) private readonly audit: AuditService) {}

  async create(m: EntityManager, item: NewWorkItem): Promise<string> {
    const [row] = await m.query(
      `INSERT INTO work_items (office_id, case_id, kind, queue, assignee_id, priority, due_at, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [item.officeId, item.caseId, item.kind, item.queue ?? null, item.assigneeId ?? null, item.priority ?? 2, item.dueAt, JSON.stringify(item.data ?? {})],
    );
    await this.audit.record(
      { action: 'work_items.create', entity: 'work_items', entityId: row.id, changes: { kind: item.kind, queue: item.queue, assigneeId: item.assigneeId, caseId: item.caseId } },
      m,
    );
    return row.id;
  }
}
