// Plain JS: jest loads global setup outside its ESM/TypeScript pipeline, so this uses the
// compiled API (the test script builds it first).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../dist/apps/api/src/database/embedded.js';
import { runMigrations } from '../dist/apps/api/src/database/migrate.js';

/**
 * One PostgreSQL for the run: the server in DATABASE_URL, or an embedded one in a temporary folder.
 * Migrations run once into a template database; each test file then gets its own copy of it.
 */
export default async function globalSetup() {
  process.env.LOG_LEVEL ??= 'silent';
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const embedded = await startEmbeddedPostgres({
      dataDir: mkdtempSync(path.join(os.tmpdir(), 'casework-test-')),
      database: 'postgres',
      ephemeral: true,
    });
    globalThis.__caseworkEmbedded = embedded;
    adminUrl = embedded.url;
  }
  const template = `casework_tpl_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${template}`);
    await admin.query(`CREATE DATABASE ${template}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${template}`;
  await runMigrations(url.toString());
  process.env.CASEWORK_TEST_ADMIN_URL = adminUrl;
  process.env.CASEWORK_TEST_TEMPLATE = template;
  delete process.env.DATABASE_URL;
}
