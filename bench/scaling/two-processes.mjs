#!/usr/bin/env node
/* eslint-disable no-console -- a test script prints its results */
// Two stateless API processes on one database, as behind a load balancer: A and B (ports 3401 and
// 3402) start at the same moment on an empty throwaway database (migrations and demo seed once), with
// the job queue on in both. Then: a session started on A works on B (access token and refresh cookie),
// a logout on B ends it on A, failed sign-ins are counted across both, an Idempotency-Key replayed on B
// returns A's first answer, the overdue-escalation job escalates each item once with both processes
// working the queue, its schedule fires once a minute (not once per process), and the calendar-feed
// rate limit counts one address's requests over both. PASS/FAIL; the database is dropped and both
// processes stopped whatever happens.
//
//   npm run build -w @casework/contracts && npm run build -w @casework/api
//   node bench/scaling/two-processes.mjs [--ports 3401,3402] [--cron-minutes 2]
//
// DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/postgres); the script
// creates casework_scaling_two there and drops it at the end.
import { parseArgs } from 'node:util';
import PgBoss from 'pg-boss';
import pg from 'pg';
import { call, check, cleanup, freePort, login, logs, note, onCleanup, PASSWORD, requireBuild, section, sleep, startApi, summary } from './lib.mjs';

const { values: args } = parseArgs({
  options: {
    ports: { type: 'string', default: '3401,3402' },
    'cron-minutes': { type: 'string', default: '2' },
  },
});
requireBuild();
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = 'casework_scaling_two';
const dbUrl = Object.assign(new URL(serverUrl), { pathname: `/${dbName}` }).toString();
const CRON_MINUTES = Number(args['cron-minutes']);

async function admin(sql) {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function main() {
  const t0 = Date.now();
  const [portA, portB] = await Promise.all(args.ports.split(',').map((p) => freePort(Number(p))));
  console.log(`Two API processes on one database (${dbUrl.replace(/\/\/[^@]*@/, '//')})`);
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${dbName}`);
  onCleanup(async () => {
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    console.log(`  dropped ${dbName}`);
  });
  const db = new pg.Pool({ connectionString: dbUrl, max: 3, application_name: 'bench-two-processes' });
  db.on('error', () => undefined);
  onCleanup(() => db.end());
  const one = async (sql, params) => (await db.query(sql, params)).rows[0];

  section('1. Both start at once on an empty database');
  const env = { DATABASE_URL: dbUrl, DEMO_SEED: 'true', JOBS_ENABLED: 'true', JOBS_POLL_SECONDS: '1', TRUST_PROXY: 'loopback' };
  const started = Date.now();
  const [A, B] = await Promise.all([startApi({ name: 'A', port: portA, env }), startApi({ name: 'B', port: portB, env })]);
  console.log(`  A ${A.url} and B ${B.url} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const migrations = await one(`SELECT count(*)::int AS n, count(DISTINCT name)::int AS names FROM migrations`);
  check('migrations ran once (advisory lock)', migrations.n === migrations.names && migrations.n > 0, `${migrations.n} rows, ${migrations.names} names`);
  const seeded = await one(`SELECT (SELECT count(*) FROM jobseekers)::int AS jobseekers, (SELECT count(*) FROM regions)::int AS regions, (SELECT count(*) FROM users WHERE email LIKE '%@demo.test')::int AS demo_users`);
  const seededBy = [A, B].map((p) => logs(p).filter((l) => /seed/i.test(l.msg ?? '')).length);
  check('the demo data was seeded once', seeded.jobseekers === 2000 && seeded.regions === 1, `${JSON.stringify(seeded)}`);
  const schedules = await db.query(`SELECT name, cron FROM pgboss.schedule ORDER BY name`);
  check('one schedule per job, whichever process created it', schedules.rows.length === new Set(schedules.rows.map((r) => r.name)).size && schedules.rows.length >= 4, schedules.rows.map((r) => `${r.name} ${r.cron}`).join('; '));
  if (seededBy.some(Boolean)) console.log(`  seed log lines: A ${seededBy[0]}, B ${seededBy[1]}`);

  section('2. Sessions are shared');
  const s = await login(A, 'counsellor@demo.test');
  check('sign in on A', s.status === 200 && s.token && s.cookie);
  const meB = await call(B, 'GET', '/api/auth/me', { token: s.token });
  check("A's access token works on B", meB.status === 200 && meB.body.email === 'counsellor@demo.test');
  let served = { A: 0, B: 0 };
  for (let i = 0; i < 40; i++) {
    const p = i % 2 ? B : A;
    const r = await call(p, 'GET', '/api/cases?range=[0,9]', { token: s.token });
    if (r.status === 200) served[p.name]++;
  }
  check('round-robin requests with one token all succeed', served.A === 20 && served.B === 20, `A ${served.A}/20, B ${served.B}/20`);
  const refreshed = await call(B, 'POST', '/api/auth/refresh', { cookie: s.cookie });
  const newCookie = (refreshed.headers.getSetCookie?.() ?? []).find((c) => c.startsWith('cw_refresh='))?.split(';')[0];
  check("A's refresh cookie is accepted by B (rotated)", refreshed.status === 200 && newCookie && newCookie !== s.cookie);
  const meA2 = await call(A, 'GET', '/api/auth/me', { token: refreshed.body?.accessToken });
  check("B's new access token works on A", meA2.status === 200);
  const reuse = await call(A, 'POST', '/api/auth/refresh', { cookie: s.cookie });
  check('the old refresh cookie, replayed on A, is refused (reuse detected across processes)', reuse.status === 401, String(reuse.status));
  const afterReuse = await call(B, 'GET', '/api/auth/me', { token: refreshed.body?.accessToken });
  check('...and that ended the session on B too', afterReuse.status === 401, String(afterReuse.status));

  const s2 = await login(A, 'counsellor@demo.test');
  const out = await call(B, 'POST', '/api/auth/logout', { token: s2.token });
  check('logout on B', out.status === 204, String(out.status));
  const afterLogout = await call(A, 'GET', '/api/auth/me', { token: s2.token });
  check('the session ended on A as well (its token is refused at once)', afterLogout.status === 401, String(afterLogout.status));
  const refreshAfterLogout = await call(A, 'POST', '/api/auth/refresh', { cookie: s2.cookie });
  check('its refresh cookie is refused on A', refreshAfterLogout.status === 401, String(refreshAfterLogout.status));

  section('3. Failed sign-ins are counted across both processes');
  const victim = 'counsellor2@demo.test';
  const attempts = [];
  for (let i = 0; i < 5; i++) {
    const p = i % 2 ? B : A;
    const r = await call(p, 'POST', '/api/auth/login', { body: { email: victim, password: `wrong-${i}` }, forwardedFor: `198.51.100.${i + 1}` });
    attempts.push(`${p.name}:${r.status}`);
  }
  const sixth = await call(B, 'POST', '/api/auth/login', { body: { email: victim, password: 'wrong-6' }, forwardedFor: '198.51.100.9' });
  console.log(`  5 wrong passwords alternating A/B: ${attempts.join(' ')}; 6th on B: ${sixth.status} Retry-After ${sixth.headers.get('retry-after')}`);
  check('after LOGIN_MAX_FAILURES (5) failures spread over A and B, the next try is held back', sixth.status === 429 && Number(sixth.headers.get('retry-after')) > 0, `${sixth.status} ${sixth.body?.code}`);
  const right = await call(A, 'POST', '/api/auth/login', { body: { email: victim, password: PASSWORD }, forwardedFor: '198.51.100.10' });
  check('...on A too, even with the right password', right.status === 429, `${right.status} ${right.body?.code}`);
  const rows = await one(`SELECT count(*)::int AS n FROM login_attempts WHERE NOT succeeded`);
  check('the attempts are rows in login_attempts (the database), not in a process', rows.n >= 5, `${rows.n} failed attempts stored`);

  section('4. Idempotency-Key across processes');
  const adm = await login(A, 'admin@demo.test');
  const key = `scaling-${Date.now()}`;
  const body = { code: `IDEM${Date.now().toString(36).toUpperCase()}`.slice(0, 20), name: 'Idempotency check' };
  const first = await call(A, 'POST', '/api/regions', { token: adm.token, body, headers: { 'Idempotency-Key': key } });
  const replay = await call(B, 'POST', '/api/regions', { token: adm.token, body, headers: { 'Idempotency-Key': key } });
  check('first POST on A creates', first.status === 201, `${first.status} ${first.body?.id}`);
  check('the same key and body on B replay A\'s answer', replay.status === 201 && replay.headers.get('idempotent-replayed') === 'true' && replay.body?.id === first.body?.id, `${replay.status}, Idempotent-Replayed ${replay.headers.get('idempotent-replayed')}, same id ${replay.body?.id === first.body?.id}`);
  const other = await call(B, 'POST', '/api/regions', { token: adm.token, body: { ...body, name: 'Another body' }, headers: { 'Idempotency-Key': key } });
  check('the same key with another body on B is refused', other.status === 422 && other.body?.code === 'IDEMPOTENCY_KEY_REUSED', `${other.status} ${other.body?.code}`);
  const regionRows = await one(`SELECT count(*)::int AS n FROM regions WHERE code = $1`, [body.code]);
  check('one region was created', regionRows.n === 1);
  // At the same instant on both: one creates, the other waits its turn (409) or replays.
  const key2 = `${key}-race`;
  const body2 = { code: `RACE${Date.now().toString(36).toUpperCase()}`.slice(0, 20), name: 'Idempotency race' };
  const race = await Promise.all([A, B, A, B].map((p) => call(p, 'POST', '/api/regions', { token: adm.token, body: body2, headers: { 'Idempotency-Key': key2 } })));
  const raceRows = await one(`SELECT count(*)::int AS n FROM regions WHERE code = $1`, [body2.code]);
  check('four concurrent POSTs with one key on A and B create one region', raceRows.n === 1 && race.every((r) => [201, 409].includes(r.status)), race.map((r) => `${r.status}${r.headers.get('idempotent-replayed') ? '(replay)' : ''}`).join(' '));

  section('5. Jobs: the escalation job runs once per item and its schedule once a minute');
  const office = await one(`SELECT office_id FROM users WHERE email = 'supervisor@demo.test'`);
  const boss = new PgBoss({ connectionString: dbUrl, schema: 'pgboss', supervise: false, schedule: false, migrate: false, max: 2 });
  boss.on('error', () => undefined);
  await boss.start();
  onCleanup(() => boss.stop({ graceful: false, wait: true, timeout: 2000 }));
  // A first job takes care of the demo data's own overdue items, so that only ours are left.
  const warmup = await boss.send('escalate-overdue', { source: 'bench-warmup' });
  for (let i = 0; i < 120; i++) {
    if ((await one(`SELECT state FROM pgboss.job WHERE id = $1`, [warmup]))?.state === 'completed') break;
    await sleep(250);
  }
  await sleep(1500);
  const insertOverdue = async (n) =>
    (
      await db.query(
        `INSERT INTO work_items (office_id, kind, queue, priority, due_at, data)
         SELECT $1, 'callback', 'routine', 2, now() - interval '2 hours', jsonb_build_object('bench', 'two-processes', 'n', g)
           FROM generate_series(1, $2) g RETURNING id`,
        [office.office_id, n],
      )
    ).rows.map((r) => r.id);
  const waitEscalated = async (ids, jobIds, ms = 60_000) => {
    const end = Date.now() + ms;
    for (;;) {
      const done = await one(`SELECT count(*)::int AS n FROM work_items WHERE id = ANY($1) AND escalated_at IS NOT NULL`, [ids]);
      const pending = await one(`SELECT count(*)::int AS n FROM pgboss.job WHERE id = ANY($1) AND state NOT IN ('completed', 'failed')`, [jobIds]);
      if ((done.n === ids.length && pending.n === 0) || Date.now() > end) return done.n;
      await sleep(100);
    }
  };
  const escalatedIn = (p, mark) => logs({ lines: p.lines.slice(mark) }, 'overdue work items escalated').reduce((n, l) => n + l.escalated, 0);
  const once = async (ids) => {
    const perItem = await db.query(
      `SELECT count(e.id)::int AS n FROM unnest($1::uuid[]) i(id)
         LEFT JOIN work_items e ON e.kind = 'overdue_escalation' AND e.data->>'itemId' = i.id::text GROUP BY i.id`,
      [ids],
    );
    return perItem.rows.filter((r) => r.n === 1).length;
  };

  // (a) Waves: a few items and one job at a time; whichever process polls first takes it.
  let markA = A.lines.length;
  let markB = B.lines.length;
  let since = (await one(`SELECT now() AS t`)).t;
  const waveIds = [];
  const waveJobs = [];
  for (let w = 0; w < 12; w++) {
    // A random pause, so the job lands at a random point of the two processes' one-second polling.
    await sleep(Math.random() * 1000);
    const ids = await insertOverdue(5);
    const job = await boss.send('escalate-overdue', { source: 'bench' });
    await waitEscalated(ids, [job], 20_000);
    waveIds.push(...ids);
    waveJobs.push(job);
  }
  await sleep(500);
  let total = await one(`SELECT count(*)::int AS n FROM work_items WHERE escalated_at >= $1`, [since]);
  let [byA, byB] = [escalatedIn(A, markA), escalatedIn(B, markB)];
  check(`12 waves of 5 items, one job each: all ${waveIds.length} escalated, each once`, (await once(waveIds)) === waveIds.length, `${total.n} escalated`);
  check('both processes ran escalation jobs, and their logs add up to the items', byA + byB === total.n && byA > 0 && byB > 0, `A escalated ${byA}, B ${byB}`);

  // (b) A burst: 60 items and twenty jobs at once, besides the schedule; both processes' workers race for them.
  const N = 60;
  markA = A.lines.length;
  markB = B.lines.length;
  since = (await one(`SELECT now() AS t`)).t;
  const ids = await insertOverdue(N);
  const sent = [];
  for (let i = 0; i < 20; i++) sent.push(await boss.send('escalate-overdue', { source: 'bench' }));
  const escalated = await waitEscalated(ids, sent);
  check(`a burst of ${N} overdue items and 20 jobs at once: all escalated`, escalated === N, `${escalated}/${N}`);
  check("each got exactly one escalation item in the supervisor's inbox", (await once(ids)) === N, `${await once(ids)}/${N} once`);
  const jobs = await db.query(`SELECT state, retry_count FROM pgboss.job WHERE id = ANY($1)`, [[...sent, ...waveJobs]]);
  check(
    `the ${jobs.rows.length} jobs sent completed once each (no failure, no retry)`,
    jobs.rows.length === sent.length + waveJobs.length && jobs.rows.every((j) => j.state === 'completed' && j.retry_count === 0),
    `${jobs.rows.filter((j) => j.state === 'completed').length} completed`,
  );
  await sleep(500);
  total = await one(`SELECT count(*)::int AS n FROM work_items WHERE escalated_at >= $1`, [since]);
  [byA, byB] = [escalatedIn(A, markA), escalatedIn(B, markB)];
  check("the burst: the two processes' logs add up to the items escalated, none counted twice", byA + byB === total.n, `A escalated ${byA}, B ${byB}; ${total.n} escalated`);
  const audits = await one(`SELECT coalesce(sum((changes->>'escalated')::int), 0)::int AS n FROM audit_events WHERE action = 'work_items.escalate' AND at >= now() - interval '10 minutes'`);
  console.log(`  audit events work_items.escalate in the last 10 minutes: ${audits.n} items (120 escalated by this script)`);

  console.log(`  waiting for the schedule to fire in ${CRON_MINUTES} minute(s) with both processes running...`);
  const cronStart = Date.now();
  let cron;
  for (;;) {
    cron = await db.query(
      `SELECT date_trunc('minute', created_on) AS minute, count(*)::int AS n FROM pgboss.job
        WHERE name = 'escalate-overdue' AND (data->>'source') IS NULL GROUP BY 1 ORDER BY 1`,
    );
    if (cron.rows.length >= CRON_MINUTES || Date.now() - cronStart > (CRON_MINUTES + 1) * 65_000) break;
    await sleep(2000);
  }
  const perMinute = cron.rows.map((r) => `${r.minute.toISOString().slice(11, 16)}:${r.n}`).join(' ');
  const sendIt = await db.query(
    `SELECT singleton_on, count(*)::int AS n FROM pgboss.job WHERE name = '__pgboss__send-it' AND singleton_key = 'escalate-overdue' GROUP BY 1`,
  );
  // A minute's hand-off can be picked up early in the next minute, so two jobs may be created in one
  // clock minute: one job per scheduled minute (per hand-off), not one per process, is what counts.
  const cronJobs = cron.rows.reduce((n, r) => n + r.n, 0);
  check(`the schedule fired in ${CRON_MINUTES} minute(s), one job a minute (not one per process)`, cron.rows.length >= CRON_MINUTES && cronJobs <= sendIt.rows.length, `${perMinute || 'no scheduled job seen'}; ${cronJobs} job(s) for ${sendIt.rows.length} scheduled minute(s)`);
  check('pg-boss\'s cron hand-off is a singleton per minute', sendIt.rows.every((r) => r.n === 1), `${sendIt.rows.length} minute(s)`);

  section('6. The calendar-feed rate limit, across both');
  // 30 requests a minute per address, in a fixed window: start early in a minute so the window does not turn mid-way.
  if (new Date().getSeconds() > 40) await sleep((61 - new Date().getSeconds()) * 1000);
  const ip = '203.0.113.77';
  const feed = [];
  for (let i = 0; i < 30; i++) {
    const p = i % 2 ? B : A;
    feed.push(`${p.name}:${(await call(p, 'GET', '/api/calendar/not-a-token.ics', { forwardedFor: ip })).status}`);
  }
  const overA = (await call(A, 'GET', '/api/calendar/not-a-token.ics', { forwardedFor: ip })).status;
  const overB = (await call(B, 'GET', '/api/calendar/not-a-token.ics', { forwardedFor: ip })).status;
  const under = feed.every((f) => f.endsWith(':404'));
  check('30 feed requests from one address, alternating A and B, go through (404: unknown token)', under, [...new Set(feed)].join(' '));
  check('the 31st and 32nd, on A and on B, are refused: one count for both processes', overA === 429 && overB === 429, `A ${overA}, B ${overB}${overB === 404 ? ' (B kept its own count: the limit is per process)' : ''}`);
  const otherAddress = (await call(B, 'GET', '/api/calendar/not-a-token.ics', { forwardedFor: '203.0.113.78' })).status;
  check('another address is not affected', otherAddress === 404, String(otherAddress));

  console.log(`\n  total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

try {
  await main();
} catch (e) {
  check('the run completed', false, e.stack ?? String(e));
} finally {
  console.log('\nCleaning up');
  await cleanup();
}
process.exit(summary('bench/scaling/two-processes') ? 0 : 1);
