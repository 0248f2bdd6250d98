import { createTestApp, type TestApp } from './helpers.js';

describe('cross-cutting behaviour', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers liveness and readiness without signing in', async () => {
    await t.http.get('/api/health').expect(200, { status: 'ok' });
    await t.http.get('/api/health/ready').expect(200, { status: 'ok', database: 'up' });
  });

  it('marks API responses no-store, gives each a request id and sets security headers', async () => {
    const res = await t.http.get('/api/health').set('X-Request-Id', 'trace-abc-12345');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-request-id']).toBe('trace-abc-12345');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const other = await t.http.get('/api/health').set('X-Request-Id', 'bad id with spaces');
    expect(other.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses unknown routes and signed-out calls with the error shape', async () => {
    const res = await t.http.get('/api/users').expect(401);
    expect(res.body).toEqual({ statusCode: 401, code: 'UNAUTHENTICATED', message: expect.any(String) });
  });

  it('answers malformed JSON with a 400, not a 500', async () => {
    const res = await t.http.post('/api/auth/login').set('Content-Type', 'application/json').send('{"email": ');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('BAD_REQUEST');
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.http.get('/api/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/users', '/api/audit-events']));
  });

  it('documents case notes, the case timeline, jobseeker updates and merges, and the Idempotency-Key header on POSTs', async () => {
    const { body } = await t.http.get('/api/docs-json').expect(200);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/api/case-notes', '/api/case-notes/{id}', '/api/cases/{id}/timeline', '/api/jobseekers/{id}/merge']),
    );
    expect(Object.keys(body.paths['/api/case-notes'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(body.paths['/api/case-notes/{id}']).not.toHaveProperty('patch');
    expect(body.paths['/api/case-notes/{id}']).not.toHaveProperty('delete');
    expect(body.paths['/api/jobseekers/{id}'].patch.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/UpdateJobseekerDto',
    );
    expect(body.components.schemas.UpdateJobseekerDto.required).toEqual(['version']);
    expect(body.components.schemas.CreateCaseNoteDto.properties.visibility.enum).toEqual(['case_team', 'restricted']);
    const header = (op: { parameters?: Array<{ name: string; in: string }> }) =>
      (op.parameters ?? []).some((p) => p.in === 'header' && p.name === 'Idempotency-Key');
    expect(header(body.paths['/api/jobseekers'].post)).toBe(true);
    expect(header(body.paths['/api/work-items/claim-next'].post)).toBe(true);
    expect(header(body.paths['/api/auth/login'].post)).toBe(false);
    expect(header(body.paths['/api/jobseekers/{id}'].patch)).toBe(false);
  });
});
