import simpleRestProvider from 'ra-data-simple-rest';
import { HttpError, type DataProvider, type RaRecord } from 'react-admin';
import { API_BASE, apiFetch, ApiRequestError } from './session';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** JSON with object keys sorted, so that key order never counts as a change. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** Compares two JSON-like values (records hold plain data: strings, numbers, arrays, objects). */
function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/**
 * The fields of `data` that differ from `previousData`, plus `version`: the API
 * wants a PATCH with only the changed fields and the version they were read at.
 */
export function diffForPatch(data: Record<string, unknown>, previousData: Record<string, unknown> | undefined): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (key === 'version' || key === 'id') continue;
    if (!previousData || !sameValue(value, previousData[key])) patch[key] = value;
  }
  patch.version = previousData?.version ?? data.version;
  return patch;
}

/**
 * Turns an API error into the HttpError react-admin expects: the message is the
 * translation key of the error code, and field errors go in `body.errors` so
 * forms show them next to the fields.
 */
export function toHttpError(error: unknown, translate: Translate): unknown {
  if (!(error instanceof ApiRequestError)) return error;
  const fieldErrors = (error.body?.errors ?? []).filter((e) => e.field && e.field !== 'version');
  let errors: Record<string, unknown> | undefined;
  if (fieldErrors.length) {
    errors = { root: { serverError: translate(error.message, { _: error.body?.message ?? error.message }) } };
    for (const { field, rule, message } of fieldErrors) {
      // Most specific translation first, then the rule, then the server's own (English) message.
      const text = translate(`validation.${field}.${rule}`, { _: translate(`validation.${rule}`, { _: message }) });
      setPath(errors, field, text);
    }
  }
  return new HttpError(error.message, error.status, { ...error.body, errors });
}

/** Sets a dotted path ("openingHours.1") in a nested object, as react-hook-form names fields. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}

/** fetchJson-compatible client for ra-data-simple-rest, going through the session (bearer, refresh). */
async function httpClient(url: string, options: RequestInit = {}) {
  const path = url.startsWith(API_BASE) ? url.slice(API_BASE.length) : url;
  const { status, headers, json } = await apiFetch(path, options);
  return { status, headers, body: JSON.stringify(json ?? null), json };
}

export function createDataProvider(translate: Translate): DataProvider {
  const base = simpleRestProvider(API_BASE, httpClient as never);
  const wrap = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw toHttpError(error, translate);
    }
  };
  const noDelete = async (): Promise<never> => {
    // Records are deactivated, never deleted: no screen offers deletion.
    throw new HttpError('errors.FORBIDDEN', 405, { code: 'FORBIDDEN', message: 'Deleting is not supported' });
  };

  return {
    getList: (resource, params) =>
      wrap(async () => {
        const result = await base.getList(resource, params);
        if (!Number.isNaN(result.total)) return result;
        // A total of `*` (a work item list past the API's count cap): react-admin's partial
        // pagination, previous and next pages without "of N".
        const { page = 1, perPage = 25 } = params.pagination ?? {};
        return { data: result.data, pageInfo: { hasPreviousPage: page > 1, hasNextPage: result.data.length === perPage } };
      }),
    getOne: (resource, params) => wrap(() => base.getOne(resource, params)),
    getMany: (resource, params) => wrap(() => base.getMany(resource, params)),
    getManyReference: (resource, params) => wrap(() => base.getManyReference(resource, params)),
    create: (resource, params) => wrap(() => base.create(resource, params)),
    update: (resource, params) =>
      wrap(async () => {
        const body = diffForPatch(params.data as Record<string, unknown>, params.previousData as Record<string, unknown>);
        const { json } = await apiFetch(`/${resource}/${encodeURIComponent(String(params.id))}`, {
          method: 'PATCH',
          body: JSON.stringify(body),
        });
        return { data: json as RaRecord };
      }) as never,
    updateMany: () =>
      Promise.reject(new HttpError('errors.BAD_REQUEST', 400, { code: 'BAD_REQUEST', message: 'Bulk updates are not supported' })),
    delete: noDelete,
    deleteMany: noDelete,
    /** POST to a custom route (reset-password and the like). */
    post: (path: string, body?: unknown) =>
      wrap(async () => (await apiFetch(path, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) })).json),
  };
}

export type CaseworkDataProvider = ReturnType<typeof createDataProvider> & {
  post: (path: string, body?: unknown) => Promise<unknown>;
};
