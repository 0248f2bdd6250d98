import { isco, isUnitGroup, splitCsvLine } from './isco.js';

describe('ISCO-08', () => {
  it('holds the official counts at each level', () => {
    const count = (level: number) => isco().all.filter((o) => o.level === level).length;
    expect([count(1), count(2), count(3), count(4)]).toEqual([10, 43, 130, 436]);
  });

  it('reads quoted titles with commas', () => {
    expect(splitCsvLine('0310,4,"Armed forces occupations, other ranks",031')).toEqual([
      '0310',
      '4',
      'Armed forces occupations, other ranks',
      '031',
    ]);
    expect(isco().byCode.get('0310')?.title).toBe('Armed forces occupations, other ranks');
  });

  it('accepts unit groups only', () => {
    expect(isUnitGroup('2221')).toBe(true); // nursing professionals
    expect(isUnitGroup('222')).toBe(false); // a minor group
    expect(isUnitGroup('9999')).toBe(false);
    expect(isUnitGroup('22a1')).toBe(false);
  });

  it('links every unit group to an existing parent', () => {
    for (const o of isco().all.filter((x) => x.level > 1)) expect(isco().byCode.get(o.parent!)?.level).toBe(o.level - 1);
  });
});
