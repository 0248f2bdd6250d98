import { describe, expect, it } from 'vitest';
import { openingHoursError, withDay } from './openingHours';

describe('opening hours', () => {
  it('accepts ordered spans and closed days', () => {
    expect(
      openingHoursError({
        '1': [
          ['08:30', '12:30'],
          ['13:30', '17:00'],
        ],
        '6': [],
      }),
    ).toBeUndefined();
    expect(openingHoursError({})).toBeUndefined();
    expect(openingHoursError(null)).toBeUndefined();
  });

  it('refuses what the API refuses', () => {
    expect(openingHoursError({ '1': [['8:30', '12:00']] })).toBe('resources.offices.opening_hours.invalid_time');
    expect(openingHoursError({ '2': [['12:00', '09:00']] })).toBe('resources.offices.opening_hours.order');
    expect(
      openingHoursError({
        '3': [
          ['09:00', '12:00'],
          ['11:00', '14:00'],
        ],
      }),
    ).toBe('resources.offices.opening_hours.order');
  });

  it('edits one day, drops days left empty and keeps weekday order', () => {
    const hours = { '5': [['09:00', '12:00']] as Array<[string, string]>, '1': [['09:00', '12:00']] as Array<[string, string]> };
    const next = withDay(hours, '3', [['10:00', '11:00']]);
    expect(Object.keys(next)).toEqual(['1', '3', '5']);
    expect(withDay(next, '5', [])).toEqual({ '1': [['09:00', '12:00']], '3': [['10:00', '11:00']] });
  });
});
