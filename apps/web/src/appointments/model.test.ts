import { describe, expect, it } from 'vitest';
import { addDays, canRecordOutcome, channelRefusal, defaultChannel, localDay, slotsByDay, weekStart } from './model';

describe('channels offered to a client', () => {
  it('refuses video to a client without digital skills or who asked to be seen in person', () => {
    expect(channelRefusal('video', { digitalSkills: 'none', preferredChannel: 'video' })).toBe('no_digital_skills');
    expect(channelRefusal('video', { digitalSkills: 'good', preferredChannel: 'in_person' })).toBe('prefers_in_person');
    expect(channelRefusal('video', { digitalSkills: 'basic', preferredChannel: 'phone' })).toBeNull();
    expect(channelRefusal('phone', { digitalSkills: 'none', preferredChannel: 'in_person' })).toBeNull();
  });

  it('proposes the client’s own channel when it can be offered', () => {
    expect(defaultChannel({ digitalSkills: 'good', preferredChannel: 'video' })).toBe('video');
    expect(defaultChannel({ digitalSkills: 'none', preferredChannel: 'video' })).toBe('in_person');
    expect(defaultChannel({ digitalSkills: 'none', preferredChannel: 'phone' })).toBe('phone');
    expect(defaultChannel({ digitalSkills: 'good', preferredChannel: 'online' })).toBe('in_person');
    expect(defaultChannel(undefined)).toBe('in_person');
  });
});

describe('slots and weeks', () => {
  it('groups free slots by the local day they start on, in order', () => {
    const at = (d: number, h: number, m = 0) => new Date(2026, 11, d, h, m).toISOString();
    const groups = slotsByDay([
      { staffId: 'b', startsAt: at(3, 9), endsAt: at(3, 9, 30) },
      { staffId: 'a', startsAt: at(2, 14), endsAt: at(2, 14, 30) },
      { staffId: 'a', startsAt: at(3, 9), endsAt: at(3, 9, 30) },
      { staffId: 'a', startsAt: at(2, 9), endsAt: at(2, 9, 30) },
    ]);
    expect(groups.map((g) => g.day)).toEqual(['2026-12-02', '2026-12-03']);
    expect(groups[0].slots.map((s) => new Date(s.startsAt).getHours())).toEqual([9, 14]);
    expect(groups[1].slots.map((s) => s.staffId)).toEqual(['a', 'b']);
  });

  it('starts weeks on Monday, local time', () => {
    expect(localDay(weekStart(new Date(2026, 11, 3, 15)))).toBe('2026-11-30'); // a Thursday
    expect(localDay(weekStart(new Date(2026, 11, 6, 23)))).toBe('2026-11-30'); // the Sunday
    expect(localDay(weekStart(new Date(2026, 11, 7, 0)))).toBe('2026-12-07');
    expect(localDay(weekStart(new Date(2026, 11, 3), 1))).toBe('2026-12-07');
    expect(localDay(addDays(new Date(2026, 11, 31), 1))).toBe('2027-01-01');
  });

  it('records an outcome only for a scheduled appointment that has begun', () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    expect(canRecordOutcome({ status: 'scheduled', startsAt: '2026-12-01T09:30:00Z' }, now)).toBe(true);
    expect(canRecordOutcome({ status: 'scheduled', startsAt: '2026-12-01T10:30:00Z' }, now)).toBe(false);
    expect(canRecordOutcome({ status: 'attended', startsAt: '2026-12-01T09:30:00Z' }, now)).toBe(false);
  });
});
