import { Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { scopeFor } from '@casework/contracts';
import { AppException } from '../errors.js';
import { currentContext } from '../request-context.js';
import type { AuthUser } from './auth-user.js';
import { BEARER_AUTH, type BearerAuthenticator } from './bearer.js';
import { PERMISSION_KEY, PUBLIC_KEY, SELF_KEY, type PermissionMeta } from './decorators.js';

/**
 * The one global guard. Denies by default: a route opens only through @Public, @Self or
 * @Permission, and @Permission is checked against the access matrix in @casework/contracts.
 * Every other route needs a bearer token naming a live session (BEARER_AUTH, from the auth module).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Optional() @Inject(BEARER_AUTH) private readonly bearer?: BearerAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const self = this.reflector.getAllAndOverride<{ pendingPasswordChange?: boolean }>(SELF_KEY, targets);
    const permission = this.reflector.getAllAndOverride<PermissionMeta>(PERMISSION_KEY, targets);
    if (!self && !permission) throw new AppException(403, 'FORBIDDEN', 'This route has no declared permission');

    const req = context.switchToHttp().getRequest<{ headers: Record<string, unknown>; user?: AuthUser; grant?: unknown }>();
    if (!this.bearer) throw new AppException(401, 'UNAUTHENTICATED', 'Sign in to continue');
    const user = await this.bearer.authenticate(req.headers.authorization);
    req.user = user;
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
}
