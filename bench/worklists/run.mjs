#!/usr/bin/env node
/* eslint-disable no-console -- a benchmark prints its results */
// Worklists benchmark: seeds a bench database with --cases cases, starts the real API on it, and
// measures a counsellor's caseload page, an office's routine queue, claim-next with 20 clients and
// a case detail through the API (autocannon) and as the same SQL straight on PostgreSQL.
//
//   npm run build -w @casework/contracts && npm run build -w @casework/api
//   node bench/worklists/run.mjs --cases 1000000
//
// Each list page and the case detail are also measured on the framework floor
// (bench/reports/floor-server.mjs: the same session check and SQL on a bare node:http server), to
// show what any Node HTTP server on this machine costs over the bare query.
//
// Options: --cases N (10000), --duration S (10), --claim-duration S (8), --busy-queue N (30000),
// --keep (keep the database), --reuse (skip seeding when the database exists), --port P (3990),
// --floor-port P (3991), --node-args "FLAGS" (the API's node flags instead of those of apps/api's
// `npm start`, e.g. --node-args= for none).
// DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/postgres); the bench
// creates its own database casework_bench_<cases> there and drops it at the end.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { explain, printExplain } from './explain.mjs';
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
  dropDatabase,
  dropSecondaryIndexes,
  failer,
  fmt,
  GiB,
  grantOf,
  imp,
  indexLanes,
  login,
  machineInfo,
  ms,
  q,
  queueQuery,
  quietWaiter,
  replay,
  requireBuilt,
  root,
  serverUrlOf,
  startApi,
  startFloor,
  stopApi,
  stopChild,
  twoWay,
  worklistActors,
} from './harness.mjs';
import { apiLoad, sqlLoad } from './load.mjs';
import { BENCH_PASSWORD, seedPlan, staffing } from './seed.mjs';

const { values: args } = parseArgs({
  options: {
    ...commonOptions({ cases: '10000', port: '3990' }),
    'claim-duration': { type: 'string', default: '8' },
    'busy-queue': { type: 'string', default: '30000' },
    'deep-row': { type: 'string', default: '10000' },
    'floor-port': { type: 'string', default: '3991' },
    // Flags for the API's node process instead of its production ones (apps/api's `npm start`),
    // space-separated; --node-args= runs it with none.
    'node-args': { type: 'string' },
  },
});
const fail = failer('bench/worklists');
const N = casesOption(args.cases, fail);
const DURATION = Number(args.duration);
const CLAIM_DURATION = Number(args['claim-duration']);
const BUSY_QUEUE = Number(args['busy-queue']);
const DEEP_ROW = Number(args['deep-row']);
const quiet = quietWaiter(Number(args['quiet-wait']));

const serverUrl = serverUrlOf();
const dbName = `casework_bench_${N}`;
const dbUrl = databaseUrl(serverUrl, dbName);
const s = staffing(N, BUSY_QUEUE);

requireBuilt(fail);

// ---------------------------------------------------------------------------------------------
// Database: free disk, create, migrate, seed.

/** Bytes a database of n cases takes, measured at 1,000,000 (about 2.2 GB) plus room for WAL and index builds. */
const bytesNeeded = (n) => Math.round(n * 3300 + 1.5 * GiB);

async function seed() {
  const t0 = process.hrtime.bigint();
  const { runMigrations } = await imp('database/migrate.js');
  await runMigrations(dbUrl);
  const tMigrate = ms(t0);
  console.log(`  migrations: ${fmt(tMigrate / 1000)} s`);

  // One argon2 hash with the API's parameters, shared by every bench user.
  const { PasswordService } = await imp('modules/auth/password.service.js');
  const hash = await new PasswordService({ ARGON2_MEMORY_KIB: 19456, ARGON2_TIME_COST: 2 }).hash(BENCH_PASSWORD);
  const plan = seedPlan(s, hash);

  const conns = await bulkConnections(dbUrl);
  try {
    // Secondary indexes are dropped for the load and built again after it, from their own definitions.
    const indexes = await dropSecondaryIndexes(conns[0], ['jobseekers', 'cases', 'triage_results', 'work_items']);

    const times = {};
    times.reference = await twoWay(conns, [plan.reference, []], 'regions, offices, staff');
    times.bulk = await twoWay(conns, plan.bulk, `${N} jobseekers | ${N} cases`);
    times.bulk2 = await twoWay(conns, plan.bulk2, 'profiling results | work items');
    await conns[0].query(plan.sequences.join('; '));
    // Balance the index builds over the two connections, biggest tables first.
    const lanes = indexLanes(indexes, { jobseekers: 3, work_items: 2, cases: 2, triage_results: 1 });
    times.indexes = await twoWay(conns, lanes, `${indexes.length} indexes`);
    times.vacuum = await twoWay(
      conns,
      [
        ['VACUUM (ANALYZE) jobseekers', 'VACUUM (ANALYZE) triage_results'],
        ['VACUUM (ANALYZE) cases', 'VACUUM (ANALYZE) work_items', 'ANALYZE'],
      ],
      'vacuum and analyze',
    );
    const total = ms(t0);
    const { rows } = await conns[0].query(`
      SELECT (SELECT count(*) FROM jobseekers)::int AS jobseekers, (SELECT count(*) FROM cases)::int AS cases,
             (SELECT count(*) FROM work_items)::int AS work_items, (SELECT count(*) FROM users)::int AS users,
             (SELECT count(*) FROM work_items WHERE office_id = (SELECT id FROM offices WHERE code = 'BO00') AND queue = 'routine' AND status = 'open')::int AS busy_queue,
             pg_database_size(current_database())::bigint AS bytes`);
    const counts = rows[0];
    console.log(
      `  seeded in ${fmt(total / 1000)} s: ${counts.jobseekers} jobseekers, ${counts.cases} cases, ${counts.work_items} work items (${counts.busy_queue} open in the busy routine queue), ${counts.users} staff; database ${fmt(Number(counts.bytes) / GiB, 2)} GB`,
    );
    return {
      seconds: total / 1000,
      migrateSeconds: tMigrate / 1000,
      phases: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, v / 1000])),
      counts: { ...counts, bytes: Number(counts.bytes) },
    };
  } finally {
    await Promise.all(conns.map((c) => c.end()));
  }
}

// ---------------------------------------------------------------------------------------------


async function main() {
  console.log(
    `\nWorklists benchmark: ${N} cases, ${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `  database ${dbName} on ${new URL(serverUrl).host}; ${s.counsellors} counsellors and ${s.specialists} specialists an office`,
  );

  let seeding = null;
  const created = await createDatabase({ serverUrl, dbName, reuse: args.reuse, need: bytesNeeded(N), what: `${N} cases`, fail });
  if (created) seeding = await seed();
  else {
    const { runMigrations } = await imp('database/migrate.js');
    const applied = await runMigrations(dbUrl);
    console.log(`  reusing the existing database (--reuse); migrations applied now: ${applied.join(', ') || 'none'}`);
  }

  const db = new pg.Pool({ connectionString: dbUrl, max: 20 });
  let api;
  let floor;
  const kit = await captureKit(dbUrl);
  try {
    const { busyOffice, counsellors, frontDesk, supervisor, caseIds, pick } = await worklistActors(db, 20);

    // The busy queue full again (a --reuse run finds it as the last run's claims left it), and
    // before each claim leg below: the items the bench's front desk holds go back to the queue.
    const frontDeskIds = frontDesk.map((u) => u.id);
    const reopen = () =>
      db.query(
        `UPDATE work_items SET status = 'open', claimed_by = NULL, claimed_at = NULL
          WHERE office_id = $1 AND queue = 'routine' AND status = 'claimed' AND claimed_by = ANY($2)`,
        [busyOffice, frontDeskIds],
      );
    await reopen();

    // Without --node-args, startApi uses the production flags.
    api = await startApi({ dbUrl, port: Number(args.port), fail, nodeArgs: args['node-args']?.split(' ').filter(Boolean) });
    floor = await startFloor({ dbUrl, port: Number(args['floor-port']), fail });
    const t0 = process.hrtime.bigint();
    const tokens = new Map();
    for (const u of [...counsellors, ...frontDesk, supervisor]) tokens.set(u.id, await login(api.url, u.email, BENCH_PASSWORD, fail));
    console.log(`  API up at ${api.url}; ${tokens.size} bench users signed in (${fmt(ms(t0) / 1000)} s)`);
    const auth = (u) => ({ authorization: `Bearer ${tokens.get(u.id)}` });

    // The requests, and the SQL each one sends.
    const caseloadSql = [];
    for (const u of counsellors)
      caseloadSql.push((await kit.capture(() => kit.cases.list(asExpress(caseloadQuery(u)), grantOf(u, 'own'), kit.res))).statements);
    const queueSql = [];
    for (const u of frontDesk.slice(0, 10))
      queueSql.push((await kit.capture(() => kit.workItems.list(asExpress(queueQuery), grantOf(u, 'office'), kit.res))).statements);
    const detailCapture = await kit.capture(() => kit.cases.get(caseIds[0], grantOf(supervisor, 'office')));
    // Claim-next's one statement, captured against an office with no queue (so it claims nothing);
    // the replay runs it on the busy office as each bench user.
    const noOffice = '00000000-0000-4000-8000-000000000000';
    const claimCapture = await kit.capture(() => kit.workItems.claimNext('routine', grantOf({ ...frontDesk[0], office_id: noOffice }, 'office')));
    if (claimCapture.statements.length !== 1) fail(`claim-next sent ${claimCapture.statements.length} statements, expected one`);
    const claimStatement = (u) => ({
      sql: claimCapture.statements[0].sql,
      // The claimers are arrays (the API sends a group of claims as one statement); here, one each.
      params: claimCapture.statements[0].params.map((p) =>
        p === noOffice ? busyOffice : Array.isArray(p) && p[0] === frontDesk[0].id ? [u.id] : p,
      ),
    });
    // A deep page of the busy queue: rows DEEP_ROW.. by keyset cursor (and, for the plan only, by OFFSET).
    const { encodeCursor } = await imp('common/list-query.js');
    const { rows: at } = await db.query(
      `SELECT due_at::text AS v, id FROM work_items WHERE office_id = $1 AND queue = 'routine' AND status = 'open' ORDER BY due_at, id OFFSET $2 LIMIT 1`,
      [busyOffice, DEEP_ROW - 1],
    );
    const deepCursor = encodeCursor(at[0].v, at[0].id);
    const deepQuery = { ...queueQuery, range: [DEEP_ROW, DEEP_ROW + 24] };
    const deepSql = [];
    for (const u of frontDesk.slice(0, 10))
      deepSql.push(
        (await kit.capture(() => kit.workItems.list({ ...asExpress(deepQuery), cursor: deepCursor }, grantOf(u, 'office'), kit.res)))
          .statements,
      );
    const offsetSql = (await kit.capture(() => kit.workItems.list(asExpress(deepQuery), grantOf(frontDesk[0], 'office'), kit.res)))
      .statements;
    const withParam = (stmt, from, to) => ({ sql: stmt.sql, params: stmt.params.map((p) => (p === from ? to : p)) });

    const caseloadRows = (
      await db.query(`SELECT count(*)::int AS n FROM cases WHERE assigned_to = $1 AND status = 'active'`, [counsellors[0].id])
    ).rows[0].n;
    console.log(`  a counsellor's active caseload: ${caseloadRows} cases; busy queue office BO00`);

    // Plans of every benchmarked statement.
    console.log('\nQuery plans (EXPLAIN ANALYZE, BUFFERS):');
    const plans = {};
    const explainAll = async (key, title, stmts) => {
      plans[key] = [];
      for (const [i, st] of stmts.entries()) {
        const e = await explain(db, st.sql, st.params);
        plans[key].push(e);
        printExplain(`${title} [${i + 1}/${stmts.length}]`, e);
      }
    };
    await explainAll('caseload', 'caseload page', caseloadSql[0]);
    await explainAll('queue', 'routine queue page', queueSql[0]);
    await explainAll('deep', `routine queue, rows ${DEEP_ROW}.. by keyset cursor`, deepSql[0]);
    const offsetPlan = await explain(db, offsetSql[0].sql, offsetSql[0].params);
    printExplain(`(for comparison, not benchmarked) the same page by OFFSET ${DEEP_ROW}`, offsetPlan);
    await explainAll('detail', 'case detail', detailCapture.statements);
    const claimPlanClient = await db.connect();
    try {
      // EXPLAIN ANALYZE runs the UPDATE: inside a transaction that is rolled back.
      await claimPlanClient.query('BEGIN');
      const st = claimStatement(frontDesk[0]);
      plans.claim = [await explain(claimPlanClient, st.sql, st.params)];
      printExplain('claim-next (one statement: probes, claim, audit event, the claimed item)', plans.claim[0]);
    } finally {
      await claimPlanClient.query('ROLLBACK');
      claimPlanClient.release();
    }

    const results = {};
    const run = async (key, label, apiOpts, sqlOpts, conc) => {
      const machine = await quiet(label);
      process.stdout.write(
        `\n${label} (machine ${Math.round(machine.idleBefore * 100)}% idle before): API ${apiOpts.duration}s x ${conc} ...`,
      );
      await apiLoad({ ...apiOpts, duration: 2, connections: conc }); // warm-up
      let cpu0 = await cpuSnapshot(db, api.child.pid);
      const a = await apiLoad({ ...apiOpts, connections: conc });
      a.cpu = cpuPerRequest(await cpuSince(db, api.child.pid, cpu0), a.requests);
      process.stdout.write(` ${fmt(a.rps, 0)} req/s, p95 ${fmt(a.p95, 2)} ms; floor ...`);
      const floorOpts = { ...apiOpts, url: floor.url };
      await apiLoad({ ...floorOpts, duration: 2, connections: conc });
      cpu0 = await cpuSnapshot(db, floor.child.pid);
      const f = await apiLoad({ ...floorOpts, connections: conc });
      f.cpu = cpuPerRequest(await cpuSince(db, floor.child.pid, cpu0), f.requests);
      process.stdout.write(` ${fmt(f.rps, 0)} req/s, p95 ${fmt(f.p95, 2)} ms; SQL ...`);
      await sqlLoad({ ...sqlOpts, duration: 2, concurrency: conc });
      cpu0 = await cpuSnapshot(db, null);
      const b = await sqlLoad({ ...sqlOpts, concurrency: conc });
      b.cpu = cpuPerRequest(await cpuSince(db, null, cpu0), b.requests);
      process.stdout.write(` ${fmt(b.rps, 0)} req/s, p95 ${fmt(b.p95, 2)} ms\n`);
      const non2xx = Object.entries(a.statuses).filter(([st]) => st < 200 || st >= 300);
      if (non2xx.length) console.warn(`  non-2xx answers: ${JSON.stringify(a.statuses)}`);
      const floorOff = Object.entries(f.statuses).filter(([st]) => st < 200 || st >= 300);
      if (floorOff.length) console.warn(`  floor non-2xx answers: ${JSON.stringify(f.statuses)}`);
      results[key] = { label, concurrency: conc, api: a, floor: f, sql: b, ratio: a.p95 / b.p95, machine };
    };

    // (a) A counsellor's caseload, first page: ten counsellors at once.
    await run(
      'caseload',
      "(a) counsellor's caseload, first page",
      {
        url: api.url,
        duration: DURATION,
        clientRequests: (i) => [
          {
            method: 'GET',
            path: `/api/cases?${q(caseloadQuery(counsellors[i % counsellors.length]))}`,
            headers: auth(counsellors[i % counsellors.length]),
          },
        ],
      },
      { duration: DURATION, once: (w) => Promise.all(caseloadSql[w % caseloadSql.length].map((st) => replay(db, st))) },
      10,
    );
    // (b) The busy office's routine queue, first page, as ten front-desk colleagues.
    await run(
      'queue',
      "(b) office's routine queue, first page",
      {
        url: api.url,
        duration: DURATION,
        clientRequests: (i) => [{ method: 'GET', path: `/api/work-items?${q(queueQuery)}`, headers: auth(frontDesk[i % 10]) }],
      },
      { duration: DURATION, once: (w) => Promise.all(queueSql[w % queueSql.length].map((st) => replay(db, st))) },
      10,
    );
    // (e) The same queue, a deep page by keyset cursor.
    await run(
      'deep',
      `(e) routine queue, page at row ${DEEP_ROW.toLocaleString('en')} (cursor)`,
      {
        url: api.url,
        duration: DURATION,
        clientRequests: (i) => [
          { method: 'GET', path: `/api/work-items?${q(deepQuery)}&cursor=${deepCursor}`, headers: auth(frontDesk[i % 10]) },
        ],
      },
      { duration: DURATION, once: (w) => Promise.all(deepSql[w % deepSql.length].map((st) => replay(db, st))) },
      10,
    );
    // (d) Case detail as the office's supervisor, random cases of the office.
    await run(
      'detail',
      '(d) case detail',
      {
        url: api.url,
        duration: DURATION,
        clientRequests: () => [
          {
            method: 'GET',
            path: `/api/cases/${caseIds[0]}`,
            headers: auth(supervisor),
            setupRequest: (req) => ({ ...req, path: `/api/cases/${pick()}` }),
          },
        ],
      },
      {
        duration: DURATION,
        once: () => {
          const id = pick();
          return Promise.all(detailCapture.statements.map((st) => withParam(st, caseIds[0], id)).map((st) => replay(db, st)));
        },
      },
      10,
    );

    // (c) Claim-next, 20 front-desk colleagues of the busy office at once: raw SQL first, then the API.
    const claimedBySql = [];
    const sqlClaim = async (w) => {
      const u = frontDesk[w % frontDesk.length];
      // The statement the API sends: probes, claim, audit event and the claimed item in one round trip.
      const { rows } = await replay(db, claimStatement(u));
      if (!rows[0]) return false;
      claimedBySql.push(rows[0].id);
      return true;
    };
    const claimedByApi = [];
    const apiClaims = {
      url: api.url,
      duration: CLAIM_DURATION,
      clientRequests: (i) => [
        {
          method: 'POST',
          path: '/api/work-items/claim-next',
          headers: { ...auth(frontDesk[i % frontDesk.length]), 'content-type': 'application/json' },
          body: JSON.stringify({ queue: 'routine' }),
          onResponse: (status, body) => {
            if (status === 200) claimedByApi.push(JSON.parse(body).id);
          },
        },
      ],
    };
    const open = async () =>
      (
        await db.query(`SELECT count(*)::int AS n FROM work_items WHERE office_id = $1 AND queue = 'routine' AND status = 'open'`, [
          busyOffice,
        ])
      ).rows[0].n;
    // Zero duplicates within a leg: no id returned twice, and one claim (audit event) per item since the leg began.
    const leg = async (run, ids) => {
      await reopen();
      await db.query('VACUUM work_items');
      const [{ t }] = (await db.query('SELECT clock_timestamp() AS t')).rows;
      const result = await run();
      // Claims per statement: a statement's audit events share its transaction's now().
      const {
        rows: [audit],
      } = await db.query(
        `SELECT count(*)::int AS claims, count(DISTINCT entity_id)::int AS items, count(DISTINCT at)::int AS statements
           FROM audit_events WHERE action = 'work_items.claim' AND at >= $1`,
        [t],
      );
      const { rows: held } = await db.query(
        `SELECT count(*)::int AS n FROM work_items WHERE office_id = $1 AND status = 'claimed' AND claimed_by = ANY($2)`,
        [busyOffice, frontDeskIds],
      );
      return {
        result,
        duplicates: ids.length - new Set(ids).size + (audit.claims - audit.items),
        held: held[0].n,
        perStatement: audit.claims / audit.statements,
      };
    };
    const claimMachine = await quiet('claim-next');
    await reopen();
    console.log(
      `\n(c) claim-next, 20 clients (machine ${Math.round(claimMachine.idleBefore * 100)}% idle before): ${await open()} open items in the busy queue at the start of each leg`,
    );
    const sqlLeg = await leg(async () => {
      await sqlLoad({ concurrency: 20, duration: 1, once: sqlClaim }); // warm-up
      const claimCpu = await cpuSnapshot(db, null);
      const r = await sqlLoad({ concurrency: 20, duration: CLAIM_DURATION, once: sqlClaim });
      r.cpu = cpuPerRequest(await cpuSince(db, null, claimCpu), r.requests);
      return r;
    }, claimedBySql);
    const claimSql = sqlLeg.result;
    console.log(`  SQL: ${fmt(claimSql.rps, 0)} claims/s, p95 ${fmt(claimSql.p95, 2)} ms; ${await open()} left; ${fmt(sqlLeg.perStatement, 2)} claims a statement`);
    const apiLeg = await leg(async () => {
      await apiLoad({ ...apiClaims, duration: 1, connections: 20 }); // warm-up
      const claimCpu = await cpuSnapshot(db, api.child.pid);
      const r = await apiLoad({ ...apiClaims, connections: 20 });
      r.cpu = cpuPerRequest(await cpuSince(db, api.child.pid, claimCpu), r.requests);
      return r;
    }, claimedByApi);
    const claimApi = apiLeg.result;
    console.log(
      `  API: ${fmt(claimApi.rps, 0)} claims/s, p95 ${fmt(claimApi.p95, 2)} ms; ${await open()} left; ${fmt(apiLeg.perStatement, 2)} claims a statement; answers ${JSON.stringify(claimApi.statuses)}`,
    );
    const duplicates = sqlLeg.duplicates + apiLeg.duplicates;
    // Held may exceed returned by the API requests still in flight when autocannon stopped (it drops their answers).
    console.log(
      `  claims returned: SQL ${claimedBySql.length}, API ${claimedByApi.length} (warm-ups included); held at the end of the API leg: ${apiLeg.held}; duplicates: ${duplicates}`,
    );
    // Every answer a claim: a 204 (queue empty) would be a fast answer that claimed nothing.
    const answers = Object.entries(claimApi.statuses ?? {});
    const notClaims = answers.filter(([k]) => k !== '200').reduce((n, [, v]) => n + v, 0);
    results.claim = {
      label: '(c) claim-next, busy routine queue',
      concurrency: 20,
      api: claimApi,
      sql: claimSql,
      ratio: claimApi.p95 / claimSql.p95,
      duplicates,
      notClaims,
      returned: claimedBySql.length + claimedByApi.length,
      held: apiLeg.held,
      claimsPerStatement: { api: apiLeg.perStatement, sql: sqlLeg.perStatement },
      machine: claimMachine,
    };

    // The table.
    const targets = {
      caseload: (r) => r.api.p95 < 25 && r.ratio <= 2,
      queue: (r) => r.api.p95 < 25 && r.ratio <= 2,
      // The issue sets the case detail no target of its own beyond the 1M-vs-10k comparison.
      detail: () => null,
      deep: (r) => r.api.p95 < 25 && r.ratio <= 2,
      claim: (r) => r.api.rps >= 400 && r.api.p95 < 50 && r.duplicates === 0 && r.notClaims === 0,
    };
    const why = {
      caseload: (r) => [r.api.p95 < 25 ? null : 'p95 >= 25 ms', r.ratio <= 2 ? null : 'ratio > 2'],
      queue: (r) => [r.api.p95 < 25 ? null : 'p95 >= 25 ms', r.ratio <= 2 ? null : 'ratio > 2'],
      detail: () => [],
      deep: (r) => [r.api.p95 < 25 ? null : 'p95 >= 25 ms', r.ratio <= 2 ? null : 'ratio > 2'],
      claim: (r) => [
        r.api.rps >= 400 ? null : '< 400/s',
        r.api.p95 < 50 ? null : 'p95 >= 50 ms',
        r.duplicates === 0 ? null : `${r.duplicates} duplicates`,
        r.notClaims === 0 ? null : `${r.notClaims} answers claimed nothing (queue ran out; raise --busy-queue)`,
      ],
    };
    for (const [k, r] of Object.entries(results)) {
      r.met = targets[k](r);
      r.missed = why[k](r).filter(Boolean);
    }
    const header = [
      'endpoint',
      'clients',
      'API p50',
      'API p95',
      'API req/s',
      'SQL p50',
      'SQL p95',
      'SQL req/s',
      'ratio p95',
      'target met?',
      'CPU idle before',
    ];
    const lines = Object.values(results).map((r) => [
      r.label,
      String(r.concurrency),
      fmt(r.api.p50, 2),
      fmt(r.api.p95, 2),
      fmt(r.api.rps, 0),
      fmt(r.sql.p50, 2),
      fmt(r.sql.p95, 2),
      fmt(r.sql.rps, 0),
      `${fmt(r.ratio, 2)}x`,
      r.met === null ? 'n/a (scale only)' : r.met ? 'yes' : `no (${r.missed.join(', ')})`,
      `${Math.round(r.machine.idleBefore * 100)}%`,
    ]);
    console.log(`\nResults at ${N} cases (times in ms; ratio = API p95 / SQL p95):\n`);
    console.log(`| ${header.join(' | ')} |`);
    console.log(`|${header.map(() => '---').join('|')}|`);
    for (const l of lines) console.log(`| ${l.join(' | ')} |`);
    console.log(
      `\nThe framework floor (the same session check and SQL on a bare node:http server), same clients, same run:\n`,
    );
    console.log('| endpoint | floor p50 | floor p95 | floor req/s | floor p95 / SQL p95 | API req/s / floor req/s | floor CPU: client + server + PG = total |');
    console.log('|---|---|---|---|---|---|---|');
    for (const r of Object.values(results)) {
      if (!r.floor) continue;
      const c = r.floor.cpu;
      console.log(
        `| ${r.label} | ${fmt(r.floor.p50, 2)} | ${fmt(r.floor.p95, 2)} | ${fmt(r.floor.rps, 0)} | ${fmt(r.floor.p95 / r.sql.p95, 2)}x | ${fmt(r.api.rps / r.floor.rps, 2)}x | ${fmt(c.clientMs, 2)} + ${fmt(c.apiMs, 2)} + ${fmt(c.pgMs, 2)} = ${fmt(c.totalMs, 2)} |`,
      );
    }
    console.log(
      `\nCPU per request (ms of CPU: load generator + API + PostgreSQL) and what ${os.cpus().length} idle cores would serve at that cost:\n`,
    );
    console.log('| endpoint | API: client + API + PG = total | API capacity req/s | SQL: client + PG = total | SQL capacity req/s |');
    console.log('|---|---|---|---|---|');
    for (const r of Object.values(results)) {
      const c = r.api.cpu;
      const d = r.sql.cpu;
      console.log(
        `| ${r.label} | ${fmt(c.clientMs, 2)} + ${fmt(c.apiMs, 2)} + ${fmt(c.pgMs, 2)} = ${fmt(c.totalMs, 2)} | ${fmt(c.capacityRps, 0)} | ${fmt(d.clientMs, 2)} + ${fmt(d.pgMs, 2)} = ${fmt(d.totalMs, 2)} | ${fmt(d.capacityRps, 0)} |`,
      );
    }
    const wholeSorts = Object.entries(plans).flatMap(([k, ps]) => ps.filter((p) => p.wholeSort).map(() => k));
    console.log(`\nPlans sorting more than a page: ${wholeSorts.length ? wholeSorts.join(', ') : 'none'}`);
    if (seeding) console.log(`Seeding: ${fmt(seeding.seconds)} s (target for 1,000,000 cases: under 300 s)`);

    const out = {
      cases: N,
      at: new Date().toISOString(),
      machine: machineInfo(),
      postgres: (await db.query('SELECT version()')).rows[0].version,
      staffing: s,
      caseloadRows,
      seeding,
      results,
      offsetPlan,
      plans: Object.fromEntries(Object.entries(plans).map(([k, ps]) => [k, ps.map(({ tree, ...rest }) => ({ ...rest, tree }))])),
    };
    const dir = path.join(root, 'bench/results');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `worklists-${N}.json`);
    writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
    console.log(`Results written to ${path.relative(root, file)}`);
    compareScales(dir);
  } finally {
    await stopApi(api);
    await stopChild(floor?.child);
    await kit.ds.destroy();
    await db.end();
    if (!args.keep) {
      await dropDatabase(serverUrl, dbName);
      console.log(`Dropped ${dbName} (--keep keeps it).`);
    }
  }
}

/** With results at 10,000 and 1,000,000 cases, how much slower each endpoint is at the larger scale. */
function compareScales(dir) {
  const small = path.join(dir, 'worklists-10000.json');
  const large = path.join(dir, 'worklists-1000000.json');
  if (!existsSync(small) || !existsSync(large)) return;
  const a = JSON.parse(readFileSync(small, 'utf8'));
  const b = JSON.parse(readFileSync(large, 'utf8'));
  console.log('\n1,000,000 vs 10,000 cases (p95 at 1M / p95 at 10k; target: at most 2x):\n');
  console.log('| endpoint | API p95 10k | API p95 1M | API ratio | SQL p95 10k | SQL p95 1M | SQL ratio | within 2x? |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const k of Object.keys(b.results)) {
    const x = a.results[k];
    const y = b.results[k];
    if (!x || !y) continue;
    const ra = y.api.p95 / x.api.p95;
    const rs = y.sql.p95 / x.sql.p95;
    console.log(
      `| ${y.label} | ${fmt(x.api.p95, 2)} | ${fmt(y.api.p95, 2)} | ${fmt(ra, 2)}x | ${fmt(x.sql.p95, 2)} | ${fmt(y.sql.p95, 2)} | ${fmt(rs, 2)}x | ${Number.isFinite(ra) && ra <= 2 ? 'yes' : 'no'} |`,
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
