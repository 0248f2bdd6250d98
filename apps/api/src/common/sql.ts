import { createHash } from 'node:crypto';
import type { Pool, QueryResultRow } from 'pg';
import { QueryFailedError, type DataSource } from 'typeorm';

/**
 * Statements kept prepared, for the whole process. A list's SQL depends on its filters and sort
 * (values are parameters), so the number of shapes is bounded by what clients ask for; past this
 * many, further shapes run unnamed (parsed and planned each time, as TypeORM's own queries are),
 * so odd requests cannot grow each connection's statement cache without end.
 */
const MAX_PREPARED = 500;
const names = new Map<string, string>();

function statementName(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_PREPARED) {
    name = `cw_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/** Numbered parameters, `$1`, `$2`, ... in the order they are added. */
export class Params {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** A parameter added on first use only (PostgreSQL refuses a parameter it cannot type because nothing uses it). */
  lazy(value: unknown): () => string {
    let placeholder: string | undefined;
    return () => (placeholder ??= this.add(value));
  }
}

/** TypeORM's own pg pool: the hot paths share its connections and its limit. */
function pool(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}

/**
 * Runs one statement as a named prepared statement on TypeORM's pool: PostgreSQL parses it once
 * per connection and, once it has seen that a generic plan does as well as planning each time,
 * plans it once too. For the requests that run on every screen (the session check, worklist pages,
 * case detail, claim-next), where parsing and planning cost more than executing (bench/worklists).
 *
 * The statement must name its result columns (no top-level `*`): a prepared statement whose
 * result shape changes under it (a column added by a migration) fails until the server re-plans.
 * Errors come out as TypeORM's QueryFailedError, as they do from `dataSource.query`, so the error
 * filter maps them alike. Statements are logged through TypeORM's logger when logging is on.
 */
export async function prepared<T extends QueryResultRow = Record<string, unknown>>(
  dataSource: DataSource,
  text: string,
  values: unknown[],
): Promise<T[]> {
  if (dataSource.options.logging) dataSource.logger.logQuery(text, values);
  try {
    const result = await pool(dataSource).query<T>({ name: statementName(text), text, values });
    return result.rows;
  } catch (e) {
    throw new QueryFailedError(text, values, e as Error);
  }
}

/**
 * A list page and its total in one prepared statement: `count` (a statement naming its column `n`,
 * over the first `countParams` of `values`) runs as a scalar subquery the rows carry as `__total`.
 * A page past the end has no row to carry it, and is counted alone.
 */
export async function pageWithTotal(
  dataSource: DataSource,
  count: string,
  page: string,
  values: unknown[],
  countParams: number,
  offset: number,
): Promise<{ rows: Array<Record<string, unknown>>; total: number }> {
  const rows = await prepared(dataSource, `SELECT (${count}) AS "__total", ${page}`, values);
  const total = rows.length
    ? (rows[0].__total as number)
    : offset === 0
      ? 0
      : (await prepared<{ n: number }>(dataSource, count, values.slice(0, countParams)))[0].n;
  for (const r of rows) delete r.__total;
  return { rows, total };
}
