export const ROLES = ['front_desk', 'counsellor', 'specialist', 'supervisor', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PRIORITY_GROUPS = [
  'long_term_unemployed',
  'youth_at_risk',
  'older_worker',
  'woman_returner',
  'migrant_refugee',
  'rural',
  'disability',
  'low_digital_skills',
] as const;
export type PriorityGroup = (typeof PRIORITY_GROUPS)[number];

export const LANGUAGES = ['en', 'fr', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];
