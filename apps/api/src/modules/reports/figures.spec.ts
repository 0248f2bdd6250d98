import { figure, median, suppressBreakdown, SUPPRESSED } from './figures.js';

describe('median', () => {
  it('is the middle value of an odd count and the mean of the two middle ones of an even count', () => {
    expect(
      median(
        new Map([
          [3, 1],
          [8, 1],
          [20, 1],
        ]),
      ),
    ).toBe(8);
    expect(
      median(
        new Map([
          [3, 2],
          [8, 2],
        ]),
      ),
    ).toBe(5.5);
    expect(median(new Map([[5, 4]]))).toBe(5);
  });

  it('ignores emptied days and has none for nobody', () => {
    expect(
      median(
        new Map([
          [1, 0],
          [9, 3],
        ]),
      ),
    ).toBe(9);
    expect(median(new Map())).toBeNull();
    expect(median(undefined)).toBeNull();
  });
});

describe('suppressBreakdown', () => {
  const share = (n: number, d: number) => figure(d ? n / d : null, n, d);
  const count = (n: number) => figure(n, n, null);

  it('suppresses a share whose numerator, denominator or remainder is 1 to 4, with its counterpart', () => {
    const [a, b, c, d] = suppressBreakdown(
      [
        { own: share(3, 50), rest: share(40, 100) },
        { own: share(48, 50), rest: share(40, 100) },
        { own: share(0, 50), rest: share(40, 100) },
        { own: share(20, 50), rest: share(2, 100) },
      ],
      'share',
      false,
    );
    expect(a).toEqual({ own: SUPPRESSED, rest: SUPPRESSED });
    expect(b).toEqual({ own: SUPPRESSED, rest: SUPPRESSED });
    expect(c.own.suppressed).toBe(false);
    expect(d.own.suppressed).toBe(true);
  });

  it('suppresses the next smallest category when one alone would follow from the total', () => {
    const out = suppressBreakdown(
      [
        { own: count(30), rest: count(16) },
        { own: count(12), rest: count(34) },
        { own: count(3), rest: count(43) },
        { own: count(0), rest: count(46) },
      ],
      'count',
      true,
    );
    expect(out.map((p) => p.own.suppressed)).toEqual([false, true, true, false]);
  });

  it('adds nothing when two categories are suppressed already, or when categories overlap', () => {
    const pairs = [
      { own: count(30), rest: count(10) },
      { own: count(2), rest: count(38) },
      { own: count(4), rest: count(36) },
    ];
    expect(suppressBreakdown(pairs, 'count', true).map((p) => p.own.suppressed)).toEqual([false, true, true]);
    expect(suppressBreakdown(pairs.slice(0, 2), 'count', false).map((p) => p.own.suppressed)).toEqual([false, true]);
  });

  it('suppresses a median of fewer than five cases', () => {
    const [few, enough] = suppressBreakdown(
      [
        { own: figure(7, null, 4), rest: figure(9, null, 40) },
        { own: figure(7, null, 5), rest: figure(9, null, 39) },
      ],
      'median',
      false,
    );
    expect(few.own.suppressed).toBe(true);
    expect(enough.own).toEqual(figure(7, null, 5));
  });
});
