import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CurrentUser as CurrentUserDto, LoginResponse } from '@casework/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { CurrentUser, Public, Self } from '../../common/auth/decorators.js';
import { Env } from '../../config/env.js';
import { AuthService, type ClientInfo, type SignedIn } from './auth.service.js';
import { ChangePasswordDto, LoginDto } from './auth.dto.js';

export const REFRESH_COOKIE = 'cw_refresh';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(Env) private readonly env: Env,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  async login(@Body() body: LoginDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<LoginResponse> {
    return this.signIn(res, await this.auth.login(body.email, body.password, client(req)));
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  async refresh(@Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<LoginResponse> {
    try {
      // Parsed for /api/auth only (bootstrap.ts); anything but a string is no refresh token.
      const cookie: unknown = req.cookies?.[REFRESH_COOKIE];
      return this.signIn(res, await this.auth.refresh(typeof cookie === 'string' ? cookie : undefined));
    } catch (e) {
      this.clearCookie(res);
      throw e;
    }
  }

  @Post('logout')
  @Self({ pendingPasswordChange: true })
  @ApiBearerAuth()
  @HttpCode(204)
  async logout(@CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: FastifyReply): Promise<void> {
    await this.auth.logout(user);
    this.clearCookie(res);
  }

  @Get('me')
  @Self({ pendingPasswordChange: true })
  @ApiBearerAuth()
  me(@CurrentUser() user: AuthUser): CurrentUserDto {
    return this.auth.me(user);
  }

  @Post('password')
  @Self({ pendingPasswordChange: true })
  @ApiBearerAuth()
  @HttpCode(200)
  async changePassword(
    @CurrentUser() user: AuthUser,
    @Body() body: ChangePasswordDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<LoginResponse> {
    return this.signIn(res, await this.auth.changePassword(user, body.currentPassword, body.newPassword, client(req)));
  }

  private signIn(res: FastifyReply, signedIn: SignedIn): LoginResponse {
    const maxAgeSeconds = this.env.SESSION_MAX_HOURS * 3600;
    res.setCookie(REFRESH_COOKIE, signedIn.refresh, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.env.production,
      path: '/api/auth',
      // Max-Age and Expires both, as Express wrote them.
      maxAge: maxAgeSeconds,
      expires: new Date(Date.now() + maxAgeSeconds * 1000),
    });
    return signedIn.response;
  }

  private clearCookie(res: FastifyReply): void {
    res.clearCookie(REFRESH_COOKIE, { httpOnly: true, sameSite: 'strict', secure: this.env.production, path: '/api/auth' });
  }
}

function client(req: FastifyRequest): ClientInfo {
  return { ip: req.ip ?? 'unknown', userAgent: req.headers['user-agent'] ?? null };
}
