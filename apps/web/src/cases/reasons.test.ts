import { describe, expect, it } from 'vitest';
import { reasonKey, reasonText, type Factor } from './reasons';
import { casesEn } from '../i18n/cases/en';

const factor = (f: Partial<Factor> & Pick<Factor, 'factor' | 'points'>): Factor => ({ params: {}, reason: 'model text', groups: [], ...f });

// A tiny stand-in for polyglot: looks the key up in the English catalogue and fills %{name}.
const translate = (key: string, options: Record<string, unknown> = {}) => {
  const text = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], casesEn);
  if (typeof text !== 'string') return String(options._ ?? key);
  return text.replace(/%\{(\w+)\}/g, (_m, name: string) => String(options[name]));
};

describe('profiling reasons in the user’s language', () => {
  it('tells long-term from rising unemployment by the points the rule gave', () => {
    expect(reasonKey(factor({ factor: 'months_unemployed', points: 3, params: { months: 14 } }))).toEqual({
      key: 'months_unemployed_long',
      args: { months: 14 },
    });
    expect(reasonText(factor({ factor: 'months_unemployed', points: 1, params: { months: 7 } }), translate)).toBe(
      'Unemployed for 7 months: the risk of long-term unemployment is rising.',
    );
  });

  it('tells young people with low qualifications from older workers with and without them', () => {
    expect(reasonKey(factor({ factor: 'age_education', points: 3, params: { age: 19, educationLevel: 1 } }))?.key).toBe(
      'age_education_youth',
    );
    expect(reasonKey(factor({ factor: 'age_education', points: 3, params: { age: 58, educationLevel: 2 } }))?.key).toBe(
      'age_education_older_low',
    );
    expect(reasonText(factor({ factor: 'age_education', points: 2, params: { age: 61, educationLevel: 6 } }), translate)).toBe(
      'Aged 61: older workers face longer job searches.',
    );
  });

  it('words each other factor of the model', () => {
    const keys = [
      factor({ factor: 'digital_skills', points: 2, params: { digitalSkills: 'none' } }),
      factor({ factor: 'digital_skills', points: 1, params: { digitalSkills: 'basic' } }),
      factor({ factor: 'disability', points: 2 }),
      factor({ factor: 'language_needs', points: 2 }),
      factor({ factor: 'migrant_status', points: 1, params: { migrantStatus: 'migrant' } }),
      factor({ factor: 'migrant_status', points: 2, params: { migrantStatus: 'asylum_seeker' } }),
      factor({ factor: 'rural_residence', points: 1 }),
      factor({ factor: 'career_break', points: 1 }),
    ].map((f) => reasonKey(f)?.key);
    expect(keys).toEqual([
      'digital_skills_none',
      'digital_skills_basic',
      'disability',
      'language_needs',
      'migrant_status_migrant',
      'migrant_status_refugee',
      'rural_residence',
      'career_break',
    ]);
    for (const key of keys) expect(Object.keys(casesEn.cw_case.reasons)).toContain(key);
  });

  it('shows the model’s own text for a factor it does not know', () => {
    expect(reasonText(factor({ factor: 'new_rule_2027', points: 1, reason: 'A reason from a later model.' }), translate)).toBe(
      'A reason from a later model.',
    );
  });
});
