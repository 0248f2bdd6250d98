import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import { createServer } from 'node:net';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { createApp } from '../src/bootstrap.js';
import { EnvError, loadEnv } from '../src/config/env.js';
import { REPORT_APPLICATION_NAME, REPORT_READER, type ReportReader } from '../src/database/report-reader.js';
import { createTestApp, createTestDatabase, TEST_ENV, type TestApp, type TestDatabase } from './helpers.js';

/** A port nothing listens on: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function connections(url: string, database: string, names: string[]): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = ANY($2)`, [
      database,
      names,
    ]);
    return rows[0].n;
  } finally {
    await c.end();
  }
}

describe('DATABASE_REPLICA_URLS', () => {
  const base = { ...TEST_ENV, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/casework' };

  it('is a comma-separated list of postgres:// URLs, empty when unset', () => {
    expect(loadEnv(base).replicaUrls).toEqual([]);
    const env = loadEnv({ ...base, DATABASE_REPLICA_URLS: ' postgres://r1:5432/casework, postgresql://r2/casework ,' });
    expect(env.replicaUrls).toEqual(['postgres://r1:5432/casework', 'postgresql://r2/casework']);
    expect(env.DB_REPORT_POOL_SIZE).toBe(4);
  });

  it('refuses anything else, and replicas without a primary', () => {
    expect(() => loadEnv({ ...base, DATABASE_REPLICA_URLS: 'postgres://r1/casework,mysql://r2/casework' })).toThrow(
      /DATABASE_REPLICA_URLS must be comma-separated postgres:\/\/ URLs/,
    );
    expect(() => loadEnv({ ...TEST_ENV, DATABASE_REPLICA_URLS: 'postgres://r1/casework' })).toThrow(EnvError);
    expect(() => loadEnv({ ...TEST_ENV, DATABASE_REPLICA_URLS: 'postgres://r1/casework' })).toThrow(/needs DATABASE_URL/);
    expect(() => loadEnv({ ...base, DB_REPORT_POOL_SIZE: '0' })).toThrow(EnvError);
  });
});

describe('report reader without replicas', () => {
  let t: TestApp;
  let reader: ReportReader;
  beforeAll(async () => {
    t = await createTestApp({ seed: false });
    reader = t.app.get<ReportReader>(REPORT_READER);
  });
  afterAll(() => t.close());

  it('reads from the application database', async () => {
    expect(reader.replicated).toBe(false);
    expect(reader.target).toBe('primary');
    const rows = await reader.read<{ db: string; n: number }>(`SELECT current_database() AS db, $1::int + 1 AS n`, [41]);
    expect(rows).toEqual([{ db: t.db.name, n: 42 }]);
    expect(reader.stats()).toEqual(expect.objectContaining({ primary: expect.any(Number), replica: 0, fallbacks: 0 }));
  });

  it('gives a snapshot one read-only transaction', async () => {
    const seen = await reader.snapshot(async (q) => {
      const [a] = await q<{ txid: string; ro: string; iso: string }>(
        `SELECT txid_current_if_assigned() AS txid, current_setting('transaction_read_only') AS ro, current_setting('transaction_isolation') AS iso`,
      );
      const [b] = await q<{ now: Date }>(`SELECT now()`);
      const [c] = await q<{ now: Date }>(`SELECT now()`);
      return { a, same: b.now.getTime() === c.now.getTime() };
    });
    expect(seen.a).toEqual({ txid: null, ro: 'on', iso: 'repeatable read' });
    expect(seen.same).toBe(true);
    await expect(reader.snapshot((q) => q(`INSERT INTO regions (code, name) VALUES ('X', 'x')`))).rejects.toThrow(/read-only transaction/);
    const { rows } = await t.sql.query(`SELECT count(*)::int AS n FROM regions WHERE code = 'X'`);
    expect(rows[0].n).toBe(0);
  });

  it('lets reads made inside a snapshot join its transaction', async () => {
    const who = `SELECT pg_backend_pid() AS pid, current_setting('transaction_isolation') AS iso, now() AS at`;
    const [outside] = await reader.read<{ iso: string }>(who);
    expect(outside.iso).toBe('read committed');
    const [first, nested, again] = await reader.snapshot(async (q) => {
      const [a] = await q<{ pid: number; iso: string; at: Date }>(who);
      await new Promise((r) => setTimeout(r, 20));
      // A service deep down calling reader.read, and a snapshot inside the snapshot: the same transaction.
      const [b] = await reader.read<{ pid: number; iso: string; at: Date }>(who);
      const [c] = await reader.snapshot((inner) => inner<{ pid: number; iso: string; at: Date }>(who));
      return [a, b, c];
    });
    expect(nested).toEqual(first);
    expect(again).toEqual(first);
    expect(first.iso).toBe('repeatable read');
  });

  it('always gives its connection back, after failures too', async () => {
    const pool = (reader as unknown as { options: { primary: any } }).options.primary.driver.master;
    for (let i = 0; i < 30; i++) {
      await reader.read(`SELECT 1`);
      await expect(reader.read(`SELECT * FROM no_such_table`)).rejects.toThrow(/no_such_table/);
      await expect(reader.snapshot((q) => q(`SELECT 1/0`))).rejects.toThrow(/division by zero/);
    }
    // Nothing checked out: every connection in the pool is idle again.
    expect(pool.totalCount - pool.idleCount).toBe(0);
    expect(pool.waitingCount).toBe(0);
  });
});

describe('report reader with replicas', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await app?.close();
    await db.whenIdle();
    await db.drop();
  });

  async function start(replicaUrls: string): Promise<ReportReader> {
    const env = loadEnv({ ...TEST_ENV, DATABASE_URL: db.url, DATABASE_REPLICA_URLS: replicaUrls });
    app = await createApp(env, db.url);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    return app.get<ReportReader>(REPORT_READER);
  }

  it('reads through its own replicated DataSource, from the slave pool, and closes it at shutdown', async () => {
    // The test database stands in for a replica; the URL's application_name marks the slave pool's sessions.
    const replica = `${db.url}?application_name=test-replica`;
    const reader = await start(replica);
    expect(reader.target).toBe('replica');
    const [row] = await reader.read<{ app: string; ro: string }>(
      `SELECT current_setting('application_name') AS app, current_setting('transaction_read_only') AS ro`,
    );
    expect(row).toEqual({ app: 'test-replica', ro: 'on' });
    const inSnapshot = await reader.snapshot(
      async (q) => (await q<{ app: string }>(`SELECT current_setting('application_name') AS app`))[0],
    );
    expect(inSnapshot.app).toBe('test-replica');
    expect(reader.stats()).toEqual({ replica: 2, primary: 0, fallbacks: 0 });
    // The application's own pool is not replicated: its reads stay on the primary.
    const main = app!.get<DataSource>(getDataSourceToken());
    expect(main.driver.isReplicated).toBe(false);
    expect((main.options as { replication?: unknown }).replication).toBeUndefined();
    expect(await connections(process.env.CASEWORK_TEST_ADMIN_URL!, db.name, ['test-replica', REPORT_APPLICATION_NAME])).toBeGreaterThan(0);
    await app!.close();
    app = undefined;
    let left = -1;
    for (let i = 0; i < 50 && left !== 0; i++) {
      left = await connections(process.env.CASEWORK_TEST_ADMIN_URL!, db.name, ['test-replica', REPORT_APPLICATION_NAME]);
      if (left) await new Promise((r) => setTimeout(r, 100));
    }
    expect(left).toBe(0);
  });

  it('falls back to the primary when no replica answers, and starts anyway', async () => {
    const down = Object.assign(new URL(db.url), { port: String(await closedPort()) }).toString();
    const reader = await start(down);
    expect(reader.target).toBe('replica');
    const [row] = await reader.read<{ db: string }>(`SELECT current_database() AS db`);
    expect(row.db).toBe(db.name);
    expect(reader.stats()).toEqual({ replica: 0, primary: 1, fallbacks: 1 });
  });
});
