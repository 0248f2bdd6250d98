import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { logger } from './logger.js';

/** A request's path as logged: no query string, and no calendar-feed token (the path is its credential). */
export function loggedPath(url: string): string {
  return url.split('?')[0].replace(/^\/api\/calendar\/[^/]+$/, '/api/calendar/[token].ics');
}

/**
 * One line a request, as pino-http wrote it (`request completed`, `request aborted` or, for a 5xx,
 * `request errored`; request id, method and path without the query string; status; response time
 * in ms), without its per-request child loggers: when `info` is off nothing is done at all.
 * /api/health is not logged.
 */
export const requestLog =
  (log: Logger = logger): RequestHandler =>
  (req, res, next) => {
    if (!log.isLevelEnabled('info') || req.url.startsWith('/api/health')) return next();
    const started = Date.now();
    const done = () => {
      res.removeListener('close', done);
      res.removeListener('finish', done);
      const line = {
        req: { id: (req as Request & { id?: string }).id, method: req.method, path: loggedPath(String(req.url)) },
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
export function fixedHeaders(make: RequestHandler): RequestHandler {
  const set: Array<[string, string | number | readonly string[]]> = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => set.push([name, value]),
    removeHeader: (name: string) => removed.push(name),
    getHeader: () => undefined,
  };
  let called = false;
  make({ method: 'GET', url: '/', headers: {}, secure: false } as Request, recorder as unknown as Response, () => (called = true));
  if (!called) throw new Error('fixedHeaders: the middleware did not call next()');
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of set) res.setHeader(name, value);
    next();
  };
}
