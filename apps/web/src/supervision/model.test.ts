import { describe, expect, it } from 'vitest';
import { assigneeOptions, caseloadRows, chartMax, fitsRole, projectedLoad, summarise, type Caseload } from './model';

const person = (over: Partial<Caseload>): Caseload => ({
  id: 'x',
  fullName: 'X',
  role: 'counsellor',
  active: true,
  away: false,
  cap: 10,
  openCases: 0,
  routineCases: 0,
  targetedCases: 0,
  load: 0,
  overCap: false,
  version: 1,
  ...over,
});

describe('caseload rows', () => {
  const rows = caseloadRows([
    person({ id: 's1', fullName: 'Sami', role: 'specialist', cap: 40, load: 44, targetedCases: 22, openCases: 22 }),
    person({ id: 'c1', fullName: 'Camille', cap: 120, load: 60, routineCases: 60, openCases: 60 }),
    person({ id: 'c2', fullName: 'Chidi', cap: 100, load: 90, away: true }),
    person({ id: 'c3', fullName: 'Dana', cap: null, load: 5, active: false }),
  ]);

  it('puts counsellors first, the most loaded against their cap first', () => {
    expect(rows.map((r) => r.id)).toEqual(['c2', 'c1', 'c3', 's1']);
  });

  it('gives load against cap as figures a table can show', () => {
    expect(rows.find((r) => r.id === 's1')).toMatchObject({ load: 44, cap: 40, overCap: true, overBy: 4, percent: 110 });
    expect(rows.find((r) => r.id === 'c1')).toMatchObject({ overCap: false, overBy: -60, percent: 50, availability: 'available' });
    expect(rows.find((r) => r.id === 'c2')?.availability).toBe('away');
    expect(rows.find((r) => r.id === 'c3')).toMatchObject({
      cap: null,
      overBy: null,
      percent: null,
      overCap: false,
      availability: 'inactive',
    });
  });

  it('ends the chart axis past the largest load or cap', () => {
    expect(chartMax(rows)).toBe(140);
    expect(chartMax([])).toBe(5);
    expect(chartMax(caseloadRows([person({ load: 12, cap: 10 })]))).toBe(15);
  });
});

describe('bulk assignment', () => {
  const routineNew = { track: null, recommendedTrack: 'routine' as const, assignedTo: null };
  const targetedAway = { track: 'targeted' as const, recommendedTrack: 'targeted' as const, assignedTo: 's-away' };

  it('summarises the selection by the track that decides who may take it', () => {
    expect(summarise([routineNew, routineNew, targetedAway])).toEqual({ count: 3, routine: 2, targeted: 1, undecided: 2, mixed: true });
    expect(summarise([routineNew])).toMatchObject({ mixed: false, undecided: 1 });
  });

  it('matches roles to tracks as the API does', () => {
    expect(fitsRole('counsellor', summarise([routineNew]))).toBe(true);
    expect(fitsRole('specialist', summarise([routineNew]))).toBe(false);
    expect(fitsRole('specialist', summarise([targetedAway]))).toBe(true);
    expect(fitsRole('counsellor', summarise([routineNew, targetedAway]))).toBe(false);
  });

  it('projects the load: targeted cases weigh two, a person’s own cases nothing more', () => {
    expect(projectedLoad({ id: 'c1', load: 10 }, [routineNew, routineNew])).toBe(12);
    expect(projectedLoad({ id: 's1', load: 10 }, [targetedAway])).toBe(12);
    expect(projectedLoad({ id: 's-away', load: 10 }, [targetedAway])).toBe(10);
  });

  it('offers active people only, available and of the right role first, the most room first', () => {
    const options = assigneeOptions(
      [
        person({ id: 'full', cap: 10, load: 9 }),
        person({ id: 'roomy', cap: 10, load: 2 }),
        person({ id: 'away', cap: 10, load: 0, away: true }),
        person({ id: 'gone', active: false }),
        person({ id: 'spec', role: 'specialist', cap: 40, load: 0 }),
      ],
      summarise([routineNew]),
    );
    expect(options.map((p) => p.id)).toEqual(['roomy', 'full', 'spec', 'away']);
  });
});
