import type { Test } from 'supertest';
import { createTestApp, DEMO, login, type Session, type TestApp } from './helpers.js';
import { createUser, expectError, expectFieldError, officeId } from './support.js';

// Values of the wrong type, size or shape for any field.
const JUNK: unknown[] = [null, -1, true, ['a'], { $gt: '' }, 'x'.repeat(20_000), 'nul\u0000byte', "' OR 1=1 --", '\ud800'];

// Raw bodies that are not a JSON object.
const RAW_BODIES = [
  '',
  'null',
  '[]',
  '[{}]',
  '"text"',
  '123',
  'true',
  '{',
  '{"a":',
  '{"a":1}}',
  "{'a':1}",
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
  '{"__proto__":{"polluted":true}}',
];

describe('bad input never gets a 500', () => {
  let t: TestApp;
  let admin: Session;
  let target: string;
  let northside: string;
  let n = 0;
  /** supertest's method by name (get, post, patch...). */
  const agent = (method: string) => (t.http as never as Record<string, (p: string) => Test>)[method].bind(t.http);

  beforeAll(async () => {
    t = await createTestApp();
    // Hundreds of requests: listen once instead of letting supertest open a port per request.
    await new Promise<void>((resolve) => t.app.getHttpServer().listen(0, '127.0.0.1', resolve));
    admin = await login(t, DEMO.admin);
    target = (await createUser(t, admin, { fullName: 'Junk Target' })).id;
    northside = await officeId(t, 'NORTHSIDE');
  });
  afterAll(() => t.close());

  /** Sends and checks: a 4xx in the error shape, or a success. Returns the response. */
  async function probe(what: string, req: Test) {
    const res = await req;
    if (res.status >= 500) throw new Error(`${what} answered ${res.status}: ${JSON.stringify(res.body)}`);
    if (res.status >= 400) expectError(res, res.status);
    return res;
  }

  const writes = () => [
    { method: 'post', path: '/api/auth/login', base: { email: 'junk.nobody@demo.test', password: 'not the password' } },
    {
      method: 'post',
      path: '/api/users',
      base: { email: `junk${++n}@example.test`, fullName: 'Junk Person', role: 'counsellor', officeId: northside, caseloadCap: 5 },
    },
    {
      method: 'patch',
      path: `/api/users/${target}`,
      base: {
        fullName: 'Junk Target',
        role: 'counsellor',
        officeId: northside,
        caseloadCap: 5,
        active: true,
        email: `jt${++n}@example.test`,
        version: 1,
      },
    },
    {
      method: 'post',
      path: '/api/offices',
      base: {
        regionId: admin.user.regionId,
        code: `JUNK-${++n}`,
        name: 'Junk Office',
        timeZone: 'Europe/Paris',
        language: 'en',
        national: false,
        openingHours: {},
      },
    },
    {
      method: 'patch',
      path: `/api/offices/${northside}`,
      base: {
        name: 'Northside Job Centre',
        code: 'NORTHSIDE',
        timeZone: 'Europe/Paris',
        language: 'en',
        national: false,
        openingHours: {},
        regionId: admin.user.regionId,
        version: 1,
      },
    },
    { method: 'post', path: '/api/regions', base: { code: `JR-${++n}`, name: 'Junk Region' } },
    { method: 'patch', path: `/api/regions/${admin.user.regionId}`, base: { code: 'DEMO-NORTH', name: 'North Demo Region', version: 1 } },
  ];

  it('answers every wrong type, size or shape in every field of every write with a 4xx in the error shape', async () => {
    let sent = 0;
    for (const w of writes()) {
      for (const field of Object.keys(w.base)) {
        for (const value of JUNK) {
          // A valid-looking value (a UUID where one is expected) may succeed: only a 5xx fails.
          await probe(
            `${w.method} ${w.path} ${field}=${JSON.stringify(value)?.slice(0, 40)}`,
            agent(w.method)(w.path)
              .set(admin.auth)
              .send({ ...w.base, [field]: value }),
          );
          sent++;
        }
      }
    }
    expect(sent).toBeGreaterThan(250);
  });

  it('answers bodies that are not a JSON object with a 400', async () => {
    for (const w of writes()) {
      for (const raw of RAW_BODIES) {
        const res = await probe(
          `${w.method} ${w.path} ${raw.slice(0, 20)}`,
          agent(w.method)(w.path).set(admin.auth).set('Content-Type', 'application/json').send(raw),
        );
        expect([w.path, raw.slice(0, 20), res.status]).toEqual([w.path, raw.slice(0, 20), 400]);
      }
    }
    expectFieldError(
      await t.http
        .post('/api/regions')
        .set(admin.auth)
        .send([{ code: 'ARR-1', name: 'Array Body' }]),
      'body',
      'isObject',
    );
    expectError(
      await t.http.post('/api/regions').set(admin.auth).set('Content-Type', 'application/json').send('{"code": '),
      400,
      'BAD_REQUEST',
    );
    expectError(
      await t.http.post('/api/regions').set(admin.auth).set('Content-Type', 'text/plain').send('{"code":"TXT-1","name":"Text Body"}'),
      400,
    );
  });

  it('refuses prototype keys at any depth instead of dropping them', async () => {
    const raw = (body: string) => t.http.post('/api/offices').set(admin.auth).set('Content-Type', 'application/json').send(body);
    expectFieldError(await raw('{"code":"PROTO-1","name":"Proto","__proto__":{"admin":true}}'), '__proto__', 'unknown');
    expectFieldError(
      await raw(
        `{"regionId":"${admin.user.regionId}","code":"PROTO-2","name":"Proto","timeZone":"Europe/Paris","language":"en","openingHours":{"__proto__":{"1":[]}}}`,
      ),
      'openingHours.__proto__',
      'unknown',
    );
    expectFieldError(await raw('{"code":"PROTO-3","name":"Proto","constructor":{"prototype":{"x":1}}}'), 'constructor', 'unknown');
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM offices WHERE code LIKE 'PROTO-%'`)).rows[0].n).toBe(0);
  });

  it('refuses NUL characters naming the field, and null for fields that cannot be empty', async () => {
    expectFieldError(await t.http.post('/api/regions').set(admin.auth).send({ code: 'NUL-1', name: 'Nul\u0000Region' }), 'name', 'noNul');
    expectFieldError(await t.http.post('/api/auth/login').send({ email: DEMO.admin, password: 'a\u0000b' }), 'password', 'noNul');
    for (const field of ['fullName', 'email', 'role', 'officeId', 'active']) {
      expectFieldError(
        await t.http
          .patch(`/api/users/${target}`)
          .set(admin.auth)
          .send({ [field]: null, version: 1 }),
        field,
      );
    }
    for (const field of ['name', 'code', 'timeZone', 'language', 'national', 'openingHours', 'regionId']) {
      expectFieldError(
        await t.http
          .patch(`/api/offices/${northside}`)
          .set(admin.auth)
          .send({ [field]: null, version: 1 }),
        field,
      );
    }
    expectFieldError(await t.http.patch(`/api/regions/${admin.user.regionId}`).set(admin.auth).send({ name: null, version: 1 }), 'name');
    expectFieldError(await t.http.patch(`/api/regions/${admin.user.regionId}`).set(admin.auth).send({ code: null, version: 1 }), 'code');
    // caseloadCap is the nullable one: null clears it.
    const cleared = await t.http
      .patch(`/api/users/${target}`)
      .set(admin.auth)
      .send({ caseloadCap: null, version: (await t.sql.query(`SELECT version FROM users WHERE id = $1`, [target])).rows[0].version });
    expect(cleared.status).toBe(200);
    expect(cleared.body.caseloadCap).toBeNull();
  });

  it('answers an oversized body with 413 PAYLOAD_TOO_LARGE', async () => {
    expectError(
      await t.http
        .post('/api/regions')
        .set(admin.auth)
        .send({ code: 'BIG-1', name: 'x'.repeat(200_000) }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
  });

  it('answers junk list parameters on every list with a 400 naming the parameter', async () => {
    const lists = ['/api/users', '/api/offices', '/api/regions', '/api/audit-events'];
    const junk: Array<[string, string]> = [
      ['sort', '["constructor","ASC"]'],
      ['sort', '["__proto__","ASC"]'],
      ['sort', '["toString","DESC"]'],
      ['sort', '{"field":"id"}'],
      ['sort', '["id"'],
      ['range', '[0,1e20]'],
      ['range', '[1e20,1e20]'],
      ['range', '["a","b"]'],
      ['range', '[0,100]'],
      ['range', 'null'],
      ['filter', '{"toString":"x"}'],
      ['filter', '{"constructor":"x"}'],
      ['filter', '{"__proto__":{"id":"x"}}'],
      ['filter', '[]'],
      ['filter', '{"id":"not-a-uuid"}'],
      ['filter', '{"id":["3b241101-e2bb-4255-8caf-4136c566a962","nope"]}'],
      ['filter', '{"id":{"$ne":null}}'],
      ['filter', '{bad'],
      ['filter', 'null'],
      ['filter', '"x"'],
    ];
    for (const path of lists) {
      for (const [param, value] of junk) {
        const res = await probe(`${path}?${param}=${value}`, t.http.get(`${path}?${param}=${encodeURIComponent(value)}`).set(admin.auth));
        expect([path, param, value, res.status]).toEqual([path, param, value, 400]);
        expect(res.body.errors[0].field.split('.')[0]).toBe(param);
      }
      // Repeated and bracketed parameters are refused too.
      expectError(await t.http.get(`${path}?sort=a&sort=b`).set(admin.auth), 400);
      expectError(await t.http.get(`${path}?filter[id]=x`).set(admin.auth), 400);
    }
  });

  it('refuses junk search strings and ids in filters without a 500', async () => {
    for (const q of ['%', '_', '\\', "'", '"; DROP TABLE users; --', 'x'.repeat(200), '\u00e9\u0301', '😀']) {
      await probe(`q=${q}`, t.http.get(`/api/users?filter=${encodeURIComponent(JSON.stringify({ q }))}`).set(admin.auth)).then((r) =>
        expect(r.status).toBe(200),
      );
    }
    expectFieldError(
      await t.http.get(`/api/users?filter=${encodeURIComponent(JSON.stringify({ q: 'a\u0000' }))}`).set(admin.auth),
      'filter.q',
      'isString',
    );
    expectFieldError(
      await t.http.get(`/api/audit-events?filter=${encodeURIComponent(JSON.stringify({ entityId: 'x'.repeat(201) }))}`).set(admin.auth),
      'filter.entityId',
      'isString',
    );
  });

  it('answers junk path ids with a 400 naming id, never a 500', async () => {
    const ids = [
      'null',
      'undefined',
      '0',
      '-1',
      '..',
      '%2e%2e',
      '%00',
      'a'.repeat(2000),
      '{3b241101-e2bb-4255-8caf-4136c566a962}',
      '3b241101e2bb42558caf4136c566a962',
      '3b241101-e2bb-4255-8caf-4136c566a96Z',
      "1' OR '1'='1",
    ];
    for (const base of ['/api/users', '/api/offices', '/api/regions']) {
      for (const id of ids) {
        const res = await probe(`${base}/${id}`, t.http.get(`${base}/${id}`).set(admin.auth));
        if (res.status === 404) continue; // a path the router does not match at all
        expectFieldError(res, 'id', 'isUuid');
      }
    }
    // Upper-case UUIDs are UUIDs.
    expectError(await t.http.get('/api/users/3B241101-E2BB-4255-8CAF-4136C566A962').set(admin.auth), 404, 'NOT_FOUND');
  });

  it('answers junk authorization headers with a 401', async () => {
    for (const value of [
      'Bearer',
      'Bearer ',
      'Bearer a.b',
      'Bearer a.b.c',
      'Bearer ....',
      `Bearer ${'a'.repeat(6000)}`,
      'bearer x',
      'Token abc',
      'Bearer \u00e9',
      'Bearer eyJhbGciOiJIUzI1NiJ9.e30.',
    ]) {
      const res = await probe(value.slice(0, 30), t.http.get('/api/users').set('Authorization', value));
      expect(res.status).toBe(401);
    }
  });
});
