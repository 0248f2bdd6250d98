import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { scopeFor } from '@casework/contracts';
import { AppException } from '../errors.js';
import { currentContext } from '../request-context.js';
import type { AuthUser } from './auth-user.js';
import { PERMISSION_KEY, PUBLIC_KEY, SELF_KEY, type PermissionMeta } from './decorators.js';

/**
 * The one global guard. Denies by default: a route opens only through @Public, @Self or
 * @Permission, and @Permission is checked against the access matrix in @casework/contracts.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const self = this.reflector.getAllAndOverride<{ pendingPasswordChange?: boolean }>(SELF_KEY, targets);
    const permission = this.reflector.getAllAndOverride<PermissionMeta>(PERMISSION_KEY, targets);
    if (!self && !permission) throw new AppException(403, 'FORBIDDEN', 'This route has no declared permission');

    await super.canActivate(context);
    const req = context.switchToHttp().getRequest<{ user: AuthUser; grant?: unknown }>();
    const user = req.user;
    const ctx = currentContext();
    if (ctx) ctx.user = user;

    if (user.mustChangePassword && !self?.pendingPasswordChange) {
      throw new AppException(403, 'PASSWORD_CHANGE_REQUIRED', 'Change your one-time password before going on');
    }
    if (permission) {
      const scope = scopeFor(user.role, permission.resource, permission.action);
      if (!scope) throw new AppException(403, 'FORBIDDEN', `Your role may not ${permission.action} ${permission.resource}`);
      req.grant = { user, scope };
    }
    return true;
  }

  override handleRequest<T>(err: unknown, user: T, info: unknown): T {
    if (err instanceof AppException) throw err;
    if (err || !user) {
      const expired = (info as { name?: string } | undefined)?.name === 'TokenExpiredError';
      throw new AppException(
        401,
        expired ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED',
        expired ? 'Your access token has expired' : 'Sign in to continue',
      );
    }
    return user;
  }
}
