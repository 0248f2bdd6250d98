import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
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
