import type { EntityManager } from 'typeorm';
import type { Grant } from '../../common/auth/auth-user.js';
import { normaliseName } from './name-key.js';

export interface DuplicateCriteria {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  nationalId?: string | null;
}

export interface DuplicateCandidate {
  /** Present only when the caller may read the record. */
  id?: string;
  givenName?: string;
  familyName?: string;
  dateOfBirth?: string;
  reference: string;
  officeId: string;
  officeName: string;
  score: number;
  matched: Array<'national_id' | 'date_of_birth' | 'name' | 'swapped_name' | 'phonetic'>;
}

/** At or above this score, registering without confirming a different person is refused. */
export const LIKELY_DUPLICATE = 0.6;
const CANDIDATE = 0.4;

/**
 * Candidates for "is this person already registered?", across all offices: the same national id,
 * or the same date of birth with a similar name (trigram similarity, also with given and family
 * names swapped, or the same Double Metaphone codes). A candidate the caller may not read shows
 * only its reference, office and what matched.
 */
export async function findDuplicates(
  m: EntityManager,
  c: DuplicateCriteria,
  grant: Grant,
  visibleSql: string,
  excludeId?: string,
): Promise<DuplicateCandidate[]> {
  const given = normaliseName(c.givenName);
  const family = normaliseName(c.familyName);
  const rows: Array<Record<string, unknown>> = await m.query(
    `WITH cand AS (
       SELECT j.id, j.reference, j.given_name, j.family_name, to_char(j.date_of_birth, 'YYYY-MM-DD') AS dob,
              j.home_office_id, o.name AS office_name,
              ($4::text IS NOT NULL AND j.national_id = $4) AS nid,
              j.date_of_birth = $3::date AS same_dob,
              similarity(j.name_key, $1 || ' ' || $2) AS sim,
              similarity(j.name_key, $2 || ' ' || $1) AS sim_swapped,
              -- trigram similarity ignores word order, so say explicitly when the two names were swapped
              (similarity(lower(j.given_name), $2) >= 0.5 AND similarity(lower(j.family_name), $1) >= 0.5
                AND similarity(lower(j.given_name), $1) < 0.5) AS swapped,
              (dmetaphone(j.given_name) = dmetaphone($1) AND dmetaphone(j.family_name) = dmetaphone($2))
                OR (dmetaphone(j.given_name) = dmetaphone($2) AND dmetaphone(j.family_name) = dmetaphone($1)) AS phonetic,
              ((${visibleSql}) AND $7::uuid IS NOT NULL AND $8::uuid IS NOT NULL) AS visible
         FROM jobseekers j JOIN offices o ON o.id = j.home_office_id
        WHERE j.merged_into_id IS NULL AND ($6::uuid IS NULL OR j.id <> $6)
          AND (j.date_of_birth = $3::date OR ($4::text IS NOT NULL AND j.national_id = $4))
     )
     SELECT * FROM cand
      WHERE nid OR (same_dob AND (greatest(sim, sim_swapped) >= $5 OR phonetic))
      LIMIT 20`,
    [given, family, c.dateOfBirth, c.nationalId?.toUpperCase() ?? null, CANDIDATE, excludeId ?? null, grant.user.officeId, grant.user.id],
  );
  return rows
    .map((r) => {
      const sim = Number(r.sim);
      const swapped = Number(r.sim_swapped);
      const matched: DuplicateCandidate['matched'] = [];
      if (r.nid) matched.push('national_id');
      if (r.same_dob) matched.push('date_of_birth');
      if (sim >= CANDIDATE) matched.push('name');
      if (r.swapped) matched.push('swapped_name');
      if (r.phonetic) matched.push('phonetic');
      const nameScore = Math.max(sim, swapped, r.phonetic ? 0.85 : 0);
      const score = r.nid ? 1 : r.same_dob ? Math.round(nameScore * 100) / 100 : 0;
      const base = {
        reference: r.reference as string,
        officeId: r.home_office_id as string,
        officeName: r.office_name as string,
        score,
        matched,
      };
      return r.visible
        ? {
            id: r.id as string,
            givenName: r.given_name as string,
            familyName: r.family_name as string,
            dateOfBirth: r.dob as string,
            ...base,
          }
        : base;
    })
    .filter((c) => c.score >= CANDIDATE)
    .sort((a, b) => b.score - a.score);
}
