import { ParseUUIDPipe } from '@nestjs/common';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { invalidField, staleVersion } from './errors.js';

/** A route parameter that must be a UUID (a 400 naming it otherwise). */
export const uuidParam = (name: string) =>
  new ParseUUIDPipe({ exceptionFactory: () => invalidField(name, 'isUuid', `${name} must be a UUID`) });

/** `:id` route parameters must be UUIDs (a 400 naming the field otherwise). */
export const UuidParam = uuidParam('id');

/**
 * Optimistic update: the version goes into the WHERE clause (TypeORM's version column does not
 * guard UPDATEs), so a stale version changes nothing and answers 409 STALE_VERSION.
 */
export async function updateVersioned<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  id: string,
  version: number,
  changes: Record<string, unknown>,
): Promise<void> {
  const result = await manager
    .createQueryBuilder()
    .update(entity)
    .set({ ...changes, version: () => 'version + 1', updatedAt: () => 'now()' } as never)
    .where('id = :id AND version = :version', { id, version })
    .execute();
  if (!result.affected) throw staleVersion();
}

/** The fields of `patch` whose values differ from `current`, for the audit trail. */
export function changedFields(
  current: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [k, to] of Object.entries(patch)) {
    if (to === undefined || k === 'version') continue;
    const from = current[k];
    if (JSON.stringify(from) !== JSON.stringify(to)) out[k] = { from, to };
  }
  return out;
}
