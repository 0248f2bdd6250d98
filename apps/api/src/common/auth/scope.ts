import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Grant } from './auth-user.js';

export interface ScopeColumns {
  office?: string;
  region?: string;
  own?: string;
}

/** Applies a grant's scope inside the query, so out-of-scope rows are never loaded. */
export function applyScope<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, grant: Grant, columns: ScopeColumns): SelectQueryBuilder<T> {
  switch (grant.scope) {
    case 'all':
      return qb;
    case 'region':
      if (!columns.region) return qb.andWhere('false');
      return qb.andWhere(`${columns.region} = :scopeRegion`, { scopeRegion: grant.user.regionId });
    case 'office':
      if (!columns.office) return qb.andWhere('false');
      return qb.andWhere(`${columns.office} = :scopeOffice`, { scopeOffice: grant.user.officeId });
    case 'own':
      if (!columns.own) return qb.andWhere('false');
      return qb.andWhere(`${columns.own} = :scopeOwn`, { scopeOwn: grant.user.id });
  }
}
