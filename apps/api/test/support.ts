// Shared helpers for the e2e specs of auth, administration, access control and audit.
import { ERROR_CODES } from '@casework/contracts';
import { createHmac } from 'node:crypto';
import type { Response } from 'supertest';
import { DEMO_PASSWORD, login, TEST_ENV, type Session, type TestApp } from './helpers.js';

/** Asserts the API's error shape: exactly {statusCode, code, message, errors?}, with a known code. */
export function expectError(res: Response, status: number, code?: string): void {
  if (res.status !== status) throw new Error(`expected ${status}${code ? ` ${code}` : ''}, got ${res.status}: ${JSON.stringify(res.body)}`);
  expect(res.body).toEqual(expect.objectContaining({ statusCode: status, code: code ?? expect.any(String), message: expect.any(String) }));
  expect(ERROR_CODES).toContain(res.body.code);
  for (const key of Object.keys(res.body)) expect(['statusCode', 'code', 'message', 'errors']).toContain(key);
  if (res.body.errors !== undefined) {
    expect(Array.isArray(res.body.errors)).toBe(true);
    for (const e of res.body.errors)
      expect(e).toEqual({ field: expect.any(String), rule: expect.any(String), message: expect.any(String) });
  }
}

/** Asserts a 400 (or other status) whose field errors name `field` with `rule`. */
export function expectFieldError(res: Response, field: string, rule?: string, status = 400, code?: string): void {
  expectError(res, status, code);
  const match = (res.body.errors ?? []).find(
    (e: { field: string; rule: string }) => e.field === field && (rule === undefined || e.rule === rule),
  );
  if (!match) throw new Error(`no error for ${field}${rule ? `/${rule}` : ''} in ${JSON.stringify(res.body)}`);
}

export interface AuditRow {
  id: string;
  at: Date;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  changes: Record<string, unknown> | null;
  ip: string | null;
  request_id: string | null;
}

/** Audit events behind the API's back, oldest first; `action` may end with % for a prefix. */
export async function auditRows(t: TestApp, filter: { action?: string; entityId?: string; requestId?: string } = {}): Promise<AuditRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.action) where.push(`action LIKE $${params.push(filter.action)}`);
  if (filter.entityId) where.push(`entity_id = $${params.push(filter.entityId)}`);
  if (filter.requestId) where.push(`request_id = $${params.push(filter.requestId)}`);
  const { rows } = await t.sql.query(
    `SELECT * FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`,
    params,
  );
  return rows;
}

export async function countRows(t: TestApp, table: string): Promise<number> {
  const { rows } = await t.sql.query(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0].n;
}

export async function userId(t: TestApp, email: string): Promise<string> {
  const { rows } = await t.sql.query(`SELECT id FROM users WHERE lower(email) = lower($1)`, [email]);
  if (!rows[0]) throw new Error(`no user ${email}`);
  return rows[0].id;
}

export async function officeId(t: TestApp, code: string): Promise<string> {
  const { rows } = await t.sql.query(`SELECT id FROM offices WHERE code = $1`, [code]);
  if (!rows[0]) throw new Error(`no office ${code}`);
  return rows[0].id;
}

export async function versionOf(t: TestApp, table: 'users' | 'offices' | 'regions', id: string): Promise<number> {
  const { rows } = await t.sql.query(`SELECT version FROM ${table} WHERE id = $1`, [id]);
  return rows[0].version;
}

let counter = 0;
/** A fresh address nobody else in the run uses. */
export const uniqueEmail = (prefix = 'user') => `${prefix}.${process.pid}.${Date.now().toString(36)}.${++counter}@example.test`;

/** Admin creates a staff account; returns its id and one-time password. */
export async function createUser(
  t: TestApp,
  admin: Session,
  fields: Partial<{ email: string; fullName: string; role: string; officeId: string; caseloadCap: number }> = {},
): Promise<{ id: string; email: string; oneTimePassword: string; body: Record<string, unknown> }> {
  const body = {
    email: fields.email ?? uniqueEmail(),
    fullName: fields.fullName ?? 'Test Person',
    role: fields.role ?? 'counsellor',
    officeId: fields.officeId ?? admin.user.officeId,
    ...(fields.caseloadCap !== undefined ? { caseloadCap: fields.caseloadCap } : {}),
  };
  const res = await t.http.post('/api/users').set(admin.auth).send(body);
  if (res.status !== 201) throw new Error(`create user answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { id: res.body.id, email: body.email, oneTimePassword: res.body.oneTimePassword, body: res.body };
}

/** A user created by the admin who has already replaced the one-time password with `password`. */
export async function createActiveUser(
  t: TestApp,
  admin: Session,
  fields: Parameters<typeof createUser>[2] = {},
  password = 'correct horse battery staple',
): Promise<{ id: string; email: string; password: string; session: Session }> {
  const u = await createUser(t, admin, fields);
  const first = await login(t, u.email, u.oneTimePassword);
  const res = await t.http.post('/api/auth/password').set(first.auth).send({ currentPassword: u.oneTimePassword, newPassword: password });
  if (res.status !== 200) throw new Error(`password change answered ${res.status}: ${JSON.stringify(res.body)}`);
  // The session the change hands back is the user's only live one.
  const session: Session = {
    token: res.body.accessToken,
    cookie: cookiePair(refreshSetCookie(res)!),
    user: res.body.user,
    auth: { Authorization: `Bearer ${res.body.accessToken}` },
  };
  return { id: u.id, email: u.email, password, session };
}

const b64url = (v: string | Buffer) => Buffer.from(v).toString('base64url');

/** Signs a JWT by hand so tests can forge headers, claims and secrets. */
export function signJwt(
  payload: Record<string, unknown>,
  options: { secret?: string; alg?: string; header?: Record<string, unknown> } = {},
): string {
  const alg = options.alg ?? 'HS256';
  const header = b64url(JSON.stringify({ alg, typ: 'JWT', ...options.header }));
  const body = b64url(JSON.stringify(payload));
  const input = `${header}.${body}`;
  if (alg === 'none') return `${input}.`;
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg] ?? 'sha256';
  return `${input}.${createHmac(hash, options.secret ?? TEST_ENV.JWT_SECRET)
    .update(input)
    .digest('base64url')}`;
}

export function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, any> } {
  const [h, p] = token.split('.');
  return { header: JSON.parse(Buffer.from(h, 'base64url').toString()), payload: JSON.parse(Buffer.from(p, 'base64url').toString()) };
}

/** The cw_refresh Set-Cookie header of a response, whole (with its attributes). */
export function refreshSetCookie(res: Response): string | undefined {
  const all = (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  return all.find((c) => c.startsWith('cw_refresh='));
}

export const cookiePair = (setCookie: string) => setCookie.split(';')[0];

export { DEMO_PASSWORD };
