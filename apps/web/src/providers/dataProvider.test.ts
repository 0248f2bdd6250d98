import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDataProvider, diffForPatch, toHttpError } from './dataProvider';
import { ApiRequestError, resetSessionForTests, setSession } from './session';
import { mockFetch, user } from './testing';

const translate = (key: string, options?: Record<string, unknown>) =>
  key.startsWith('validation.newPassword') ? `T(${key})` : String(options?._ ?? key);

beforeEach(() => {
  resetSessionForTests();
  setSession({ accessToken: 'abc', expiresIn: 900, user });
});
afterEach(() => vi.unstubAllGlobals());

describe('diffForPatch', () => {
  const previous = {
    id: 'u1',
    fullName: 'Ann',
    role: 'counsellor',
    caseloadCap: 100,
    active: true,
    openingHours: { '1': [['08:00', '12:00']] },
    version: 3,
  };

  it('keeps only the changed fields, plus the version read', () => {
    expect(diffForPatch({ ...previous, fullName: 'Anne', caseloadCap: null }, previous)).toEqual({
      fullName: 'Anne',
      caseloadCap: null,
      version: 3,
    });
  });

  it('compares nested values by content', () => {
    expect(diffForPatch({ ...previous, openingHours: { '1': [['08:00', '12:00']] } }, previous)).toEqual({ version: 3 });
    expect(diffForPatch({ ...previous, openingHours: { '1': [['08:00', '12:30']] } }, previous)).toEqual({
      openingHours: { '1': [['08:00', '12:30']] },
      version: 3,
    });
  });

  it('ignores the order of object keys', () => {
    const reordered = { ...previous, openingHours: { '2': [], '1': [['08:00', '12:00']] } };
    const base = { ...previous, openingHours: { '1': [['08:00', '12:00']], '2': [] } };
    expect(diffForPatch(reordered, base)).toEqual({ version: 3 });
  });

  it('never sends a version from the form instead of the record read', () => {
    expect(diffForPatch({ ...previous, version: 99 }, previous)).toEqual({ version: 3 });
  });
});

describe('dataProvider', () => {
  it('updates with PATCH, the diff and the version', async () => {
    const calls = mockFetch(() => ({ status: 200, body: { id: 'u1', fullName: 'Anne', version: 4 } }));
    const dp = createDataProvider(translate);
    const previousData = { id: 'u1', fullName: 'Ann', email: 'ann@x.test', version: 3 };
    const { data } = await dp.update('users', { id: 'u1', data: { ...previousData, fullName: 'Anne' }, previousData });
    expect(calls[0]).toMatchObject({ url: '/api/users/u1', method: 'PATCH', body: { fullName: 'Anne', version: 3 } });
    expect(calls[0].headers.get('Authorization')).toBe('Bearer abc');
    expect(data).toMatchObject({ version: 4 });
  });

  it('reads lists in the simple-rest dialect with the total from Content-Range', async () => {
    const calls = mockFetch(() => ({ status: 200, body: [{ id: 'a' }], headers: { 'Content-Range': 'users 0-24/319' } }));
    const dp = createDataProvider(translate);
    const result = await dp.getList('users', {
      pagination: { page: 1, perPage: 25 },
      sort: { field: 'fullName', order: 'ASC' },
      filter: { q: 'cam' },
    });
    expect(result.total).toBe(319);
    const url = new URL(calls[0].url, 'http://x');
    expect(url.pathname).toBe('/api/users');
    expect(url.searchParams.get('sort')).toBe('["fullName","ASC"]');
    expect(url.searchParams.get('range')).toBe('[0,24]');
    expect(url.searchParams.get('filter')).toBe('{"q":"cam"}');
  });

  it('pages without a total when the API answers the total as unknown (a list past its count cap)', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => ({ id: `w${i}` }));
    mockFetch(() => ({ status: 200, body: rows, headers: { 'Content-Range': 'work-items 0-24/*', 'X-Total-At-Least': '1001' } }));
    const dp = createDataProvider(translate);
    const first = await dp.getList('work-items', {
      pagination: { page: 1, perPage: 25 },
      sort: { field: 'dueAt', order: 'ASC' },
      filter: {},
    });
    expect(first.total).toBeUndefined();
    expect(first.pageInfo).toEqual({ hasPreviousPage: false, hasNextPage: true });
    expect(first.data).toHaveLength(25);
    mockFetch(() => ({ status: 200, body: rows.slice(0, 3), headers: { 'Content-Range': 'work-items 50-52/*' } }));
    const last = await dp.getList('work-items', {
      pagination: { page: 3, perPage: 25 },
      sort: { field: 'dueAt', order: 'ASC' },
      filter: {},
    });
    expect(last.pageInfo).toEqual({ hasPreviousPage: true, hasNextPage: false });
  });

  it('refuses to delete', async () => {
    const calls = mockFetch(() => ({ status: 200 }));
    const dp = createDataProvider(translate);
    await expect(dp.delete('users', { id: 'u1' })).rejects.toThrow();
    await expect(dp.deleteMany('users', { ids: ['u1'] })).rejects.toThrow();
    expect(calls).toHaveLength(0);
  });

  it('turns a stale version into the translated message, without field errors', async () => {
    mockFetch(() => ({
      status: 409,
      body: { statusCode: 409, code: 'STALE_VERSION', message: 'stale', errors: [{ field: 'version', rule: 'current', message: 'old' }] },
    }));
    const dp = createDataProvider(translate);
    const error = await dp
      .update('users', { id: 'u1', data: { fullName: 'B', version: 1 }, previousData: { id: 'u1', fullName: 'A', version: 1 } })
      .catch((e) => e);
    expect(error.message).toBe('errors.STALE_VERSION');
    expect(error.status).toBe(409);
    expect(error.body.errors).toBeUndefined();
  });
});

describe('toHttpError', () => {
  it('puts field errors where react-admin forms show them, translated when we can', () => {
    const error = toHttpError(
      new ApiRequestError(400, {
        statusCode: 400,
        code: 'PASSWORD_REJECTED',
        message: 'bad',
        errors: [
          { field: 'newPassword', rule: 'notCommon', message: 'too common' },
          { field: 'openingHours.1', rule: 'strange', message: 'server text' },
        ],
      }),
      translate,
    ) as { message: string; status: number; body: { errors: Record<string, unknown> } };
    expect(error.message).toBe('errors.PASSWORD_REJECTED');
    expect(error.status).toBe(400);
    expect(error.body.errors).toEqual({
      root: { serverError: 'bad' },
      newPassword: 'T(validation.newPassword.notCommon)',
      openingHours: { '1': 'server text' },
    });
  });
});
