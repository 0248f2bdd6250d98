/** The fixed seed of the demo data: the same seed gives the same people, cases and references. */
export const DEMO_SEED = 20260126;

export const DAY = 86_400_000;

/** Hashes seed parts into 128 bits of PRNG state (cyrb128). */
function hashSeed(parts: number[]): [number, number, number, number] {
  let h1 = 1779033703,
    h2 = 3144134277,
    h3 = 1013904242,
    h4 = 2773480762;
  for (const part of parts) {
    const k = part >>> 0;
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

/**
 * Random draws (sfc32), reseeded for each person or case, so one person's draws never shift
 * another's: the data stays the same when a rule elsewhere changes. Faker (slower) only for names.
 */
export class Rng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  seed(...parts: number[]): this {
    [this.a, this.b, this.c, this.d] = hashSeed([DEMO_SEED, ...parts]);
    for (let i = 0; i < 12; i++) this.u32();
    return this;
  }

  private u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** [0, 1) */
  next(): number {
    return this.u32() / 4294967296;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  int(min: number, max: number): number {
    return Math.floor(this.between(min, max + 1));
  }

  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.next() * values.length)];
  }

  weighted<T>(pairs: ReadonlyArray<readonly [T, number]>): T {
    const total = pairs.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [v, w] of pairs) {
      r -= w;
      if (r < 0) return v;
    }
    return pairs[pairs.length - 1][0];
  }

  /** A version 4 UUID from the stream (deterministic). */
  uuid(): string {
    const hex = [this.u32(), this.u32(), this.u32(), this.u32()].map((n) => n.toString(16).padStart(8, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[this.u32() & 3]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number | null>();

function intlDate(at: number, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f.format(at);
}

/** Offset of local time from UTC in ms at an instant ("2026-01-26, 14:05" back to a number). */
function offsetAt(at: number, timeZone: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}), (\d{2}):(\d{2})/.exec(intlDate(at, timeZone))!;
  const local = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  return local - Math.floor(at / 60_000) * 60_000;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone (one Intl call per zone and UTC day). */
export function localDate(at: number | Date, timeZone: string): string {
  const t = typeof at === 'number' ? at : at.getTime();
  const day = Math.floor(t / DAY);
  const key = `${timeZone}|${day}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const start = offsetAt(day * DAY, timeZone);
    const end = offsetAt(day * DAY + DAY - 60_000, timeZone);
    offset = start === end ? start : null;
    offsets.set(key, offset);
  }
  return new Date(t + (offset ?? offsetAt(t, timeZone))).toISOString().slice(0, 10);
}

/** YYYY-MM-DD plus whole days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/**
 * A plausible moment for something staff did around `target`: a weekday, during office hours
 * (07:00-16:00 UTC, about 08:00-18:00 in Western Europe), after `after` and before `now`.
 */
export function workTime(rng: Rng, target: number, after: number, now: number): number {
  const d = new Date(target);
  const weekday = d.getUTCDay();
  if (weekday === 6) d.setUTCDate(d.getUTCDate() - 1);
  if (weekday === 0) d.setUTCDate(d.getUTCDate() + 1);
  d.setUTCHours(rng.int(7, 15), rng.int(0, 59), rng.int(0, 59), rng.int(0, 999));
  let t = d.getTime();
  if (t <= after) t = after + rng.int(5, 90) * 60_000;
  if (t >= now) t = after + (now - after) * rng.between(0.2, 0.9);
  return Math.round(t);
}

/** Something that happened `minDays`..`maxDays` after `after` (see workTime). */
export function later(rng: Rng, after: number, minDays: number, maxDays: number, now: number): number {
  return workTime(rng, after + rng.between(minDays, maxDays) * DAY, after, now);
}
