import { createTestApp, DEMO, login, type Session, type TestApp } from './helpers.js';
import { auditRows, expectError, expectFieldError, officeId, versionOf } from './support.js';

const q = (params: Record<string, unknown>) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(JSON.stringify(v))}`)
    .join('&');

describe('offices and regions', () => {
  let t: TestApp;
  let admin: Session;
  let counsellor: Session;
  let counsellor2: Session;
  let supervisor: Session;
  let frontDesk: Session;
  let manager: Session;
  let northside: string;
  let riverside: string;
  let regionId: string;
  let n = 0;
  const code = (prefix: string) => `${prefix}-${++n}`;

  beforeAll(async () => {
    t = await createTestApp();
    [admin, counsellor, counsellor2, supervisor, frontDesk, manager] = await Promise.all(
      [DEMO.admin, DEMO.counsellor, DEMO.counsellor2, DEMO.supervisor, DEMO.frontDesk, DEMO.manager].map((e) => login(t, e)),
    );
    northside = await officeId(t, 'NORTHSIDE');
    riverside = await officeId(t, 'RIVERSIDE');
    regionId = admin.user.regionId;
  });
  afterAll(() => t.close());

  const newOffice = (body: Record<string, unknown> = {}) =>
    t.http
      .post('/api/offices')
      .set(admin.auth)
      .send({ regionId, code: code('OFF'), name: 'Harbour Job Centre', timeZone: 'Europe/Lisbon', language: 'es', ...body });

  describe('offices: reading', () => {
    it('lists both demo offices to an admin and a supervisor, with Content-Range', async () => {
      for (const s of [admin, supervisor]) {
        const res = await t.http
          .get(`/api/offices?${q({ sort: ['code', 'ASC'] })}`)
          .set(s.auth)
          .expect(200);
        expect(res.headers['content-range']).toBe('offices 0-1/2');
        expect(res.body.map((o: { code: string }) => o.code)).toEqual(['NORTHSIDE', 'RIVERSIDE']);
      }
      const one = await t.http.get(`/api/offices/${riverside}`).set(supervisor.auth).expect(200);
      expect(one.body).toEqual({
        id: riverside,
        regionId,
        code: 'RIVERSIDE',
        name: 'Riverside Job Centre',
        timeZone: 'Europe/Paris',
        language: 'fr',
        national: false,
        openingHours: expect.objectContaining({
          '1': [
            ['08:30', '12:30'],
            ['13:30', '17:00'],
          ],
        }),
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
    });

    it('shows front desk, counsellors and specialists only their own office; another office is a 404', async () => {
      for (const [s, own, other] of [
        [counsellor, northside, riverside],
        [frontDesk, northside, riverside],
        [counsellor2, riverside, northside],
      ] as const) {
        const res = await t.http.get('/api/offices').set(s.auth).expect(200);
        expect(res.headers['content-range']).toBe('offices 0-0/1');
        expect(res.body.map((o: { id: string }) => o.id)).toEqual([own]);
        await t.http.get(`/api/offices/${own}`).set(s.auth).expect(200);
        expectError(await t.http.get(`/api/offices/${other}`).set(s.auth), 404, 'NOT_FOUND');
        const filtered = await t.http
          .get(`/api/offices?${q({ filter: { id: [other] } })}`)
          .set(s.auth)
          .expect(200);
        expect(filtered.body).toEqual([]);
      }
    });

    it('refuses managers', async () => {
      expectError(await t.http.get('/api/offices').set(manager.auth), 403, 'FORBIDDEN');
    });

    it('sorts and filters by allowed fields only', async () => {
      const desc = await t.http
        .get(`/api/offices?${q({ sort: ['name', 'DESC'] })}`)
        .set(admin.auth)
        .expect(200);
      expect(desc.body[0].code).toBe('RIVERSIDE');
      const byCode = await t.http
        .get(`/api/offices?${q({ filter: { code: 'NORTHSIDE' } })}`)
        .set(admin.auth)
        .expect(200);
      expect(byCode.body.map((o: { id: string }) => o.id)).toEqual([northside]);
      const byRegion = await t.http
        .get(`/api/offices?${q({ filter: { regionId, national: false } })}`)
        .set(admin.auth)
        .expect(200);
      expect(byRegion.body.length).toBeGreaterThanOrEqual(2);
      const search = await t.http
        .get(`/api/offices?${q({ filter: { q: 'river' } })}`)
        .set(admin.auth)
        .expect(200);
      expect(search.body.map((o: { id: string }) => o.id)).toEqual([riverside]);
      expectFieldError(await t.http.get(`/api/offices?${q({ sort: ['timeZone', 'ASC'] })}`).set(admin.auth), 'sort', 'allowed');
      expectFieldError(
        await t.http.get(`/api/offices?${q({ filter: { timeZone: 'Europe/Paris' } })}`).set(admin.auth),
        'filter.timeZone',
        'allowed',
      );
      expectFieldError(
        await t.http.get(`/api/offices?${q({ filter: { regionId: 'north' } })}`).set(admin.auth),
        'filter.regionId',
        'isUuid',
      );
      expectFieldError(await t.http.get(`/api/offices?${q({ range: [0, 150] })}`).set(admin.auth), 'range', 'max');
    });
  });

  describe('offices: writing', () => {
    it('creates an office with default opening hours and audits it', async () => {
      const c = code('HARBOUR');
      const res = await newOffice({ code: c }).expect(201);
      expect(res.body).toMatchObject({
        code: c,
        name: 'Harbour Job Centre',
        timeZone: 'Europe/Lisbon',
        language: 'es',
        national: false,
        version: 1,
      });
      expect(Object.keys(res.body.openingHours).sort()).toEqual(['1', '2', '3', '4', '5']);
      const [event] = await auditRows(t, { action: 'offices.create', entityId: res.body.id });
      expect(event).toMatchObject({ actor_id: admin.user.id, actor_role: 'admin', changes: { code: c, timeZone: 'Europe/Lisbon' } });
    });

    it('accepts split days, closed days and a national flag', async () => {
      const openingHours = {
        '1': [
          ['08:00', '12:00'],
          ['13:00', '17:30'],
        ],
        '6': [['09:00', '12:00']],
        '7': [],
      };
      const res = await newOffice({ openingHours, national: true, timeZone: 'America/Bogota' }).expect(201);
      expect(res.body).toMatchObject({ openingHours, national: true, timeZone: 'America/Bogota' });
    });

    it('stores the canonical spelling of a time zone', async () => {
      const res = await newOffice({ timeZone: 'europe/paris' }).expect(201);
      expect(res.body.timeZone).toBe('Europe/Paris');
      expect((await t.sql.query(`SELECT time_zone FROM offices WHERE id = $1`, [res.body.id])).rows[0].time_zone).toBe('Europe/Paris');
    });

    it('refuses unknown time zones and malformed opening hours, naming field and rule', async () => {
      const offices = (await t.sql.query(`SELECT count(*)::int AS n FROM offices`)).rows[0].n;
      for (const tz of ['Mars/Olympus', 'CET1', 'Europe/Atlantis', '', 'x'.repeat(500), 'Europe/Paris\n']) {
        expectFieldError(await newOffice({ timeZone: tz }), 'timeZone');
      }
      expectFieldError(await newOffice({ timeZone: 'Mars/Olympus' }), 'timeZone', 'isTimeZone');
      expectFieldError(await newOffice({ timeZone: 42 }), 'timeZone', 'isString');
      expectFieldError(await newOffice({ openingHours: { '8': [['08:00', '12:00']] } }), 'openingHours.8', 'weekday');
      expectFieldError(await newOffice({ openingHours: { monday: [['08:00', '12:00']] } }), 'openingHours.monday', 'weekday');
      expectFieldError(await newOffice({ openingHours: { '1': [['12:00', '08:00']] } }), 'openingHours.1', 'order');
      expectFieldError(await newOffice({ openingHours: { '1': [['08:00', '08:00']] } }), 'openingHours.1', 'order');
      expectFieldError(
        await newOffice({
          openingHours: {
            '1': [
              ['08:00', '12:00'],
              ['11:00', '13:00'],
            ],
          },
        }),
        'openingHours.1',
        'overlap',
      );
      expectFieldError(
        await newOffice({
          openingHours: {
            '1': [
              ['13:00', '17:00'],
              ['08:00', '12:00'],
            ],
          },
        }),
        'openingHours.1',
        'overlap',
      );
      expectFieldError(await newOffice({ openingHours: { '1': [['8:00', '12:00']] } }), 'openingHours.1', 'format');
      expectFieldError(await newOffice({ openingHours: { '1': [['08:00', '24:00']] } }), 'openingHours.1', 'format');
      expectFieldError(await newOffice({ openingHours: { '1': [['08:00']] } }), 'openingHours.1', 'format');
      expectFieldError(await newOffice({ openingHours: { '1': '08:00-12:00' } }), 'openingHours.1', 'format');
      expectFieldError(await newOffice({ openingHours: { '1': [[800, 1200]] } }), 'openingHours.1', 'format');
      expectFieldError(await newOffice({ openingHours: [['08:00', '12:00']] }), 'openingHours', 'isObject');
      expectFieldError(await newOffice({ openingHours: 'always' }), 'openingHours', 'isObject');
      expect((await t.sql.query(`SELECT count(*)::int AS n FROM offices`)).rows[0].n).toBe(offices);
    });

    it('validates the other fields', async () => {
      const res = await t.http.post('/api/offices').set(admin.auth).send({});
      for (const field of ['regionId', 'code', 'name', 'timeZone', 'language']) expectFieldError(res, field);
      expectFieldError(await newOffice({ code: 'lower' }), 'code', 'matches');
      expectFieldError(await newOffice({ code: 'A' }), 'code', 'matches');
      expectFieldError(await newOffice({ name: ' ' }), 'name');
      expectFieldError(await newOffice({ language: 'de' }), 'language', 'isIn');
      expectFieldError(await newOffice({ national: 'yes' }), 'national', 'isBoolean');
      expectFieldError(await newOffice({ regionId: '7d1c0c47-2f6d-4b7a-9a39-9a8b5d2c6e01' }), 'regionId', 'exists');
      expectFieldError(await newOffice({ closures: [] }), 'closures', 'unknown');
      expectFieldError(await newOffice({ version: 5 }), 'version', 'unknown');
    });

    it('refuses a duplicate code with 409 ALREADY_EXISTS naming code', async () => {
      expectFieldError(await newOffice({ code: 'NORTHSIDE' }), 'code', 'unique', 409, 'ALREADY_EXISTS');
      const c = code('TWIN');
      const results = await Promise.all([0, 1].map(() => newOffice({ code: c })));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expectFieldError(
        results.find((r) => r.status === 409)!,
        'code',
        'unique',
        409,
        'ALREADY_EXISTS',
      );
    });

    it('updates with the version, refuses a stale one without changing anything', async () => {
      const created = await newOffice().expect(201);
      const id = created.body.id;
      const ok = await t.http
        .patch(`/api/offices/${id}`)
        .set(admin.auth)
        .send({ name: 'Harbour Centre', timeZone: 'Europe/Madrid', version: 1 })
        .expect(200);
      expect(ok.body).toMatchObject({ name: 'Harbour Centre', timeZone: 'Europe/Madrid', version: 2 });
      const [event] = await auditRows(t, { action: 'offices.update', entityId: id });
      expect(event.changes).toEqual({
        name: { from: 'Harbour Job Centre', to: 'Harbour Centre' },
        timeZone: { from: 'Europe/Lisbon', to: 'Europe/Madrid' },
      });

      const before = (await t.sql.query(`SELECT * FROM offices WHERE id = $1`, [id])).rows[0];
      expectFieldError(
        await t.http.patch(`/api/offices/${id}`).set(admin.auth).send({ name: 'Too Late', version: 1 }),
        'version',
        'current',
        409,
        'STALE_VERSION',
      );
      expect((await t.sql.query(`SELECT * FROM offices WHERE id = $1`, [id])).rows[0]).toEqual(before);
      expect(await auditRows(t, { action: 'offices.update', entityId: id })).toHaveLength(1);

      expectFieldError(
        await t.http.patch(`/api/offices/${id}`).set(admin.auth).send({ timeZone: 'Mars/Olympus', version: 2 }),
        'timeZone',
        'isTimeZone',
      );
      expectFieldError(
        await t.http
          .patch(`/api/offices/${id}`)
          .set(admin.auth)
          .send({ openingHours: { '1': [['17:00', '09:00']] }, version: 2 }),
        'openingHours.1',
        'order',
      );
      expectFieldError(
        await t.http.patch(`/api/offices/${id}`).set(admin.auth).send({ code: 'RIVERSIDE', version: 2 }),
        'code',
        'unique',
        409,
        'ALREADY_EXISTS',
      );
      expectFieldError(await t.http.patch(`/api/offices/${id}`).set(admin.auth).send({ name: 'No Version' }), 'version');
      expect(await versionOf(t, 'offices', id)).toBe(2);
      expectError(
        await t.http.patch('/api/offices/7d1c0c47-2f6d-4b7a-9a39-9a8b5d2c6e01').set(admin.auth).send({ name: 'Ghost', version: 1 }),
        404,
      );
      expectFieldError(await t.http.patch('/api/offices/nope').set(admin.auth).send({ name: 'Ghost', version: 1 }), 'id', 'isUuid');
    });

    it('refuses office writes to everyone but admins', async () => {
      for (const s of [supervisor, counsellor, manager, frontDesk]) {
        expectError(
          await t.http
            .post('/api/offices')
            .set(s.auth)
            .send({ regionId, code: code('NOPE'), name: 'Nope', timeZone: 'Europe/Paris', language: 'en' }),
          403,
          'FORBIDDEN',
        );
        expectError(await t.http.patch(`/api/offices/${northside}`).set(s.auth).send({ name: 'Hijacked', version: 1 }), 403, 'FORBIDDEN');
      }
      expect((await t.sql.query(`SELECT name FROM offices WHERE id = $1`, [northside])).rows[0].name).toBe('Northside Job Centre');
    });

    it('has no DELETE route', async () => {
      expectError(await t.http.delete(`/api/offices/${riverside}`).set(admin.auth), 404, 'NOT_FOUND');
    });
  });

  describe('regions', () => {
    it('are read by admins and supervisors only', async () => {
      for (const s of [admin, supervisor]) {
        const res = await t.http
          .get(`/api/regions?${q({ filter: { code: 'DEMO-NORTH' } })}`)
          .set(s.auth)
          .expect(200);
        expect(res.headers['content-range']).toBe('regions 0-0/1');
        expect(res.body[0]).toEqual({
          id: regionId,
          code: 'DEMO-NORTH',
          name: 'North Demo Region',
          version: 1,
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
        });
        await t.http.get(`/api/regions/${regionId}`).set(s.auth).expect(200);
      }
      for (const s of [counsellor, frontDesk, manager]) {
        expectError(await t.http.get('/api/regions').set(s.auth), 403, 'FORBIDDEN');
        expectError(await t.http.get(`/api/regions/${regionId}`).set(s.auth), 403, 'FORBIDDEN');
      }
      expectFieldError(await t.http.get(`/api/regions?${q({ sort: ['createdAt', 'ASC'] })}`).set(admin.auth), 'sort', 'allowed');
      expectFieldError(await t.http.get(`/api/regions?${q({ filter: { name: 'North' } })}`).set(admin.auth), 'filter.name', 'allowed');
      expectFieldError(await t.http.get('/api/regions/DEMO-NORTH').set(admin.auth), 'id', 'isUuid');
      expectError(await t.http.get('/api/regions/7d1c0c47-2f6d-4b7a-9a39-9a8b5d2c6e01').set(admin.auth), 404, 'NOT_FOUND');
    });

    it('are created and updated by admins with validation, unique codes and versions', async () => {
      const c = code('SOUTH');
      const created = await t.http.post('/api/regions').set(admin.auth).send({ code: c, name: 'South Region' }).expect(201);
      expect(created.body).toMatchObject({ code: c, name: 'South Region', version: 1 });
      const id = created.body.id;
      expect((await auditRows(t, { action: 'regions.create', entityId: id }))[0]).toMatchObject({
        actor_id: admin.user.id,
        changes: { code: c, name: 'South Region' },
      });

      expectFieldError(
        await t.http.post('/api/regions').set(admin.auth).send({ code: c, name: 'Again' }),
        'code',
        'unique',
        409,
        'ALREADY_EXISTS',
      );
      expectFieldError(await t.http.post('/api/regions').set(admin.auth).send({ code: 'south', name: 'Lower' }), 'code', 'matches');
      expectFieldError(
        await t.http
          .post('/api/regions')
          .set(admin.auth)
          .send({ code: code('X'), name: '' }),
        'name',
      );
      expectFieldError(
        await t.http
          .post('/api/regions')
          .set(admin.auth)
          .send({ code: code('X'), name: 'Fine', id }),
        'id',
        'unknown',
      );

      const updated = await t.http.patch(`/api/regions/${id}`).set(admin.auth).send({ name: 'Southern Region', version: 1 }).expect(200);
      expect(updated.body).toMatchObject({ name: 'Southern Region', version: 2 });
      const before = (await t.sql.query(`SELECT * FROM regions WHERE id = $1`, [id])).rows[0];
      expectFieldError(
        await t.http.patch(`/api/regions/${id}`).set(admin.auth).send({ name: 'Stale', version: 1 }),
        'version',
        'current',
        409,
        'STALE_VERSION',
      );
      expect((await t.sql.query(`SELECT * FROM regions WHERE id = $1`, [id])).rows[0]).toEqual(before);
      expectFieldError(
        await t.http.patch(`/api/regions/${id}`).set(admin.auth).send({ code: 'DEMO-NORTH', version: 2 }),
        'code',
        'unique',
        409,
        'ALREADY_EXISTS',
      );
      expect(await auditRows(t, { action: 'regions.update', entityId: id })).toHaveLength(1);

      // An office can move to the new region.
      const office = await newOffice().expect(201);
      await t.http.patch(`/api/offices/${office.body.id}`).set(admin.auth).send({ regionId: id, version: 1 }).expect(200);
      const inRegion = await t.http
        .get(`/api/offices?${q({ filter: { regionId: id } })}`)
        .set(admin.auth)
        .expect(200);
      expect(inRegion.body.map((o: { id: string }) => o.id)).toEqual([office.body.id]);
    });

    it('refuses region writes to supervisors', async () => {
      expectError(
        await t.http
          .post('/api/regions')
          .set(supervisor.auth)
          .send({ code: code('NO'), name: 'Nope' }),
        403,
        'FORBIDDEN',
      );
      expectError(await t.http.patch(`/api/regions/${regionId}`).set(supervisor.auth).send({ name: 'Nope', version: 1 }), 403, 'FORBIDDEN');
      expectError(await t.http.delete(`/api/regions/${regionId}`).set(admin.auth), 404, 'NOT_FOUND');
    });
  });
});
