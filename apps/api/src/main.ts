import { start } from './bootstrap.js';
import { logger } from './common/logger.js';
import { EnvError, loadEnv } from './config/env.js';
import { DEMO_PASSWORD, DEMO_USERS } from './modules/demo/demo-data.js';

let env;
try {
  env = loadEnv();
} catch (e) {
  if (e instanceof EnvError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
  throw e;
}

const running = await start(env).catch((e: Error) => {
  logger.fatal({ err: { message: e.message, stack: e.stack } }, 'Casework could not start');
  process.exit(1);
});

const lines = [`\nCasework is running at ${running.url}`, `  API docs: ${running.url}/api/docs`];
if (running.database.embedded) lines.push(`  Embedded PostgreSQL data: ${running.database.embedded.dataDir}`);
if (!env.production) {
  lines.push(`  Demo sign-ins (password ${DEMO_PASSWORD}):`);
  for (const u of DEMO_USERS) lines.push(`    ${u.role.padEnd(11)} ${u.email}`);
}
process.stdout.write(`${lines.join('\n')}\n\n`);

let exiting = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (exiting) return;
    exiting = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown timed out');
      process.exit(1);
    }, env.SHUTDOWN_TIMEOUT_MS);
    running
      .stop()
      .then(() => {
        clearTimeout(timer);
        process.exit(0);
      })
      .catch((e: Error) => {
        logger.error({ err: { message: e.message } }, 'shutdown failed');
        process.exit(1);
      });
  });
}
