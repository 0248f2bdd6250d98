import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { catchError, from, mergeMap, of, switchMap, throwError, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import type { AuthUser } from './auth/auth-user.js';
import { AppException } from './errors.js';
import { logger } from './logger.js';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
/** How long a key is remembered; older keys are ignored and purged by a daily job. */
export const IDEMPOTENCY_TTL_HOURS = 24;
const KEY = /^[A-Za-z0-9_\-:.]{1,200}$/;
const TTL = `interval '${IDEMPOTENCY_TTL_HOURS} hours'`;

/** JSON with object keys sorted at every depth, so equal bodies hash alike whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Forgets keys older than the retention period; returns how many. */
export async function purgeIdempotencyKeys(dataSource: DataSource): Promise<number> {
  const rows = await dataSource.query(`DELETE FROM idempotency_keys WHERE created_at < now() - ${TTL} RETURNING 1`);
  return rows.length;
}

/** Documents the optional Idempotency-Key header on every POST the interceptor covers. */
export function withIdempotencyHeader(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    if (!item.post || path.startsWith('/api/auth/')) continue;
    item.post.parameters = [
      ...(item.post.parameters ?? []),
      {
        name: IDEMPOTENCY_HEADER,
        in: 'header',
        required: false,
        description:
          'Makes the POST safe to retry for 24 hours: the same key and body replay the first success (with Idempotent-Replayed: true); another body is 422 IDEMPOTENCY_KEY_REUSED; a repeat while the first runs is 409.',
        schema: { type: 'string', pattern: KEY.source, maxLength: 200 },
      },
    ];
  }
  return document;
}

type Claim = { kind: 'claimed' } | { kind: 'replay'; status: number; body: unknown };

/**
 * `Idempotency-Key` on POST (not on /api/auth/*): the first request with a key claims it for the
 * caller and route (INSERT ... ON CONFLICT DO NOTHING) and, once it succeeds, stores its status and
 * JSON body. The same key and request again get that response replayed (with `Idempotent-Replayed:
 * true`) and have no second effect; the same key with another body is a 422
 * IDEMPOTENCY_KEY_REUSED; a repeat while the first is still running is a 409 CONFLICT. A request that
 * fails (4xx or 5xx) releases its key, so the client can retry. Keys expire after 24 hours.
 *
 * The request hash covers the path parameters as well as the body, so one key cannot be replayed
 * onto another record (`/work-items/A/claim` then `/work-items/B/claim`).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    const res = context.switchToHttp().getResponse<FastifyReply>();
    // The route's pattern (`/api/work-items/:id/claim`), as Express's req.route.path gave it.
    const route = req.routeOptions.url ?? req.url.split('?')[0];
    if (req.method !== 'POST' || route.startsWith('/api/auth/')) return next.handle();
    const raw = req.headers[IDEMPOTENCY_HEADER.toLowerCase()];
    if (raw === undefined) return next.handle();
    const key = Array.isArray(raw) ? raw.join(', ') : raw;
    if (!KEY.test(key)) {
      const message = `${IDEMPOTENCY_HEADER} must be 1 to 200 characters of letters, digits, _ - : and .`;
      return throwError(
        () => new AppException(400, 'VALIDATION_FAILED', message, [{ field: IDEMPOTENCY_HEADER, rule: 'format', message }]),
      );
    }
    // Every POST outside /api/auth needs a signed-in caller; without one there is nothing to key on.
    const userId = req.user?.id;
    if (!userId) return next.handle();
    const hash = createHash('sha256')
      .update(canonicalJson({ params: req.params ?? {}, body: req.body ?? {} }))
      .digest('hex');
    const id = [userId, route, key] as const;

    return from(this.claim(id, hash)).pipe(
      switchMap((claim) => {
        if (claim.kind === 'replay') {
          res.status(claim.status);
          res.header(REPLAYED_HEADER, 'true');
          return of(claim.body ?? undefined);
        }
        return next.handle().pipe(
          // Only the handler's own failure releases the key: once it succeeded, its effect stands.
          catchError((error: unknown) => from(this.release(id)).pipe(mergeMap(() => throwError(() => error)))),
          mergeMap(async (body) => {
            await this.store(id, res.statusCode, body);
            return body;
          }),
        );
      }),
    );
  }

  /** Claims the key, or finds what an earlier request with it left. */
  private async claim(id: readonly [string, string, string], hash: string): Promise<Claim> {
    for (let attempt = 0; attempt < 3; attempt++) {
      // An expired key is as good as none.
      await this.dataSource.query(
        `DELETE FROM idempotency_keys WHERE user_id = $1 AND route = $2 AND key = $3 AND created_at < now() - ${TTL}`,
        [...id],
      );
      const inserted = await this.dataSource.query(
        `INSERT INTO idempotency_keys (user_id, route, key, request_hash) VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, route, key) DO NOTHING RETURNING 1`,
        [...id, hash],
      );
      if (inserted.length) return { kind: 'claimed' };
      const [found] = await this.dataSource.query(
        `SELECT request_hash, status_code, response FROM idempotency_keys WHERE user_id = $1 AND route = $2 AND key = $3 AND created_at >= now() - ${TTL}`,
        [...id],
      );
      // Released (the first request failed) or expired in between: claim again.
      if (!found) continue;
      if (found.request_hash !== hash) {
        const message = `This ${IDEMPOTENCY_HEADER} was already used with a different request: use a new key`;
        throw new AppException(422, 'IDEMPOTENCY_KEY_REUSED', message, [{ field: IDEMPOTENCY_HEADER, rule: 'sameRequest', message }]);
      }
      if (found.status_code === null) {
        throw new AppException(409, 'CONFLICT', `A request with this ${IDEMPOTENCY_HEADER} is still being processed: wait for its answer`);
      }
      return { kind: 'replay', status: found.status_code, body: found.response };
    }
    throw new AppException(409, 'CONFLICT', `Requests with this ${IDEMPOTENCY_HEADER} keep failing at the same time: try again`);
  }

  /**
   * Keeps the response for replays. Should that fail, the answer still goes out and the key stays
   * claimed (a repeat gets 409 until the key expires): never a second effect.
   */
  private async store(id: readonly [string, string, string], status: number, body: unknown): Promise<void> {
    try {
      await this.dataSource.query(
        `UPDATE idempotency_keys SET status_code = $4, response = $5 WHERE user_id = $1 AND route = $2 AND key = $3`,
        [...id, status, body === undefined ? null : JSON.stringify(body)],
      );
    } catch (e) {
      logger.error({ err: { message: (e as Error).message } }, 'could not store an idempotent response');
    }
  }

  /** A failed request leaves no key behind, so the client can try again with it. */
  private async release(id: readonly [string, string, string]): Promise<void> {
    try {
      await this.dataSource.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND route = $2 AND key = $3 AND status_code IS NULL`, [
        ...id,
      ]);
    } catch (e) {
      logger.error({ err: { message: (e as Error).message } }, 'could not release an idempotency key');
    }
  }
}
