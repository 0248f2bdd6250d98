import { createHmac, createSecretKey } from 'node:crypto';
import { bearerToken, verifyAccessToken } from './access-token.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const key = createSecretKey(Buffer.from(SECRET, 'utf8'));
const expected = { issuer: 'casework', audience: 'casework-api' };
const NOW = 1_800_000_000;
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

function sign(payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }, secret = SECRET): string {
  const head = `${b64(header)}.${b64(payload)}`;
  const alg = header.alg === 'HS512' ? 'sha512' : 'sha256';
  return `${head}.${createHmac(alg, secret).update(head).digest('base64url')}`;
}

const claims = { sub: 'u', sid: 's', iss: 'casework', aud: 'casework-api', iat: NOW - 10, exp: NOW + 600 };

describe('verifyAccessToken', () => {
  it('accepts a well-signed HS256 token with the right issuer and audience, before its expiry', () => {
    expect(verifyAccessToken(sign(claims), key, expected, NOW)).toMatchObject({ sub: 'u', sid: 's' });
    expect(verifyAccessToken(sign({ ...claims, aud: ['other', 'casework-api'] }), key, expected, NOW)).toMatchObject({ sub: 'u' });
  });

  it('answers expired for a well-signed token at or past its exp', () => {
    expect(verifyAccessToken(sign(claims), key, expected, NOW + 600)).toBe('expired');
    // The signature is checked first: a forged expired token is not "expired", it is refused.
    expect(verifyAccessToken(sign(claims, undefined, 'another-secret-that-is-long-enough-012345'), key, expected, NOW + 600)).toBeNull();
  });

  it('refuses other algorithms, other secrets, tampered parts and non-canonical signatures', () => {
    const good = sign(claims);
    const [h, p, s] = good.split('.');
    const refused = [
      `${b64({ alg: 'none' })}.${p}.`,
      `${b64({ alg: 'none' })}.${p}`,
      sign(claims, { alg: 'HS512' }),
      `${b64({ alg: 'RS256' })}.${p}.${s}`,
      sign(claims, undefined, 'another-secret-that-is-long-enough-012345'),
      `${h}.${b64({ ...claims, sub: 'admin' })}.${s}`,
      `${h}.${p}.${s.slice(0, -1)}${s.endsWith('A') ? 'B' : 'A'}`,
      `${h}.${p}.${s}=`,
      `${h}.${p}`,
      `${good}.extra`,
      '',
      'not a token',
    ];
    for (const token of refused) expect(verifyAccessToken(token, key, expected, NOW)).toBeNull();
  });

  it('refuses a wrong or missing issuer or audience, a missing or malformed exp, a future nbf and a malformed iat', () => {
    const refused = [
      { ...claims, iss: 'someone-else' },
      { ...claims, iss: undefined },
      { ...claims, aud: 'another-api' },
      { ...claims, aud: undefined },
      { ...claims, exp: undefined },
      { ...claims, exp: String(NOW + 600) },
      { ...claims, nbf: NOW + 5 },
      { ...claims, nbf: 'soon' },
      { ...claims, iat: 'yesterday' },
    ];
    for (const payload of refused) expect(verifyAccessToken(sign(payload), key, expected, NOW)).toBeNull();
    expect(verifyAccessToken(sign({ ...claims, nbf: NOW }), key, expected, NOW)).toMatchObject({ sub: 'u' });
    const arrayPayload = `${b64({ alg: 'HS256' })}.${Buffer.from('[1,2]').toString('base64url')}`;
    expect(
      verifyAccessToken(`${arrayPayload}.${createHmac('sha256', SECRET).update(arrayPayload).digest('base64url')}`, key, expected, NOW),
    ).toBeNull();
  });
});

describe('bearerToken', () => {
  it('reads only the Bearer scheme (any case) from the Authorization header', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('abc.def.ghi')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken(['Bearer abc'])).toBeNull();
  });
});
