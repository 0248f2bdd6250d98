import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { logger } from './logger.js';

/** A request's path as logged: no query string, and no calendar-feed token (the path is its credential). */
export function loggedPath(url: string): string {
  return url.split('?')[0].replace(/^\/api\/calendar\/[^/]+$/, '/api/calendar/[token].ics');
}

/** What the request log and the fixed headers read of a request: Fastify's request and Node's both have it. */
export interface RequestLike {
  id?: string;
  method?: string;
  url?: string;
}
/** (request, raw response, next): the shape of the hooks bootstrap.ts runs on every request. */
export type Hook = (req: RequestLike, res: ServerResponse, next: () => void) => void;
/** An Express-style middleware such as helmet, run once at start by fixedHeaders. */
export type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/**
 * One line a request, as pino-http wrote it (`request completed`, `request aborted` or, for a 5xx,
 * `request errored`; request id, method and path without the query string; status; response time
 * in ms), without its per-request child loggers: when `info` is off nothing is done at all.
 * /api/health is not logged.
 */
export const requestLog =
  (log: Logger = logger): Hook =>
  (req, res, next) => {
    if (!log.isLevelEnabled('info') || String(req.url).startsWith('/api/health')) return next();
    const started = Date.now();
    const done = () => {
      res.removeListener('close', done);
      res.removeListener('finish', done);
      const line = {
        req: { id: req.id, method: req.method, path: loggedPath(String(req.url)) },
        res: { statusCode: res.statusCode },
        responseTime: Date.now() - started,
      };
      if (res.statusCode >= 500) log.info({ ...line, err: { message: `failed with status code ${res.statusCode}` } }, 'request errored');
      else log.info(line, res.writableEnded ? 'request completed' : 'request aborted');
    };
    res.on('close', done);
    res.on('finish', done);
    next();
  };

/**
 * Sets the headers a middleware such as helmet sets, computed once: `make` runs it against a
 * recording response at start, and every request then gets the same headers in one loop (helmet
 * runs a dozen middlewares a request to set constant values).
 */
export function fixedHeaders(make: Middleware): Hook {
  const set: Array<[string, string | number | readonly string[]]> = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => set.push([name, value]),
    removeHeader: (name: string) => removed.push(name),
    getHeader: () => undefined,
  };
  let called = false;
  make(
    { method: 'GET', url: '/', headers: {}, secure: false } as unknown as IncomingMessage,
    recorder as unknown as ServerResponse,
    () => (called = true),
  );
  if (!called) throw new Error('fixedHeaders: the middleware did not call next()');
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of set) res.setHeader(name, value);
    next();
  };
}

/**
 * The weak entity tag Express put on every response body it sent (the `etag` package: the
 * body's length in hex and the first 27 characters of its SHA-1 in base64).
 */
export function weakEtag(body: string | Buffer): string {
  if (body.length === 0) return 'W/"0-2jmj7l5rSw0yVb/vlWAYkK/YBwk"';
  const hash = createHash('sha1').update(body).digest('base64').substring(0, 27);
  const length = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;
  return `W/"${length.toString(16)}-${hash}"`;
}

/** Express's `req.fresh` for an ETag alone: If-None-Match names it (or is `*`), and the request does not say no-cache. */
export function isFresh(headers: IncomingHttpHeaders, etag: string): boolean {
  const noneMatch = headers['if-none-match'];
  if (!noneMatch) return false;
  const cacheControl = headers['cache-control'];
  if (cacheControl && /(?:^|,)\s*?no-cache\s*?(?:,|$)/.test(cacheControl)) return false;
  if (noneMatch.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return noneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === etag || t === bare || `W/${t}` === etag;
  });
}
