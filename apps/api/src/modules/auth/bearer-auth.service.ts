import { Inject, Injectable } from '@nestjs/common';
import { createSecretKey, type KeyObject } from 'node:crypto';
import type { AuthUser } from '../../common/auth/auth-user.js';
import type { BearerAuthenticator } from '../../common/auth/bearer.js';
import { AppException } from '../../common/errors.js';
import { Env } from '../../config/env.js';
import { bearerToken, verifyAccessToken } from './access-token.js';
import { SessionsService, UUID } from './sessions.service.js';

const unauthenticated = () => new AppException(401, 'UNAUTHENTICATED', 'Sign in to continue');

/**
 * Bearer tokens: HS256 only, issuer, audience and expiry checked, and the named session must still
 * be live in the database (SessionsService.live, on every request), so logout, password change and
 * deactivation take effect on the next request.
 */
@Injectable()
export class BearerAuthService implements BearerAuthenticator {
  private readonly key: KeyObject;
  private readonly expected: { issuer: string; audience: string };

  constructor(
    @Inject(Env) env: Env,
    @Inject(SessionsService) private readonly sessions: SessionsService,
  ) {
    this.key = createSecretKey(Buffer.from(env.JWT_SECRET!, 'utf8'));
    this.expected = { issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE };
  }

  async authenticate(authorization: unknown): Promise<AuthUser> {
    const token = bearerToken(authorization);
    if (!token) throw unauthenticated();
    const claims = verifyAccessToken(token, this.key, this.expected);
    if (claims === 'expired') throw new AppException(401, 'SESSION_EXPIRED', 'Your access token has expired');
    if (!claims) throw unauthenticated();
    const { sid, sub } = claims;
    if (typeof sid !== 'string' || typeof sub !== 'string' || !UUID.test(sid) || !UUID.test(sub)) throw unauthenticated();
    const user = await this.sessions.live(sid, sub);
    if (!user) throw new AppException(401, 'SESSION_EXPIRED', 'Your session has ended: sign in again');
    return user;
  }
}
