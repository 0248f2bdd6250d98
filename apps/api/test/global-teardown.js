import pg from 'pg';

export default async function globalTeardown() {
  const embedded = globalThis.__caseworkEmbedded;
  if (embedded) {
    await embedded.stop();
    return;
  }
  const admin = new pg.Client({ connectionString: process.env.CASEWORK_TEST_ADMIN_URL });
  await admin.connect();
  try {
    const template = process.env.CASEWORK_TEST_TEMPLATE;
    const { rows } = await admin.query(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [
      template,
      `${template.replace('tpl', 't')}\\_%`,
    ]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
