import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';

/** What a verified access token claims. */
export interface AccessClaims {
  sub: unknown;
  sid: unknown;
  [claim: string]: unknown;
}

const COMPACT_JWS = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/;

function json(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Verifies an access token as jsonwebtoken did for passport-jwt (HS256 only, `iss`, `aud`, `exp`
 * and `nbf` checked), in one HMAC and two small JSON parses: the per-request cost was passport's
 * strategy set-up, jws and jsonwebtoken's option handling. Stricter in one way: a token without
 * `exp` is refused (the API never issues one). Returns the claims, 'expired' for a token that is
 * well signed but past its `exp`, or null for anything else.
 */
export function verifyAccessToken(
  token: string,
  key: KeyObject,
  expected: { issuer: string; audience: string },
  nowSeconds = Math.floor(Date.now() / 1000),
): AccessClaims | 'expired' | null {
  const parts = COMPACT_JWS.exec(token);
  if (!parts) return null;
  const [, headerPart, payloadPart, signature] = parts;
  const header = json(headerPart);
  if (!header || header.alg !== 'HS256') return null;
  // The signature as the exact base64url text of the HMAC, compared in constant time.
  const wanted = Buffer.from(createHmac('sha256', key).update(`${headerPart}.${payloadPart}`).digest('base64url'));
  const given = Buffer.from(signature);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return null;
  const claims = json(payloadPart);
  if (!claims) return null;
  if (claims.iat !== undefined && typeof claims.iat !== 'number') return null;
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf > nowSeconds)) return null;
  if (typeof claims.exp !== 'number') return null;
  if (nowSeconds >= claims.exp) return 'expired';
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(expected.audience)) return null;
  if (claims.iss !== expected.issuer) return null;
  return claims as AccessClaims;
}

/** The token of an `Authorization: Bearer <token>` header, as passport-jwt's extractor read it. */
export function bearerToken(header: unknown): string | null {
  if (typeof header !== 'string') return null;
  const m = /(\S+)\s+(\S+)/.exec(header);
  return m && m[1].toLowerCase() === 'bearer' ? m[2] : null;
}
