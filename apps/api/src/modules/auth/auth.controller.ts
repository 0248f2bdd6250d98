import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CurrentUser as CurrentUserDto, LoginResponse } from '@casework/contracts';
import type { Request, Response } from 'express';
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
  async login(@Body() body: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LoginResponse> {
    return this.signIn(res, await this.auth.login(body.email, body.password, client(req)));
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  async refresh(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LoginResponse> {
    try {
      // cookie-parser turns a `j:`-prefixed value into JSON: anything but a string is no refresh token.
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
  async logout(@CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response): Promise<void> {
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
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResponse> {
    return this.signIn(res, await this.auth.changePassword(user, body.currentPassword, body.newPassword, client(req)));
  }

  private signIn(res: Response, signedIn: SignedIn): LoginResponse {
    res.cookie(REFRESH_COOKIE, signedIn.refresh, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.env.production,
      path: '/api/auth',
      maxAge: this.env.SESSION_MAX_HOURS * 3600_000,
    });
    return signedIn.response;
  }

  private clearCookie(res: Response): void {
    res.clearCookie(REFRESH_COOKIE, { httpOnly: true, sameSite: 'strict', secure: this.env.production, path: '/api/auth' });
  }
}

function client(req: Request): ClientInfo {
  return { ip: req.ip ?? 'unknown', userAgent: req.headers['user-agent'] ?? null };
}
