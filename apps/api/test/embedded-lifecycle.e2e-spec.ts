import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../src/database/embedded.js';
import { DEMO_PASSWORD } from './helpers.js';
import { startApi, type ApiProcess } from './process.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function signIn(api: ApiProcess, email = 'admin@demo.test'): Promise<string> {
  const res = await fetch(`${api.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/**
 * The README's start path: no DATABASE_URL, an embedded PostgreSQL in the data folder,
 * demo data on first start, data kept across restarts, recovery after a crash, clean stop.
 */
describe('embedded PostgreSQL lifecycle', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'casework-lifecycle-'));
  const env = async () => ({ DATA_DIR: dataDir, DATABASE_URL: '', PORT: String(await freePort()), NODE_ENV: 'development' });
  let api: ApiProcess | undefined;
  let usersAfterFirstStart = '';

  afterAll(async () => {
    if (api && api.child.exitCode === null) {
      api.child.kill('SIGTERM');
      await api.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts on an empty machine with demo data and prints the URL and sign-ins', async () => {
    api = await startApi(await env());
    expect(api.output()).toContain('Casework is running at http://localhost:');
    expect(api.output()).toContain('counsellor2@demo.test');
    const token = await signIn(api);
    const res = await fetch(`${api.url}/api/regions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ code: 'KEEP-ME', name: 'Kept across restarts' }),
    });
    expect(res.status).toBe(201);
    const users = await fetch(`${api.url}/api/users?range=[0,0]`, { headers: { authorization: `Bearer ${token}` } });
    usersAfterFirstStart = users.headers.get('content-range')!.split('/')[1];
  }, 200_000);

  it('comes back after being killed, stopping the PostgreSQL server the crash left behind', async () => {
    const pidFile = readFileSync(path.join(api!.output().match(/Embedded PostgreSQL data: (\S+)/)![1], 'postmaster.pid'), 'utf8');
    const leftover = Number(pidFile.split('\n')[0]);
    api!.child.kill('SIGKILL');
    await api!.exited;
    expect(alive(leftover)).toBe(true); // SIGKILL leaves the postgres child running

    api = await startApi(await env());
    expect(alive(leftover)).toBe(false);
    const token = await signIn(api);
    const res = await fetch(`${api.url}/api/regions?filter=${encodeURIComponent(JSON.stringify({ code: 'KEEP-ME' }))}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await res.json()).toEqual([expect.objectContaining({ name: 'Kept across restarts' })]);
    // Demo data is not seeded twice.
    const users = await fetch(`${api.url}/api/users?range=[0,0]`, { headers: { authorization: `Bearer ${token}` } });
    expect(users.headers.get('content-range')!.split('/')[1]).toBe(usersAfterFirstStart);
  }, 200_000);

  it('stops cleanly on SIGTERM: requests drain, the pool closes, then the embedded server stops', async () => {
    const pgData = api!.output().match(/Embedded PostgreSQL data: (\S+)/)![1];
    const pid = Number(readFileSync(path.join(pgData, 'postmaster.pid'), 'utf8').split('\n')[0]);
    // A sign-in is in flight when the signal arrives (headers sent, body not yet): it still completes.
    const body = JSON.stringify({ email: 'counsellor@demo.test', password: DEMO_PASSWORD });
    const port = Number(new URL(api!.url).port);
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    let response = '';
    socket.on('data', (c) => (response += c));
    const closed = new Promise((r) => socket.once('close', r));
    socket.write(
      `POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`,
    );
    await new Promise((r) => setTimeout(r, 500));
    api!.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    socket.write(body); // not end(): a half-closed socket would abort the request, shutdown or not
    await closed;
    expect(response).toMatch(/^HTTP\/1\.1 200/);
    expect(await api!.exited).toBe(0);
    expect(alive(pid)).toBe(false);
    expect(existsSync(path.join(pgData, 'postmaster.pid'))).toBe(false);
  }, 200_000);
});
