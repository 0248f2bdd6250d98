import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { Env } from '../../config/env.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { BEARER_AUTH } from '../../common/auth/bearer.js';
import { BearerAuthService } from './bearer-auth.service.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PasswordService } from './password.service.js';
import { SessionsService } from './sessions.service.js';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [Env],
      useFactory: (env: Env) => ({
        secret: env.JWT_SECRET,
        signOptions: { algorithm: 'HS256', expiresIn: env.ACCESS_TOKEN_TTL_SECONDS, issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE },
        verifyOptions: { algorithms: ['HS256'], issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    PasswordService,
    SessionsService,
    LoginThrottleService,
    BearerAuthService,
    { provide: BEARER_AUTH, useExisting: BearerAuthService },
  ],
  exports: [PasswordService, SessionsService, BEARER_AUTH],
})
export class AuthModule {}
