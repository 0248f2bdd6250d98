import { apiFetch, ApiRequestError } from '../providers/session';

/** JSON POST through the session; returns status and body (204 has no body). */
export async function postJson<T = unknown>(path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const { status, json } = await apiFetch(path, { method: 'POST', body: body === undefined ? '{}' : JSON.stringify(body) });
  return { status, json: json as T };
}

export async function getJson<T = unknown>(path: string): Promise<T> {
  return (await apiFetch(path)).json as T;
}

/** The translation key of an API error (errors.<CODE>). */
export function errorKey(error: unknown): string {
  if (error instanceof ApiRequestError) return `errors.${error.code}`;
  return 'errors.INTERNAL_ERROR';
}

export function errorCode(error: unknown): string | undefined {
  return error instanceof ApiRequestError ? error.code : undefined;
}

export function errorBody<T = Record<string, unknown>>(error: unknown): T | undefined {
  return error instanceof ApiRequestError ? (error.body as T | undefined) : undefined;
}
