import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppModule } from './app.module.js';
import { fixedHeaders, requestLog } from './common/http-middleware.js';
import { withIdempotencyHeader } from './common/idempotency.js';
import { logger, NestPinoLogger } from './common/logger.js';
import { requestContextMiddleware } from './common/request-context.js';
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
function trackInFlight(_req: Request, res: Response, next: NextFunction): void {
  inFlight++;
  res.once('close', () => {
    if (--inFlight === 0) for (const resolve of onIdle.splice(0)) resolve();
  });
  next();
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

/** Builds the configured Nest application (not yet listening). */
export async function createApp(env: Env, databaseUrl: string): Promise<NestExpressApplication> {
  ensureJwtSecret(env);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(env, databaseUrl), {
    logger: new NestPinoLogger(),
    bodyParser: true,
    // Throw instead of exiting the process, so callers (main, CLIs, tests) decide.
    abortOnError: false,
  });
  app.set('trust proxy', /^\d+$/.test(env.TRUST_PROXY) ? Number(env.TRUST_PROXY) : env.TRUST_PROXY === 'false' ? false : env.TRUST_PROXY);
  app.disable('x-powered-by');
  app.use(trackInFlight);
  app.use(requestContextMiddleware);
  // Paths only: query strings are not logged, whatever they hold.
  app.use(requestLog());
  // helmet's headers are the same on every response: computed once at start.
  app.use(fixedHeaders(helmet(securityHeaders(env))));
  // Only the auth routes read a cookie (the refresh token, scoped to /api/auth).
  app.use('/api/auth', cookieParser());
  app.use('/api', (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  const origins = (env.CORS_ORIGINS ?? (env.production ? '' : 'http://localhost:5173'))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  app.enableCors({
    origin: origins.length ? origins : false,
    credentials: true,
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
    app.useStaticAssets(web, { index: false, maxAge: '1h' });
    const indexHtml = readFileSync(path.join(web, 'index.html'));
    // Client-side routes: anything that is not the API or a file gets the single page.
    app.use((req: Request, res: Response, next: NextFunction) => {
      // A missing file (an old bundle after a redeploy) is a 404, not the page.
      if (req.method !== 'GET' || req.path.startsWith('/api') || req.path.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(req.path))
        return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.type('html').send(indexHtml);
    });
  }
  return app;
}

export interface Running {
  app: NestExpressApplication;
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
