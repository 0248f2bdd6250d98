import { maskChanges } from './audit.service.js';

describe('audit change masking', () => {
  it('masks secrets at the top level, keeping the fact that they changed', () => {
    expect(maskChanges({ password: 'one-time', fullName: 'Ann', sessionsEnded: 2 })).toEqual({
      password: '[masked]',
      fullName: 'Ann',
      sessionsEnded: 2,
    });
    expect(
      maskChanges({ passwordHash: '$argon2id$...', oneTimePassword: 'ABC', newPassword: 'x', currentPassword: 'y', token: 't' }),
    ).toEqual({
      passwordHash: '[masked]',
      oneTimePassword: '[masked]',
      newPassword: '[masked]',
      currentPassword: '[masked]',
      token: '[masked]',
    });
  });

  it('masks secrets nested in from/to pairs, objects and arrays', () => {
    const masked = maskChanges({
      password: { from: 'old', to: 'new' },
      profile: { name: 'Ann', credentials: { refreshToken: 'r', accessToken: 'a' } },
      batch: [{ email: 'a@b.test', password_hash: 'h' }],
    });
    expect(masked).toEqual({
      password: '[masked]',
      profile: { name: 'Ann', credentials: { refreshToken: '[masked]', accessToken: '[masked]' } },
      batch: [{ email: 'a@b.test', password_hash: '[masked]' }],
    });
    expect(JSON.stringify(masked)).not.toMatch(/old|new|"r"|"a"|"h"/);
  });

  it('keeps null, empty and plain values as they are', () => {
    expect(maskChanges(null)).toBeNull();
    expect(maskChanges(undefined)).toBeNull();
    expect(maskChanges({})).toEqual({});
    expect(maskChanges({ active: { from: true, to: false }, caseloadCap: { from: 50, to: null } })).toEqual({
      active: { from: true, to: false },
      caseloadCap: { from: 50, to: null },
    });
  });
});
