import argon2 from 'argon2';
import { loadEnv } from '../../config/env.js';
import { canonicalArgon2, commonPasswords, passwordProblems, PasswordService } from './password.service.js';

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

describe('password hashes', () => {
  const service = new PasswordService(loadEnv({ NODE_ENV: 'test' }));

  it('are argon2id with m >= 19456 KiB and t >= 2, parameters in the canonical m, t, p order', async () => {
    const hash = await service.hash('walnut harbour lantern');
    const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/.exec(hash);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(19456);
    expect(Number(m![2])).toBeGreaterThanOrEqual(2);
    expect(await service.verify(hash, 'walnut harbour lantern')).toBe(true);
    expect(await service.verify(hash, 'walnut harbour lanterns')).toBe(false);
    expect(await argon2.verify(hash, 'walnut harbour lantern')).toBe(true);
  });

  it('reorders PHC parameters without touching salt or hash, and leaves other strings alone', () => {
    expect(canonicalArgon2('$argon2id$v=19$m=19456,p=1,t=2$c2FsdA$aGFzaA')).toBe('$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA');
    expect(canonicalArgon2('$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA')).toBe('$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA');
    expect(canonicalArgon2('not-a-hash')).toBe('not-a-hash');
  });

  it('does not treat unknown accounts (no hash) or corrupt hashes as a match', async () => {
    expect(await service.verify(undefined, 'casework-timing-equaliser')).toBe(false);
    expect(await service.verify('$argon2id$garbage', 'anything')).toBe(false);
  });

  it('issues 16-character one-time passwords from an unambiguous alphabet', () => {
    const seen = new Set(Array.from({ length: 50 }, () => service.oneTime()));
    expect(seen.size).toBe(50);
    for (const p of seen) expect(p).toMatch(/^[a-km-np-zA-HJ-NP-Z2-9]{16}$/);
  });
});
