import 'reflect-metadata';
import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import fastifyStatic from '@fastify/static';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppModule } from './app.module.js';
import { fixedHeaders, isFresh, requestLog, weakEtag, type Middleware } from './common/http-middleware.js';
import { withIdempotencyHeader } from './common/idempotency.js';
import { logger, NestPinoLogger } from './common/logger.js';
import { requestIdFor, runRequestInContext } from './common/request-context.js';
import type { Env } from './config/env.js';
import { projectRoot } from './config/paths.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded.js';
import { runMigrations } from './database/migrate.js';
import { DemoSeedService } from './modules/demo/demo-seed.service.js';
import { ReportsRefreshService } from './modules/reports/reports-refresh.service.js';

export function dataDir(env: Env): string {
  return path.resolve(env.DATA_DIR ?? path.join(projectRoot(), '.data'));
}

export interface Database {
  url: string;
  embedded?: EmbeddedDatabase;
}

/** DATABASE_URL when set; otherwise an embedded PostgreSQL keeping its data under the data folder. */
export async function openDatabase(env: Env): Promise<Database> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL };
  const embedded = await startEmbeddedPostgres({
    dataDir: dataDir(env),
    database: 'casework',
    log: (m) => logger.debug({ component: 'embedded-postgres' }, m),
  });
  return { url: embedded.url, embedded };
}

/** Demo mode generates a JWT secret once and keeps it beside the data; production must be given one. */
export function ensureJwtSecret(env: Env): void {
  if (env.JWT_SECRET) return;
  const dir = dataDir(env);
  const file = path.join(dir, 'jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  }
  env.JWT_SECRET = readFileSync(file, 'utf8').trim();
}

export function webDist(env: Env): string {
  return path.resolve(env.WEB_DIST ?? path.join(projectRoot(), 'apps', 'web', 'dist'));
}

// Requests being handled; shutdown waits for them before closing the database pool.
let inFlight = 0;
const onIdle: Array<() => void> = [];
function trackInFlight(res: NodeJS.EventEmitter): void {
  inFlight++;
  res.once('close', () => {
    if (--inFlight === 0) for (const resolve of onIdle.splice(0)) resolve();
  });
}
const drained = () => new Promise<void>((resolve) => (inFlight === 0 ? resolve() : onIdle.push(resolve)));

/** helmet's options: a strict Content-Security-Policy for the API and the web app it serves. */
export function securityHeaders(env: Env): HelmetOptions {
  return {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // MUI/emotion and Swagger UI inject styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        // Demo mode serves plain http on localhost; upgrading would break every request.
        upgradeInsecureRequests: env.production ? [] : null,
      },
    },
  };
}

/** Express's `trust proxy` setting, as Fastify's `trustProxy` takes it (both read it with proxy-addr). */
export function trustProxy(value: string): boolean | number | string {
  if (/^\d+$/.test(value)) return Number(value);
  if (value === 'false') return false;
  if (value === 'true') return true;
  return value;
}

/** What an Express JSON body-parser error carried (the error filter maps it to a 400 with a clear message). */
class BodyParseError extends Error {
  readonly status = 400;
  readonly type = 'entity.parse.failed';
}

/** Express's JSON bodies, body-parser's strict mode: an empty body is `{}`; anything but an object or array (after white space) is refused. */
export function parseJsonBody(body: string): unknown {
  if (body.length === 0) return {};
  // JSON's white space: space, tab, line feed, carriage return.
  const first = /^[ \t\n\r]*([^ \t\n\r])/.exec(body)?.[1];
  if (first !== '{' && first !== '[') throw new BodyParseError(`Unexpected token ${first ?? 'end of input'} in JSON`);
  try {
    // JSON.parse keeps a `__proto__` key as an own property: the validation pipe refuses it by name.
    return JSON.parse(body);
  } catch (e) {
    throw new BodyParseError((e as Error).message);
  }
}

/** Express (body-parser) answered a body over 100 kB with 413: the same limit here. */
export const BODY_LIMIT = 100 * 1024;

/** The hooks every request goes through, in this order, before CORS and the route. */
function requestHooks(instance: FastifyInstance, env: Env): void {
  const log = requestLog();
  // helmet's headers are the same on every response: computed once at start.
  const security = fixedHeaders(helmet(securityHeaders(env)) as unknown as Middleware);
  const next = () => undefined;
  instance.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done) => {
    const res = reply.raw;
    trackInFlight(res);
    res.setHeader('X-Request-Id', req.id);
    // Paths only: query strings are not logged, whatever they hold.
    log(req, res, next);
    security(req, res, next);
    const url = req.url;
    if (url.startsWith('/api')) {
      res.setHeader('Cache-Control', 'no-store');
      // Only the auth routes read a cookie (the refresh token, scoped to /api/auth).
      if (url.startsWith('/api/auth')) {
        const header = req.headers.cookie;
        (req as FastifyRequest & { cookies: Record<string, string | undefined> }).cookies = header ? instance.parseCookie(header) : {};
      }
    }
    done();
  });
  // Every body sent carries Express's weak ETag, and a GET naming it in If-None-Match gets a 304, as under Express.
  instance.addHook('onSend', (req, reply, payload, done) => {
    if ((typeof payload === 'string' || Buffer.isBuffer(payload)) && !reply.hasHeader('etag')) {
      const tag = weakEtag(payload);
      reply.header('ETag', tag);
      const status = reply.statusCode;
      if (
        (req.method === 'GET' || req.method === 'HEAD') &&
        ((status >= 200 && status < 300) || status === 304) &&
        isFresh(req.headers, tag)
      ) {
        reply.code(304).removeHeader('content-type').removeHeader('content-length');
        return done(null, '');
      }
    }
    done(null, payload);
  });
  // The request's context (request id, caller's IP, later the user) for the handler, once the body is read.
  instance.addHook('preHandler', (req, _reply, done) => runRequestInContext(req, done));
}

const servedRoutes = new WeakMap<NestFastifyApplication, string[]>();

/** Every route the application's Fastify instance answers, as `method path` (the access spec checks them against the controllers). */
export function routesServed(app: NestFastifyApplication): readonly string[] {
  return servedRoutes.get(app) ?? [];
}

/** Builds the configured Nest application (not yet listening). */
export async function createApp(env: Env, databaseUrl: string): Promise<NestFastifyApplication> {
  ensureJwtSecret(env);
  const adapter = new FastifyAdapter({
    // Fastify takes a hop count as Express did; its option type leaves numbers out.
    trustProxy: trustProxy(env.TRUST_PROXY) as boolean | string,
    bodyLimit: BODY_LIMIT,
    genReqId: (req: IncomingMessage) => requestIdFor(req.headers),
    // Express's router matched `/api/cases/` as `/api/cases`.
    routerOptions: { ignoreTrailingSlash: true },
    // Plain JSON.parse: the validation pipe refuses __proto__ and constructor keys by name.
    onProtoPoisoning: 'ignore',
    onConstructorPoisoning: 'ignore',
  });
  const instance = adapter.getInstance();
  const served: string[] = [];
  instance.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) served.push(`${method.toLowerCase()} ${route.url}`);
  });
  requestHooks(instance, env);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(env, databaseUrl), adapter, {
    logger: new NestPinoLogger(),
    bodyParser: false,
    // Throw instead of exiting the process, so callers (main, CLIs, tests) decide.
    abortOnError: false,
  });
  servedRoutes.set(app, served);
  // Bodies as Express read them: JSON (strict, empty is {}), and nothing else parsed: another
  // content type reaches the handler with no body, which the validation pipe refuses as before.
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
  instance.addContentTypeParser('*', { bodyLimit: BODY_LIMIT }, (_req, payload, done) => {
    payload.resume();
    payload.once('end', () => done(null, undefined));
    payload.once('error', (e) => done(e, undefined));
  });
  await app.register(fastifyCookie as never, { hook: false });

  const origins = (env.CORS_ORIGINS ?? (env.production ? '' : 'http://localhost:5173'))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  await app.register(fastifyCors as never, {
    origin: origins.length ? origins : false,
    credentials: true,
    // Express's cors defaults.
    methods: 'GET,HEAD,PUT,PATCH,POST,DELETE',
    strictPreflight: false,
    exposedHeaders: ['Content-Range', 'X-Total-At-Least', 'X-Next-Cursor', 'X-Request-Id', 'Retry-After', 'ETag', 'Idempotent-Replayed'],
  });
  app.setGlobalPrefix('api');

  const openapi = new DocumentBuilder()
    .setTitle('Casework API')
    .setDescription('Case management for public employment services. Lists follow react-admin simple-rest conventions.')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => withIdempotencyHeader(SwaggerModule.createDocument(app, openapi)), {
    jsonDocumentUrl: 'api/docs-json',
  });

  const web = webDist(env);
  if (existsSync(path.join(web, 'index.html'))) {
    // The web app's files, as express.static served them (no index, an hour's caching); a missing
    // one goes on to the not-found handler (a JSON 404).
    await app.register(fastifyStatic as never, { root: web, prefix: '/', index: false, maxAge: '1h', decorateReply: false });
    const indexHtml = readFileSync(path.join(web, 'index.html'));
    // Client-side routes: anything that is not the API or a file gets the single page.
    instance.addHook('onRequest', (req, reply, done) => {
      const p = req.url.split('?')[0];
      // A missing file (an old bundle after a redeploy) is a 404, not the page.
      if (req.method !== 'GET' || p.startsWith('/api') || p.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(p)) return done();
      reply.header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').send(indexHtml);
    });
  }
  return app;
}

export interface Running {
  app: NestFastifyApplication;
  url: string;
  database: Database;
  seeded: boolean;
  stop(): Promise<void>;
}

/** The whole start: database, migrations, application, demo data in demo mode, listen. */
export async function start(env: Env): Promise<Running> {
  const database = await openDatabase(env);
  try {
    const applied = await runMigrations(database.url);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    const app = await createApp(env, database.url);
    let seeded = false;
    const seedWanted = env.DEMO_SEED ?? !env.production;
    if (seedWanted && !env.production) {
      const seeder = app.get(DemoSeedService);
      if (await seeder.isEmpty()) seeded = (await seeder.seed()).created > 0;
      // Demo reports have figures from the first screen on (the job would take up to a minute).
      if (seeded) await app.get(ReportsRefreshService).refresh();
    }
    await app.listen(env.PORT, env.HOST);
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : env.PORT;
    const url = `http://localhost:${port}`;
    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        // Order matters: stop accepting, let requests in flight finish, close the pool, then stop
        // the embedded server. (Nest's own close did not wait for a request whose body was still arriving.)
        const server = app.getHttpServer();
        server.close();
        server.closeIdleConnections();
        await drained();
        await app.close();
        logger.info('requests drained and database pool closed');
        if (database.embedded) {
          await database.embedded.stop();
          logger.info('embedded PostgreSQL stopped');
        }
      })());
    return { app, url, database, seeded, stop };
  } catch (e) {
    await database.embedded?.stop();
    throw e;
  }
}
