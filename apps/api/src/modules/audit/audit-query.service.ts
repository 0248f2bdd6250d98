import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { AuditEventDto } from '@casework/contracts';
import type { FastifyReply } from 'fastify';
import { Repository } from 'typeorm';
import { applyListQuery, parseListQuery, setContentRange, type ListSpec } from '../../common/list-query.js';
import { AuditEvent } from './audit-event.entity.js';

export const AUDIT_LIST: ListSpec = {
  resource: 'audit-events',
  sort: { id: 'e.id', at: 'e.at' },
  filters: {
    actorId: { column: 'e.actor_id', type: 'uuid' },
    entity: { column: 'e.entity', type: 'string' },
    entityId: { column: 'e.entity_id', type: 'string' },
    action: { column: 'e.action', type: 'string' },
    at_gte: { column: 'e.at', type: 'timestamp', op: 'gte' },
    at_lte: { column: 'e.at', type: 'timestamp', op: 'lte' },
  },
  defaultSort: ['at', 'DESC'],
  tieBreaker: 'e.id',
};

export function toAuditDto(e: AuditEvent): AuditEventDto {
  return {
    id: String(e.id),
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorRole: e.actorRole,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId,
    changes: e.changes,
    ip: e.ip,
    requestId: e.requestId,
  };
}

@Injectable()
export class AuditQueryService {
  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  async list(query: Record<string, unknown>, res: FastifyReply): Promise<AuditEventDto[]> {
    const list = parseListQuery(query, AUDIT_LIST);
    const qb = applyListQuery(this.events.createQueryBuilder('e'), list, AUDIT_LIST);
    const [rows, total] = await qb.getManyAndCount();
    setContentRange(res, AUDIT_LIST.resource, list, rows.length, total);
    return rows.map(toAuditDto);
  }
}
