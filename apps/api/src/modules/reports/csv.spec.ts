import { csvCell, csvLine } from './csv.js';
import { wantsCsv } from './reports.controller.js';

describe('csvCell', () => {
  it('neutralises text a spreadsheet would run as a formula', () => {
    expect(csvCell('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
    expect(csvCell('+33 1 23')).toBe("'+33 1 23");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it('quotes separators and leaves our own numbers alone', () => {
    expect(csvCell('Job Centre, North')).toBe('"Job Centre, North"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(0.25)).toBe('0.25');
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('true');
    expect(csvLine(['a', 1, null])).toBe('a,1,\r\n');
  });
});

describe('wantsCsv', () => {
  it('follows format=, else an Accept header preferring text/csv', () => {
    expect(wantsCsv({ format: 'csv' }, 'application/json')).toBe(true);
    expect(wantsCsv({ format: 'json' }, 'text/csv')).toBe(false);
    expect(wantsCsv({}, 'text/csv')).toBe(true);
    expect(wantsCsv({}, 'text/csv;q=0.9, application/json')).toBe(true);
    expect(wantsCsv({}, 'application/json, text/csv')).toBe(false);
    expect(wantsCsv({}, '*/*')).toBe(false);
    expect(wantsCsv({}, undefined)).toBe(false);
  });
});
