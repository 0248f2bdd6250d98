import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { createApp, openDatabase } from '../bootstrap.js';
import { loadEnv } from '../config/env.js';
import { runMigrations } from '../database/migrate.js';
import { AuditService } from '../modules/audit/audit.service.js';
import { PasswordService } from '../modules/auth/password.service.js';
import { DEFAULT_OPENING_HOURS, isTimeZone } from '../modules/offices/opening-hours.js';

// First administrator of a new installation (production seeds nothing):
//   node apps/api/dist/apps/api/src/cli/create-admin.js --email it@pes.example --name "Ada Admin" [--time-zone Europe/Paris]
// Creates a national region and head office when none exist, and prints a one-time password.
const { values } = parseArgs({
  options: { email: { type: 'string' }, name: { type: 'string' }, 'time-zone': { type: 'string', default: 'UTC' } },
});
if (!values.email || !values.name) {
  process.stderr.write('usage: create-admin --email <email> --name "<full name>" [--time-zone <IANA zone>]\n');
  process.exit(2);
}
if (!isTimeZone(values['time-zone']!)) {
  process.stderr.write(`--time-zone must be an IANA time zone such as Europe/Paris\n`);
  process.exit(2);
}
const env = loadEnv();
const db = await openDatabase(env);
try {
  await runMigrations(db.url);
  const app = await createApp(env, db.url);
  const passwords = app.get(PasswordService);
  const oneTime = passwords.oneTime();
  const hash = await passwords.hash(oneTime);
  await app.get(DataSource).transaction(async (m) => {
    const [taken] = await m.query(`SELECT 1 FROM users WHERE lower(email) = lower($1)`, [values.email]);
    if (taken) throw new Error(`an account with the email ${values.email} already exists`);
    let [office] = await m.query(`SELECT id FROM offices ORDER BY created_at LIMIT 1`);
    if (!office) {
      const [region] = await m.query(`INSERT INTO regions (code, name) VALUES ('NATIONAL', 'National') RETURNING id`);
      [office] = await m.query(
        `INSERT INTO offices (region_id, code, name, time_zone, national, opening_hours) VALUES ($1, 'HQ', 'Head office', $2, true, $3) RETURNING id`,
        [region.id, values['time-zone'], JSON.stringify(DEFAULT_OPENING_HOURS)],
      );
    }
    const [user] = await m.query(
      `INSERT INTO users (email, full_name, role, office_id, password_hash, must_change_password) VALUES ($1, $2, 'admin', $3, $4, true) RETURNING id`,
      [values.email, values.name, office.id, hash],
    );
    await app
      .get(AuditService)
      .record({ action: 'users.bootstrap_admin', entity: 'users', entityId: user.id, changes: { role: 'admin' } }, m);
  });
  process.stdout.write(`Administrator ${values.email} created. One-time password (shown once, change it at first sign-in): ${oneTime}\n`);
  await app.close();
} catch (e) {
  process.stderr.write(`create-admin failed: ${(e as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await db.embedded?.stop();
}
