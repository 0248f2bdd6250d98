import type { Grant } from '../../common/auth/auth-user.js';

/** "My jobseekers": an open case assigned to me, or a work item on their case I hold. */
export const OWN_JOBSEEKER = (alias: string, me: string) => `EXISTS (
  SELECT 1 FROM cases c WHERE c.jobseeker_id = ${alias}.id AND c.status <> 'closed'
    AND (c.assigned_to = ${me} OR EXISTS (SELECT 1 FROM work_items w WHERE w.case_id = c.id AND w.status = 'claimed' AND w.claimed_by = ${me})))`;

/** Scope predicates for the jobseekers table (alias j), for applyScope. */
export const JOBSEEKER_SCOPE = {
  office: 'j.home_office_id',
  region: 'j.home_office_id IN (SELECT id FROM offices WHERE region_id = :scopeRegion)',
  own: OWN_JOBSEEKER('j', ':scopeOwn'),
};

/** The same, as positional SQL for raw queries ($office, $me placeholders given by the caller). */
export function visibleJobseekerSql(grant: Grant, office: string, me: string): string {
  switch (grant.user.role) {
    case 'front_desk':
    case 'supervisor':
      return `j.home_office_id = ${office}`;
    case 'counsellor':
    case 'specialist':
      return OWN_JOBSEEKER('j', me);
    default:
      return 'false';
  }
}

/**
 * Sensitive fields: the assigned counsellor or specialist of an open case, and the supervisors of
 * the jobseeker's office. Front desk records them but afterwards sees only whether each is set.
 */
export const SEES_SENSITIVE_SQL = (alias: string, me: string, office: string, role: string) => `(
  (${role} = 'supervisor' AND ${alias}.home_office_id = ${office})
  OR (${role} IN ('counsellor', 'specialist') AND EXISTS (
    SELECT 1 FROM cases c WHERE c.jobseeker_id = ${alias}.id AND c.status <> 'closed' AND c.assigned_to = ${me})))`;
