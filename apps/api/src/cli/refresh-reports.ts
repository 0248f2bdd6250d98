import { DataSource } from 'typeorm';
import { logger } from '../common/logger.js';
import { loadEnv } from '../config/env.js';
import { openDatabase } from '../bootstrap.js';
import { ReportsRefreshService } from '../modules/reports/reports-refresh.service.js';

// Brings the report rollups up to date now; `--full` rebuilds them from scratch (after a bulk load
// that bypassed the triggers, or to check the incremental figures).
const env = loadEnv();
const db = await openDatabase(env);
const dataSource = new DataSource({ type: 'postgres', url: db.url, extra: { application_name: 'casework-refresh-reports' } });
try {
  await dataSource.initialize();
  const result = await new ReportsRefreshService(dataSource).refresh({ full: process.argv.includes('--full') });
  logger.info(result, result.outcome === 'busy' ? 'another refresh is running' : 'report rollups refreshed');
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await dataSource.destroy();
  await db.embedded?.stop();
}
