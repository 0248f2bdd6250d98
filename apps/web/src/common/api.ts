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

type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * What to tell the user about a failed call: the first field error in the screen's own words
 * (`<prefix>.<field>.<rule>`), else the translated error code.
 */
export function errorText(error: unknown, translate: Translate, prefix: string): string {
  const first = error instanceof ApiRequestError ? error.body?.errors?.[0] : undefined;
  const general = translate(errorKey(error));
  if (!first?.field || !first.rule) return general;
  return translate(`${prefix}.${first.field}.${first.rule}`, { _: general });
}

/** A list path in the simple-rest dialect: filter, sort and an inclusive range, each as JSON. */
export function listPath(
  path: string,
  { filter, sort, range }: { filter?: Record<string, unknown>; sort?: [string, 'ASC' | 'DESC']; range?: [number, number] },
): string {
  const params = new URLSearchParams();
  if (filter) params.set('filter', JSON.stringify(filter));
  if (sort) params.set('sort', JSON.stringify(sort));
  if (range) params.set('range', JSON.stringify(range));
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
