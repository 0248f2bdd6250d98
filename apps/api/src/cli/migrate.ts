import { logger } from '../common/logger.js';
import { loadEnv } from '../config/env.js';
import { openDatabase } from '../bootstrap.js';
import { runMigrations } from '../database/migrate.js';

// Runs pending migrations and exits (the API also runs them at start).
const env = loadEnv();
const db = await openDatabase(env);
try {
  const applied = await runMigrations(db.url);
  logger.info({ applied }, applied.length ? 'migrations applied' : 'database is up to date');
} finally {
  await db.embedded?.stop();
}
