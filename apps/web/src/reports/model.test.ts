import { describe, expect, it } from 'vitest';
import {
  EQUITY_METRICS,
  type CaseloadOfficeRow,
  type CaseloadReportRow,
  type EquityFigures,
  type EquityRow,
  type ReportFigure,
  type ReportScopeOptions,
} from '@casework/contracts';
import {
  csvFallbackName,
  equityGap,
  filterParams,
  formatFigure,
  formatGap,
  freshness,
  officeLoads,
  officeChoices,
  periodValid,
  readFilters,
  reportPath,
  reportQuery,
  retryAfterSeconds,
  teamRows,
  worstGaps,
  type Translate,
} from './model';

/** Polyglot's interpolation, enough to read what a screen would say. */
const texts: Record<string, string> = {
  'cw_reports.equity.suppressed': 'suppressed (fewer than %{count})',
  'cw_reports.equity.no_data': 'no data',
  'cw_reports.units.days': '%{value} days',
  'cw_reports.units.points': '%{value} points',
};
const translate: Translate = (key, options = {}) => (texts[key] ?? key).replace(/%\{(\w+)\}/g, (_, name) => String(options[name]));

const figure = (value: number | null, suppressed = false): ReportFigure => ({ value, numerator: null, denominator: null, suppressed });

const scope: ReportScopeOptions = {
  chooseRegion: true,
  chooseOffice: true,
  regions: [
    {
      id: 'r1',
      name: 'North',
      offices: [
        { id: 'o2', name: 'Riverside' },
        { id: 'o1', name: 'Northside' },
      ],
    },
    { id: 'r2', name: 'South', offices: [{ id: 'o3', name: 'Harbour' }] },
  ],
  defaultFrom: '2025-07',
  defaultTo: '2026-06',
};

describe('report filters', () => {
  it('reads the address and keeps only what the caller may choose', () => {
    expect(readFilters(new URLSearchParams('regionId=r1&officeId=o2&from=2026-01&to=2026-03'), scope)).toEqual({
      regionId: 'r1',
      officeId: 'o2',
      from: '2026-01',
      to: '2026-03',
    });
    // An office of another region, an unknown region and malformed months fall back.
    expect(readFilters(new URLSearchParams('regionId=r1&officeId=o3&from=2026-13&to=x'), scope)).toEqual({
      regionId: 'r1',
      officeId: undefined,
      from: '2025-07',
      to: '2026-06',
    });
    expect(readFilters(new URLSearchParams('regionId=zz&officeId=o1'), { ...scope, chooseOffice: false })).toEqual({
      regionId: undefined,
      officeId: undefined,
      from: '2025-07',
      to: '2026-06',
    });
  });

  it('lists the offices of the chosen region, by name', () => {
    expect(officeChoices(scope, 'r1').map((o) => o.name)).toEqual(['Northside', 'Riverside']);
    expect(officeChoices(scope).map((o) => o.id)).toEqual(['o3', 'o1', 'o2']);
  });

  it('checks the period', () => {
    expect(periodValid({ from: '2026-01', to: '2026-01' })).toBe(true);
    expect(periodValid({ from: '2026-02', to: '2026-01' })).toBe(false);
    expect(periodValid({ from: '2026-1', to: '2026-02' })).toBe(false);
  });

  it('builds report queries and paths (no period for the caseload snapshot)', () => {
    const f = { officeId: 'o1', from: '2026-01', to: '2026-03' };
    expect(reportQuery('caseload', f)).toEqual({ officeId: 'o1' });
    expect(reportPath('deadlines', reportQuery('deadlines', f))).toBe('/reports/deadlines?officeId=o1&from=2026-01&to=2026-03');
    expect(reportPath('caseload', { officeId: 'o1', offset: 0, limit: 100 })).toBe('/reports/caseload?officeId=o1&offset=0&limit=100');
    expect(reportPath('caseload', {})).toBe('/reports/caseload');
  });

  it('leaves the default period out of the address', () => {
    expect(filterParams({ from: '2025-07', to: '2026-06' }, scope).toString()).toBe('');
    expect(filterParams({ regionId: 'r2', from: '2026-01', to: '2026-06' }, scope).toString()).toBe('regionId=r2&from=2026-01&to=2026-06');
  });
});

describe('freshness', () => {
  const now = new Date('2026-06-15T10:44:00');
  it('says the time and how far behind', () => {
    const asOf = new Date('2026-06-15T10:42:00');
    expect(freshness({ dataAsOf: asOf.toISOString(), lagSeconds: 125 }, 'en-GB', now)).toEqual({
      when: '10:42',
      lagKey: 'cw_reports.freshness.lag_minutes',
      lagCount: 2,
      stale: false,
    });
    expect(freshness({ dataAsOf: asOf.toISOString(), lagSeconds: 20 }, 'en-GB', now).lagKey).toBe('cw_reports.freshness.lag_none');
  });
  it('adds the date when it is not today, and flags figures over a quarter of an hour behind', () => {
    const f = freshness({ dataAsOf: new Date('2026-06-14T23:10:00').toISOString(), lagSeconds: 7300 }, 'en-GB', now);
    expect(f.when).toBe('14 Jun, 23:10');
    expect(f).toMatchObject({ lagKey: 'cw_reports.freshness.lag_hours', lagCount: 2, stale: true });
  });
});

describe('equity gaps', () => {
  it('is suppressed when either side is, and never reads as zero', () => {
    expect(equityGap('employmentRate', figure(null, true), figure(0.3))).toEqual({ state: 'suppressed' });
    expect(equityGap('employmentRate', figure(0.3), figure(null, true))).toEqual({ state: 'suppressed' });
    expect(equityGap('employmentRate', figure(null), figure(0.3))).toEqual({ state: 'none' });
    expect(formatFigure('share', figure(null, true), translate, 'en-GB')).toBe('suppressed (fewer than 5)');
    expect(formatFigure('cases', figure(0), translate, 'en-GB')).toBe('0');
  });

  it('highlights 5 points or more in a rate, judged by which way is better', () => {
    expect(equityGap('employmentRate', figure(0.25), figure(0.3))).toEqual({
      state: 'gap',
      diff: -0.05,
      direction: 'lower',
      notable: true,
      tone: 'worse',
    });
    expect(equityGap('noShowRate', figure(0.05), figure(0.12))).toMatchObject({ tone: 'better' });
    expect(equityGap('employmentRate', figure(0.33), figure(0.3))).toMatchObject({ notable: false, tone: 'plain' });
    // No better way for the targeted share: a gap is notable, not good or bad.
    expect(equityGap('targetedShare', figure(0.6), figure(0.25))).toMatchObject({ direction: 'higher', tone: 'notable' });
  });

  it('highlights 20 % or more of the others’ figure in days and appointments', () => {
    expect(equityGap('medianDaysToFirstAppointment', figure(12), figure(10))).toMatchObject({ diff: 2, tone: 'worse' });
    expect(equityGap('medianDaysToFirstAppointment', figure(11), figure(10))).toMatchObject({ notable: false });
    expect(equityGap('appointmentsPerCase', figure(1), figure(0))).toMatchObject({ notable: true, tone: 'notable' });
    expect(equityGap('appointmentsPerCase', figure(2), figure(2))).toMatchObject({ direction: 'same', notable: false });
  });

  it('sums up the gaps that leave a group worse off, the largest first', () => {
    const figures = (over: Partial<EquityFigures>): EquityFigures => ({
      ...(Object.fromEntries(['cases', ...EQUITY_METRICS].map((m) => [m, figure(0.5)])) as EquityFigures),
      ...over,
    });
    const rows: EquityRow[] = [
      { dimension: 'group', key: 'rural', figures: figures({ employmentRate: figure(0.3) }), rest: figures({}) },
      {
        dimension: 'group',
        key: 'disability',
        figures: figures({ noShowRate: figure(0.6), medianDaysToFirstAppointment: figure(30) }),
        rest: figures({ medianDaysToFirstAppointment: figure(10) }),
      },
      { dimension: 'gender', key: 'female', figures: figures({ employmentRate: figure(null, true) }), rest: figures({}) },
    ];
    expect(worstGaps(rows).map((g) => `${g.row.key}:${g.metric}`)).toEqual([
      'disability:medianDaysToFirstAppointment',
      'rural:employmentRate',
      'disability:noShowRate',
    ]);
    expect(worstGaps(rows, 1)).toHaveLength(1);
  });

  it('writes gaps with their sign', () => {
    expect(formatGap('share', 0.08, translate, 'en-GB')).toBe('+8 points');
    expect(formatGap('days', -3.5, translate, 'en-GB')).toBe('-3.5 days');
    expect(formatGap('count', 0, translate, 'en-GB')).toBe('0');
  });
});

const row = (over: Partial<CaseloadReportRow>): CaseloadReportRow => ({
  staffId: 's1',
  staffName: 'Ana',
  role: 'counsellor',
  officeId: 'o1',
  officeName: 'Northside',
  openCases: 10,
  routineCases: 10,
  targetedCases: 0,
  weightedLoad: 10,
  cap: 20,
  overdueItems: 1,
  active: true,
  away: false,
  ...over,
});

describe('caseload figures', () => {
  it('gives each office its load as a share of what it can carry today', () => {
    const office = (over: Partial<CaseloadOfficeRow>): CaseloadOfficeRow => ({
      officeId: 'o1',
      officeName: 'Northside',
      staff: 4,
      openCases: 40,
      weightedLoad: 49,
      capacity: 45,
      uncapped: 1,
      overCap: 1,
      overdueItems: 5,
      unassignedCases: 2,
      ...over,
    });
    const loads = officeLoads([
      office({ officeId: 'o0', officeName: 'Harbour', weightedLoad: 0, capacity: 10 }),
      office({}),
      office({ officeId: 'o2', capacity: 0 }),
    ]);
    expect(loads.map((o) => o.officeName)).toEqual(['Harbour', 'Northside', 'Northside']);
    expect(loads[1]).toMatchObject({ staff: 4, load: 49, capacity: 45, uncapped: 1, overCap: 1, overdueItems: 5 });
    expect(loads[1].share).toBeCloseTo(49 / 45);
    expect(loads[0].share).toBe(0);
    expect(loads[2].share).toBeNull();
  });

  it('keeps the report’s order, most loaded first, whatever the role', () => {
    const rows = teamRows([
      row({ staffId: 'c', role: 'specialist', weightedLoad: 50, cap: 40 }),
      row({ staffId: 'b', weightedLoad: 25, overdueItems: 0 }),
      row({ staffId: 'a', weightedLoad: 5, overdueItems: 3 }),
    ]);
    expect(rows.map((r) => [r.id, r.overCap, r.overdueItems])).toEqual([
      ['c', true, 1],
      ['b', true, 0],
      ['a', false, 3],
    ]);
  });
});

describe('CSV downloads', () => {
  it('falls back to a name with the report and its period', () => {
    expect(csvFallbackName('outcomes', { from: '2026-01', to: '2026-06' })).toBe('casework-outcomes-2026-01_2026-06.csv');
    expect(csvFallbackName('caseload', {}, new Date('2026-06-15T08:00:00Z'))).toBe('casework-caseload-2026-06-15.csv');
  });

  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterSeconds('30')).toBe(30);
    expect(retryAfterSeconds('Mon, 15 Jun 2026 10:01:00 GMT', Date.parse('2026-06-15T10:00:00Z'))).toBe(60);
    expect(retryAfterSeconds(null)).toBeNull();
    expect(retryAfterSeconds('soon')).toBeNull();
  });
});
