/** One factor of a stored profiling result, as the API returns it. */
export interface Factor {
  factor: string;
  points: number;
  params: Record<string, string | number | boolean>;
  /** The model's own English wording, kept with the result. */
  reason: string;
  groups: string[];
}

/**
 * The translation key and arguments for a factor's reason, so the explanation reads in the user's
 * language. The variant follows the values the rule looked at (its `params`) and its points, as
 * the model (`pes-profiling-2026.1`, apps/api/src/modules/triage/profiling-model.ts) wrote them.
 * A factor this screen does not know (a later model version) returns null: show the model's text.
 */
export function reasonKey(f: Factor): { key: string; args: Record<string, unknown> } | null {
  const p = f.params ?? {};
  switch (f.factor) {
    case 'months_unemployed':
      return { key: f.points >= 3 ? 'months_unemployed_long' : 'months_unemployed_rising', args: { months: p.months } };
    case 'age_education': {
      const age = Number(p.age);
      const variant = age < 25 ? 'youth' : f.points >= 3 ? 'older_low' : 'older';
      return { key: `age_education_${variant}`, args: { age } };
    }
    case 'digital_skills':
      return p.digitalSkills === 'none' || p.digitalSkills === 'basic' ? { key: `digital_skills_${p.digitalSkills}`, args: {} } : null;
    case 'migrant_status':
      return { key: p.migrantStatus === 'migrant' ? 'migrant_status_migrant' : 'migrant_status_refugee', args: {} };
    case 'disability':
    case 'language_needs':
    case 'rural_residence':
    case 'career_break':
      return { key: f.factor, args: {} };
    default:
      return null;
  }
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** The reason in the user's language, or the model's own text for a factor unknown here. */
export function reasonText(f: Factor, translate: Translate): string {
  const known = reasonKey(f);
  return known ? translate(`cw_case.reasons.${known.key}`, { ...known.args, _: f.reason }) : f.reason;
}
