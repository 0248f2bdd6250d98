import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { createSecretKey } from 'node:crypto';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { AppException } from '../../common/errors.js';
import { Env } from '../../config/env.js';
import { SessionsService, UUID } from './sessions.service.js';

interface AccessClaims {
  sub: string;
  sid: string;
}

/** Bearer tokens: HS256 only, issuer and audience checked, and the named session must still be live. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(Env) env: Env,
    @Inject(SessionsService) private readonly sessions: SessionsService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject rather than the string: given a string, jsonwebtoken first tries to read it as a
      // PEM public key and throws, on every request (about a millisecond of CPU each, bench/worklists).
      // It accepts a KeyObject; the passport-jwt types only name string and Buffer.
      secretOrKey: createSecretKey(Buffer.from(env.JWT_SECRET!, 'utf8')) as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessClaims): Promise<AuthUser> {
    if (typeof claims?.sid !== 'string' || typeof claims?.sub !== 'string' || !UUID.test(claims.sid) || !UUID.test(claims.sub)) {
      throw new AppException(401, 'UNAUTHENTICATED', 'Sign in to continue');
    }
    const user = await this.sessions.live(claims.sid, claims.sub);
    if (!user) throw new AppException(401, 'SESSION_EXPIRED', 'Your session has ended: sign in again');
    return user;
  }
}
