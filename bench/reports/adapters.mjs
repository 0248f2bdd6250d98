#!/usr/bin/env node
/* eslint-disable no-console -- a benchmark prints its results */
// Two builds of the API (for example Express and Fastify) and the framework floor, on one kept
// bench database, measured in turns in the same run: each round runs every endpoint on every
// server, 10 clients, so the servers see the same machine. CPU per request as in bench/reports.
//
// Once, the database; and the Express API (the commit before Fastify) with its own node_modules:
//   node bench/reports/run.mjs --cases 50000 --keep --seed-only
//   mkdir /tmp/cw-express && git archive 679d192 | tar -x -C /tmp/cw-express
//   (cd /tmp/cw-express && npm ci && npm run build -w @casework/contracts && npm run build -w @casework/api)
// Then:
//   node bench/reports/adapters.mjs --cases 50000 --api express=/tmp/cw-express/apps/api/dist --api fastify=apps/api/dist
//
// Options: --cases N (50000), --api name=dir (once or more; dir holds a compiled API, as
// apps/api/dist does), --rounds R (2), --duration S (8), --connections C (10), --port P (3894: the
// APIs take P, P+2, ...; the floor P+1), --profile NAME (runs that API under node --cpu-prof,
// profiles into /tmp/casework-cpu-prof), --only X (the endpoint (X) alone: a, b or d). The floor server
// runs this checkout's compiled services.
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
  BENCH_JWT_SECRET,
  caseloadQuery,
  cpuPerRequest,
  cpuSince,
  cpuSnapshot,
  databaseUrl,
  failer,
  fmt,
  loadAverage,
  login,
  printTable,
  q,
  queueQuery,
  root,
  serverUrlOf,
  sleep,
  spawnNode,
  startApi,
  apiNodeFlags,
  stopChild,
  worklistActors,
} from '../worklists/harness.mjs';
import { apiLoad } from '../worklists/load.mjs';
import { BENCH_PASSWORD } from './seed.mjs';

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '50000' },
    api: { type: 'string', multiple: true, default: [] },
    rounds: { type: 'string', default: '2' },
    duration: { type: 'string', default: '8' },
    connections: { type: 'string', default: '10' },
    port: { type: 'string', default: '3894' },
    profile: { type: 'string' },
    only: { type: 'string' },
  },
});
const fail = failer('bench/reports/adapters');
const CONNECTIONS = Number(args.connections);
const dbUrl = databaseUrl(serverUrlOf(), `casework_bench_reports_${Number(args.cases)}`);
const apis = args.api.map((a) => {
  const [name, dir] = a.split('=');
  if (!name || !dir) fail(`--api wants name=dir, got ${a}`);
  return { name, main: path.resolve(root, dir, 'apps/api/src/main.js') };
});
if (!apis.length) fail('give at least one --api name=dir');

async function waitFor(url, run, what) {
  for (let i = 0; i < 300; i++) {
    if (run.child.exitCode !== null) fail(`${what} exited (${run.child.exitCode}):\n${run.output()}`);
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  fail(`${what} did not answer within 60 s:\n${run.output()}`);
}

async function main() {
  const db = new pg.Pool({ connectionString: dbUrl, max: 4 });
  const servers = [];
  try {
    const { counsellors, frontDesk, supervisor, caseIds, pick } = await worklistActors(db, 10);
    let port = Number(args.port);
    for (const a of apis) {
      const p = port;
      port += 2;
      // Node's own flags (--cpu-prof is refused in NODE_OPTIONS).
      const nodeArgs = [...apiNodeFlags(), ...(args.profile === a.name ? ['--cpu-prof', '--cpu-prof-dir=/tmp/casework-cpu-prof'] : [])];
      const { child, url } = await startApi({ dbUrl, port: p, fail, main: a.main, nodeArgs });
      servers.push({ name: `API ${a.name}`, url, child });
    }
    const floorRun = spawnNode(path.join(root, 'bench/reports/floor-server.mjs'), [], {
      DATABASE_URL: dbUrl,
      JWT_SECRET: BENCH_JWT_SECRET,
      PORT: String(Number(args.port) + 1),
      DB_POOL_SIZE: '20',
    });
    const floorUrl = `http://127.0.0.1:${Number(args.port) + 1}`;
    await waitFor(`${floorUrl}/api/health`, floorRun, 'the floor server');
    servers.push({ name: 'floor', url: floorUrl, child: floorRun.child });

    // One sign-in each, through the first API: the sessions are in the database, every server checks them.
    const tokens = new Map();
    for (const u of [...counsellors, ...frontDesk, supervisor]) tokens.set(u.id, await login(servers[0].url, u.email, BENCH_PASSWORD, fail));
    const auth = (u) => ({ authorization: `Bearer ${tokens.get(u.id)}` });
    const endpoints = [
      {
        label: "(a) counsellor's caseload, first page",
        requests: (i) => [{ method: 'GET', path: `/api/cases?${q(caseloadQuery(counsellors[i % 10]))}`, headers: auth(counsellors[i % 10]) }],
      },
      {
        label: "(b) office's routine queue, first page",
        requests: (i) => [{ method: 'GET', path: `/api/work-items?${q(queueQuery)}`, headers: auth(frontDesk[i % 10]) }],
      },
      {
        label: '(d) case detail',
        requests: () => [
          {
            method: 'GET',
            path: `/api/cases/${caseIds[0]}`,
            headers: auth(supervisor),
            setupRequest: (req) => ({ ...req, path: `/api/cases/${pick()}` }),
          },
        ],
      },
    ].filter((e) => !args.only || e.label.startsWith(`(${args.only})`));
    // Every server answers the same: status, body and Content-Range.
    for (const e of endpoints) {
      const [req] = e.requests(0);
      const answers = await Promise.all(
        servers.map(async (s) => {
          const r = await fetch(`${s.url}${req.path}`, { headers: req.headers });
          return JSON.stringify([r.status, r.headers.get('content-range'), await r.json()]);
        }),
      );
      console.log(`  ${e.label}: ${answers.every((a) => a === answers[0]) ? 'same answer from every server' : 'ANSWERS DIFFER'}`);
    }

    console.log(`\n${servers.map((s) => s.name).join(', ')}; load average ${loadAverage()} at the start`);
    const results = new Map();
    for (let round = 1; round <= Number(args.rounds); round++) {
      for (const e of endpoints) {
        for (const s of servers) {
          await apiLoad({ url: s.url, connections: CONNECTIONS, duration: 2, clientRequests: e.requests }); // warm-up
          const cpu0 = await cpuSnapshot(db, s.child.pid);
          const r = await apiLoad({ url: s.url, connections: CONNECTIONS, duration: Number(args.duration), clientRequests: e.requests });
          r.cpu = cpuPerRequest(await cpuSince(db, s.child.pid, cpu0), r.requests);
          const non2xx = Object.entries(r.statuses).filter(([st]) => st < 200 || st >= 300);
          if (non2xx.length) console.warn(`  ${s.name} ${e.label}: non-2xx answers ${JSON.stringify(r.statuses)}`);
          console.log(
            `  round ${round} ${e.label} ${s.name}: ${fmt(r.rps, 0)} req/s, p95 ${fmt(r.p95, 2)} ms, CPU ms a request ${fmt(r.cpu.clientMs, 2)} + ${fmt(r.cpu.apiMs, 2)} + ${fmt(r.cpu.pgMs, 2)} = ${fmt(r.cpu.totalMs, 2)}`,
          );
          const key = `${e.label}|${s.name}`;
          results.set(key, [...(results.get(key) ?? []), r]);
        }
      }
    }
    const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const floorOf = (label) => results.get(`${label}|floor`);
    console.log(`\nMeans over ${args.rounds} rounds (${CONNECTIONS} clients, ${args.duration} s each; load average ${loadAverage()} at the end):\n`);
    printTable(
      ['endpoint', 'server', 'req/s', 'floor req/s', 'ratio', 'server CPU ms a request', 'total CPU ms a request (client + server + PG)', 'CPU ratio (floor total / total)'],
      endpoints.flatMap((e) =>
        servers
          .filter((s) => s.name !== 'floor')
          .map((s) => {
            const rs = results.get(`${e.label}|${s.name}`);
            const fs = floorOf(e.label);
            const rps = mean(rs.map((r) => r.rps));
            const frps = mean(fs.map((r) => r.rps));
            const c = (k, xs) => mean(xs.map((r) => r.cpu[k]));
            return [
              e.label,
              s.name,
              fmt(rps, 0),
              fmt(frps, 0),
              `${fmt(rps / frps, 2)}x`,
              `${fmt(c('apiMs', rs), 2)} (floor ${fmt(c('apiMs', fs), 2)})`,
              `${fmt(c('clientMs', rs), 2)} + ${fmt(c('apiMs', rs), 2)} + ${fmt(c('pgMs', rs), 2)} = ${fmt(c('totalMs', rs), 2)} (floor ${fmt(c('totalMs', fs), 2)})`,
              `${fmt(c('totalMs', fs) / c('totalMs', rs), 2)}x`,
            ];
          }),
      ),
    );
  } finally {
    for (const s of servers) await stopChild(s.child);
    await db.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
