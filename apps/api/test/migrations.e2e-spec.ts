import pg from 'pg';
import { MIGRATIONS } from '../../../migrations/index.js';
import { freePort } from '../src/database/embedded.js';
import { runMigrations } from '../src/database/migrate.js';
import { databaseUrl } from './db-url.js';
import { DEMO_PASSWORD } from './helpers.js';
import { runApiToExit, startApi } from './process.js';

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: process.env.CASEWORK_TEST_ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function emptyDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `casework_empty_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  await admin(`CREATE DATABASE ${name} TEMPLATE template0`);
  return {
    url: databaseUrl(process.env.CASEWORK_TEST_ADMIN_URL!, name),
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function appliedMigrations(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(`SELECT name FROM migrations ORDER BY id`)).rows.map((r) => r.name);
  } finally {
    await c.end();
  }
}

describe('migrations', () => {
  it('run once when several processes start at the same moment (advisory lock)', async () => {
    const db = await emptyDatabase();
    try {
      const results = await Promise.all([runMigrations(db.url), runMigrations(db.url), runMigrations(db.url)]);
      expect(results.flat()).toEqual(MIGRATIONS.map((m) => new m().name));
      expect(await appliedMigrations(db.url)).toEqual(MIGRATIONS.map((m) => new m().name));
      expect(await runMigrations(db.url)).toEqual([]);
    } finally {
      await db.drop();
    }
  });

  it('let two API processes start together on one new database and both serve it', async () => {
    const db = await emptyDatabase();
    const common = { DATABASE_URL: db.url, NODE_ENV: 'development', JWT_SECRET: 'shared-secret-for-both-processes-0123456789' };
    const [a, b] = await Promise.all([
      startApi({ ...common, PORT: String(await freePort()) }),
      startApi({ ...common, PORT: String(await freePort()) }),
    ]);
    try {
      expect(await appliedMigrations(db.url)).toHaveLength(MIGRATIONS.length);
      // A session started on one process is honoured by the other: sessions live in the database.
      const login = await fetch(`${a.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@demo.test', password: DEMO_PASSWORD }),
      });
      const { accessToken } = (await login.json()) as { accessToken: string };
      const me = await fetch(`${b.url}/api/auth/me`, { headers: { authorization: `Bearer ${accessToken}` } });
      expect(me.status).toBe(200);
      // Seeded once, not twice.
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      const { rows } = await c.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'demo.seed'`);
      await c.end();
      expect(rows[0].n).toBe(1);
    } finally {
      a.child.kill('SIGTERM');
      b.child.kill('SIGTERM');
      await Promise.all([a.exited, b.exited]);
      await db.drop();
    }
  }, 200_000);
});

describe('start-up refusals', () => {
  it('refuses to start in production without a JWT secret or database, naming them', async () => {
    const { code, output } = await runApiToExit({ NODE_ENV: 'production', PORT: '0' });
    expect(code).toBe(1);
    expect(output).toContain('DATABASE_URL is required when NODE_ENV=production');
    expect(output).toContain('JWT_SECRET (at least 32 bytes) is required when NODE_ENV=production');
  });

  it('refuses a short JWT secret and demo seeding in production', async () => {
    const { code, output } = await runApiToExit({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      JWT_SECRET: 'too-short',
      DEMO_SEED: 'true',
    });
    expect(code).toBe(1);
    expect(output).toContain('JWT_SECRET must be at least 32 bytes');
    expect(output).toContain('DEMO_SEED is refused when NODE_ENV=production');
  });

  it('names a malformed setting', async () => {
    const { code, output } = await runApiToExit({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SESSION_IDLE_MINUTES: '90' });
    expect(code).toBe(1);
    expect(output).toMatch(/PORT must/);
    expect(output).toContain('DATABASE_URL must be a postgres:// URL');
    expect(output).toMatch(/SESSION_IDLE_MINUTES must not be greater than 30/);
  });
});
