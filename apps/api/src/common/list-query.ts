import type { FastifyReply } from 'fastify';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { invalidField } from './errors.js';

/** How one filter field maps to SQL. `eq` accepts a list too (react-admin's getMany sends {id: [...]}). */
export interface FilterSpec {
  column: string;
  type: 'uuid' | 'string' | 'boolean' | 'int' | 'timestamp' | 'enum';
  op?: 'eq' | 'gte' | 'lte' | 'search';
  values?: readonly string[];
}

export interface ListSpec {
  /** Resource name for Content-Range. */
  resource: string;
  /** Sortable fields: API name -> SQL expression. */
  sort: Record<string, string>;
  filters: Record<string, FilterSpec>;
  defaultSort: [string, 'ASC' | 'DESC'];
  /** Column that breaks ties so pages are stable. */
  tieBreaker: string;
  /**
   * Sort fields a keyset cursor may follow (columns that are never NULL): deep pages of a worklist
   * then cost what the first page costs, where OFFSET walks and throws away every row before.
   */
  keyset?: readonly string[];
}

export interface ListQuery {
  sort: [string, 'ASC' | 'DESC'];
  offset: number;
  limit: number;
  filter: Record<string, unknown>;
  /** The last row of the previous page: its sort value (as text, keeping microseconds) and id. */
  cursor?: { value: string; id: string };
}

export const MAX_PAGE = 100;
const DEFAULT_PAGE = 25;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parseJson(name: string, raw: unknown): unknown {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') throw invalidField(name, 'json', `${name} must be a JSON value`);
  try {
    return JSON.parse(raw);
  } catch {
    throw invalidField(name, 'json', `${name} must be valid JSON`);
  }
}

/** Parses react-admin's simple-rest list parameters; unknown sort or filter fields are a 400. */
export function parseListQuery(query: Record<string, unknown>, spec: ListSpec): ListQuery {
  const known = new Set(['sort', 'range', 'filter', ...(spec.keyset ? ['cursor'] : [])]);
  for (const key of Object.keys(query)) {
    if (!known.has(key)) throw invalidField(key, 'unknown', `${key} is not an accepted query parameter`);
  }
  let sort = spec.defaultSort;
  const rawSort = parseJson('sort', query.sort);
  if (rawSort !== undefined) {
    if (!Array.isArray(rawSort) || rawSort.length !== 2 || typeof rawSort[0] !== 'string') {
      throw invalidField('sort', 'format', 'sort must be ["field","ASC"|"DESC"]');
    }
    const [field, order] = rawSort as [string, unknown];
    // Own keys only: `in` would accept constructor, toString or __proto__ from the prototype.
    if (!Object.hasOwn(spec.sort, field)) {
      throw invalidField('sort', 'allowed', `sort field "${field}" is not one of: ${Object.keys(spec.sort).join(', ')}`);
    }
    const dir = String(order).toUpperCase();
    if (dir !== 'ASC' && dir !== 'DESC') throw invalidField('sort', 'order', 'sort order must be ASC or DESC');
    sort = [field, dir];
  }

  let offset = 0;
  let limit = DEFAULT_PAGE;
  const rawRange = parseJson('range', query.range);
  if (rawRange !== undefined) {
    if (
      !Array.isArray(rawRange) ||
      rawRange.length !== 2 ||
      !rawRange.every((n) => Number.isSafeInteger(n) && n >= 0) ||
      rawRange[1] < rawRange[0]
    ) {
      throw invalidField('range', 'format', 'range must be [start,end] with 0 <= start <= end');
    }
    offset = rawRange[0];
    limit = rawRange[1] - rawRange[0] + 1;
    if (limit > MAX_PAGE) throw invalidField('range', 'max', `a page holds at most ${MAX_PAGE} records`);
  }

  const parsedFilter = parseJson('filter', query.filter);
  const rawFilter = parsedFilter === undefined ? {} : parsedFilter;
  if (typeof rawFilter !== 'object' || rawFilter === null || Array.isArray(rawFilter)) {
    throw invalidField('filter', 'format', 'filter must be a JSON object');
  }
  const filter: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(rawFilter)) {
    const fs = Object.hasOwn(spec.filters, field) ? spec.filters[field] : undefined;
    if (!fs)
      throw invalidField(`filter.${field}`, 'allowed', `filter field "${field}" is not one of: ${Object.keys(spec.filters).join(', ')}`);
    filter[field] = coerce(field, fs, value);
  }
  if (query.cursor === undefined || query.cursor === '') return { sort, offset, limit, filter };
  if (!spec.keyset?.includes(sort[0])) {
    throw invalidField('cursor', 'allowed', `a cursor follows only these sorts: ${spec.keyset?.join(', ') ?? 'none'}`);
  }
  return { sort, offset, limit, filter, cursor: decodeCursor(query.cursor) };
}

/** A cursor is opaque to clients: base64url of JSON [sort value as text, id]. */
export function encodeCursor(value: string, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

function decodeCursor(raw: unknown): { value: string; id: string } {
  const bad = () => invalidField('cursor', 'format', 'cursor must be a value returned in X-Next-Cursor');
  if (typeof raw !== 'string' || raw.length > 500 || !/^[A-Za-z0-9_-]+$/.test(raw)) throw bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    typeof parsed[0] !== 'string' ||
    typeof parsed[1] !== 'string' ||
    !UUID.test(parsed[1])
  )
    throw bad();
  if (parsed[0].includes('\u0000')) throw bad();
  return { value: parsed[0], id: parsed[1] };
}

/** The SQL giving a row's sort value as text, for the next cursor (a JS Date would drop microseconds). */
export function cursorColumn(list: ListQuery, spec: ListSpec): string {
  return `(${spec.sort[list.sort[0]]})::text`;
}

/**
 * Takes the cursor column (selected as `__cursor`) off the rows and, when the page is full, sets
 * X-Next-Cursor to the position after its last row.
 */
export function setNextCursor(res: FastifyReply, list: ListQuery, rows: Array<Record<string, unknown>>): void {
  const last = rows[rows.length - 1];
  if (last && rows.length === list.limit) res.header('X-Next-Cursor', encodeCursor(String(last.__cursor), String(last.id)));
  for (const r of rows) delete r.__cursor;
}

function coerceOne(field: string, fs: FilterSpec, value: unknown): unknown {
  const name = `filter.${field}`;
  switch (fs.type) {
    case 'uuid':
      if (typeof value !== 'string' || !UUID.test(value)) throw invalidField(name, 'isUuid', `${name} must be a UUID`);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw invalidField(name, 'isBoolean', `${name} must be true or false`);
      return value;
    case 'int':
      if (!Number.isSafeInteger(value)) throw invalidField(name, 'isInt', `${name} must be an integer`);
      return value;
    case 'timestamp': {
      const bounds = typeof value === 'string' ? timeBounds(value) : null;
      if (!bounds) throw invalidField(name, 'isDate', `${name} must be an ISO 8601 date (YYYY-MM-DD) or date-time`);
      return bounds;
    }
    case 'enum':
      if (typeof value !== 'string' || !fs.values?.includes(value)) {
        throw invalidField(name, 'isIn', `${name} must be one of: ${fs.values?.join(', ')}`);
      }
      return value;
    default:
      if (typeof value !== 'string' || value.length > 200)
        throw invalidField(name, 'isString', `${name} must be a string of at most 200 characters`);
      if (value.includes('\u0000')) throw invalidField(name, 'isString', `${name} must not contain NUL characters`);
      return value;
  }
}

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * A filter time as a half-open interval [start, end) of UTC instants, at the precision written
 * (at most milliseconds, the precision the API shows): "2026-11-26" is that whole UTC day,
 * "2026-11-26T10:15" that minute, "2026-11-26T10:15:00.123Z" that millisecond, so filtering on an
 * event's own `at` finds it although the database keeps microseconds. No offset means UTC,
 * whatever the database session's time zone.
 */
export function timeBounds(value: string): { start: string; end: string } | null {
  const m = ISO_TIME.exec(value);
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', sec, frac, zone = 'Z'] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, sec ?? '00'].map(Number);
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
  const ms = (frac ?? '').slice(0, 3).padEnd(3, '0');
  const start = new Date(`${y}-${mo}-${d}T${h}:${mi}:${sec ?? '00'}.${ms}${zone}`);
  if (Number.isNaN(start.getTime())) return null;
  const step = m[4] === undefined ? 86_400_000 : sec === undefined ? 60_000 : frac === undefined ? 1000 : 1;
  return { start: start.toISOString(), end: new Date(start.getTime() + step).toISOString() };
}

function coerce(field: string, fs: FilterSpec, value: unknown): unknown {
  if (Array.isArray(value)) {
    if ((fs.op ?? 'eq') !== 'eq' || fs.type === 'timestamp')
      throw invalidField(`filter.${field}`, 'format', `filter.${field} takes a single value`);
    if (value.length > MAX_PAGE) throw invalidField(`filter.${field}`, 'max', `filter.${field} takes at most ${MAX_PAGE} values`);
    return value.map((v) => coerceOne(field, fs, v));
  }
  return coerceOne(field, fs, value);
}

/** Puts a value into a statement: returns its placeholder (`$3`, or `:lf0` for a query builder). */
export type Placeholder = (value: unknown) => string;

/** Enum values come from the filter spec's own list; as literals, a prepared statement can still match partial indexes. */
const ENUM_LITERAL = /^[a-z_]+$/;
const enumValue = (value: unknown, ph: Placeholder) => (typeof value === 'string' && ENUM_LITERAL.test(value) ? `'${value}'` : ph(value));

/**
 * The parsed filters as SQL conditions (not the cursor, order or page): what a page and its count
 * share. Enum and boolean values, checked against fixed lists by `parseListQuery`, are written as
 * literals; everything else goes through `ph` as a parameter.
 */
export function filterConditions(list: ListQuery, spec: ListSpec, ph: Placeholder): string[] {
  const out: string[] = [];
  for (const [field, value] of Object.entries(list.filter)) {
    const fs = spec.filters[field];
    const op = fs.op ?? 'eq';
    if (fs.type === 'timestamp') {
      // A time filter names a span ([start, end) at the precision written): gte from its start,
      // lte up to its end, eq within it.
      const { start, end } = value as { start: string; end: string };
      if (op !== 'lte') out.push(`${fs.column} >= ${ph(start)}`);
      if (op !== 'gte') out.push(`${fs.column} < ${ph(end)}`);
    } else if (Array.isArray(value)) {
      if (!value.length) out.push('false');
      else if (fs.type === 'enum') out.push(`${fs.column} IN (${value.map((v) => enumValue(v, ph)).join(', ')})`);
      else out.push(`${fs.column} = ANY(${ph(value)})`);
    } else if (op === 'gte') out.push(`${fs.column} >= ${ph(value)}`);
    else if (op === 'lte') out.push(`${fs.column} <= ${ph(value)}`);
    else if (op === 'search') out.push(`${fs.column} ILIKE ${ph(`%${String(value).replace(/[\\%_]/g, '\\$&')}%`)}`);
    else if (fs.type === 'boolean') out.push(`${fs.column} = ${value === true ? 'true' : 'false'}`);
    else if (fs.type === 'enum') out.push(`${fs.column} = ${enumValue(value, ph)}`);
    else out.push(`${fs.column} = ${ph(value)}`);
  }
  return out;
}

/** Rows after the cursor in (sort, tie-breaker) order: one index range, however deep the page. */
export function cursorCondition(list: ListQuery, spec: ListSpec, ph: Placeholder): string | null {
  if (!list.cursor) return null;
  const [field, dir] = list.sort;
  const cmp = dir === 'ASC' ? '>' : '<';
  if (spec.sort[field] === spec.tieBreaker) return `${spec.tieBreaker} ${cmp} ${ph(list.cursor.id)}`;
  return `(${spec.sort[field]}, ${spec.tieBreaker}) ${cmp} (${ph(list.cursor.value)}, ${ph(list.cursor.id)})`;
}

/** The list's ORDER BY terms: the sort field, then the tie-breaker. */
export function orderTerms(list: ListQuery, spec: ListSpec): string {
  const [field, dir] = list.sort;
  const column = spec.sort[field];
  return column === spec.tieBreaker ? `${column} ${dir}` : `${column} ${dir}, ${spec.tieBreaker} ${dir}`;
}

/** LIMIT and OFFSET: the page size as a literal (at most 100 values), a deep offset as a parameter. */
export function pageClause(list: ListQuery, ph: Placeholder): string {
  const offset = list.cursor ? 0 : list.offset;
  return offset ? `LIMIT ${list.limit} OFFSET ${ph(offset)}` : `LIMIT ${list.limit}`;
}

/** A placeholder that adds named parameters to a query builder. */
function builderPlaceholder<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, prefix: string): Placeholder {
  let i = 0;
  return (value) => {
    const key = `${prefix}${i++}`;
    qb.setParameter(key, value);
    return `:${key}`;
  };
}

/** Adds the parsed filters (not the cursor, order or page) to a query builder: what a count needs. */
export function applyListFilters<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  list: ListQuery,
  spec: ListSpec,
): SelectQueryBuilder<T> {
  for (const condition of filterConditions(list, spec, builderPlaceholder(qb, 'lf'))) qb.andWhere(condition);
  return qb;
}

/** Adds the parsed filters, order and page to a query builder. */
export function applyListQuery<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, list: ListQuery, spec: ListSpec): SelectQueryBuilder<T> {
  applyListFilters(qb, list, spec);
  const after = cursorCondition(list, spec, builderPlaceholder(qb, 'cursor'));
  if (after) qb.andWhere(after);
  const [field, dir] = list.sort;
  qb.orderBy(spec.sort[field], dir);
  if (spec.sort[field] !== spec.tieBreaker) qb.addOrderBy(spec.tieBreaker, dir);
  return qb.offset(list.cursor ? 0 : list.offset).limit(list.limit);
}

/** react-admin reads the total from Content-Range (exposed through CORS); `null` writes an unknown total, `*`. */
export function setContentRange(res: FastifyReply, resource: string, list: ListQuery, count: number, total: number | null): void {
  const range = count ? `${list.offset}-${list.offset + count - 1}` : '*';
  res.header('Content-Range', `${resource} ${range}/${total ?? '*'}`);
}
