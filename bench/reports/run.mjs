#!/usr/bin/env node
/* eslint-disable no-console -- a benchmark prints its results */
// Reports benchmark: seeds 24 months of casework at --cases cases (5,000,000 by default: their
// jobseekers, ~2 appointments and ~1 work item a case, plans for a third of them and 2 audit events
// a case), builds the report rollups with the API's CLI and times a full and an incremental
// refresh, then measures through the real API every report as a manager (region) and a supervisor
// (office), and the main read routes against a bare node:http server doing the same session check
// and the same SQL on the same pool (bench/reports/floor-server.mjs). The API's memory is sampled
// throughout.
//
//   npm run build -w @casework/contracts && npm run build -w @casework/api
//   npm run bench:reports -- --cases 5000000
//
// Options: --cases N (5000000), --duration S (10), --connections C (10), --updates N (10000),
// --port P (3994), --floor-port P (3995), --quiet-wait S (0), --keep, --reuse, --seed-only (stop after seeding;
// with --keep, measure later with --reuse).
// DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/postgres); the bench
// creates casework_bench_reports_<cases> there and drops it at the end unless --keep.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import pg from 'pg';
import {
  asExpress,
  bulkConnections,
  captureKit,
  caseloadQuery,
  casesOption,
  commonOptions,
  cpuPerRequest,
  cpuSince,
  cpuSnapshot,
  createDatabase,
  databaseUrl,
  dist,
  dropDatabase,
  dropSecondaryIndexes,
  failer,
  fmt,
  GiB,
  grantOf,
  imp,
  loadAverage,
  login,
  machineInfo,
  ms,
  printTable,
  q,
  queueQuery,
  quietWaiter,
  requireBuilt,
  root,
  runJobs,
  rssSampler,
  serverUrlOf,
  sleep,
  spawnNode,
  startApi,
  startFloor as startFloorServer,
  stopApi,
  stopChild,
  twoWay,
  worklistActors,
} from '../worklists/harness.mjs';
import { explain } from '../worklists/explain.mjs';
import { apiLoad } from '../worklists/load.mjs';
import { BENCH_PASSWORD, CPU_PER_MILLION, LOADED_TABLES, ROWS_PER_CASE, seedPlan } from './seed.mjs';

const { values: args } = parseArgs({
  options: {
    ...commonOptions({ cases: '5000000', port: '3994' }),
    connections: { type: 'string', default: '10' },
    updates: { type: 'string', default: '10000' },
    'floor-port': { type: 'string', default: '3995' },
    'seed-only': { type: 'boolean', default: false },
  },
});
const fail = failer('bench/reports');
const N = casesOption(args.cases, fail);
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const UPDATES = Number(args.updates);
const quiet = quietWaiter(Number(args['quiet-wait']));

const serverUrl = serverUrlOf();
const dbName = `casework_bench_reports_${N}`;
const dbUrl = databaseUrl(serverUrl, dbName);
const REFRESH_CLI = path.join(dist, 'cli/refresh-reports.js');
const REPORTS = ['caseload', 'deadlines', 'outcomes', 'equity', 'channels'];
/** Targets of issue 5, item 4. */
const TARGET = { reportP95: 200, floorRatio: 0.65, rssBytes: 512 * 2 ** 20 };

requireBuilt(fail);

// ---------------------------------------------------------------------------------------------
// Part 1: free disk, create, migrate, seed.

/**
 * Bytes the bench needs for n cases: the database took 3.5 kB a case at 1,000,000 (tables and
 * indexes) and the report rollups add about 0.5 kB, so 4 kB; the unlogged facts table the load
 * reads 0.3 kB a case; and 4 GB for WAL and the index builds' sort files.
 */
const bytesNeeded = (n) => Math.round(n * 4300 + 4 * GiB);

async function seed(anchor) {
  const t0 = process.hrtime.bigint();
  const { runMigrations } = await imp('database/migrate.js');
  await runMigrations(dbUrl);
  const migrations = ms(t0) / 1000;
  console.log(`  migrations: ${fmt(migrations)} s`);

  const { PasswordService } = await imp('modules/auth/password.service.js');
  const hash = await new PasswordService({ ARGON2_MEMORY_KIB: 19456, ARGON2_TIME_COST: 2 }).hash(BENCH_PASSWORD);
  const plan = seedPlan(N, hash, anchor);
  const st = plan.staffing;
  console.log(
    `  ${st.counsellors} counsellors and ${st.specialists} specialists an office; one counsellor's cases share a slot ${fmt(st.minGapDays)} days apart, appointments fall within ${st.window} days`,
  );

  const conns = await bulkConnections(dbUrl);
  try {
    const indexes = await dropSecondaryIndexes(conns[0], LOADED_TABLES);
    // The double-booking exclusion constraint is a GiST index checked row by row: dropped for the
    // load and added again after it (which checks every appointment against the others).
    const { rows: exclusions } = await conns[0].query(
      `SELECT conname, conrelid::regclass::text AS tbl, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE contype = 'x' AND conrelid = 'appointments'::regclass`,
    );
    for (const x of exclusions) await conns[0].query(`ALTER TABLE ${x.tbl} DROP CONSTRAINT ${x.conname}`);

    // Each phase: its steps run on two connections at once; wall time and the backends' CPU.
    const phases = {};
    const phase = async (key, label, lists) => {
      const steps = {};
      const wall = await twoWay(conns, lists, label, steps);
      phases[key] = { label, seconds: wall / 1000, cpuSeconds: Object.values(steps.cpu ?? {}).reduce((a, b) => a + b, 0), steps };
    };
    const named = (sql) => [
      /^\s*(?:CREATE (?:UNIQUE )?INDEX|VACUUM \(ANALYZE\)|ANALYZE|INSERT INTO) ?(\S*)/.exec(sql)?.[1] || sql.trim(),
      sql,
    ];
    await phase('reference', 'regions, offices, staff', [plan.reference.map(named), []]);
    await conns[0].query(plan.factsTable[0]);
    await conns[0].query(plan.factsTable[1]);
    // Jobs on the two connections, each as soon as what it reads is there: the facts, the tables
    // (the biggest in halves), then each table's indexes (the exclusion constraint among them) and
    // its VACUUM (ANALYZE), which gives what the API and the rollups read its visibility map and
    // hint bits; the audit log and the plans' goals and actions, which nothing measured here reads,
    // are only analyzed. The weights (CPU seconds measured at 5,000,000 cases) start the longest
    // chain first: the appointments, their GiST index.
    const analyzeOnly = new Set(['audit_events', 'plan_goals', 'plan_actions']);
    const millions = (table) => (N * ROWS_PER_CASE[table]) / 1e6;
    const jobs = plan.jobs.map((j) => ({
      ...j,
      weight:
        (j.table ? millions(j.table) / plan.jobs.filter((k) => k.table === j.table).length : N / 1e6) *
        (j.table === 'audit_events' ? CPU_PER_MILLION.audit : CPU_PER_MILLION.load),
    }));
    for (const table of LOADED_TABLES) {
      const loads = jobs.filter((j) => j.table === table).map((j) => j.name);
      const built = [];
      for (const x of exclusions.filter((e) => e.tbl === table)) {
        const name = `${x.conname} (GiST, checked)`;
        jobs.push({
          name,
          sql: `ALTER TABLE ${x.tbl} ADD CONSTRAINT ${x.conname} ${x.def}`,
          after: loads,
          weight: millions(table) * CPU_PER_MILLION.gist,
        });
        built.push(name);
      }
      for (const ix of indexes.filter((i) => i.table === table)) {
        const [name, sql] = named(ix.def);
        jobs.push({
          name,
          sql,
          after: loads,
          weight: millions(table) * (/ USING gin /i.test(sql) ? CPU_PER_MILLION.gin : CPU_PER_MILLION.btree),
        });
        built.push(name);
      }
      const verb = analyzeOnly.has(table) ? 'ANALYZE' : 'VACUUM (ANALYZE)';
      jobs.push({
        name: `${verb.toLowerCase()} ${table}`,
        sql: `${verb} ${table}`,
        after: [...loads, ...built],
        weight: millions(table) * CPU_PER_MILLION.vacuum,
      });
    }
    const steps = {};
    const wall = await runJobs(
      conns,
      jobs,
      `facts, tables, their ${indexes.length} indexes and ${exclusions.length} exclusion constraint, vacuum`,
      steps,
    );
    phases.tables = {
      label: 'facts, tables, indexes, vacuum',
      seconds: wall / 1000,
      cpuSeconds: Object.values(steps.cpu).reduce((a, b) => a + b, 0),
      steps,
    };
    await conns[0].query(plan.sequences.join('; '));
    await conns[0].query('DROP TABLE bench_facts');
    await conns[0].query('ANALYZE users, offices, regions');
    const seconds = ms(t0) / 1000;
    const counts = await countRows(conns[0]);
    console.log(
      `  seeded in ${fmt(seconds)} s: ${Object.entries(counts.rows)
        .map(([k, v]) => `${v.toLocaleString('en')} ${k}`)
        .join(', ')}; database ${fmt(counts.bytes / GiB, 2)} GB`,
    );
    return { seconds, migrations, phases, ...counts, staffing: st };
  } finally {
    await Promise.all(conns.map((c) => c.end()));
  }
}

async function countRows(db) {
  const tables = ['users', ...LOADED_TABLES];
  const { rows } = await db.query(
    `SELECT ${tables.map((t) => `(SELECT count(*) FROM ${t})::bigint AS ${t}`).join(', ')}, pg_database_size(current_database())::bigint AS bytes`,
  );
  const bytes = Number(rows[0].bytes);
  return { rows: Object.fromEntries(tables.map((t) => [t, Number(rows[0][t])])), bytes };
}

/** What the seed looks like: how many of each status, reason, track, channel and gender (one scan a table). */
async function describe(db) {
  const sets = async (table, cols) => {
    const { rows } = await db.query(
      `SELECT ${cols.map((c) => `${c}, grouping(${c}) AS g_${c}`).join(', ')}, count(*)::bigint AS n FROM ${table} GROUP BY GROUPING SETS (${cols.map((c) => `(${c})`).join(', ')})`,
    );
    const out = Object.fromEntries(cols.map((c) => [c, {}]));
    for (const r of rows) for (const c of cols) if (r[`g_${c}`] === 0) out[c][r[c] ?? 'NULL'] = Number(r.n);
    return out;
  };
  const cases = await sets('cases', ['status', 'close_reason', 'track', 'track_decision']);
  const appointments = await sets('appointments', ['status', 'channel']);
  const workItems = await sets('work_items', ['status', 'kind']);
  const plans = await sets('intervention_plans', ['status']);
  const jobseekers = await sets('jobseekers', ['gender', 'digital_skills']);
  return {
    case_status: cases.status,
    close_reason: cases.close_reason,
    track: cases.track,
    track_decision: cases.track_decision,
    appointment_status: appointments.status,
    channel: appointments.channel,
    work_item_status: workItems.status,
    work_item_kind: workItems.kind,
    plan_status: plans.status,
    gender: jobseekers.gender,
    digital_skills: jobseekers.digital_skills,
  };
}

// ---------------------------------------------------------------------------------------------
// Part 2: the rollups, with the reports module's CLI.

async function runCli(cliArgs) {
  const t0 = process.hrtime.bigint();
  const run = spawnNode(REFRESH_CLI, cliArgs, { DATABASE_URL: dbUrl, LOG_LEVEL: 'warn' });
  const code = await run.exited;
  const output = run.output().trim();
  // The CLI prints its RefreshResult as the last line: the refresh's own time, without the process's start.
  let result = null;
  try {
    result = JSON.parse(output.split('\n').pop());
  } catch {
    result = null;
  }
  return { code, seconds: ms(t0) / 1000, refreshSeconds: result?.ms / 1000, cases: result?.cases, output };
}

/**
 * Changes as the API makes them, in transactions of 1,000: half of `n` closes active cases (their
 * open work items cancelled, an audit event each), the other half records outcomes of past
 * appointments awaiting one, or cancels scheduled ones when there are not enough.
 */
async function applyUpdates(db, n) {
  const t0 = process.hrtime.bigint();
  const batches = Math.ceil(n / 2 / 1000);
  let cases = 0;
  let appointments = 0;
  for (let b = 0; b < batches; b++) {
    const size = Math.min(1000, n / 2 - b * 1000);
    const r1 = await db.query(
      `WITH closed AS (
         UPDATE cases SET status = 'closed', closed_at = now(), close_reason = 'employed', version = version + 1, updated_at = now()
          WHERE id IN (SELECT id FROM cases WHERE status = 'active' ORDER BY id LIMIT $1) RETURNING id, assigned_to),
       items AS (
         UPDATE work_items SET status = 'cancelled', version = version + 1, updated_at = now()
          WHERE case_id IN (SELECT id FROM closed) AND status IN ('open', 'claimed') RETURNING id),
       events AS (INSERT INTO case_events (case_id, kind, data, actor_id) SELECT id, 'status', '{"from": "active", "to": "closed", "closeReason": "employed"}', assigned_to FROM closed)
       INSERT INTO audit_events (actor_id, actor_role, action, entity, entity_id, changes)
       SELECT assigned_to, 'counsellor', 'cases.close', 'cases', id::text, '{"status": {"from": "active", "to": "closed"}}' FROM closed`,
      [size],
    );
    cases += r1.rowCount;
    const r2 = await db.query(
      `WITH pick AS (
         (SELECT id, 'attended' AS st FROM appointments WHERE status = 'scheduled' AND starts_at < now() ORDER BY starts_at LIMIT $1)
         UNION ALL
         (SELECT id, 'cancelled' FROM appointments WHERE status = 'scheduled' AND starts_at > now() ORDER BY starts_at DESC LIMIT $1)
         LIMIT $1),
       changed AS (
         UPDATE appointments a SET status = p.st, cancel_reason = CASE WHEN p.st = 'cancelled' THEN 'Client asked to rebook' END,
                status_changed_at = now(), status_changed_by = a.staff_id, version = version + 1, updated_at = now()
           FROM pick p WHERE a.id = p.id RETURNING a.id, a.staff_id, p.st)
       INSERT INTO audit_events (actor_id, actor_role, action, entity, entity_id, changes)
       SELECT staff_id, 'counsellor', 'appointments.update', 'appointments', id::text, json_build_object('status', json_build_object('from', 'scheduled', 'to', st)) FROM changed`,
      [size],
    );
    appointments += r2.rowCount;
  }
  return { cases, appointments, seconds: ms(t0) / 1000, committedAt: new Date() };
}

// ---------------------------------------------------------------------------------------------
// Parts 3-5: load runs.

/** The `from` and `to` months of the 12-month period ending this month. */
function period() {
  const now = new Date();
  const month = (d) => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  return { from: month(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1))), to: month(now) };
}

const startFloor = (port) => startFloorServer({ dbUrl, port, fail });

/** Strips what differs between two answers of the same report: when each was generated. */
const comparable = (body) => {
  if (body && typeof body === 'object' && body.meta) {
    const { generatedAt: _g, lagSeconds: _l, ...meta } = body.meta;
    return { ...body, meta };
  }
  return body;
};

async function main() {
  console.log(`\nReports benchmark: ${N.toLocaleString('en')} cases, ${os.cpus().length} cores, load average ${loadAverage()}`);
  console.log(`  database ${dbName} on ${new URL(serverUrl).host}`);
  const hasReports = existsSync(REFRESH_CLI) && existsSync(path.join(dist, 'modules/reports'));
  if (!hasReports)
    console.log('  (the API has no reports module yet: parts 2 and 3 are skipped, and the floor compares the worklist routes only)');

  const anchor = new Date().toISOString();
  let seeding = null;
  const created = await createDatabase({
    serverUrl,
    dbName,
    reuse: args.reuse,
    need: bytesNeeded(N),
    what: `${N.toLocaleString('en')} cases`,
    fail,
  });
  console.log('\nPart 1: seeding');
  if (created) seeding = await seed(anchor);
  else {
    const { runMigrations } = await imp('database/migrate.js');
    const applied = await runMigrations(dbUrl);
    console.log(`  reusing the existing database (--reuse); migrations applied now: ${applied.join(', ') || 'none'}`);
  }

  const db = new pg.Pool({ connectionString: dbUrl, max: 4 });
  let api;
  let floor;
  const kit = await captureKit(dbUrl);
  const out = { cases: N, at: anchor, machine: machineInfo(), seeding };
  try {
    out.postgres = (await db.query('SELECT version()')).rows[0].version;
    out.data = await describe(db);
    if (!seeding) out.counts = await countRows(db);
    console.log(`  case statuses ${JSON.stringify(out.data.case_status)}; appointments ${JSON.stringify(out.data.appointment_status)}`);
    console.log(`  plans ${JSON.stringify(out.data.plan_status)}; work items ${JSON.stringify(out.data.work_item_status)}`);
    if (args['seed-only']) return;

    // Part 2: rollups.
    if (hasReports) {
      console.log('\nPart 2: report rollups (node apps/api/dist/apps/api/src/cli/refresh-reports.js)');
      const full = await runCli(['--full']);
      if (full.code !== 0) fail(`refresh-reports --full failed (${full.code}):\n${full.output}`);
      console.log(`  full refresh: ${fmt(full.seconds)} s${full.output ? `\n    ${full.output.split('\n').join('\n    ')}` : ''}`);
      // The server here runs with autovacuum off (docs/performance.md): the rollups, just written,
      // are vacuumed and analyzed as autovacuum would do it, or the reports are planned on no statistics.
      const t1 = process.hrtime.bigint();
      const { rows: rollups } = await db.query(`SELECT relname FROM pg_class WHERE relkind = 'r' AND relname LIKE 'report\\_%' ORDER BY 1`);
      await db.query(`VACUUM (ANALYZE) ${rollups.map((r) => r.relname).join(', ')}`);
      const rollupVacuumSeconds = ms(t1) / 1000;
      console.log(
        `  VACUUM (ANALYZE) of the ${rollups.length} rollup tables (autovacuum's work; it is off on this server): ${fmt(rollupVacuumSeconds)} s`,
      );
      const updates = await applyUpdates(db, UPDATES);
      console.log(
        `  changes: ${updates.cases} cases closed, ${updates.appointments} appointments changed, in ${fmt(updates.seconds)} s (transactions of 1,000)`,
      );
      const incremental = await runCli([]);
      if (incremental.code !== 0) fail(`refresh-reports failed (${incremental.code}):\n${incremental.output}`);
      const lag = (Date.now() - updates.committedAt.getTime()) / 1000;
      console.log(
        `  incremental refresh: ${fmt(incremental.seconds)} s; caught up ${fmt(lag)} s after the last change committed${incremental.output ? `\n    ${incremental.output.split('\n').join('\n    ')}` : ''}`,
      );
      out.refresh = {
        rollupVacuumSeconds,
        fullRefreshSeconds: full.refreshSeconds,
        incrementalRefreshSeconds: incremental.refreshSeconds,
        incrementalCases: incremental.cases,
        fullSeconds: full.seconds,
        fullOutput: full.output,
        updates,
        incrementalSeconds: incremental.seconds,
        incrementalOutput: incremental.output,
        catchUpSeconds: lag,
      };
    }

    // Bench users: the worklists' (bench/worklists), and managers and supervisors for the reports.
    const { users, byEmail, counsellors, frontDesk, supervisor: detailSupervisor, caseIds, pick } = await worklistActors(db, 10);
    const managers = users.filter((u) => u.role === 'manager' && u.code !== 'BO00').sort(byEmail);
    const supervisors = users
      .filter((u) => u.role === 'supervisor' && ['BO01', 'BO02', 'BO03', 'BO04', 'BO05'].includes(u.code))
      .sort(byEmail);

    api = await startApi({ dbUrl, port: Number(args.port), fail });
    const rss = rssSampler(api.child.pid, 250);
    floor = await startFloor(Number(args['floor-port']));
    const tokens = new Map();
    for (const u of [...managers, ...supervisors, ...counsellors, ...frontDesk, detailSupervisor])
      tokens.set(u.id, await login(api.url, u.email, BENCH_PASSWORD, fail));
    const auth = (u) => ({ authorization: `Bearer ${tokens.get(u.id)}` });
    console.log(`\n  API at ${api.url} (pid ${api.child.pid}), floor server at ${floor.url}; ${tokens.size} bench users signed in`);

    const runs = [];
    /**
     * One load run against `url`; `clientRequests(i)` gives connection i its requests. API runs
     * sample its memory. CPU per request: the load generator (this process), the server and the
     * database's backends.
     */
    const measure = async (label, url, clientRequests, { apiRun }) => {
      const machine = await quiet(label);
      const serverPid = apiRun ? api.child.pid : floor.child.pid;
      await apiLoad({ url, connections: CONNECTIONS, duration: 2, clientRequests }); // warm-up
      if (apiRun) rss.start();
      const cpu0 = await cpuSnapshot(db, serverPid);
      const r = await apiLoad({ url, connections: CONNECTIONS, duration: DURATION, clientRequests });
      r.cpu = cpuPerRequest(await cpuSince(db, serverPid, cpu0), r.requests);
      if (apiRun) r.rssMax = rss.stop();
      r.machine = machine;
      const non2xx = Object.entries(r.statuses).filter(([st]) => st < 200 || st >= 300);
      if (non2xx.length) console.warn(`  ${label}: non-2xx answers ${JSON.stringify(r.statuses)}`);
      console.log(
        `  ${label}: ${fmt(r.rps, 0)} req/s, p50 ${fmt(r.p50, 2)} ms, p95 ${fmt(r.p95, 2)} ms, CPU ${fmt(r.cpu.totalMs, 2)} ms a request${apiRun ? `, API RSS max ${fmt(r.rssMax / 2 ** 20, 0)} MB` : ''} (machine ${Math.round(machine.idleBefore * 100)}% idle before)`,
      );
      runs.push({ label, apiRun, ...r });
      return r;
    };

    const { from, to } = period();
    const reportPath = (name, u) =>
      `/api/reports/${name}?${u.role === 'manager' ? `regionId=${u.region_id}` : `officeId=${u.office_id}`}&from=${from}&to=${to}`;

    // Part 3: every report through the API, as managers (their region) and supervisors (their office).
    let reportsKit = null;
    const reportResults = [];
    const reportPlans = {};
    let freshness = null;
    if (hasReports) {
      const { ReportsService } = await imp('modules/reports/reports.service.js');
      // The reader the service is given (REPORT_READER), on the capturing DataSource: statements only.
      const query = (sql, params) => kit.ds.query(sql, params);
      reportsKit = new ReportsService({ read: query, snapshot: (work) => work(query) });
      // How fresh the figures are, as a report says (meta.dataAsOf), against the last change committed.
      const m0 = managers[0];
      const probe = await (await fetch(`${api.url}${reportPath('outcomes', m0)}`, { headers: auth(m0) })).json();
      if (out.refresh)
        freshness = {
          dataAsOf: probe.meta.dataAsOf,
          lastChangeCommittedAt: out.refresh.updates.committedAt.toISOString(),
          includesLastChange: new Date(probe.meta.dataAsOf) >= out.refresh.updates.committedAt,
          lagSecondsWhenRead: probe.meta.lagSeconds,
        };
      if (freshness)
        console.log(
          `\n  report meta: dataAsOf ${freshness.dataAsOf} (${freshness.includesLastChange ? 'includes' : 'DOES NOT include'} the last change, committed ${freshness.lastChangeCommittedAt}); lagSeconds ${freshness.lagSecondsWhenRead} when read`,
        );
      // Where a report's time goes in PostgreSQL: each statement it sends, under EXPLAIN ANALYZE.
      console.log('\n  Report statements (EXPLAIN ANALYZE; manager, region):');
      for (const name of REPORTS) {
        const { statements } = await kit.capture(() =>
          reportsKit.report(name, grantOf(m0, 'region'), { regionId: m0.region_id, from, to }),
        );
        reportPlans[name] = [];
        for (const st of statements) {
          const e = await explain(db, st.sql, st.params);
          reportPlans[name].push({
            sql: st.sql.replace(/\s+/g, ' ').slice(0, 160),
            ms: e.ms,
            planningMs: e.planningMs,
            hit: e.hit,
            read: e.read,
          });
        }
        const total = reportPlans[name].reduce((n, p) => n + p.ms + p.planningMs, 0);
        console.log(
          `    ${name}: ${statements.length} statements, ${fmt(total, 2)} ms planning + execution (${reportPlans[name].map((p) => fmt(p.ms + p.planningMs, 2)).join(' + ')})`,
        );
      }
      console.log(`\nPart 3: reports through the API, ${CONNECTIONS} clients, ${DURATION} s each, period ${from} to ${to}`);
      for (const name of REPORTS) {
        for (const [scope, who] of [
          ['manager, region', managers],
          ['supervisor, office', supervisors],
        ]) {
          const r = await measure(
            `${name} (${scope})`,
            api.url,
            (i) => [{ method: 'GET', path: reportPath(name, who[i % who.length]), headers: auth(who[i % who.length]) }],
            { apiRun: true },
          );
          reportResults.push({ report: name, scope, ...r });
        }
      }
    }

    // Part 4: the main read routes through the API and through the floor server.
    const endpoints = [
      {
        key: 'caseload',
        label: "(a) counsellor's caseload, first page",
        requests: (i) => [
          { method: 'GET', path: `/api/cases?${q(caseloadQuery(counsellors[i % 10]))}`, headers: auth(counsellors[i % 10]) },
        ],
        sql: () => kit.cases.list(asExpress(caseloadQuery(counsellors[0])), grantOf(counsellors[0], 'own'), kit.res),
      },
      {
        key: 'queue',
        label: "(b) office's routine queue, first page",
        requests: (i) => [{ method: 'GET', path: `/api/work-items?${q(queueQuery)}`, headers: auth(frontDesk[i % 10]) }],
        sql: () => kit.workItems.list(asExpress(queueQuery), grantOf(frontDesk[0], 'office'), kit.res),
      },
      {
        key: 'detail',
        label: '(d) case detail',
        requests: () => [
          {
            method: 'GET',
            path: `/api/cases/${caseIds[0]}`,
            headers: auth(detailSupervisor),
            setupRequest: (req) => ({ ...req, path: `/api/cases/${pick()}` }),
          },
        ],
        sql: () => kit.cases.get(caseIds[0], grantOf(detailSupervisor, 'office')),
      },
    ];
    if (hasReports) {
      const m0 = managers[0];
      for (const name of ['caseload', 'equity'])
        endpoints.push({
          key: `report-${name}`,
          label: `report ${name} (manager, region)`,
          requests: (i) => [
            { method: 'GET', path: reportPath(name, managers[i % managers.length]), headers: auth(managers[i % managers.length]) },
          ],
          sql: () => reportsKit.report(name, grantOf(m0, 'region'), { regionId: m0.region_id, from, to }),
        });
    }
    // The floor answers what the API answers, with the statements the API sends.
    console.log('\nPart 4: the framework floor (bench/reports/floor-server.mjs) against the API');
    for (const e of endpoints) {
      const [req] = e.requests(0);
      const [a, f] = await Promise.all(
        [api.url, floor.url].map((u, k) =>
          fetch(`${u}${req.path}`, { headers: { ...req.headers, ...(k ? { 'x-bench-capture': '1' } : {}) } }),
        ),
      );
      const [ab, fb] = [await a.json(), await f.json()];
      const floorSql = JSON.parse(Buffer.from(f.headers.get('x-bench-sql') ?? 'W10=', 'base64').toString());
      const same =
        a.status === f.status &&
        isDeepStrictEqual(comparable(ab), comparable(fb)) &&
        a.headers.get('content-range') === f.headers.get('content-range');
      let sameSql = null;
      if (e.sql) {
        const captured = (await kit.capture(e.sql)).statements;
        sameSql = isDeepStrictEqual(
          captured.map((s) => s.sql),
          floorSql.map((s) => s.sql),
        );
      }
      e.check = { status: [a.status, f.status], sameJson: same, sameSql, floorStatements: floorSql.length };
      console.log(
        `  ${e.label}: API ${a.status}, floor ${f.status}; same JSON: ${same ? 'yes' : 'NO'}; same SQL as the API's services: ${sameSql === null ? 'not captured' : sameSql ? 'yes' : 'NO'} (${floorSql.length} statements)`,
      );
      if (!same) console.warn(`    API:   ${JSON.stringify(ab).slice(0, 300)}\n    floor: ${JSON.stringify(fb).slice(0, 300)}`);
    }
    const floorResults = [];
    for (const e of endpoints) {
      const a = await measure(`${e.label} via API`, api.url, e.requests, { apiRun: true });
      const f = await measure(`${e.label} via floor`, floor.url, e.requests, { apiRun: false });
      floorResults.push({
        key: e.key,
        label: e.label,
        check: e.check,
        api: a,
        floor: f,
        ratio: a.rps / f.rps,
        cpuRatio: f.cpu.totalMs / a.cpu.totalMs,
      });
    }

    // Part 5: the API's memory over every API run.
    const memory = { maxBytes: rss.max, samples: rss.samples, targetBytes: TARGET.rssBytes, met: rss.max > 0 && rss.max < TARGET.rssBytes };

    // Tables.
    console.log(`\n## Results at ${N.toLocaleString('en')} cases (load average ${loadAverage()})\n`);
    if (seeding) {
      console.log('Part 1, seeding (seconds; each phase runs its steps on two connections at once; CPU: the two PostgreSQL backends):\n');
      const stepRows = [];
      for (const ph of Object.values(seeding.phases)) {
        stepRows.push([`**${ph.label}**`, `**${fmt(ph.seconds)}**`, `**${fmt(ph.cpuSeconds)}**`]);
        if (ph.label !== 'regions, offices, staff')
          for (const [k, v] of Object.entries(ph.steps)) if (k !== 'cpu') stepRows.push([`  ${k}`, fmt(v), fmt(ph.steps.cpu?.[k])]);
      }
      printTable(['step', 'seconds', 'CPU seconds'], [['migrations', fmt(seeding.migrations), ''], ...stepRows]);
      console.log(`| **total** | **${fmt(seeding.seconds)}** | |\n`);
      printTable(
        ['table', 'rows'],
        Object.entries(seeding.rows).map(([k, v]) => [k, v.toLocaleString('en')]),
      );
      console.log(`| database size | ${fmt(seeding.bytes / GiB, 2)} GB |\n`);
    }
    if (out.refresh) {
      console.log('Part 2, rollups:\n');
      printTable(
        ['refresh', 'seconds'],
        [
          [
            'full (`refresh-reports.js --full`): the refresh / the CLI process',
            `${fmt(out.refresh.fullRefreshSeconds)} / ${fmt(out.refresh.fullSeconds)}`,
          ],
          ['VACUUM (ANALYZE) of the rollup tables', fmt(out.refresh.rollupVacuumSeconds)],
          [
            `${out.refresh.updates.cases + out.refresh.updates.appointments} changes (cases closed, appointments updated)`,
            fmt(out.refresh.updates.seconds),
          ],
          [
            `incremental (\`refresh-reports.js\`, ${out.refresh.incrementalCases} dirty cases): the refresh / the CLI process`,
            `${fmt(out.refresh.incrementalRefreshSeconds)} / ${fmt(out.refresh.incrementalSeconds)}`,
          ],
          ['caught up after the last change committed', fmt(out.refresh.catchUpSeconds)],
          ...(freshness ? [[`reports' meta.dataAsOf includes the last change`, freshness.includesLastChange ? 'yes' : 'no']] : []),
        ],
      );
      console.log('');
    }
    if (reportResults.length) {
      console.log(`Part 3, reports through the API (${CONNECTIONS} clients, ms; target p95 < ${TARGET.reportP95} ms):\n`);
      printTable(
        ['report', 'as', 'p50', 'p95', 'req/s', 'CPU ms a request: client + API + PG = total', 'target met?'],
        reportResults.map((r) => [
          r.report,
          r.scope,
          fmt(r.p50, 2),
          fmt(r.p95, 2),
          fmt(r.rps, 0),
          cpuCell(r.cpu),
          r.p95 < TARGET.reportP95 && !hasErrors(r) ? 'yes' : `no${hasErrors(r) ? ' (errors)' : ''}`,
        ]),
      );
      console.log('');
    }
    console.log(
      `Part 4, API against the framework floor (${CONNECTIONS} clients, ms; ratio = API req/s / floor req/s, target >= ${TARGET.floorRatio}x):\n`,
    );
    printTable(
      ['endpoint', 'API p50', 'API p95', 'API req/s', 'floor p50', 'floor p95', 'floor req/s', 'ratio', 'same JSON', 'target met?'],
      floorResults.map((r) => [
        r.label,
        fmt(r.api.p50, 2),
        fmt(r.api.p95, 2),
        fmt(r.api.rps, 0),
        fmt(r.floor.p50, 2),
        fmt(r.floor.p95, 2),
        fmt(r.floor.rps, 0),
        `${fmt(r.ratio, 2)}x`,
        r.check.sameJson ? 'yes' : 'no',
        r.ratio >= TARGET.floorRatio ? 'yes' : 'no',
      ]),
    );
    console.log(
      `\nCPU per request (ms: load generator + server + PostgreSQL = total), which does not depend on what else the machine runs; ratio = floor total / API total, the throughput ratio two otherwise idle cores would give:\n`,
    );
    printTable(
      ['endpoint', 'API', 'floor', 'ratio'],
      floorResults.map((r) => [r.label, cpuCell(r.api.cpu), cpuCell(r.floor.cpu), `${fmt(r.cpuRatio, 2)}x`]),
    );
    console.log(
      `\nPart 5, API memory (VmRSS every 250 ms over ${runs.filter((r) => r.apiRun).length} API load runs, ${memory.samples} samples):\n`,
    );
    printTable(['max RSS', 'target', 'met?'], [[`${fmt(memory.maxBytes / 2 ** 20, 0)} MB`, '< 512 MB', memory.met ? 'yes' : 'no']]);

    Object.assign(out, {
      period: { from, to },
      freshness,
      reports: reportResults,
      reportPlans,
      floor: floorResults,
      memory,
      loadAverageAfter: os.loadavg(),
    });
    const dir = path.join(root, 'bench/results');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `reports-${N}.json`);
    writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
    console.log(`\nResults written to ${path.relative(root, file)}`);
  } finally {
    await stopApi(api);
    await stopChild(floor?.child);
    await kit.ds.destroy();
    await db.end();
    if (!args.keep) {
      await sleep(200);
      await dropDatabase(serverUrl, dbName);
      console.log(`Dropped ${dbName} (--keep keeps it).`);
    }
  }
}

const cpuCell = (c) => `${fmt(c.clientMs, 2)} + ${fmt(c.apiMs, 2)} + ${fmt(c.pgMs, 2)} = ${fmt(c.totalMs, 2)}`;
const hasErrors = (r) => Object.keys(r.statuses).some((st) => st < 200 || st >= 300) || r.errors > 0;

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
