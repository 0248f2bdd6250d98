#!/usr/bin/env node
/* eslint-disable no-console -- a test script prints its results */
// Reports from a read replica, tried for real: a throwaway PostgreSQL 15 primary and a streaming
// replica made from it with pg_basebackup -R, the API migrated and demo-seeded on the primary and
// started with DATABASE_URL=primary and DATABASE_REPLICA_URLS=replica. Checks that report reads
// reach the replica (its statement log shows them under application_name casework-reports), that
// writes and every other read stay on the primary, how long a write takes to show on the replica,
// and what happens while the replica is down. Prints PASS/FAIL; stops both clusters and removes
// their folder whatever happens.
//
//   npm run build -w @casework/contracts && npm run build -w @casework/api
//   node bench/scaling/replica.mjs [--primary-port 5441] [--replica-port 5442] [--api-port 3411] [--keep]
//
// Needs the Debian PostgreSQL 15 binaries (PG_BIN, default /usr/lib/postgresql/15/bin). As root,
// the clusters run as the `postgres` OS user.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, appendFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { call, check, cleanup, dist, freePort, login, note, onCleanup, requireBuild, section, sleep, startApi, summary } from './lib.mjs';

const { values: args } = parseArgs({
  options: {
    'primary-port': { type: 'string', default: '5441' },
    'replica-port': { type: 'string', default: '5442' },
    'api-port': { type: 'string', default: '3411' },
    keep: { type: 'boolean', default: false },
  },
});
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const REPORTS = ['caseload', 'deadlines', 'outcomes', 'equity', 'channels', 'scope'];
const asRoot = process.getuid?.() === 0;
// The report reader is also used in this process (section 3): its warnings only.
process.env.LOG_LEVEL ??= 'warn';

requireBuild();
for (const bin of ['initdb', 'pg_ctl', 'pg_basebackup', 'postgres']) {
  if (!existsSync(path.join(PG_BIN, bin))) {
    console.error(`${path.join(PG_BIN, bin)} is missing: install postgresql-15 (Debian) or set PG_BIN`);
    process.exit(2);
  }
}

/** Runs a PostgreSQL program (as the postgres OS user when we are root). */
function pgRun(bin, argv, { allowFail = false } = {}) {
  const cmd = path.join(PG_BIN, bin);
  const [file, list] = asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...argv]] : [cmd, argv];
  const r = spawnSync(file, list, { encoding: 'utf8', cwd: os.tmpdir() });
  if (r.status !== 0 && !allowFail) throw new Error(`${bin} ${argv.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

async function q(url, sql, params = []) {
  const c = new pg.Client({ connectionString: url, application_name: 'bench-replica' });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows;
  } finally {
    await c.end();
  }
}

/** Statement-log lines of a cluster written since `from` (a byte offset). */
function logSince(file, from) {
  const text = readFileSync(file, 'utf8');
  // One entry per log record: a statement's later lines stay with its first.
  return { entries: text.slice(from).split(/\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)/), end: text.length };
}
// A logged statement: simple protocol ("statement: ...") or extended, as pg sends queries with parameters ("execute <unnamed>: ...").
const STATEMENT = /LOG: {2}(statement|execute [^:]*): /;
const STATEMENT_PREFIX = /^.*?LOG: {2}(statement|execute [^:]*): /;
const logSize = (file) => (existsSync(file) ? statSync(file).size : 0);

async function waitFor(what, fn, timeoutMs = 30_000, everyMs = 100) {
  const started = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

async function main() {
  const t0 = Date.now();
  const primaryPort = await freePort(Number(args['primary-port']));
  const replicaPort = await freePort(Number(args['replica-port']));
  const apiPort = await freePort(Number(args['api-port']));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'casework-replica-'));
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const primaryDir = path.join(dir, 'primary');
  const replicaDir = path.join(dir, 'replica');
  const primaryLog = path.join(dir, 'primary.log');
  const replicaLog = path.join(dir, 'replica.log');
  onCleanup(() => {
    if (args.keep) return console.log(`  kept ${dir}`);
    rmSync(dir, { recursive: true, force: true });
    console.log(`  removed ${dir}`);
  });
  const server = (port) => `postgres://postgres@127.0.0.1:${port}/postgres`;
  const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/casework`;
  const replicaUrl = `postgres://postgres@127.0.0.1:${replicaPort}/casework`;
  console.log(`Reports from a streaming replica (PostgreSQL binaries ${PG_BIN}, ${os.cpus().length} cores)`);
  console.log(`  primary 127.0.0.1:${primaryPort}, replica 127.0.0.1:${replicaPort}, API 127.0.0.1:${apiPort}, data in ${dir}`);

  section('1. Clusters');
  pgRun('initdb', ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  appendFileSync(
    primaryDir + '/postgresql.conf',
    [
      '',
      `port = ${primaryPort}`,
      `listen_addresses = '127.0.0.1'`,
      `unix_socket_directories = '${dir}'`,
      `wal_level = replica`,
      `max_wal_senders = 5`,
      `hot_standby = on`,
      `fsync = off`,
      `synchronous_commit = on`,
      `log_line_prefix = '%m app=%a db=%d '`,
      '',
    ].join('\n'),
  );
  pgRun('pg_ctl', ['-D', primaryDir, '-l', primaryLog, '-w', '-t', '60', 'start']);
  onCleanup(() => {
    pgRun('pg_ctl', ['-D', primaryDir, '-m', 'fast', '-w', 'stop'], { allowFail: true });
    console.log('  primary stopped');
  });
  // pg_basebackup -R: the copy gets standby.signal and primary_conninfo; it then streams from the primary.
  pgRun('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream', '-c', 'fast']);
  appendFileSync(
    replicaDir + '/postgresql.conf',
    // Every statement run on the replica is logged with its application_name: the evidence of who read there.
    ['', `port = ${replicaPort}`, `cluster_name = 'casework-replica'`, `log_statement = 'all'`, `hot_standby_feedback = on`, ''].join('\n'),
  );
  pgRun('pg_ctl', ['-D', replicaDir, '-l', replicaLog, '-w', '-t', '60', 'start']);
  onCleanup(() => {
    pgRun('pg_ctl', ['-D', replicaDir, '-m', 'fast', '-w', 'stop'], { allowFail: true });
    console.log('  replica stopped');
  });
  const streaming = await waitFor('the replica to stream', async () => {
    const rows = await q(server(primaryPort), `SELECT application_name, state, sync_state FROM pg_stat_replication`);
    return rows.find((r) => r.state === 'streaming');
  });
  check('the replica streams from the primary (pg_stat_replication)', streaming, `${streaming.application_name}: ${streaming.state}, ${streaming.sync_state}`);
  const [standby] = await q(server(replicaPort), `SELECT pg_is_in_recovery() AS recovery`);
  check('the replica is a hot standby (pg_is_in_recovery)', standby.recovery === true);

  section('2. Migrations and demo data on the primary');
  await q(server(primaryPort), `CREATE DATABASE casework`);
  const cliEnv = { ...process.env, DATABASE_URL: primaryUrl, NODE_ENV: 'development', LOG_LEVEL: 'warn', JWT_SECRET: 'x'.repeat(40) };
  let started = Date.now();
  execFileSync(process.execPath, [path.join(dist, 'cli/migrate.js')], { env: cliEnv, stdio: ['ignore', 'ignore', 'inherit'] });
  const migrated = Date.now() - started;
  started = Date.now();
  const seeded = execFileSync(process.execPath, [path.join(dist, 'cli/seed.js')], { env: cliEnv, encoding: 'utf8' }).trim();
  console.log(`  migrate ${migrated} ms; seed ${Date.now() - started} ms: ${seeded}`);
  // The report rollups (what the job does every minute), so the reports have figures from the start.
  const refresh = () => JSON.parse(execFileSync(process.execPath, [path.join(dist, 'cli/refresh-reports.js')], { env: cliEnv, encoding: 'utf8' }).trim().split('\n').pop());
  if (existsSync(path.join(dist, 'cli/refresh-reports.js'))) {
    const r = refresh();
    console.log(`  report rollups: ${r.cases} cases in ${r.ms} ms, data as of ${r.dataAsOf}`);
  }
  const lsn = (await q(server(primaryPort), `SELECT pg_current_wal_lsn()::text AS lsn`))[0].lsn;
  await waitFor('the replica to replay the seed', async () => {
    const [r] = await q(server(replicaPort), `SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done`, [lsn]);
    return r.done;
  });
  const counts = `SELECT (SELECT count(*) FROM jobseekers)::int AS jobseekers, (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM work_items)::int AS work_items`;
  const [onPrimary] = await q(primaryUrl, counts);
  const [onReplica] = await q(replicaUrl, counts);
  check('the replica has the seeded data', JSON.stringify(onPrimary) === JSON.stringify(onReplica) && onPrimary.cases > 0, JSON.stringify(onReplica));
  // The primary's statements are logged from here on (not during the seed): writes are looked for there.
  await q(server(primaryPort), `ALTER SYSTEM SET log_statement = 'all'`);
  await q(server(primaryPort), `SELECT pg_reload_conf()`);

  section('3. The API on the primary, reports on the replica');
  const api = await startApi({
    name: 'api',
    port: apiPort,
    env: { DATABASE_URL: primaryUrl, DATABASE_REPLICA_URLS: replicaUrl, DEMO_SEED: 'false', JOBS_ENABLED: 'true', JOBS_POLL_SECONDS: '2' },
  });
  check('the API starts with DATABASE_REPLICA_URLS set', true, api.url);
  const opened = api.lines.some((l) => l.includes('reports read from replicas'));
  check('the API opened its report DataSource on the replica', opened);
  const manager = await login(api, 'manager@demo.test');
  check('the demo manager signs in', manager.status === 200, manager.status === 200 ? `${manager.user.role}, office ${manager.user.officeId}` : JSON.stringify(manager.body));
  const admin = await login(api, 'admin@demo.test');

  const replicaMark = logSize(replicaLog);
  const primaryMark = logSize(primaryLog);
  const [before] = await q(server(replicaPort), `SELECT xact_commit::int AS n FROM pg_stat_database WHERE datname = 'casework'`);
  const answered = [];
  for (const name of REPORTS) {
    const res = await call(api, 'GET', `/api/reports/${name}`, { token: manager.token });
    answered.push({ name, status: res.status, lag: res.body?.meta?.lagSeconds ?? res.body?.lagSeconds });
  }
  const present = answered.filter((a) => a.status !== 404);
  let reportsServed = false;
  if (!present.length) {
    note('GET /api/reports/* answered 404: the reports module is not in this build; the reader is checked directly below');
  } else {
    console.log(`  ${answered.map((a) => `${a.name} ${a.status}${a.lag !== undefined ? ` (lag ${a.lag} s)` : ''}`).join(', ')}`);
    check('the report endpoints answer 200 for the manager', answered.every((a) => a.status === 200), answered.map((a) => `${a.name}:${a.status}`).join(' '));
    await sleep(300);
    const onRep = logSince(replicaLog, replicaMark).entries.filter((l) => l.includes('app=casework-reports') && STATEMENT.test(l));
    const reportSql = onRep.filter((l) => !/(statement|execute [^:]*): (BEGIN|COMMIT|ROLLBACK|SELECT version\(\)|SHOW|SELECT \* FROM current_schema|SELECT current_database)/i.test(l));
    const rollupSql = reportSql.filter((l) => /FROM report_/.test(l));
    reportsServed = rollupSql.length > 0;
    check('report queries ran on the replica (its log, application_name casework-reports)', reportsServed, `${onRep.length} statements, ${rollupSql.length} reading report_* rollups, e.g. ${(rollupSql[0] ?? reportSql[0])?.replace(STATEMENT_PREFIX, '').replace(/\s+/g, ' ').slice(0, 100) ?? '-'}`);
    const onPri = logSince(primaryLog, primaryMark).entries.filter((l) => l.includes('app=casework-reports') && STATEMENT.test(l));
    check('no report query ran on the primary', onPri.length === 0, `${onPri.length} casework-reports statements in the primary's log`);
    const [after] = await q(server(replicaPort), `SELECT xact_commit::int AS n FROM pg_stat_database WHERE datname = 'casework'`);
    console.log(`  replica pg_stat_database.xact_commit for casework: ${before.n} -> ${after.n}`);
    const active = await q(
      server(replicaPort),
      `SELECT application_name, state, left(query, 80) AS query FROM pg_stat_activity WHERE datname = 'casework' AND application_name = 'casework-reports'`,
    );
    console.log(`  replica pg_stat_activity: ${active.length} casework-reports connection(s)${active[0] ? `, last query: ${active[0].query.replace(/\s+/g, ' ')}` : ''}`);
    const apiOnReplica = logSince(replicaLog, replicaMark).entries.filter((l) => l.includes('app=casework-api') && STATEMENT.test(l));
    check('the session checks and other API reads did not go to the replica', apiOnReplica.length === 0, `${apiOnReplica.length} casework-api statements on the replica`);
  }

  // The reader itself, outside the API: the same compiled class the API's REPORT_READER provider makes.
  const { ReportReader } = await import(path.join(dist, 'database/report-reader.js'));
  const { DataSource } = await import('typeorm');
  const mainSource = await new DataSource({ type: 'postgres', url: primaryUrl, extra: { max: 2, application_name: 'bench-main' } }).initialize();
  const reader = new ReportReader({ primary: mainSource, primaryUrl, replicaUrls: [replicaUrl], poolSize: 2, retryAfterMs: 500, connectTimeoutMs: 2000 });
  onCleanup(async () => {
    await reader.stop();
    await mainSource.destroy();
  });
  await reader.start();
  const directMark = logSize(replicaLog);
  const whoSql = `SELECT pg_is_in_recovery() AS standby, inet_server_port() AS port, current_setting('application_name') AS app, (SELECT count(*)::int FROM cases) AS cases`;
  const [direct] = await reader.read(whoSql);
  check('ReportReader.read goes to the replica', direct.standby === true && direct.port === replicaPort && direct.app === 'casework-reports', JSON.stringify(direct));
  const snap = await reader.snapshot(async (sql) => {
    const [a] = await sql(`SELECT pg_is_in_recovery() AS standby, current_setting('transaction_isolation') AS iso`);
    const [b] = await sql(`SELECT count(*)::int AS open FROM cases WHERE status <> 'closed'`);
    return { ...a, ...b };
  });
  await sleep(200);
  const directLines = logSince(replicaLog, directMark).entries.filter((l) => l.includes('app=casework-reports') && STATEMENT.test(l));
  check('the replica logged the reader\'s statements under casework-reports', directLines.some((l) => l.includes('pg_is_in_recovery')), `${directLines.length} statements`);
  check('ReportReader.snapshot runs on the replica, repeatable read', snap.standby === true && snap.iso === 'repeatable read', JSON.stringify(snap));

  section('4. Writes go to the primary and reach the replica');
  const code = `R${Date.now().toString(36).toUpperCase()}`.slice(0, 20);
  const writeMark = logSize(primaryLog);
  const replicaWriteMark = logSize(replicaLog);
  const poller = new pg.Client({ connectionString: replicaUrl, application_name: 'bench-replica-poll' });
  await poller.connect();
  const sentAt = Date.now();
  const created = await call(api, 'POST', '/api/regions', { token: admin.token, body: { code, name: 'Replication check' } });
  const answeredAt = Date.now();
  check('a write through the API succeeds (POST /api/regions)', created.status === 201, `${created.status} in ${answeredAt - sentAt} ms, ${created.body?.id ?? JSON.stringify(created.body)}`);
  // The replica is polled from the moment the API answered, while the API reads the row back.
  let visibleAfter = -1;
  const onReplicaSoon = waitFor(
    'the write to reach the replica',
    async () => {
      const { rows } = await poller.query(`SELECT id FROM regions WHERE code = $1`, [code]);
      if (rows.length) visibleAfter = Date.now() - answeredAt;
      return rows.length > 0;
    },
    10_000,
    2,
  );
  const readBack = await call(api, 'GET', `/api/regions/${created.body?.id}`, { token: admin.token });
  check('read-after-write through the API sees it at once (the API reads the primary)', readBack.status === 200 && readBack.body.code === code);
  await onReplicaSoon.finally(() => poller.end());
  check('the write is visible on the replica', visibleAfter >= 0, `found ${visibleAfter} ms after the API answered (polled every 2 ms on one connection; one machine, fsync off)`);
  await sleep(200);
  const inserts = logSince(primaryLog, writeMark).entries.filter((l) => /(statement|execute [^:]*): .*INSERT INTO "?regions/i.test(l));
  check('the INSERT ran on the primary, by the API pool', inserts.some((l) => l.includes('app=casework-api')), inserts[0]?.match(/app=\S+/)?.[0] ?? 'not found');
  const onReplicaWrites = logSince(replicaLog, replicaWriteMark).entries.filter((l) => /(statement|execute [^:]*): .*\b(INSERT|UPDATE|DELETE)\b/i.test(l));
  check('no write was sent to the replica', onReplicaWrites.length === 0);
  const [lag] = await q(
    server(primaryPort),
    `SELECT application_name, write_lag::text, replay_lag::text, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::int AS bytes_behind FROM pg_stat_replication`,
  );
  console.log(`  pg_stat_replication now: write_lag ${lag.write_lag ?? '-'}, replay_lag ${lag.replay_lag ?? '-'}, ${lag.bytes_behind} bytes behind`);

  if (present.length) {
    section('4b. Replication lag shows in the reports\' freshness (meta.dataAsOf, meta.lagSeconds)');
    // A change that a report counts, then a refresh on the primary while the replica's replay is paused.
    const [c] = await q(primaryUrl, `UPDATE cases SET first_interview_due = first_interview_due + 1 WHERE id = (SELECT id FROM cases WHERE status <> 'closed' ORDER BY id LIMIT 1) RETURNING id`);
    const [was] = await q(primaryUrl, `SELECT data_as_of FROM report_refresh_state`);
    await q(server(replicaPort), `SELECT pg_wal_replay_pause()`);
    await sleep(1100);
    const r = refresh();
    const [now] = await q(primaryUrl, `SELECT data_as_of FROM report_refresh_state`);
    await sleep(2000);
    const paused = await call(api, 'GET', '/api/reports/caseload', { token: manager.token });
    console.log(`  case ${c.id} changed; refresh on the primary: ${r.cases} case(s), data_as_of ${was.data_as_of.toISOString()} -> ${now.data_as_of.toISOString()}`);
    console.log(`  replay paused on the replica: the report says dataAsOf ${paused.body?.meta?.dataAsOf}, lagSeconds ${paused.body?.meta?.lagSeconds}`);
    check('while replay is paused, the report is the replica\'s older one and says so', paused.status === 200 && paused.body.meta.dataAsOf === was.data_as_of.toISOString() && paused.body.meta.lagSeconds >= 3, `dataAsOf ${paused.body?.meta?.dataAsOf}`);
    await q(server(replicaPort), `SELECT pg_wal_replay_resume()`);
    const caught = await waitFor('the replica to catch up', async () => {
      const res = await call(api, 'GET', '/api/reports/caseload', { token: manager.token });
      return res.body?.meta?.dataAsOf === now.data_as_of.toISOString() ? res : null;
    }, 10_000, 50);
    check('replay resumed: the report shows the new refresh', true, `dataAsOf ${caught.body.meta.dataAsOf}, lagSeconds ${caught.body.meta.lagSeconds}`);
  }

  section('5. The replica down, and back');
  pgRun('pg_ctl', ['-D', replicaDir, '-m', 'fast', '-w', 'stop']);
  const downStart = Date.now();
  const [fallback] = await reader.read(whoSql);
  check('with the replica down, reads fall back to the primary', fallback.standby === false && fallback.port === primaryPort, `${JSON.stringify(fallback)} in ${Date.now() - downStart} ms, stats ${JSON.stringify(reader.stats())}`);
  if (present.length) {
    const res = await call(api, 'GET', `/api/reports/${present[0].name}`, { token: manager.token });
    check(`GET /api/reports/${present[0].name} still answers with the replica down`, res.status === 200, String(res.status));
  }
  const health = await call(api, 'GET', '/api/health/ready');
  check('readiness stays up (it checks the primary only)', health.status === 200);
  pgRun('pg_ctl', ['-D', replicaDir, '-l', replicaLog, '-w', '-t', '60', 'start']);
  await waitFor('the replica to stream again', async () => (await q(server(primaryPort), `SELECT 1 FROM pg_stat_replication WHERE state = 'streaming'`)).length);
  const [back] = await waitFor('reads to return to the replica', async () => {
    const rows = await reader.read(whoSql);
    return rows[0].standby ? rows : null;
  }, 15_000, 200);
  check('once it is back, reads go to the replica again', back.standby === true, JSON.stringify(back));

  console.log(`\n  total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return reportsServed || !present.length;
}

let ok = false;
try {
  await main();
} catch (e) {
  check('the run completed', false, e.stack ?? String(e));
} finally {
  console.log('\nCleaning up');
  await cleanup();
  ok = summary('bench/scaling/replica');
}
process.exit(ok ? 0 : 1);
