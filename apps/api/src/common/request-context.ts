import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { AuthUser } from './auth/auth-user.js';

export interface RequestContext {
  requestId: string;
  ip: string | null;
  user?: AuthUser;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

const SAFE_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** A request's id: the caller's X-Request-Id when it is sane, otherwise a new one (Fastify's genReqId). */
export function requestIdFor(headers: IncomingHttpHeaders): string {
  const given = headers['x-request-id'];
  return typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
}

/**
 * Runs the rest of a request (the route handler) with its context: the request id, carried to logs
 * and audit events, and the caller's IP. bootstrap.ts calls it from a preHandler hook, after the
 * body is read, so the context reaches the handler whatever the body's stream events ran in.
 */
export function runRequestInContext(req: { id: string; ip?: string }, next: () => void): void {
  storage.run({ requestId: req.id, ip: req.ip ?? null }, next);
}
