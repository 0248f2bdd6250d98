import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Role } from '@casework/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { currentContext } from '../../common/request-context.js';

export interface AuditInput {
  action: string;
  entity: string;
  entityId?: string | null;
  changes?: Record<string, unknown> | null;
  /** Defaults to the signed-in caller of the current request. */
  actor?: { id: string | null; role: Role | null };
}

const MASKED = new Set([
  'password',
  'passwordHash',
  'password_hash',
  'currentPassword',
  'newPassword',
  'oneTimePassword',
  'refreshHash',
  'refresh_hash',
  'refreshToken',
  'accessToken',
  'token',
  'secret',
]);

function mask(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object' || depth > 10) return value;
  if (Array.isArray(value)) return value.map((v) => mask(v, depth + 1));
  if (value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, MASKED.has(k) ? '[masked]' : mask(v, depth + 1)]));
}

/** Replaces secrets with a marker at any depth (a `{from, to}` pair too), keeping the fact that they changed. */
export function maskChanges(changes: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!changes) return null;
  return mask(changes, 0) as Record<string, unknown>;
}

/** An audit event's columns, in the order of `auditValues`. */
export const AUDIT_COLUMNS = 'actor_id, actor_role, action, entity, entity_id, changes, ip, request_id';

/**
 * An audit event's values in the order of AUDIT_COLUMNS: the actor defaults to the signed-in caller
 * of the current request, and ip and request id come from the request too.
 */
export function auditValues(input: AuditInput): unknown[] {
  const ctx = currentContext();
  const actor = input.actor ?? (ctx?.user ? { id: ctx.user.id, role: ctx.user.role } : { id: null, role: null });
  return [
    actor.id,
    actor.role,
    input.action,
    input.entity,
    input.entityId ?? null,
    maskChanges(input.changes),
    ctx?.ip ?? null,
    ctx?.requestId ?? null,
  ];
}

/** Writes audit events; pass the transaction's manager so the event commits or rolls back with the change. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(input: AuditInput, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(`INSERT INTO audit_events (${AUDIT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, auditValues(input));
  }
}
