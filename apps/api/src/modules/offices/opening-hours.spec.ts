import { assertOpeningHours, canonicalTimeZone, isTimeZone } from './opening-hours.js';

describe('office settings', () => {
  it('accepts IANA time zones and refuses made-up ones', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('America/Bogota')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('CET1')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(isTimeZone('Europe/' + 'x'.repeat(100))).toBe(false);
  });

  it('gives the canonical spelling of a zone', () => {
    expect(canonicalTimeZone('europe/paris')).toBe('Europe/Paris');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('Europe/Atlantis')).toBeNull();
  });

  it('accepts split days and refuses reversed, overlapping or malformed spans', () => {
    expect(() =>
      assertOpeningHours({
        '1': [
          ['08:30', '12:00'],
          ['13:00', '17:00'],
        ],
      }),
    ).not.toThrow();
    expect(() => assertOpeningHours({ '8': [['08:30', '12:00']] })).toThrow(/weekday/);
    expect(() => assertOpeningHours({ '1': [['12:00', '08:30']] })).toThrow(/open before/);
    expect(() =>
      assertOpeningHours({
        '1': [
          ['08:00', '12:00'],
          ['11:00', '13:00'],
        ],
      }),
    ).toThrow(/overlap/);
    expect(() => assertOpeningHours({ '1': [['8:00', '12:00']] })).toThrow(/HH:MM/);
  });
});
