#!/usr/bin/env node
/* eslint-disable no-console -- a benchmark prints its results */
// Appointments benchmark on the demo data: starts the real API on a fresh database of its own (demo
// seed: 2 offices, ~2,600 appointments over eight weeks), then measures through the API (autocannon)
// an office's and a counsellor's free slots for a week, the office calendar for two weeks, and
// bookings into free slots; beside each, the same SQL straight on PostgreSQL, as a ratio.
//
//   npm run build -w @casework/contracts && npm run build -w @casework/api
//   node bench/appointments/run.mjs [--duration 10] [--connections 10] [--port 3991]
//
// DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/postgres); the bench
// creates casework_bench_appointments there and drops it at the end.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { apiLoad, sqlLoad, summarise } from '../worklists/load.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const main = path.join(root, 'apps/api/dist/apps/api/src/main.js');
const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    port: { type: 'string', default: '3991' },
  },
});
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const PASSWORD = 'Casework-demo-2026';
const fmt = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '-');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function fail(message) {
  console.error(`\nbench/appointments: ${message}\n`);
  process.exit(1);
}
if (!existsSync(main)) fail('apps/api is not built: run npm run build -w @casework/contracts && npm run build -w @casework/api');

const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = 'casework_bench_appointments';
const dbUrl = Object.assign(new URL(serverUrl), { pathname: `/${dbName}` }).toString();

async function admin(sql) {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function startApi() {
  const child = spawn(process.execPath, [main], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: dbUrl, NODE_ENV: 'development', JOBS_ENABLED: 'false', LOG_LEVEL: 'warn', PORT: args.port, HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const url = `http://127.0.0.1:${args.port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) fail(`the API exited (${child.exitCode}):\n${err}`);
    try {
      if ((await fetch(`${url}/api/health/ready`)).ok) return { child, url };
    } catch {
      // not yet
    }
    await sleep(200);
  }
  child.kill('SIGTERM');
  fail(`the API did not become ready:\n${err}`);
}

async function login(url, email) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!res.ok) fail(`sign-in of ${email}: ${res.status}`);
  return res.json();
}

const STAFF_SQL = `SELECT u.id, o.time_zone, o.opening_hours,
        (SELECT coalesce(json_agg(json_build_array(to_char(cl.starts_on, 'YYYY-MM-DD'), to_char(cl.ends_on, 'YYYY-MM-DD'))), '[]'::json)
           FROM office_closures cl
          WHERE cl.office_id = o.id AND cl.ends_on >= ($2::timestamptz AT TIME ZONE o.time_zone)::date
            AND cl.starts_on <= ($3::timestamptz AT TIME ZONE o.time_zone)::date) AS closures
   FROM users u JOIN offices o ON o.id = u.office_id
  WHERE u.office_id = $1 AND ($4::uuid IS NULL OR u.id = $4) AND u.role IN ('counsellor', 'specialist') AND u.active AND NOT u.away
  ORDER BY u.full_name, u.id`;
const BUSY_SQL = `SELECT staff_id, starts_at, ends_at FROM appointments
  WHERE staff_id = ANY($1::uuid[]) AND status <> 'cancelled' AND starts_at < $3 AND ends_at > $2
  ORDER BY staff_id, starts_at`;

async function main_() {
  console.log(`\nAppointments benchmark on the demo data: ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${dbName}`);
  const api = await startApi();
  const db = new pg.Pool({ connectionString: dbUrl, max: CONNECTIONS });
  try {
    await db.query('VACUUM (ANALYZE)');
    const counts = (await db.query(`SELECT (SELECT count(*) FROM appointments)::int AS appointments, (SELECT count(*) FROM users WHERE role IN ('counsellor','specialist'))::int AS staff`)).rows[0];
    console.log(`  API at ${api.url}; demo data: ${counts.appointments} appointments, ${counts.staff} counsellors and specialists`);
    const desk = await login(api.url, 'frontdesk@demo.test');
    const counsellor = await login(api.url, 'counsellor@demo.test');
    const officeId = desk.user.officeId;
    const from = new Date(Date.now() + 86_400_000);
    const to = new Date(from.getTime() + 7 * 86_400_000);
    const twoWeeks = [new Date(Date.now() - 7 * 86_400_000), new Date(Date.now() + 7 * 86_400_000)];
    const auth = (s) => ({ authorization: `Bearer ${s.accessToken}` });
    const qs = (o) => new URLSearchParams(o).toString();
    const listQuery = (f) => `filter=${encodeURIComponent(JSON.stringify(f))}&sort=${encodeURIComponent('["startsAt","ASC"]')}&range=${encodeURIComponent('[0,99]')}`;

    const cases = [
      {
        label: 'free slots, whole office, 7 days, 30 min',
        path: `/api/appointments/availability?${qs({ officeId, from: from.toISOString(), to: to.toISOString(), duration: '30' })}`,
        who: desk,
        sql: async (c) => {
          const staff = await c.query({ name: 'b_staff', text: STAFF_SQL, values: [officeId, from, to, null] });
          await c.query({ name: 'b_busy', text: BUSY_SQL, values: [staff.rows.map((s) => s.id), from, to] });
        },
      },
      {
        label: 'free slots, one counsellor, 7 days, 30 min',
        path: `/api/appointments/availability?${qs({ staffId: counsellor.user.id, from: from.toISOString(), to: to.toISOString(), duration: '30' })}`,
        who: counsellor,
        sql: async (c) => {
          const staff = await c.query({ name: 'b_staff', text: STAFF_SQL, values: [officeId, from, to, counsellor.user.id] });
          await c.query({ name: 'b_busy', text: BUSY_SQL, values: [staff.rows.map((s) => s.id), from, to] });
        },
      },
      {
        label: 'office calendar, two weeks, first 100',
        path: `/api/appointments?${listQuery({ officeId, from: twoWeeks[0].toISOString(), to: twoWeeks[1].toISOString() })}`,
        who: desk,
        sql: async (c) =>
          c.query({
            name: 'b_list',
            text: `SELECT a.id, a.case_id, c.reference, a.staff_id, u.full_name, a.starts_at, a.ends_at, a.channel, a.purpose, a.status
                     FROM appointments a JOIN cases c ON c.id = a.case_id JOIN users u ON u.id = a.staff_id
                    WHERE a.office_id = $1 AND a.ends_at >= $2 AND a.starts_at <= $3 ORDER BY a.starts_at, a.id LIMIT 100`,
            values: [officeId, twoWeeks[0], twoWeeks[1]],
          }),
      },
    ];

    const rows = [];
    for (const b of cases) {
      await apiLoad({ url: api.url, connections: CONNECTIONS, duration: 2, clientRequests: () => [{ method: 'GET', path: b.path, headers: auth(b.who) }] });
      const a = await apiLoad({ url: api.url, connections: CONNECTIONS, duration: DURATION, clientRequests: () => [{ method: 'GET', path: b.path, headers: auth(b.who) }] });
      const clients = await Promise.all(Array.from({ length: CONNECTIONS }, () => db.connect()));
      await sqlLoad({ concurrency: CONNECTIONS, duration: 2, once: (w) => b.sql(clients[w]) });
      const s = await sqlLoad({ concurrency: CONNECTIONS, duration: DURATION, once: (w) => b.sql(clients[w]) });
      clients.forEach((c) => c.release());
      const bad = Object.entries(a.statuses).filter(([k]) => k !== '200');
      if (bad.length) console.warn(`  ${b.label}: answers ${JSON.stringify(a.statuses)}`);
      rows.push([b.label, CONNECTIONS, a.p50, a.p95, a.rps, s.p50, s.p95, s.rps]);
      console.log(`  ${b.label}: API ${fmt(a.rps, 0)} req/s p95 ${fmt(a.p95)} ms; SQL ${fmt(s.rps, 0)}/s p95 ${fmt(s.p95)} ms`);
    }

    // Bookings: one client books the free slots of the office's staff one after the other (each a
    // real POST with its checks, the exclusion constraint and the audit row); SQL: the same insert.
    const slots = await (
      await fetch(`${api.url}/api/appointments/availability?${qs({ officeId, from: from.toISOString(), to: to.toISOString(), duration: '30', step: '30' })}`, { headers: auth(desk) })
    ).json();
    const openCases = (await db.query(`SELECT id FROM cases WHERE office_id = $1 AND status <> 'closed' ORDER BY id LIMIT 400`, [officeId])).rows;
    const chosen = slots.filter((_, i) => i % 2 === 0).slice(0, Math.min(200, openCases.length));
    const sqlLat = [];
    // The same insert into the same free slots first (rolled back, so the API finds them free).
    const c = await db.connect();
    const s0 = process.hrtime.bigint();
    try {
    for (let i = 0; i < chosen.length; i++) {
      const s = chosen[i];
      const started = process.hrtime.bigint();
      await c.query('BEGIN');
      await c.query(
        `INSERT INTO appointments (case_id, staff_id, office_id, starts_at, ends_at, channel, purpose, created_by)
         VALUES ($1, $2, $3, $4, $5, 'in_person', 'Bench SQL', $2)`,
        [openCases[i].id, s.staffId, officeId, s.startsAt, s.endsAt],
      );
      await c.query('ROLLBACK');
      sqlLat.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    } finally {
      c.release();
    }
    const bookSql = summarise(sqlLat, Number(process.hrtime.bigint() - s0) / 1e9, {});
    const lat = [];
    let refused = 0;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < chosen.length; i++) {
      const s = chosen[i];
      const started = process.hrtime.bigint();
      const res = await fetch(`${api.url}/api/appointments`, {
        method: 'POST',
        headers: { ...auth(desk), 'content-type': 'application/json' },
        body: JSON.stringify({ caseId: openCases[i].id, staffId: s.staffId, startsAt: s.startsAt, endsAt: s.endsAt, channel: 'in_person', purpose: 'Bench interview' }),
      });
      await res.arrayBuffer();
      if (res.status === 201) lat.push(Number(process.hrtime.bigint() - started) / 1e6);
      else refused++;
    }
    const book = summarise(lat, Number(process.hrtime.bigint() - t0) / 1e9, {});
    rows.push([`booking a free slot (sequential, ${lat.length} booked, ${refused} refused)`, 1, book.p50, book.p95, book.rps, bookSql.p50, bookSql.p95, bookSql.rps]);

    console.log(`\nResults (times in ms; ratio = API p95 / SQL p95; the SQL of a booking is its insert alone, into the same free slot, rolled back):\n`);
    console.log('| request | clients | API p50 | API p95 | API req/s | SQL p50 | SQL p95 | SQL req/s | ratio p95 |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const r of rows) console.log(`| ${r[0]} | ${r[1]} | ${fmt(r[2])} | ${fmt(r[3])} | ${fmt(r[4], 0)} | ${fmt(r[5])} | ${fmt(r[6])} | ${fmt(r[7], 0)} | ${fmt(r[3] / r[6])}x |`);
  } finally {
    await db.end();
    api.child.kill('SIGTERM');
    await new Promise((r) => api.child.once('exit', r));
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}

await main_();
