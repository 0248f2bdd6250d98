import { commonPasswords, passwordProblems } from './password.service.js';

describe('password rules', () => {
  it('ships a list of at least 10,000 common passwords', () => {
    expect(commonPasswords().size).toBeGreaterThanOrEqual(10_000);
  });

  it('refuses short, overlong and common passwords, naming the field and rule', () => {
    expect(passwordProblems('short-pass1', 'newPassword')).toEqual([expect.objectContaining({ field: 'newPassword', rule: 'minLength' })]);
    expect(passwordProblems('x'.repeat(129), 'newPassword')[0].rule).toBe('maxLength');
    expect(passwordProblems('qwerty123456', 'newPassword')[0].rule).toBe('notCommon');
    expect(passwordProblems('PasswordPassword', 'newPassword')[0].rule).toBe('notCommon');
  });

  it('has no composition rules: a long lowercase passphrase is fine', () => {
    expect(passwordProblems('walnut harbour lantern', 'newPassword')).toEqual([]);
    expect(passwordProblems('x'.repeat(128), 'newPassword')).toEqual([]);
  });

  it('counts characters, not bytes', () => {
    expect(passwordProblems('ñandú-éclair', 'newPassword')).toEqual([]);
  });
});
