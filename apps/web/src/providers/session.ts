import type { ApiError, CurrentUser, LoginResponse } from '@casework/contracts';

/**
 * The signed-in session, kept in memory only: the access token never goes to
 * localStorage or sessionStorage. After a reload the session is restored from
 * the httpOnly refresh cookie, which JavaScript cannot read.
 */
interface Session {
  token: string;
  /** Epoch milliseconds at which the access token expires. */
  expiresAt: number;
  user: CurrentUser;
}

/** Refresh when a request is made with less than this left on the token. */
export const REFRESH_MARGIN_MS = 60_000;

export const API_BASE = '/api';

let session: Session | null = null;
let refreshing: Promise<Session> | null = null;
/** Set once a refresh has been refused: no point asking again until the next sign-in or reload. */
let signedOut = false;
const listeners = new Set<() => void>();

/** An API error with its parsed body; `message` is the translation key `errors.<CODE>`. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError | undefined,
    readonly headers?: Headers,
  ) {
    super(`errors.${body?.code ?? codeForStatus(status)}`);
  }
  get code(): string {
    return this.body?.code ?? codeForStatus(this.status);
  }
}

function codeForStatus(status: number): string {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 503) return 'SERVICE_UNAVAILABLE';
  if (status >= 500 || status === 0) return 'INTERNAL_ERROR';
  return 'BAD_REQUEST';
}

export function getUser(): CurrentUser | null {
  return session?.user ?? null;
}

export function hasToken(): boolean {
  return session !== null;
}

export function setSession(response: LoginResponse): CurrentUser {
  signedOut = false;
  session = {
    token: response.accessToken,
    expiresAt: Date.now() + response.expiresIn * 1000,
    user: response.user,
  };
  listeners.forEach((l) => l());
  return response.user;
}

export function clearSession(): void {
  session = null;
  listeners.forEach((l) => l());
}

/** Lets React components re-render when the session changes (useSyncExternalStore). */
export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** POSTs to an /api/auth route that answers a LoginResponse, and keeps the new session. */
export async function authRequest(path: string, body?: unknown, withToken = false): Promise<CurrentUser> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (withToken && session) headers.Authorization = `Bearer ${session.token}`;
  const response = await fetch(`${API_BASE}${path}`, {
    method: 'POST',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'include',
  });
  const json = await readBody(response);
  if (!response.ok) throw new ApiRequestError(response.status, json as ApiError | undefined, response.headers);
  return setSession(json as LoginResponse);
}

/**
 * Runs `task` while holding a lock shared by every tab of the app. Tabs share
 * the refresh cookie, and the server revokes a session whose old cookie is
 * presented again: two tabs refreshing at once would sign the user out.
 */
function acrossTabs<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? locks.request('casework-refresh', task) : task();
}

/**
 * Trades the refresh cookie for a new access token. Concurrent callers in this
 * tab share one request, since the server rotates the cookie on every refresh.
 */
export function refreshSession(): Promise<Session> {
  if (signedOut) return Promise.reject(new ApiRequestError(401, undefined));
  if (!refreshing) {
    refreshing = acrossTabs(() => authRequest('/auth/refresh'))
      .then(() => session as Session)
      .catch((error) => {
        // Only a refusal ends the session here; a network failure may pass.
        if (error instanceof ApiRequestError && error.status === 401) {
          clearSession();
          signedOut = true;
        }
        throw error;
      })
      .finally(() => {
        refreshing = null;
      });
  }
  return refreshing;
}

/**
 * Makes sure a usable token is at hand before a request: restores the session
 * after a reload, or refreshes a token about to expire. Nothing runs on a
 * timer, so an idle user's session is left to the server's idle timeout.
 */
export async function ensureFreshToken(): Promise<void> {
  if (!session || session.expiresAt - Date.now() < REFRESH_MARGIN_MS) await refreshSession();
}

/** fetch() for the API with the bearer token; a 401 gets one refresh and one retry. Answers the response as it is. */
async function authorisedFetch(path: string, init: RequestInit): Promise<Response> {
  await ensureFreshToken();
  const send = () => {
    const headers = new Headers(init.headers);
    if (!headers.has('Accept')) headers.set('Accept', 'application/json');
    if (init.body !== undefined && !headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
    headers.set('Authorization', `Bearer ${session?.token ?? ''}`);
    return fetch(`${API_BASE}${path}`, { ...init, headers, credentials: 'include' });
  };
  let response = await send();
  if (response.status === 401) {
    await refreshSession();
    response = await send();
  }
  return response;
}

/**
 * fetch() for the API with the bearer token. A 401 gets one refresh and one
 * retry; if that fails too the error goes up and react-admin logs the user out.
 */
export async function apiFetch(path: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; json: unknown }> {
  const response = await authorisedFetch(path, init);
  const json = await readBody(response);
  if (!response.ok) throw new ApiRequestError(response.status, json as ApiError | undefined, response.headers);
  return { status: response.status, headers: response.headers, json };
}

/**
 * A file from the API (a PDF) as a Blob, fetched with the bearer token like any other request:
 * the token never goes into an address. Errors come back as JSON and are thrown as apiFetch does.
 */
export async function apiFetchBlob(path: string, accept: string): Promise<{ blob: Blob; headers: Headers }> {
  const response = await authorisedFetch(path, { headers: { Accept: `${accept}, application/json` } });
  if (!response.ok) throw new ApiRequestError(response.status, (await readBody(response)) as ApiError | undefined, response.headers);
  return { blob: await response.blob(), headers: response.headers };
}

/**
 * Ends the session on the server and forgets it here. The token is refreshed
 * first if needed: an expired token would leave the server session (and its
 * cookie) alive, and a reload would then sign the user back in.
 */
export async function endSession(): Promise<void> {
  if (session) {
    try {
      await apiFetch('/auth/logout', { method: 'POST' });
    } catch {
      // Refresh failed or the session already ended: either way it is over on the server.
    }
  }
  clearSession();
  signedOut = true;
}

/** Unit tests only: forget everything, as a page reload would. */
export function resetSessionForTests(): void {
  session = null;
  refreshing = null;
  signedOut = false;
}

/** Changes the password; the server answers with a new session and ends all others. */
export async function changePassword(currentPassword: string, newPassword: string): Promise<CurrentUser> {
  await ensureFreshToken();
  return authRequest('/auth/password', { currentPassword, newPassword }, true);
}
