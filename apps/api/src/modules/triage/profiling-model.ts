/**
 * The profiling model: a transparent points model, one rule per factor, each with a plain-language
 * reason. It recommends a track and derives priority groups; a person always confirms or overrides.
 * Change a rule => bump MODEL_VERSION, so every stored result can be explained by the rules it used.
 */
import type { PriorityGroup } from '@casework/contracts';

export const MODEL_VERSION = 'pes-profiling-2026.1';

/** At or above this score the model recommends targeted support. */
export const TARGETED_THRESHOLD = 4;

export type Track = 'routine' | 'targeted';
export type DigitalSkills = 'none' | 'basic' | 'good';
export type MigrantStatus = 'none' | 'migrant' | 'refugee' | 'asylum_seeker';

export interface ProfilingInput {
  /** YYYY-MM-DD */
  dateOfBirth: string;
  /** YYYY-MM-DD, or null when not unemployed (e.g. at risk of losing a job). */
  unemployedSince: string | null;
  /** ISCED 2011 level 0..8 */
  educationLevel: number;
  digitalSkills: DigitalSkills;
  disability: boolean;
  interpreterNeeded: boolean;
  migrantStatus: MigrantStatus;
  rural: boolean;
  careerBreak: boolean;
  /** Self-described and optional; only used to derive the woman_returner group, never for points. */
  gender: string | null;
}

export interface Factor {
  factor: string;
  points: number;
  /** The values the rule looked at, so the web app can phrase the reason in any language. */
  params: Record<string, string | number | boolean>;
  reason: string;
  groups: PriorityGroup[];
}

export interface ProfilingResult {
  modelVersion: string;
  score: number;
  threshold: number;
  recommendedTrack: Track;
  priorityGroups: PriorityGroup[];
  factors: Factor[];
}

function wholeMonthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  return (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
}

export function ageOn(dateOfBirth: string, today: string): number {
  return Math.floor(wholeMonthsBetween(dateOfBirth, today) / 12);
}

type Rule = (input: ProfilingInput, today: string) => Factor | null;

const RULES: Rule[] = [
  (i, today) => {
    if (!i.unemployedSince) return null;
    const months = Math.max(0, wholeMonthsBetween(i.unemployedSince, today));
    if (months >= 12) {
      return {
        factor: 'months_unemployed',
        points: 3,
        params: { months },
        reason: `Unemployed for ${months} months: after a year out of work, finding a job alone gets much harder.`,
        groups: ['long_term_unemployed'],
      };
    }
    if (months >= 6) {
      return {
        factor: 'months_unemployed',
        points: 1,
        params: { months },
        reason: `Unemployed for ${months} months: the risk of long-term unemployment is rising.`,
        groups: [],
      };
    }
    return null;
  },
  (i, today) => {
    const age = ageOn(i.dateOfBirth, today);
    if (age < 25 && i.educationLevel <= 2) {
      return {
        factor: 'age_education',
        points: 3,
        params: { age, educationLevel: i.educationLevel },
        reason: `Aged ${age} without upper secondary education: young people with low qualifications need early support.`,
        groups: ['youth_at_risk'],
      };
    }
    if (age >= 55) {
      const low = i.educationLevel <= 2;
      return {
        factor: 'age_education',
        points: low ? 3 : 2,
        params: { age, educationLevel: i.educationLevel },
        reason: low
          ? `Aged ${age} with low formal qualifications: older workers face longer searches, more so without qualifications.`
          : `Aged ${age}: older workers face longer job searches.`,
        groups: ['older_worker'],
      };
    }
    return null;
  },
  (i) => {
    if (i.digitalSkills === 'none') {
      return {
        factor: 'digital_skills',
        points: 2,
        params: { digitalSkills: i.digitalSkills },
        reason: 'No digital skills: online job search and self-service are out of reach without help.',
        groups: ['low_digital_skills'],
      };
    }
    if (i.digitalSkills === 'basic') {
      return {
        factor: 'digital_skills',
        points: 1,
        params: { digitalSkills: i.digitalSkills },
        reason: 'Basic digital skills: some help with online applications may be needed.',
        groups: [],
      };
    }
    return null;
  },
  (i) =>
    i.disability
      ? {
          factor: 'disability',
          points: 2,
          params: {},
          reason: 'Has a disability: workplace accommodations and specialised services may be needed.',
          groups: ['disability'],
        }
      : null,
  (i) =>
    i.interpreterNeeded
      ? {
          factor: 'language_needs',
          points: 2,
          params: {},
          reason: 'Needs an interpreter: language support is needed to use the services and apply for jobs.',
          groups: [],
        }
      : null,
  (i) =>
    i.migrantStatus !== 'none'
      ? {
          factor: 'migrant_status',
          points: i.migrantStatus === 'migrant' ? 1 : 2,
          params: { migrantStatus: i.migrantStatus },
          reason:
            i.migrantStatus === 'migrant'
              ? 'Recently arrived migrant: recognition of qualifications and local networks may be missing.'
              : 'Refugee or asylum seeker: right-to-work checks, recognition of qualifications and local networks may be missing.',
          groups: ['migrant_refugee'],
        }
      : null,
  (i) =>
    i.rural
      ? {
          factor: 'rural_residence',
          points: 1,
          params: {},
          reason: 'Lives in a rural area: fewer vacancies and services are within reach.',
          groups: ['rural'],
        }
      : null,
  (i) =>
    i.careerBreak
      ? {
          factor: 'career_break',
          points: 1,
          params: {},
          reason: 'Returning after a career break or with caring responsibilities: skills and confidence may need updating.',
          groups:
            (i.gender ?? '').trim().toLowerCase() === 'female' || (i.gender ?? '').trim().toLowerCase() === 'woman'
              ? ['woman_returner']
              : [],
        }
      : null,
];

/** Runs every rule on `today` (YYYY-MM-DD, in the office's time zone). Pure: same input, same result. */
export function profile(input: ProfilingInput, today: string): ProfilingResult {
  const factors = RULES.map((rule) => rule(input, today)).filter((f): f is Factor => f !== null);
  const score = factors.reduce((sum, f) => sum + f.points, 0);
  const priorityGroups = [...new Set(factors.flatMap((f) => f.groups))];
  return {
    modelVersion: MODEL_VERSION,
    score,
    threshold: TARGETED_THRESHOLD,
    recommendedTrack: score >= TARGETED_THRESHOLD ? 'targeted' : 'routine',
    priorityGroups,
    factors,
  };
}
