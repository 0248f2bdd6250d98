import { ageOn, MODEL_VERSION, profile, type ProfilingInput } from './profiling-model.js';

const TODAY = '2026-11-26';
const base: ProfilingInput = {
  dateOfBirth: '1990-05-10',
  unemployedSince: '2026-10-01',
  educationLevel: 4,
  digitalSkills: 'good',
  disability: false,
  interpreterNeeded: false,
  migrantStatus: 'none',
  rural: false,
  careerBreak: false,
  gender: null,
};

describe('profiling model', () => {
  it('recommends routine support with no reasons for someone recently unemployed with no barriers', () => {
    const r = profile(base, TODAY);
    expect(r).toMatchObject({ modelVersion: MODEL_VERSION, score: 0, recommendedTrack: 'routine', priorityGroups: [], factors: [] });
  });

  it('routes a long-term unemployed older worker with no digital skills to targeted support, one reason per factor', () => {
    const r = profile({ ...base, dateOfBirth: '1965-01-15', unemployedSince: '2025-08-01', digitalSkills: 'none' }, TODAY);
    expect(r.factors.map((f) => [f.factor, f.points])).toEqual([
      ['months_unemployed', 3],
      ['age_education', 2],
      ['digital_skills', 2],
    ]);
    expect(r.score).toBe(7);
    expect(r.recommendedTrack).toBe('targeted');
    expect(r.priorityGroups).toEqual(['long_term_unemployed', 'older_worker', 'low_digital_skills']);
    expect(r.factors[0].reason).toBe('Unemployed for 15 months: after a year out of work, finding a job alone gets much harder.');
  });

  it('derives youth at risk from age together with education, not age alone', () => {
    expect(profile({ ...base, dateOfBirth: '2005-03-01', educationLevel: 2 }, TODAY).priorityGroups).toEqual(['youth_at_risk']);
    expect(profile({ ...base, dateOfBirth: '2005-03-01', educationLevel: 5 }, TODAY).priorityGroups).toEqual([]);
  });

  it('gives career-break points to everyone but derives woman_returner only from a self-described gender', () => {
    const man = profile({ ...base, careerBreak: true, gender: 'male' }, TODAY);
    const woman = profile({ ...base, careerBreak: true, gender: 'Female' }, TODAY);
    expect(man.score).toBe(woman.score);
    expect(man.priorityGroups).toEqual([]);
    expect(woman.priorityGroups).toEqual(['woman_returner']);
  });

  it('counts the threshold as targeted', () => {
    // disability 2 + interpreter 2 = 4
    const r = profile({ ...base, disability: true, interpreterNeeded: true }, TODAY);
    expect(r.score).toBe(4);
    expect(r.recommendedTrack).toBe('targeted');
  });

  it('computes ages and months on calendar dates', () => {
    expect(ageOn('2000-11-27', TODAY)).toBe(25);
    expect(ageOn('2000-11-26', TODAY)).toBe(26);
    expect(profile({ ...base, unemployedSince: '2025-11-27' }, TODAY).factors[0].params).toEqual({ months: 11 });
    expect(profile({ ...base, unemployedSince: '2025-11-26' }, TODAY).factors[0].params).toEqual({ months: 12 });
  });

  it('is deterministic', () => {
    const input = { ...base, rural: true, migrantStatus: 'refugee' as const };
    expect(profile(input, TODAY)).toEqual(profile(input, TODAY));
  });
});
