import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { createApp } from '../src/bootstrap.js';
import { loadEnv } from '../src/config/env.js';
import { DEMO_PASSWORD } from '../src/modules/demo/demo-data.js';
import { DemoSeedService } from '../src/modules/demo/demo-seed.service.js';
import { databaseUrl } from './db-url.js';

export { DEMO_PASSWORD };

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
  whenIdle(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: process.env.CASEWORK_TEST_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** A fresh database with every migration applied, copied from the run's template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env.CASEWORK_TEST_TEMPLATE!;
  const name = `${template.replace('tpl', 't')}_${randomBytes(5).toString('hex')}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      break;
    } catch (e) {
      // Two files copying the template at the same instant: PostgreSQL says the source is busy.
      if (attempt > 20 || !/being accessed by other users/.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  return {
    name,
    url: databaseUrl(process.env.CASEWORK_TEST_ADMIN_URL!, name),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    // Connections close asynchronously after a pool ends: dropping before they are gone would
    // terminate them mid-flight.
    async whenIdle() {
      const admin = new pg.Client({ connectionString: process.env.CASEWORK_TEST_ADMIN_URL });
      await admin.connect();
      try {
        for (let i = 0; i < 50; i++) {
          const { rows } = await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`, [name]);
          if (!rows[0].n) return;
          await new Promise((r) => setTimeout(r, 100));
        }
      } finally {
        await admin.end();
      }
    },
  };
}

export interface TestApp {
  app: NestFastifyApplication;
  http: TestAgent;
  db: TestDatabase;
  /** A direct connection to the test database, for checks behind the API's back. */
  sql: pg.Pool;
  close(): Promise<void>;
}

export const TEST_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
  LOG_LEVEL: 'silent',
  // Tests run escalation directly; one spec starts the job queue itself.
  JOBS_ENABLED: 'false',
};

/** The API on its own database; `seed` adds the demo region, offices and the seven demo users (password DEMO_PASSWORD). */
export async function createTestApp(options: { env?: Record<string, string>; seed?: boolean } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const env = loadEnv({ ...TEST_ENV, ...options.env, DATABASE_URL: db.url });
  const app = await createApp(env, db.url);
  await app.init();
  // Fastify answers supertest's requests on app.getHttpServer() once its plugins are loaded.
  await app.getHttpAdapter().getInstance().ready();
  // Just the region, offices and seven sign-ins: the ~2,000-jobseeker population is for demo starts and its own spec.
  if (options.seed !== false) await app.get(DemoSeedService).seed({ bulk: false });
  const sql = new pg.Pool({ connectionString: db.url, max: 3 });
  // A dropped database terminates idle connections; that is expected at teardown, not a failure.
  sql.on('error', () => undefined);
  return {
    app,
    http: request(app.getHttpServer()),
    db,
    sql,
    async close() {
      await sql.end();
      await app.close();
      await db.whenIdle();
      await db.drop();
    },
  };
}

export interface Session {
  token: string;
  cookie: string;
  user: { id: string; role: string; officeId: string; regionId: string; email: string; mustChangePassword: boolean };
  auth: { Authorization: string };
}

export async function login(t: TestApp, email: string, password = DEMO_PASSWORD): Promise<Session> {
  const res = await t.http.post('/api/auth/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login ${email} answered ${res.status}: ${JSON.stringify(res.body)}`);
  const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('cw_refresh='))!.split(';')[0];
  return { token: res.body.accessToken, cookie, user: res.body.user, auth: { Authorization: `Bearer ${res.body.accessToken}` } };
}

export const DEMO = {
  admin: 'admin@demo.test',
  frontDesk: 'frontdesk@demo.test',
  counsellor: 'counsellor@demo.test',
  specialist: 'specialist@demo.test',
  supervisor: 'supervisor@demo.test',
  manager: 'manager@demo.test',
  counsellor2: 'counsellor2@demo.test',
} as const;
