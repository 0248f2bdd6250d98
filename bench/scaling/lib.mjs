/* eslint-disable no-console -- a test script prints its results */
// Helpers shared by the scaling scripts: API processes, sign-in, checks and their summary, cleanup.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const dist = path.join(root, 'apps/api/dist/apps/api/src');
export const MAIN = path.join(dist, 'main.js');
export const PASSWORD = 'Casework-demo-2026';
export const JWT_SECRET = 'scaling-test-secret-that-is-long-enough-0123456789abcdef';
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function requireBuild() {
  if (!existsSync(MAIN)) {
    console.error('apps/api is not built: run npm run build -w @casework/contracts && npm run build -w @casework/api');
    process.exit(2);
  }
}

/** `wanted` when nothing listens there, else any free port. */
export async function freePort(wanted) {
  const tryListen = (port) =>
    new Promise((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(null));
      s.listen(port, '127.0.0.1', () => {
        const p = s.address().port;
        s.close(() => resolve(p));
      });
    });
  return (await tryListen(wanted)) ?? (await tryListen(0));
}

// ---------------------------------------------------------------- checks

const results = [];
const notes = [];

/** Records a check; `detail` is printed beside it. */
export function check(name, ok, detail = '') {
  results.push({ name, ok: !!ok, detail });
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
  return !!ok;
}

/** Something worth saying in the summary that is neither a pass nor a failure (a limit, a skipped part). */
export function note(text) {
  notes.push(text);
  console.log(`  note ${text}`);
}

export function section(title) {
  console.log(`\n${title}`);
}

export function summary(title) {
  const failed = results.filter((r) => !r.ok);
  console.log(`\n=== ${title}: ${failed.length ? 'FAIL' : 'PASS'} (${results.length - failed.length}/${results.length} checks passed) ===`);
  for (const r of results) console.log(`  ${r.ok ? 'PASS' : 'FAIL'}  ${r.name}`);
  for (const n of notes) console.log(`  NOTE  ${n}`);
  return failed.length === 0;
}

// ---------------------------------------------------------------- cleanup

const cleanups = [];
/** Runs at the end, last registered first, whatever happened (also on Ctrl-C). */
export function onCleanup(fn) {
  cleanups.push(fn);
}
let cleaning;
export function cleanup() {
  cleaning ??= (async () => {
    for (const fn of cleanups.splice(0).reverse()) {
      try {
        await fn();
      } catch (e) {
        console.error(`  cleanup: ${e.message}`);
      }
    }
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.error(`\n${signal}: cleaning up`);
    cleanup().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------- the API

/**
 * Starts the compiled API (`node apps/api/dist/apps/api/src/main.js`) and waits for /api/health/ready.
 * Its stdout (JSON log lines) is kept in `lines`; it is stopped with SIGTERM at cleanup.
 */
export async function startApi({ name, port, env }) {
  const child = spawn(process.execPath, [MAIN], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(port),
      JWT_SECRET,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const api = { name, child, url: `http://127.0.0.1:${port}`, lines: [], stderr: '' };
  let partial = '';
  child.stdout.on('data', (d) => {
    const text = partial + d;
    const parts = text.split('\n');
    partial = parts.pop();
    api.lines.push(...parts);
  });
  child.stderr.on('data', (d) => (api.stderr += d));
  api.exited = new Promise((resolve) => child.once('exit', resolve));
  api.stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await api.exited;
    clearTimeout(timer);
  };
  onCleanup(api.stop);
  for (let i = 0; i < 900; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}):\n${api.stderr}\n${api.lines.slice(-20).join('\n')}`);
    try {
      if ((await fetch(`${api.url}/api/health/ready`)).ok) return api;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`${name} did not become ready:\n${api.stderr}`);
}

/** The JSON log lines of a process whose `msg` is `msg`. */
export function logs(api, msg) {
  return api.lines
    .map((l) => {
      try {
        return JSON.parse(l);
      } catch {
        return null;
      }
    })
    .filter((l) => l && (msg === undefined || l.msg === msg));
}

/** fetch with a JSON body and answer; `cookie`, `token` and extra headers optional. */
export async function call(api, method, route, { token, cookie, body, headers = {}, forwardedFor } = {}) {
  const h = { ...headers };
  if (body !== undefined) h['content-type'] = 'application/json';
  if (token) h.authorization = `Bearer ${token}`;
  if (cookie) h.cookie = cookie;
  if (forwardedFor) h['x-forwarded-for'] = forwardedFor;
  const res = await fetch(`${api.url}${route}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: res.status, body: json, headers: res.headers };
}

/** Signs in; returns the access token, the refresh cookie (name=value) and the user. */
export async function login(api, email, password = PASSWORD, extra = {}) {
  const res = await call(api, 'POST', '/api/auth/login', { body: { email, password }, ...extra });
  if (res.status !== 200) return { status: res.status, body: res.body, headers: res.headers };
  const cookie = (res.headers.getSetCookie?.() ?? []).find((c) => c.startsWith('cw_refresh='))?.split(';')[0];
  return { status: 200, token: res.body.accessToken, cookie, user: res.body.user };
}
