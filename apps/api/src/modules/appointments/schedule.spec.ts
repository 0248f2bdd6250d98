import { DEFAULT_OPENING_HOURS } from '../offices/opening-hours.js';
import { freeSlots, localTime, openingProblem, zonedInstant } from './schedule.js';

const at = (s: string) => Date.parse(s);
const PARIS = 'Europe/Paris';

describe('office calendar', () => {
  it('reads instants on the office’s wall clock, across summer time', () => {
    // Wednesday 2 December 2026: Paris is UTC+1.
    expect(localTime(at('2026-12-02T08:30:00Z'), PARIS)).toEqual({ date: '2026-12-02', weekday: 3, minutes: 9 * 60 + 30 });
    // Summer: UTC+2; and late evening UTC is already the next local day.
    expect(localTime(at('2026-07-01T07:00:00Z'), PARIS)).toMatchObject({ date: '2026-07-01', minutes: 9 * 60 });
    expect(localTime(at('2026-12-06T23:30:00Z'), PARIS)).toMatchObject({ date: '2026-12-07', weekday: 1 });
    expect(localTime(at('2026-12-02T14:00:00Z'), 'America/Bogota')).toMatchObject({ date: '2026-12-02', minutes: 9 * 60 });
  });

  it('turns a local date and time back into the instant, on either side of a change of offset', () => {
    expect(new Date(zonedInstant('2026-12-02', 9 * 60, PARIS)).toISOString()).toBe('2026-12-02T08:00:00.000Z');
    expect(new Date(zonedInstant('2026-07-01', 9 * 60, PARIS)).toISOString()).toBe('2026-07-01T07:00:00.000Z');
    // 29 March 2026: clocks go from 02:00 to 03:00; 10:00 that day is already summer time.
    expect(new Date(zonedInstant('2026-03-29', 10 * 60, PARIS)).toISOString()).toBe('2026-03-29T08:00:00.000Z');
    expect(new Date(zonedInstant('2026-10-25', 10 * 60, PARIS)).toISOString()).toBe('2026-10-25T09:00:00.000Z');
  });

  describe('openingProblem', () => {
    const check = (start: string, end: string, closures: Array<{ startsOn: string; endsOn: string }> = []) =>
      openingProblem(at(start), at(end), PARIS, DEFAULT_OPENING_HOURS, closures);

    it('accepts a booking within one opening span, edges included', () => {
      expect(check('2026-12-02T07:30:00Z', '2026-12-02T08:00:00Z')).toBeNull(); // 08:30-09:00
      expect(check('2026-12-02T11:00:00Z', '2026-12-02T11:30:00Z')).toBeNull(); // 12:00-12:30
      expect(check('2026-12-04T14:30:00Z', '2026-12-04T15:00:00Z')).toBeNull(); // Friday 15:30-16:00
    });

    it('refuses a booking before opening, across the lunch break, after closing or on a day without hours', () => {
      expect(check('2026-12-02T07:00:00Z', '2026-12-02T07:45:00Z')).toMatchObject({ code: 'OUTSIDE_OPENING_HOURS' }); // 08:00
      expect(check('2026-12-02T11:15:00Z', '2026-12-02T12:45:00Z')).toMatchObject({ code: 'OUTSIDE_OPENING_HOURS' }); // 12:15-13:45
      expect(check('2026-12-04T15:00:00Z', '2026-12-04T15:30:00Z')).toMatchObject({ code: 'OUTSIDE_OPENING_HOURS' }); // Friday 16:00
      expect(check('2026-12-05T09:00:00Z', '2026-12-05T09:30:00Z')).toMatchObject({
        code: 'OUTSIDE_OPENING_HOURS',
        message: expect.stringContaining('does not open'),
      });
      // Half a minute past closing is past closing.
      expect(check('2026-12-02T15:30:00Z', '2026-12-02T16:00:30Z')).toMatchObject({ code: 'OUTSIDE_OPENING_HOURS' });
    });

    it('refuses a closure day, a range included', () => {
      expect(check('2026-12-25T09:00:00Z', '2026-12-25T09:30:00Z', [{ startsOn: '2026-12-24', endsOn: '2026-12-26' }])).toMatchObject({
        code: 'OFFICE_CLOSED',
        rule: 'closed',
      });
      expect(check('2026-12-23T09:00:00Z', '2026-12-23T09:30:00Z', [{ startsOn: '2026-12-24', endsOn: '2026-12-26' }])).toBeNull();
    });
  });

  describe('freeSlots', () => {
    const base = {
      duration: 30,
      step: 15,
      timeZone: PARIS,
      hours: DEFAULT_OPENING_HOURS,
      closures: [] as Array<{ startsOn: string; endsOn: string }>,
      busy: [] as Array<[number, number]>,
      notBefore: 0,
    };
    const iso = (slots: Array<[number, number]>) => slots.map(([s]) => new Date(s).toISOString().slice(11, 16));

    it('lays a grid over each opening span of the day, in local time', () => {
      const slots = freeSlots({ ...base, from: at('2026-12-02T00:00:00Z'), to: at('2026-12-03T00:00:00Z') });
      // 08:30-12:30 and 13:30-17:00 local, 30-minute slots every 15 minutes: 15 + 13.
      expect(slots).toHaveLength(28);
      expect(iso(slots).slice(0, 3)).toEqual(['07:30', '07:45', '08:00']);
      expect(iso(slots)).toContain('11:00'); // 12:00-12:30 local, the last of the morning
      expect(iso(slots)).not.toContain('11:15');
      expect(slots.every(([s, e]) => e - s === 30 * 60_000)).toBe(true);
    });

    it('leaves out booked times, closure days, weekends and the past', () => {
      const from = at('2026-12-04T00:00:00Z'); // Friday
      const to = at('2026-12-08T00:00:00Z'); // Monday night, Tuesday 7th not included
      const busy: Array<[number, number]> = [[at('2026-12-04T08:00:00Z'), at('2026-12-04T09:00:00Z')]];
      const slots = freeSlots({ ...base, from, to, busy, closures: [{ startsOn: '2026-12-07', endsOn: '2026-12-07' }] });
      const days = new Set(slots.map(([s]) => new Date(s).toISOString().slice(0, 10)));
      expect([...days]).toEqual(['2026-12-04']);
      // Nothing overlapping 09:00-10:00 local: the slots starting 08:45 to 09:45 local go.
      expect(iso(slots)).toEqual(expect.arrayContaining(['07:30', '09:00']));
      for (const gone of ['07:45', '08:00', '08:15', '08:30', '08:45']) expect(iso(slots)).not.toContain(gone);
      const later = freeSlots({ ...base, from, to: at('2026-12-05T00:00:00Z'), notBefore: at('2026-12-04T14:00:00Z') });
      expect(iso(later)).toEqual(['14:00', '14:15', '14:30']);
    });

    it('stops at the end of the period', () => {
      const slots = freeSlots({ ...base, from: at('2026-12-02T07:30:00Z'), to: at('2026-12-02T08:30:00Z') });
      expect(iso(slots)).toEqual(['07:30', '07:45', '08:00']);
    });
  });
});
