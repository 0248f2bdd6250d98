import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Params } from '../sql.js';
import type { Grant } from './auth-user.js';

/**
 * Per scope, either a column compared with the caller's office, region or id, or a whole SQL
 * predicate using :scopeOffice, :scopeRegion or :scopeOwn (for "my cases" through a join).
 */
export interface ScopeColumns {
  office?: string;
  region?: string;
  own?: string;
}

const condition = (columnOrPredicate: string, param: string) =>
  columnOrPredicate.includes(`:${param}`) ? columnOrPredicate : `${columnOrPredicate} = :${param}`;

/** Applies a grant's scope inside the query, so out-of-scope rows are never loaded. */
export function applyScope<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, grant: Grant, columns: ScopeColumns): SelectQueryBuilder<T> {
  switch (grant.scope) {
    case 'all':
      return qb;
    case 'region':
      if (!columns.region) return qb.andWhere('false');
      return qb.andWhere(condition(columns.region, 'scopeRegion'), { scopeRegion: grant.user.regionId });
    case 'office':
      if (!columns.office) return qb.andWhere('false');
      return qb.andWhere(condition(columns.office, 'scopeOffice'), { scopeOffice: grant.user.officeId });
    case 'own':
      if (!columns.own) return qb.andWhere('false');
      return qb.andWhere(condition(columns.own, 'scopeOwn'), { scopeOwn: grant.user.id });
  }
}

/**
 * The same scope as a condition with numbered parameters, for statements written without a query
 * builder (`prepared`); null when the scope is `all`.
 */
export function scopeCondition(grant: Grant, columns: ScopeColumns, params: Params): string | null {
  const numbered = (column: string | undefined, param: string, value: string) =>
    column ? condition(column, param).replaceAll(`:${param}`, params.add(value)) : 'false';
  switch (grant.scope) {
    case 'all':
      return null;
    case 'region':
      return numbered(columns.region, 'scopeRegion', grant.user.regionId);
    case 'office':
      return numbered(columns.office, 'scopeOffice', grant.user.officeId);
    case 'own':
      return numbered(columns.own, 'scopeOwn', grant.user.id);
  }
}
