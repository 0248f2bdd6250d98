import { SUPPRESS_MAX, type ReportFigure } from '@casework/contracts';

/** A count that could single someone out: 1 to SUPPRESS_MAX (zero says nothing about anyone). */
export const small = (n: number | null | undefined): boolean => n != null && n >= 1 && n <= SUPPRESS_MAX;

/** Days -> how many cases took that many days. */
export type Histogram = Map<number, number>;

export function histogramMinus(a: Histogram | undefined, b: Histogram | undefined): Histogram {
  const out = new Map(a ?? []);
  for (const [days, n] of b ?? []) out.set(days, (out.get(days) ?? 0) - n);
  return out;
}

/** The exact median of the values a histogram counts (the mean of the two middle ones for an even count). */
export function median(h: Histogram | undefined): number | null {
  if (!h) return null;
  const entries = [...h.entries()].filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
  const total = entries.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  const valueAt = (rank: number): number => {
    let seen = 0;
    for (const [days, n] of entries) {
      seen += n;
      if (seen >= rank) return days;
    }
    return entries[entries.length - 1][0];
  };
  const lo = valueAt(Math.floor((total + 1) / 2));
  const hi = valueAt(Math.ceil((total + 1) / 2));
  return (lo + hi) / 2;
}

/** A share or rate of `numerator` in `denominator`, rounded to 4 decimals; null when the denominator is 0. */
export const ratio = (numerator: number, denominator: number): number | null =>
  denominator > 0 ? Math.round((numerator / denominator) * 10000) / 10000 : null;

export const figure = (value: number | null, numerator: number | null, denominator: number | null): ReportFigure => ({
  value,
  numerator,
  denominator,
  suppressed: false,
});

export const SUPPRESSED: ReportFigure = { value: null, numerator: null, denominator: null, suppressed: true };

/**
 * Whether a figure would show a small count: its numerator, its denominator, or what the denominator
 * holds besides the numerator (the cases that were not routed to targeted support, say). A median
 * counts `denominator` cases and reveals nothing else.
 */
export function revealsSmallCount(f: ReportFigure, kind: 'share' | 'median' | 'mean' | 'count'): boolean {
  if (kind === 'count') return small(f.value);
  if (kind === 'median') return small(f.denominator);
  if (kind === 'mean') return small(f.numerator) || small(f.denominator);
  const n = f.numerator ?? 0;
  const d = f.denominator ?? 0;
  return small(n) || small(d) || small(d - n);
}

/**
 * Small-cell suppression of one breakdown by a personal characteristic. `pairs` holds, per
 * category, its figure and the figure of everyone else; the overall figure is published, so a
 * category and its "everyone else" stand or fall together (either gives the other away). When
 * `exhaustive`, the categories partition all cases (gender, age band) and the published total gives
 * away a single suppressed category too, so the next smallest is suppressed with it (complementary
 * suppression). Priority groups overlap, so their figures do not add up to the total.
 */
export function suppressBreakdown(
  pairs: Array<{ own: ReportFigure; rest: ReportFigure }>,
  kind: 'share' | 'median' | 'mean' | 'count',
  exhaustive: boolean,
): Array<{ own: ReportFigure; rest: ReportFigure }> {
  const hidden = pairs.map((p) => revealsSmallCount(p.own, kind) || revealsSmallCount(p.rest, kind));
  if (exhaustive && hidden.filter(Boolean).length === 1) {
    // The smallest other category with something in it (an empty one hides nothing).
    const size = (p: { own: ReportFigure }) => (kind === 'count' ? (p.own.value ?? 0) : (p.own.denominator ?? 0));
    const next = pairs
      .map((p, i) => ({ i, n: size(p) }))
      .filter(({ i, n }) => !hidden[i] && n > 0)
      .sort((a, b) => a.n - b.n)[0];
    if (next) hidden[next.i] = true;
  }
  return pairs.map((p, i) => (hidden[i] ? { own: SUPPRESSED, rest: SUPPRESSED } : p));
}
