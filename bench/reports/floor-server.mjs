#!/usr/bin/env node
// The framework floor: a bare node:http server answering the API's main read routes with what the
// API itself does for them, and nothing of NestJS, Express, passport or TypeORM around it.
//
// For each request: the bearer token is verified with jsonwebtoken and the API's options (HS256,
// issuer, audience, expiry), the session is checked by the API's own compiled SessionsService (the
// same prepared statement), the grant comes from the same access matrix (@casework/contracts), and
// the API's compiled services build and run the same SQL and the same JSON. They run on a plain
// `pg` pool of the API's size: the services' statements go through `prepared` (common/sql.ts),
// which needs nothing of a DataSource but its pool, and anything else is answered by the shim's
// `query` straight on the pool.
//
//   DATABASE_URL=... JWT_SECRET=... PORT=3995 node bench/reports/floor-server.mjs
//
// A request with the header `x-bench-capture: 1` also answers, in `x-bench-sql`, the statements
// it sent (base64 JSON), so the bench can check they are the API's.
import { createSecretKey } from 'node:crypto';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import { scopeFor } from '@casework/contracts';
import { imp, root } from '../worklists/harness.mjs';

// The jsonwebtoken passport-jwt verifies the API's tokens with, as the API resolves it.
const fromApi = createRequire(path.join(root, 'apps/api/package.json'));
const jwt = createRequire(fromApi.resolve('passport-jwt'))('jsonwebtoken');

const env = {
  DATABASE_URL: process.env.DATABASE_URL,
  PORT: Number(process.env.PORT ?? 3995),
  JWT_SECRET: process.env.JWT_SECRET,
  JWT_ISSUER: process.env.JWT_ISSUER ?? 'casework',
  JWT_AUDIENCE: process.env.JWT_AUDIENCE ?? 'casework-api',
  SESSION_IDLE_MINUTES: Number(process.env.SESSION_IDLE_MINUTES ?? 30),
  DB_POOL_SIZE: Number(process.env.DB_POOL_SIZE ?? 20),
};
if (!env.DATABASE_URL || !env.JWT_SECRET) {
  process.stderr.write('floor-server: DATABASE_URL and JWT_SECRET are required\n');
  process.exit(1);
}

const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: env.DB_POOL_SIZE, application_name: 'casework-floor' });

// What the compiled services use of a TypeORM DataSource, on the bare pool. Statements are recorded
// for a request that asks (x-bench-capture) through the logger hook `prepared` calls.
let sink = null;
const ds = {
  options: {
    get logging() {
      return sink !== null;
    },
  },
  logger: { logQuery: (sql, params) => sink?.push({ sql, params: params ?? [] }) },
  driver: { master: pool },
  async query(sql, params) {
    sink?.push({ sql, params: params ?? [] });
    return (await pool.query(sql, params)).rows;
  },
};

const { SessionsService, UUID } = await imp('modules/auth/sessions.service.js');
const { CasesService } = await imp('modules/cases/cases.service.js');
const { WorkItemsService } = await imp('modules/work-items/work-items.service.js');
const { AppException } = await imp('common/errors.js');
const sessions = new SessionsService(ds, env, null);
const workItems = new WorkItemsService(ds, null);
const cases = new CasesService(ds, null, null, workItems);

/** The reports service, when the API has one (it reads the rollups with `dataSource.query`). */
let reports = null;
let REPORTS = [];
try {
  const { ReportsService } = await imp('modules/reports/reports.service.js');
  // The API's REPORT_READER on the primary: one statement, or a read-only REPEATABLE READ
  // transaction on one connection for a report's snapshot.
  const reader = {
    read: (sql, params) => ds.query(sql, params),
    async snapshot(work) {
      const client = await pool.connect();
      const query = async (sql, params) => {
        sink?.push({ sql, params: params ?? [] });
        return (await client.query(sql, params)).rows;
      };
      try {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const result = await work(query);
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
  };
  reports = new ReportsService(reader);
  ({ REPORTS } = await import('@casework/contracts'));
} catch {
  reports = null;
}

const key = createSecretKey(Buffer.from(env.JWT_SECRET, 'utf8'));
const verifyOptions = { algorithms: ['HS256'], issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE, ignoreExpiration: false };

/** The API's guard: token, live session, then the route's permission from the access matrix. */
async function grantFor(req, resource, action) {
  const header = req.headers.authorization;
  if (!header?.startsWith('Bearer ')) throw new AppException(401, 'UNAUTHENTICATED', 'Sign in to continue');
  let claims;
  try {
    claims = jwt.verify(header.slice(7), key, verifyOptions);
  } catch {
    throw new AppException(401, 'UNAUTHENTICATED', 'Sign in to continue');
  }
  if (typeof claims?.sid !== 'string' || typeof claims?.sub !== 'string' || !UUID.test(claims.sid) || !UUID.test(claims.sub))
    throw new AppException(401, 'UNAUTHENTICATED', 'Sign in to continue');
  const user = await sessions.live(claims.sid, claims.sub);
  if (!user) throw new AppException(401, 'SESSION_EXPIRED', 'Your session has ended: sign in again');
  if (user.mustChangePassword) throw new AppException(403, 'PASSWORD_CHANGE_REQUIRED', 'Change your one-time password before going on');
  const scope = scopeFor(user.role, resource, action);
  if (!scope) throw new AppException(403, 'FORBIDDEN', `Your role may not ${action} ${resource}`);
  return { user, scope };
}

/** Routes: [pattern, resource, handler(match, query, grant, res)]. */
const routes = [
  [/^\/api\/cases$/, 'cases', (_m, query, grant, res) => cases.list(query, grant, res)],
  [
    /^\/api\/cases\/([^/]+)$/,
    'cases',
    (m, _query, grant) => {
      if (!UUID.test(m[1])) throw new AppException(400, 'BAD_REQUEST', 'id must be a UUID');
      return cases.get(m[1], grant);
    },
  ],
  [/^\/api\/work-items$/, 'work-items', (_m, query, grant, res) => workItems.list(query, grant, res)],
  [
    /^\/api\/reports\/([a-z]+)$/,
    'reports',
    (m, query, grant) => {
      if (!reports || !REPORTS.includes(m[1])) throw new AppException(404, 'NOT_FOUND', 'Report not found');
      return reports.report(m[1], grant, query);
    },
  ],
];

const server = http.createServer(async (req, res) => {
  const headers = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' };
  // What the services call on the reply to set a header.
  const shim = { header: (k, v) => (headers[k] = v) };
  const capture = req.headers['x-bench-capture'] === '1';
  let status = 200;
  let body;
  try {
    const qs = req.url.indexOf('?');
    const pathname = qs < 0 ? req.url : req.url.slice(0, qs);
    const route = req.method === 'GET' ? routes.find(([re]) => re.test(pathname)) : undefined;
    if (!route) throw new AppException(404, 'NOT_FOUND', 'Not found');
    const query = qs < 0 ? {} : Object.fromEntries(new URLSearchParams(req.url.slice(qs + 1)));
    const grant = await grantFor(req, route[1], 'read');
    if (capture) sink = [];
    body = await route[2](route[0].exec(pathname), query, grant, shim);
  } catch (e) {
    status = e instanceof AppException ? e.getStatus() : 500;
    body = { statusCode: status, code: e.code ?? 'INTERNAL_ERROR', message: e.message };
  }
  if (capture) {
    headers['x-bench-sql'] = Buffer.from(JSON.stringify(sink ?? [])).toString('base64');
    sink = null;
  }
  res.writeHead(status, headers);
  res.end(JSON.stringify(body));
});
server.keepAliveTimeout = 5000;
server.listen(env.PORT, '127.0.0.1', () => process.stdout.write(`floor-server listening on ${env.PORT}\n`));

for (const signal of ['SIGTERM', 'SIGINT'])
  process.on(signal, () => {
    server.close();
    pool.end().finally(() => process.exit(0));
  });
