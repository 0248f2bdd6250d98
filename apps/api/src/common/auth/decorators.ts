import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Action, Resource } from '@casework/contracts';
import type { AuthUser, Grant } from './auth-user.js';

export const PUBLIC_KEY = 'casework:public';
export const SELF_KEY = 'casework:self';
export const PERMISSION_KEY = 'casework:permission';

export interface PermissionMeta {
  resource: Resource;
  action: Action;
}

/** Open to anyone (login, health). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Any signed-in user acting on their own account; `pendingPasswordChange` lets through a user who must still change a one-time password. */
export const Self = (options: { pendingPasswordChange?: boolean } = {}) => SetMetadata(SELF_KEY, options);

/** Needs `action` on `resource` in the access matrix; the granted scope reaches the handler through @CurrentGrant(). */
export const Permission = (resource: Resource, action: Action) =>
  SetMetadata(PERMISSION_KEY, { resource, action } satisfies PermissionMeta);

type AuthedRequest = { user?: AuthUser; grant?: Grant };

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<AuthedRequest>().user);
export const CurrentGrant = createParamDecorator(
  (_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<AuthedRequest>().grant,
);
