import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../../migrations/index.js';

// One fixed key: any API process that starts while another is migrating waits for it.
const MIGRATION_LOCK = 7_202_611_260;

export function migrationDataSource(url: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: false,
    extra: { max: 2, application_name: 'casework-migrate' },
  });
}

/** Runs pending migrations under a PostgreSQL advisory lock; returns the names it applied. */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = await migrationDataSource(url).initialize();
  const lock = ds.createQueryRunner();
  try {
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await lock.release();
    await ds.destroy();
  }
}
