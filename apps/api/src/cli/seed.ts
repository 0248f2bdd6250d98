import { createApp, openDatabase } from '../bootstrap.js';
import { loadEnv } from '../config/env.js';
import { runMigrations } from '../database/migrate.js';
import { DemoSeedService } from '../modules/demo/demo-seed.service.js';

// Adds the demo data that is missing (idempotent). Refused when NODE_ENV=production.
const env = loadEnv();
if (env.production) {
  process.stderr.write('Demo seeding is refused when NODE_ENV=production\n');
  process.exit(1);
}
const db = await openDatabase(env);
try {
  await runMigrations(db.url);
  const app = await createApp(env, db.url);
  const { created } = await app.get(DemoSeedService).seed();
  process.stdout.write(created ? `Demo data: ${created} records created\n` : 'Demo data already present: nothing to do\n');
  await app.close();
} finally {
  await db.embedded?.stop();
}
