import { nameKey, normaliseName } from './name-key.js';

describe('name keys for the duplicate check', () => {
  it('removes accents, case and punctuation', () => {
    expect(normaliseName("José-María  O'Neil")).toBe('jose maria o neil');
    expect(nameKey('  Zoë ', 'Ångström')).toBe('zoe angstrom');
  });
});
