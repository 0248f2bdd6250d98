import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { authProvider } from './authProvider';
import { apiFetch, getUser, resetSessionForTests, setSession } from './session';
import { mockFetch, signedIn, user } from './testing';

beforeEach(() => resetSessionForTests());
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('authProvider', () => {
  it('logs in, keeps the token in memory only, and sends it as a bearer', async () => {
    const calls = mockFetch(({ url }) => (url === '/api/auth/login' ? signedIn('abc') : { status: 200, body: [] }));
    await authProvider.login({ email: 'camille@example.test', password: 'secret secret' });
    expect(calls[0]).toMatchObject({ method: 'POST', body: { email: 'camille@example.test', password: 'secret secret' } });
    expect(getUser()?.fullName).toBe('Camille Counsel');
    expect(localStorage.length + sessionStorage.length).toBe(0);

    await apiFetch('/users');
    expect(calls[1].headers.get('Authorization')).toBe('Bearer abc');
  });

  it('sends a user with a one-time password to the change-password page', async () => {
    mockFetch(() => ({ status: 200, body: { accessToken: 't', expiresIn: 900, user: { ...user, mustChangePassword: true } } }));
    await expect(authProvider.login({ email: 'a@b.test', password: 'x' })).resolves.toEqual({ redirectTo: '/change-password' });
  });

  it('rejects a wrong password with the translated code', async () => {
    mockFetch(() => ({ status: 401, body: { statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'no' } }));
    await expect(authProvider.login({ email: 'a@b.test', password: 'x' })).rejects.toMatchObject({ message: 'errors.INVALID_CREDENTIALS' });
    expect(getUser()).toBeNull();
  });

  it('restores the session from the refresh cookie after a reload', async () => {
    const calls = mockFetch(() => signedIn());
    await authProvider.checkAuth({});
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('/api/auth/refresh');
    expect(calls[0].method).toBe('POST');
    expect(getUser()?.id).toBe('u1');
    // Signed in now: later checks cost nothing.
    await authProvider.checkAuth({});
    expect(calls).toHaveLength(1);
  });

  it('fails checkAuth quietly when there is no session, and does not ask again', async () => {
    const calls = mockFetch(() => ({ status: 401, body: { statusCode: 401, code: 'SESSION_EXPIRED', message: 'x' } }));
    await expect(authProvider.checkAuth({})).rejects.toEqual({ message: false });
    await expect(authProvider.checkAuth({})).rejects.toEqual({ message: false });
    expect(await authProvider.getPermissions!({})).toBeUndefined();
    expect(calls).toHaveLength(1);
  });

  it('refreshes a token about to expire before the request, not on a timer', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'setInterval'] });
    let n = 0;
    const calls = mockFetch(({ url }) => (url === '/api/auth/refresh' ? signedIn(`fresh-${++n}`) : { status: 200, body: [] }));
    setSession({ accessToken: 'old', expiresIn: 900, user });

    // An idle user: nothing happens in the background, however long.
    vi.advanceTimersByTime(30 * 60_000);
    expect(calls).toHaveLength(0);

    await apiFetch('/users');
    expect(calls.map((c) => c.url)).toEqual(['/api/auth/refresh', '/api/users']);
    expect(calls[1].headers.get('Authorization')).toBe('Bearer fresh-1');
  });

  it('does not refresh a token with time left', async () => {
    const calls = mockFetch(() => ({ status: 200, body: [] }));
    setSession({ accessToken: 'good', expiresIn: 900, user });
    await apiFetch('/users');
    expect(calls.map((c) => c.url)).toEqual(['/api/users']);
  });

  it('on a 401 refreshes once and retries once', async () => {
    let usersCalls = 0;
    const calls = mockFetch(({ url }) => {
      if (url === '/api/auth/refresh') return signedIn('new');
      usersCalls += 1;
      return usersCalls === 1
        ? { status: 401, body: { statusCode: 401, code: 'SESSION_EXPIRED', message: 'x' } }
        : { status: 200, body: ['ok'] };
    });
    setSession({ accessToken: 'revoked', expiresIn: 900, user });
    await expect(apiFetch('/users')).resolves.toMatchObject({ json: ['ok'] });
    expect(calls.map((c) => c.url)).toEqual(['/api/users', '/api/auth/refresh', '/api/users']);
    expect(calls[2].headers.get('Authorization')).toBe('Bearer new');
  });

  it('gives up when the refresh is refused, and checkError then logs out', async () => {
    const calls = mockFetch(() => ({ status: 401, body: { statusCode: 401, code: 'SESSION_EXPIRED', message: 'x' } }));
    setSession({ accessToken: 'revoked', expiresIn: 900, user });
    const error = await apiFetch('/users').catch((e) => e);
    expect(error).toMatchObject({ status: 401, message: 'errors.SESSION_EXPIRED' });
    expect(calls.map((c) => c.url)).toEqual(['/api/users', '/api/auth/refresh']);
    expect(getUser()).toBeNull();
    await expect(authProvider.checkError(error)).rejects.toBeDefined();
  });

  it('shares one refresh between concurrent requests (the cookie rotates)', async () => {
    const calls = mockFetch(({ url }) => (url === '/api/auth/refresh' ? signedIn() : { status: 200, body: [] }));
    await Promise.all([apiFetch('/users'), apiFetch('/offices'), apiFetch('/regions')]);
    expect(calls.filter((c) => c.url === '/api/auth/refresh')).toHaveLength(1);
  });

  it('keeps a user who must change the password signed in, on the change-password page', async () => {
    await expect(authProvider.checkError({ status: 403, body: { code: 'PASSWORD_CHANGE_REQUIRED' } })).rejects.toEqual({
      logoutUser: false,
      redirectTo: '/change-password',
      message: false,
    });
    await expect(authProvider.checkError({ status: 403, body: { code: 'FORBIDDEN' } })).resolves.toBeUndefined();
    await expect(authProvider.checkError({ status: 409 })).resolves.toBeUndefined();
  });

  it('logs out on the server and forgets the session', async () => {
    const calls = mockFetch(() => ({ status: 204 }));
    setSession({ accessToken: 'abc', expiresIn: 900, user });
    await authProvider.logout({});
    expect(calls[0]).toMatchObject({ url: '/api/auth/logout', method: 'POST' });
    expect(calls[0].headers.get('Authorization')).toBe('Bearer abc');
    expect(getUser()).toBeNull();
    // After logout a reload-style check does not silently sign back in.
    await expect(authProvider.checkAuth({})).rejects.toEqual({ message: false });
    expect(calls).toHaveLength(1);
  });

  it('answers identity, permissions and access from the matrix', async () => {
    mockFetch(() => ({ status: 200 }));
    setSession({ accessToken: 'abc', expiresIn: 900, user });
    expect(await authProvider.getIdentity!()).toMatchObject({ id: 'u1', fullName: 'Camille Counsel' });
    expect(await authProvider.getPermissions!({})).toBe('counsellor');
    const canAccess = authProvider.canAccess!;
    expect(await canAccess({ resource: 'users', action: 'list' })).toBe(true);
    expect(await canAccess({ resource: 'users', action: 'edit' })).toBe(false);
    expect(await canAccess({ resource: 'audit-events', action: 'list' })).toBe(false);
    expect(await canAccess({ resource: 'users', action: 'delete' })).toBe(false);
    setSession({ accessToken: 'abc', expiresIn: 900, user: { ...user, role: 'admin' } });
    expect(await canAccess({ resource: 'audit-events', action: 'list' })).toBe(true);
    expect(await canAccess({ resource: 'users', action: 'create' })).toBe(true);
    expect(await canAccess({ resource: 'users', action: 'delete' })).toBe(false);
  });
});
