/* eslint-disable no-console -- a benchmark prints its results */
// What every bench needs around its measurements: the bench database (free disk, create, drop, bulk
// load on two connections), the real API (start, stop, sign in), the API's own SQL (captured from
// the compiled services), CPU and memory of the processes involved, and formatting.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statfsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The compiled API. */
export const dist = path.join(root, 'apps/api/dist/apps/api/src');
/** Imports a module of the compiled API by its path under dist (e.g. 'common/sql.js'). */
export const imp = (rel) => import(pathToFileURL(path.join(dist, rel)).href);

export const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
export const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
export const sleep = (t) => new Promise((r) => setTimeout(r, t));
export const GiB = 2 ** 30;

/** A `fail(message)` that prints under the bench's name and exits. */
export const failer = (name) => (message) => {
  console.error(`\n${name}: ${message}\n`);
  process.exit(1);
};

/**
 * Options every bench of a seeded database takes (node:util parseArgs): --cases, --duration,
 * --port, --quiet-wait, --keep and --reuse, with these defaults for the first three.
 */
export const commonOptions = ({ cases, duration = '10', port }) => ({
  cases: { type: 'string', default: cases },
  duration: { type: 'string', default: duration },
  port: { type: 'string', default: port },
  'quiet-wait': { type: 'string', default: '0' },
  keep: { type: 'boolean', default: false },
  reuse: { type: 'boolean', default: false },
});

/** --cases as a number, checked: at least 1,000 and a multiple of the 50 offices. */
export function casesOption(value, fail) {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1000 || n % 50 !== 0) fail('--cases must be a whole number of at least 1000, a multiple of 50');
  return n;
}

/** Stops with a message when the API has not been built. */
export function requireBuilt(fail, files = ['database/migrate.js', 'main.js', 'modules/auth/password.service.js']) {
  for (const f of files) {
    if (!existsSync(path.join(dist, f)))
      fail(`apps/api is not built (${f} missing): run npm run build -w @casework/contracts && npm run build -w @casework/api`);
  }
}

export const serverUrlOf = () => process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** The URL of database `dbName` on the server of `serverUrl`. */
export const databaseUrl = (serverUrl, dbName) => Object.assign(new URL(serverUrl), { pathname: `/${dbName}` }).toString();

export const loadAverage = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

export function machineInfo() {
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memoryGB: Math.round(os.totalmem() / GiB),
    loadAverage: os.loadavg(),
    node: process.version,
  };
}

// ---------------------------------------------------------------------------------------------
// CPU and memory.

/** CPU seconds a process has used (user + system), from /proc; 0 when it is gone. */
export function procCpu(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (CLK_TCK 100 on Linux)
  } catch {
    return 0;
  }
}

/**
 * CPU used by everything a request costs: this process (the load generator or the SQL loop), the
 * API process and this database's PostgreSQL backends. Unlike latency, it does not depend on what
 * else the machine is doing, so it gives the requests per second two idle cores could serve.
 */
export async function cpuSnapshot(db, apiPid) {
  const { rows } = await db.query('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
  const c = process.cpuUsage();
  return { client: (c.user + c.system) / 1e6, api: apiPid ? procCpu(apiPid) : 0, pg: new Map(rows.map((r) => [r.pid, procCpu(r.pid)])) };
}

export async function cpuSince(db, apiPid, a) {
  const b = await cpuSnapshot(db, apiPid);
  let pg = 0;
  for (const [pid, t] of b.pg) pg += t - (a.pg.get(pid) ?? 0);
  return { client: b.client - a.client, api: b.api - a.api, pg };
}

/** CPU milliseconds a request, by part, and what two idle cores would serve at that cost. */
export function cpuPerRequest(cpu, requests) {
  const per = (x) => (requests ? (x * 1000) / requests : NaN);
  const total = per(cpu.client + cpu.api + cpu.pg);
  return {
    clientMs: per(cpu.client),
    apiMs: per(cpu.api),
    pgMs: per(cpu.pg),
    totalMs: total,
    capacityRps: (os.cpus().length * 1000) / total,
  };
}

/** Share of CPU time idle over `seconds`, all cores together. */
export async function idleShare(seconds) {
  const sum = () =>
    os.cpus().reduce((a, c) => ({ idle: a.idle + c.times.idle, all: a.all + Object.values(c.times).reduce((x, y) => x + y, 0) }), {
      idle: 0,
      all: 0,
    });
  const a = sum();
  await sleep(seconds * 1000);
  const b = sum();
  return (b.idle - a.idle) / Math.max(1, b.all - a.all);
}

/**
 * Other work on the machine skews every number: `quiet(label)` waits up to `seconds` for the CPUs
 * to be at least 70% idle before a measurement, and returns what it saw, for the results.
 */
export const quietWaiter = (seconds) => async (label) => {
  const deadline = Date.now() + seconds * 1000;
  let idle = await idleShare(2);
  while (idle < 0.7 && Date.now() < deadline) {
    process.stdout.write(`  (waiting for a quiet machine before ${label}: ${Math.round(idle * 100)}% idle)\n`);
    idle = await idleShare(5);
  }
  return { idleBefore: idle, loadAverage: os.loadavg()[0] };
};

/** Resident memory of a process in bytes (VmRSS in /proc/<pid>/status); 0 when it is gone. */
export function rssOf(pid) {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Samples a process's resident memory every `everyMs` while running: `start()` and `stop()` around
 * each load run; `stop()` returns that run's peak, `max` is the peak over every run.
 */
export function rssSampler(pid, everyMs = 250) {
  let timer = null;
  let runMax = 0;
  const self = {
    max: 0,
    samples: 0,
    start() {
      runMax = rssOf(pid);
      timer = setInterval(() => {
        const b = rssOf(pid);
        self.samples++;
        if (b > runMax) runMax = b;
      }, everyMs);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      runMax = Math.max(runMax, rssOf(pid));
      self.max = Math.max(self.max, runMax);
      return runMax;
    },
  };
  return self;
}

// ---------------------------------------------------------------------------------------------
// The bench database.

/** Free bytes under PostgreSQL's data directory, or null when that cannot be read from here. */
export async function freeDisk(admin) {
  let dir;
  try {
    dir = (await admin.query('SHOW data_directory')).rows[0].data_directory;
  } catch {
    console.warn('  (cannot read data_directory: not a superuser; skipping the disk check)');
    return null;
  }
  try {
    const st = statfsSync(dir);
    return { dir, free: st.bavail * st.bsize };
  } catch {
    console.warn(`  (PostgreSQL's data directory ${dir} is not on this machine; skipping the disk check)`);
    return null;
  }
}

/** Stops with a clear message when less than `need` bytes are free under the data directory. */
export async function checkDisk(admin, need, what, fail) {
  const disk = await freeDisk(admin);
  if (!disk) return null;
  console.log(`  disk: ${fmt(disk.free / GiB)} GB free under ${disk.dir}, ${fmt(need / GiB)} GB needed`);
  if (disk.free < need)
    fail(
      `not enough free disk for ${what}: ${fmt(disk.free / GiB)} GB free under ${disk.dir}, about ${fmt(need / GiB)} GB needed. Free some space or use --cases with a smaller number.`,
    );
  return disk;
}

async function onServer(serverUrl, fn) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/**
 * Creates the bench database after checking the disk; with `reuse`, keeps an existing one.
 * Returns whether it was created (false: reused).
 */
export const createDatabase = ({ serverUrl, dbName, reuse, need, what, fail }) =>
  onServer(serverUrl, async (admin) => {
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName])).rowCount > 0;
    if (exists && reuse) return false;
    await checkDisk(admin, need, what, fail);
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${dbName}`);
    return true;
  });

export const dropDatabase = (serverUrl, dbName) =>
  onServer(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));

/** Two connections to the bench database, set up for a bulk load. */
export async function bulkConnections(dbUrl) {
  const conns = [new pg.Client({ connectionString: dbUrl }), new pg.Client({ connectionString: dbUrl })];
  await Promise.all(conns.map((c) => c.connect()));
  for (const c of conns) {
    c.backendPid = (await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    // Bulk load: no per-row foreign-key triggers (the rows are consistent by construction),
    // no waiting for WAL flushes, and memory for index builds.
    await c.query(`SET session_replication_role = replica`);
    await c.query(`SET synchronous_commit = off`);
    await c.query(`SET maintenance_work_mem = '512MB'`);
    await c.query(`SET max_parallel_maintenance_workers = 0`);
  }
  return conns;
}

/**
 * Runs lists of statements on two connections at once; returns the phase's time in ms. A statement
 * given as [label, sql] has its own time printed, and recorded in `steps` when given; so is the
 * CPU time its PostgreSQL backend used (when PostgreSQL runs on this machine), which unlike the
 * time does not depend on what else the machine runs. `steps.cpu` gets those.
 */
export async function twoWay(conns, lists, label, steps) {
  const t0 = process.hrtime.bigint();
  await Promise.all(
    lists.map(async (list, i) => {
      for (const item of list) {
        if (typeof item === 'string') {
          await conns[i].query(item);
          continue;
        }
        const [name, sql] = item;
        const t1 = process.hrtime.bigint();
        const cpu0 = conns[i].backendPid ? procCpu(conns[i].backendPid) : 0;
        await conns[i].query(sql);
        const t = ms(t1);
        const cpu = conns[i].backendPid ? procCpu(conns[i].backendPid) - cpu0 : NaN;
        if (steps) {
          steps[name] = t / 1000;
          (steps.cpu ??= {})[name] = cpu;
        }
        console.log(`    ${name}: ${fmt(t / 1000)} s, ${fmt(cpu)} s CPU (connection ${i + 1})`);
      }
    }),
  );
  const t = ms(t0);
  console.log(`  ${label}: ${fmt(t / 1000)} s`);
  return t;
}

/**
 * Runs jobs `{name, sql, after = [], weight = 1}` on the connections: a job starts once the jobs it
 * comes `after` are done, on the first free connection, the ready job with the longest weighted
 * path to the end first (so the longest chain, such as a big table then its GiST index, starts
 * early and the rest fills the other connection). Each job's time and its backend's CPU are printed
 * and recorded in `steps` as by twoWay; returns the whole run's time in ms.
 */
export async function runJobs(conns, jobs, label, steps = {}) {
  const byName = new Map(jobs.map((j) => [j.name, { after: [], weight: 1, ...j }]));
  for (const j of byName.values())
    for (const d of j.after) if (!byName.has(d)) throw new Error(`job ${j.name} comes after ${d}, which is not a job`);
  const priority = new Map();
  const prio = (j) => {
    if (!priority.has(j.name)) {
      const next = [...byName.values()].filter((k) => k.after.includes(j.name));
      priority.set(j.name, j.weight + Math.max(0, ...next.map(prio)));
    }
    return priority.get(j.name);
  };
  const pending = new Set(byName.values());
  const done = new Set();
  let waiters = [];
  const wakeAll = () => {
    for (const w of waiters.splice(0)) w();
  };
  const t0 = process.hrtime.bigint();
  await Promise.all(
    conns.map(async (conn, i) => {
      while (pending.size) {
        const ready = [...pending].filter((j) => j.after.every((d) => done.has(d))).sort((a, b) => prio(b) - prio(a));
        if (!ready.length) {
          await new Promise((r) => waiters.push(r));
          continue;
        }
        const job = ready[0];
        pending.delete(job);
        const t1 = process.hrtime.bigint();
        const cpu0 = conn.backendPid ? procCpu(conn.backendPid) : 0;
        try {
          await conn.query(job.sql);
        } catch (e) {
          e.message = `${job.name}: ${e.message}`;
          pending.clear();
          wakeAll();
          throw e;
        }
        const t = ms(t1) / 1000;
        const cpu = conn.backendPid ? procCpu(conn.backendPid) - cpu0 : NaN;
        steps[job.name] = t;
        (steps.cpu ??= {})[job.name] = cpu;
        console.log(`    ${job.name}: ${fmt(t)} s, ${fmt(cpu)} s CPU (connection ${i + 1})`);
        done.add(job.name);
        wakeAll();
      }
      wakeAll();
    }),
  );
  waiters = [];
  const t = ms(t0);
  console.log(`  ${label}: ${fmt(t / 1000)} s`);
  return t;
}

/** Drops the secondary indexes of `tables` (those behind no constraint); returns their definitions. */
export async function dropSecondaryIndexes(conn, tables) {
  const { rows: indexes } = await conn.query(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def, t.relname AS table
       FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
      WHERE t.relname = ANY($1) AND t.relnamespace = 'public'::regnamespace
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [tables],
  );
  for (const ix of indexes) await conn.query(`DROP INDEX ${ix.name}`);
  return indexes;
}

/**
 * Balances index builds (`{def, table}`) over two connections, biggest first: `weight[table]` says
 * how big a table is, and a GIN or GiST build counts four times a B-tree.
 */
export function indexLanes(indexes, weight) {
  const cost = (ix) => (weight[ix.table] ?? 1) * (/ USING (gin|gist) /i.test(ix.def) ? 4 : 1);
  const lanes = [[], []];
  const load = [0, 0];
  for (const ix of [...indexes].sort((a, b) => cost(b) - cost(a))) {
    const lane = load[0] <= load[1] ? 0 : 1;
    lanes[lane].push(ix.def);
    load[lane] += cost(ix);
  }
  return lanes;
}

// ---------------------------------------------------------------------------------------------
// The API: start it, stop it, sign in.

/**
 * Runs a Node script from the repository root with `env` added to this process's environment;
 * `output()` is what it printed so far, `exited` resolves with its exit code.
 */
export function spawnNode(script, args, env, nodeArgs = []) {
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/**
 * The node flags the API runs with in production, read from apps/api's `npm start` (the flags
 * between `node` and the script), so the benches measure the API as it is deployed.
 */
export function apiNodeFlags() {
  const start = JSON.parse(readFileSync(path.join(root, 'apps/api/package.json'), 'utf8')).scripts.start;
  const words = start.trim().split(/\s+/);
  if (words[0] !== 'node') throw new Error(`apps/api's start script does not begin with node: ${start}`);
  return words.slice(1).filter((w) => w.startsWith('-'));
}

/**
 * Starts the compiled API (`main`, this checkout's by default) on the bench database; resolves when
 * /api/health answers. `nodeArgs` default to the production flags; pass others to compare.
 */
export async function startApi({ dbUrl, port, fail, env = {}, main = path.join(dist, 'main.js'), nodeArgs = apiNodeFlags() }) {
  const apiEnv = {
    DATABASE_URL: dbUrl,
    NODE_ENV: 'development',
    DEMO_SEED: 'false',
    JOBS_ENABLED: 'false',
    LOG_LEVEL: 'warn',
    JWT_SECRET: BENCH_JWT_SECRET,
    PORT: String(port),
    HOST: '127.0.0.1',
    ...env,
  };
  const { child, output } = spawnNode(main, [], apiEnv, nodeArgs);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) fail(`the API exited (${child.exitCode}):\n${output()}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { child, url, output };
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  child.kill('SIGTERM');
  fail(`the API did not answer on ${url}/api/health within 60 s:\n${output()}`);
}

export const BENCH_JWT_SECRET = 'bench-worklists-secret-0123456789-abcdefghijklmnop';

/**
 * Starts the framework floor (bench/reports/floor-server.mjs) on the bench database: the API's
 * session check and services on a bare node:http server, for the API-against-floor comparison.
 */
export async function startFloor({ dbUrl, port, fail }) {
  const run = spawnNode(path.join(root, 'bench/reports/floor-server.mjs'), [], {
    DATABASE_URL: dbUrl,
    JWT_SECRET: BENCH_JWT_SECRET,
    PORT: String(port),
    DB_POOL_SIZE: '20',
  });
  for (let i = 0; i < 150 && !run.output().includes('listening'); i++) {
    if (run.child.exitCode !== null) fail(`the floor server exited (${run.child.exitCode}):\n${run.output()}`);
    await sleep(200);
  }
  if (!run.output().includes('listening')) fail(`the floor server did not start:\n${run.output()}`);
  return { child: run.child, url: `http://127.0.0.1:${port}` };
}

/** Stops a child process started by a bench: SIGTERM, then SIGKILL after 15 s. */
export async function stopChild(child) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(15000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

export const stopApi = (api) => stopChild(api?.child);

export async function login(url, email, password, fail) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) fail(`sign-in of ${email} failed: ${res.status} ${await res.text()}`);
  return (await res.json()).accessToken;
}

// ---------------------------------------------------------------------------------------------
// The SQL the API sends: the compiled services run in this process on a TypeORM DataSource whose
// logger records every statement, so direct runs replay exactly the API's queries.

export async function captureKit(dbUrl) {
  const { DataSource } = await import('typeorm');
  let sink = null;
  const record = (sql, params) => sink?.push({ sql, params: params ?? [] });
  const logger = { logQuery: record, logQueryError() {}, logQuerySlow() {}, logSchemaBuild() {}, logMigration() {}, log() {} };
  const ds = await new DataSource({ type: 'postgres', url: dbUrl, logging: true, logger, extra: { max: 2 } }).initialize();
  const { AuditService } = await imp('modules/audit/audit.service.js');
  const { CasesService } = await imp('modules/cases/cases.service.js');
  const { WorkItemsService } = await imp('modules/work-items/work-items.service.js');
  const audit = new AuditService(ds);
  const workItems = new WorkItemsService(ds, audit);
  const cases = new CasesService(ds, audit, undefined, workItems);
  const res = { header() {} };
  const capture = async (fn) => {
    sink = [];
    const value = await fn();
    const statements = sink.filter((q) => !/^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)/i.test(q.sql));
    sink = null;
    return { statements, value };
  };
  return { ds, audit, cases, workItems, res, capture };
}

/** A grant as the API's guard builds it, for a bench user row (id, email, full_name, role, office_id, region_id). */
export const grantOf = (u, scope) => ({
  user: {
    id: u.id,
    sessionId: '00000000-0000-4000-8000-000000000000',
    email: u.email,
    fullName: u.full_name,
    role: u.role,
    officeId: u.office_id,
    regionId: u.region_id,
    mustChangePassword: false,
  },
  scope,
});

/**
 * Runs a captured statement as the API does: the API sends its worklist, detail, session and claim
 * statements as named prepared statements (apps/api/src/common/sql.ts), so the replay prepares them
 * too (one name per text, as there) and both sides are parsed and planned once per connection.
 */
const statementNames = new Map();
export const replay = (client, st) => {
  let name = statementNames.get(st.sql);
  if (!name) statementNames.set(st.sql, (name = `bench_${statementNames.size}`));
  return client.query({ name, text: st.sql, values: st.params });
};

/**
 * The bench users and cases the worklist measurements act as: ten counsellors, `frontDeskCount`
 * front-desk staff and the supervisor of the busy office (BO00), and 2,000 of its open cases.
 */
export async function worklistActors(db, frontDeskCount) {
  const { rows: users } = await db.query(`
    SELECT u.id, u.email, u.full_name, u.role, u.office_id, o.region_id, o.code
      FROM users u JOIN offices o ON o.id = u.office_id WHERE u.email LIKE '%@bench.test' ORDER BY o.code, u.role, u.email`);
  const byEmail = (a, b) => a.email.localeCompare(b.email, 'en', { numeric: true });
  const busyOffice = users.find((u) => u.code === 'BO00').office_id;
  const { rows: sample } = await db.query(
    `SELECT id FROM cases WHERE office_id = $1 AND status <> 'closed' ORDER BY md5(id::text) LIMIT 2000`,
    [busyOffice],
  );
  const caseIds = sample.map((r) => r.id);
  return {
    users,
    byEmail,
    busyOffice,
    counsellors: users
      .filter((u) => u.role === 'counsellor')
      .sort(byEmail)
      .slice(0, 10),
    frontDesk: users.filter((u) => u.role === 'front_desk' && u.office_id === busyOffice).slice(0, frontDeskCount),
    supervisor: users.find((u) => u.role === 'supervisor' && u.office_id === busyOffice),
    caseIds,
    pick: () => caseIds[Math.floor(Math.random() * caseIds.length)],
  };
}

/** (a) A counsellor's active caseload, first page, and (b) an office's routine queue, first page. */
export const caseloadQuery = (u) => ({
  filter: { assignedTo: u.id, status: 'active' },
  sort: ['firstInterviewDue', 'ASC'],
  range: [0, 24],
});
export const queueQuery = { filter: { queue: 'routine', status: 'open' }, sort: ['dueAt', 'ASC'], range: [0, 24] };

/** A react-admin style query string: each value as JSON. */
export const q = (o) =>
  Object.entries(o)
    .map(([k, v]) => `${k}=${encodeURIComponent(JSON.stringify(v))}`)
    .join('&');
/** The same query as Express hands it to a controller: each value a string. */
export const asExpress = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, JSON.stringify(v)]));

/** Prints a markdown table. */
export function printTable(header, lines) {
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const l of lines) console.log(`| ${l.join(' | ')} |`);
}
