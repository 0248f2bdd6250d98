/**
 * Which notes of a readable case a caller sees: `case_team` notes go to everyone who may read the
 * case; `restricted` ones to their author, the case's assigned counsellor or specialist and the
 * supervisors of the case's office. Callers apply the case's own read scope first (CASE_SCOPE);
 * this narrows it. Placeholders are SQL expressions (named or positional parameters).
 */
export const NOTE_VISIBLE = (n: string, c: string, me: string, office: string, role: string) =>
  `(${n}.visibility = 'case_team' OR ${n}.author_id = ${me} OR ${c}.assigned_to = ${me} OR (${role} = 'supervisor' AND ${c}.office_id = ${office}))`;

/** The largest note body, in characters (as PostgreSQL counts them). */
export const NOTE_MAX_LENGTH = 20_000;
