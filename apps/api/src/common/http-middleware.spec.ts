import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import helmet from 'helmet';
import { pino } from 'pino';
import { parseJsonBody, securityHeaders, trustProxy } from '../bootstrap.js';
import { fixedHeaders, isFresh, requestLog, weakEtag, type Hook, type Middleware, type RequestLike } from './http-middleware.js';

function capture(level = 'info') {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { log: pino({ level }, stream), lines };
}

/** A response that records headers and can finish or close. */
function response(statusCode = 200) {
  const headers = new Map<string, unknown>();
  const res = Object.assign(new EventEmitter(), {
    statusCode,
    writableEnded: false,
    setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), value),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
    getHeader: (name: string) => headers.get(name.toLowerCase()),
  });
  return { res, headers };
}

const request = (url: string): RequestLike => ({ id: 'req-12345678', method: 'GET', url });

function run(mw: Hook | Middleware, req: RequestLike, res: unknown): boolean {
  let nexted = false;
  (mw as Hook)(req, res as never, () => (nexted = true));
  return nexted;
}

describe('requestLog', () => {
  it('writes one line a request: id, method, path without the query, status, response time', () => {
    const { log, lines } = capture();
    const { res } = response(200);
    expect(run(requestLog(log), request('/api/cases?filter=%7B%22q%22%3A%22Secret%20Name%22%7D'), res)).toBe(true);
    res.writableEnded = true;
    res.emit('finish');
    res.emit('close');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      msg: 'request completed',
      req: { id: 'req-12345678', method: 'GET', path: '/api/cases' },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
    });
    expect(JSON.stringify(lines)).not.toContain('Secret');
  });

  it('keeps a calendar-feed token out of the log (the path is its credential)', () => {
    const { log, lines } = capture();
    const { res } = response(200);
    run(requestLog(log), request('/api/calendar/SecretToken_0123456789abcdefghijklmnopqrstuvw.ics'), res);
    res.writableEnded = true;
    res.emit('finish');
    expect(lines[0]).toMatchObject({ req: { path: '/api/calendar/[token].ics' } });
    expect(JSON.stringify(lines)).not.toContain('SecretToken');
  });

  it('marks 5xx answers as errored and connections closed early as aborted', () => {
    const { log, lines } = capture();
    const failed = response(500);
    run(requestLog(log), request('/api/users'), failed.res);
    failed.res.writableEnded = true;
    failed.res.emit('finish');
    const aborted = response(200);
    run(requestLog(log), request('/api/users'), aborted.res);
    aborted.res.emit('close');
    expect(lines.map((l) => l.msg)).toEqual(['request errored', 'request aborted']);
    expect(lines[0]).toMatchObject({ res: { statusCode: 500 }, err: { message: 'failed with status code 500' } });
  });

  it('logs nothing for health checks, or when info is off', () => {
    const { log, lines } = capture();
    const health = response();
    run(requestLog(log), request('/api/health/ready'), health.res);
    health.res.emit('finish');
    const quiet = capture('warn');
    const other = response();
    run(requestLog(quiet.log), request('/api/users'), other.res);
    other.res.emit('finish');
    expect(lines).toEqual([]);
    expect(quiet.lines).toEqual([]);
  });
});

describe('fixedHeaders', () => {
  it('sets exactly the headers helmet sets, in production and in demo mode, and removes X-Powered-By', () => {
    for (const production of [true, false]) {
      const options = securityHeaders({ production } as never);
      const byHelmet = response();
      byHelmet.headers.set('x-powered-by', 'Express');
      expect(run(helmet(options) as unknown as Middleware, request('/api/cases'), byHelmet.res)).toBe(true);
      const byFixed = response();
      byFixed.headers.set('x-powered-by', 'Express');
      expect(run(fixedHeaders(helmet(options) as unknown as Middleware), request('/api/cases'), byFixed.res)).toBe(true);
      expect(Object.fromEntries(byFixed.headers)).toEqual(Object.fromEntries(byHelmet.headers));
      expect(byFixed.headers.has('x-powered-by')).toBe(false);
      expect(byFixed.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(String(byFixed.headers.get('content-security-policy')).includes('upgrade-insecure-requests')).toBe(production);
    }
  });
});

describe('weakEtag and isFresh', () => {
  it('gives the tags Express gave (the etag package, weak)', () => {
    expect(weakEtag('{"status":"ok"}')).toBe('W/"f-VaSQ4oDUiZblZNAEkkN+sX+q3Sg"');
    expect(weakEtag('')).toBe('W/"0-2jmj7l5rSw0yVb/vlWAYkK/YBwk"');
    expect(weakEtag('héllo')).toBe('W/"6-NbXqRcXkH3i0apN8x01B3+qSCJA"');
    expect(weakEtag(Buffer.from('héllo'))).toBe('W/"6-NbXqRcXkH3i0apN8x01B3+qSCJA"');
  });

  it('is fresh as Express judged it: a matching If-None-Match, unless the request says no-cache', () => {
    const tag = 'W/"a-b"';
    expect(isFresh({ 'if-none-match': tag }, tag)).toBe(true);
    expect(isFresh({ 'if-none-match': '"a-b"' }, tag)).toBe(true);
    expect(isFresh({ 'if-none-match': 'W/"x", W/"a-b"' }, tag)).toBe(true);
    expect(isFresh({ 'if-none-match': '*' }, tag)).toBe(true);
    expect(isFresh({ 'if-none-match': tag, 'cache-control': 'no-cache' }, tag)).toBe(false);
    expect(isFresh({ 'if-none-match': 'W/"x"' }, tag)).toBe(false);
    expect(isFresh({}, tag)).toBe(false);
  });
});

describe('parseJsonBody', () => {
  it('reads JSON bodies as body-parser did in strict mode', () => {
    expect(parseJsonBody('')).toEqual({});
    expect(parseJsonBody(' \n {"a":1}')).toEqual({ a: 1 });
    expect(parseJsonBody('{"a":[1]}')).toEqual({ a: [1] });
    expect(parseJsonBody('[1]')).toEqual([1]);
    // JSON.parse keeps __proto__ as an own key, for the validation pipe to refuse by name.
    expect(Object.keys(parseJsonBody('{"__proto__":{"x":1}}') as object)).toEqual(['__proto__']);
    for (const bad of ['"text"', '1', 'null', '{"code": ', 'nope', ' \n '])
      expect(() => parseJsonBody(bad)).toThrow(expect.objectContaining({ status: 400, type: 'entity.parse.failed' }));
  });
});

describe('trustProxy', () => {
  it("takes TRUST_PROXY as Express's trust proxy setting did", () => {
    expect(trustProxy('loopback')).toBe('loopback');
    expect(trustProxy('2')).toBe(2);
    expect(trustProxy('false')).toBe(false);
    expect(trustProxy('true')).toBe(true);
    expect(trustProxy('10.0.0.0/8, loopback')).toBe('10.0.0.0/8, loopback');
  });
});
