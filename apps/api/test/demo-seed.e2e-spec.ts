import { DataSource } from 'typeorm';
import { loadEnv } from '../src/config/env.js';
import { DemoSeedService } from '../src/modules/demo/demo-seed.service.js';
import { DEMO_USERS } from '../src/modules/demo/demo-data.js';
import { createTestApp, DEMO, login, type TestApp } from './helpers.js';

describe('demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('seeds one region, two offices and the seven demo users, who can sign in without changing password', async () => {
    const { rows } = await t.sql.query(
      `SELECT (SELECT count(*) FROM regions)::int AS regions, (SELECT count(*) FROM offices)::int AS offices, (SELECT count(*) FROM users)::int AS users`,
    );
    expect(rows[0]).toEqual({ regions: 1, offices: 2, users: DEMO_USERS.length });
    const s = await login(t, DEMO.counsellor2);
    expect(s.user.mustChangePassword).toBe(false);
    const first = await login(t, DEMO.counsellor);
    expect(s.user.officeId).not.toBe(first.user.officeId);
  });

  it('is idempotent: seeding again creates nothing and keeps changed accounts as they are', async () => {
    await t.sql.query(`UPDATE users SET full_name = 'Renamed Counsellor' WHERE email = $1`, [DEMO.counsellor]);
    expect(await t.app.get(DemoSeedService).seed({ bulk: false })).toEqual({ created: 0 });
    const { rows } = await t.sql.query(`SELECT full_name FROM users WHERE email = $1`, [DEMO.counsellor]);
    expect(rows[0].full_name).toBe('Renamed Counsellor');
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM users`)).rows[0].n).toBe(DEMO_USERS.length);
  });

  it('is refused in production mode', async () => {
    const env = loadEnv({ NODE_ENV: 'production', DATABASE_URL: t.db.url, JWT_SECRET: 'x'.repeat(40) });
    const seeder = new DemoSeedService(t.app.get(DataSource), env, undefined as never, undefined as never);
    await expect(seeder.seed()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
