import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
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

/** Gives every request an id (the caller's X-Request-Id when it is sane) carried to logs and audit events. */
export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
  (req as Request & { id: string }).id = requestId;
  res.setHeader('X-Request-Id', requestId);
  storage.run({ requestId, ip: req.ip ?? null }, next);
}
