import type { OpeningHours } from '@casework/contracts';

/**
 * Office calendars, computed in the office's own time zone: whether a booking lies within one
 * opening span of its local day and off the closure days, and the free slots of a staff member.
 * Pure functions: the service reads the office, its closures and the busy times in SQL first.
 */

export interface Closure {
  /** First and last closed local day, inclusive (YYYY-MM-DD). */
  startsOn: string;
  endsOn: string;
}

export interface LocalTime {
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
  /** ISO weekday, 1 (Monday) to 7 (Sunday). */
  weekday: number;
  /** Minutes since local midnight, with seconds as a fraction. */
  minutes: number;
}

const MINUTE = 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function wallClock(at: number, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(at)) parts[p.type] = p.value;
  return { y: +parts.year, mo: +parts.month, d: +parts.day, h: +parts.hour % 24, mi: +parts.minute, s: +parts.second };
}

/** ISO weekday of a YYYY-MM-DD date. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** YYYY-MM-DD plus whole days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** An instant as the office's wall clock sees it. */
export function localTime(at: number, timeZone: string): LocalTime {
  const w = wallClock(at, timeZone);
  const date = `${String(w.y).padStart(4, '0')}-${String(w.mo).padStart(2, '0')}-${String(w.d).padStart(2, '0')}`;
  const seconds = Math.floor(at / 1000) * 1000 === at ? w.s : w.s + (at % 1000) / 1000;
  return { date, weekday: isoWeekday(date), minutes: w.h * 60 + w.mi + seconds / 60 };
}

/** Offset of the zone's wall clock from UTC at an instant, in ms. */
function offsetAt(at: number, timeZone: string): number {
  const w = wallClock(at, timeZone);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(at / 1000) * 1000;
}

/** The instant of a local date and time of day (minutes since midnight) in a zone. */
export function zonedInstant(date: string, minutes: number, timeZone: string): number {
  const naive = Date.parse(`${date}T00:00:00Z`) + minutes * MINUTE;
  let at = naive - offsetAt(naive, timeZone);
  // Across a change of offset (summer time) the first guess uses the offset of the other side.
  const second = offsetAt(at, timeZone);
  if (naive - second !== at) at = naive - second;
  return at;
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The opening spans of a local day, in minutes since midnight. */
export function spansOf(hours: OpeningHours, date: string): Array<[number, number]> {
  return (hours[String(isoWeekday(date))] ?? []).map(([open, close]) => [toMinutes(open), toMinutes(close)]);
}

export const isClosed = (closures: readonly Closure[], date: string) => closures.some((c) => c.startsOn <= date && date <= c.endsOn);

export interface OpeningProblem {
  code: 'OUTSIDE_OPENING_HOURS' | 'OFFICE_CLOSED';
  rule: 'openingHours' | 'closed';
  message: string;
}

/**
 * Why a booking from `start` to `end` does not fit the office's calendar, or null when it does: it
 * must lie within one opening span of its local day, and that day must not be a closure day.
 */
export function openingProblem(
  start: number,
  end: number,
  timeZone: string,
  hours: OpeningHours,
  closures: readonly Closure[],
): OpeningProblem | null {
  const s = localTime(start, timeZone);
  const e = localTime(end, timeZone);
  if (isClosed(closures, s.date)) {
    return { code: 'OFFICE_CLOSED', rule: 'closed', message: `The office is closed on ${s.date}` };
  }
  const spans = spansOf(hours, s.date);
  const fits = e.date === s.date && spans.some(([open, close]) => open <= s.minutes && e.minutes <= close);
  if (fits) return null;
  const open = spans.map(([a, b]) => `${hhmm(a)}-${hhmm(b)}`).join(', ');
  return {
    code: 'OUTSIDE_OPENING_HOURS',
    rule: 'openingHours',
    message: open
      ? `The appointment must lie within one opening span of ${s.date} (${open}, ${timeZone})`
      : `The office does not open on ${s.date}`,
  };
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export interface SlotQuery {
  from: number;
  to: number;
  /** Minutes. */
  duration: number;
  /** Minutes between slot starts, counted from each span's opening. */
  step: number;
  timeZone: string;
  hours: OpeningHours;
  closures: readonly Closure[];
  /** Booked times of this staff member (non-cancelled appointments), sorted by start, not overlapping. */
  busy: ReadonlyArray<readonly [number, number]>;
  /** No slot starts before this (now). */
  notBefore: number;
}

/**
 * The free slots of one staff member between `from` and `to`: on a grid within each opening span,
 * off closure days, not overlapping a booked time, and not in the past.
 */
export function freeSlots(q: SlotQuery): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const last = localTime(q.to, q.timeZone).date;
  let b = 0;
  for (let date = localTime(q.from, q.timeZone).date; date <= last; date = addDays(date, 1)) {
    if (isClosed(q.closures, date)) continue;
    for (const [open, close] of spansOf(q.hours, date)) {
      // One zone look-up a span: its local minutes are whole minutes of real time unless the
      // clocks change inside it (they change at night), and then each slot is looked up.
      const opens = zonedInstant(date, open, q.timeZone);
      const steady = zonedInstant(date, close, q.timeZone) - opens === (close - open) * MINUTE;
      const instant = (minutes: number) => (steady ? opens + (minutes - open) * MINUTE : zonedInstant(date, minutes, q.timeZone));
      for (let m = open; m + q.duration <= close; m += q.step) {
        const start = instant(m);
        const end = instant(m + q.duration);
        if (start < q.from || start < q.notBefore) continue;
        if (end > q.to) return out;
        // Booked times ending before this slot can never overlap a later one.
        while (b < q.busy.length && q.busy[b][1] <= start) b++;
        let taken = false;
        for (let i = b; i < q.busy.length && q.busy[i][0] < end; i++) {
          if (q.busy[i][1] > start) {
            taken = true;
            break;
          }
        }
        if (!taken) out.push([start, end]);
      }
    }
  }
  return out;
}
