import { calendar, escapeText, fold } from './ical.js';

describe('iCalendar writer', () => {
  it('escapes text and folds long lines at 75 octets without splitting a character', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
    const folded = fold(`SUMMARY:${'é'.repeat(60)}`);
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(
      folded
        .split('\r\n')
        .map((l, i) => (i ? l.slice(1) : l))
        .join(''),
    ).toBe(`SUMMARY:${'é'.repeat(60)}`);
  });

  it('writes events in UTC with CRLF line ends, cancelled ones as such', () => {
    const text = calendar('Casework: Camille', [
      {
        uid: 'a1@casework',
        start: new Date('2026-12-02T08:30:00Z'),
        end: new Date('2026-12-02T09:00:00Z'),
        stamp: new Date('2026-12-01T10:00:00.123Z'),
        sequence: 2,
        summary: 'First interview · C-2026-000001',
        description: 'Case C-2026-000001. In person.',
        location: 'Northside Job Centre',
        status: 'CANCELLED',
      },
    ]);
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text).toContain('DTSTART:20261202T083000Z\r\n');
    expect(text).toContain('DTSTAMP:20261201T100000Z\r\n');
    expect(text).toContain('STATUS:CANCELLED\r\n');
    expect(text).toContain('UID:a1@casework\r\n');
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });
});
