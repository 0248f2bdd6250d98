import type { AuthUser } from './auth-user.js';

/** Provided by the auth module: turns an Authorization header into the caller of a live session, or throws a 401. */
export interface BearerAuthenticator {
  authenticate(authorization: unknown): Promise<AuthUser>;
}

export const BEARER_AUTH = Symbol('BearerAuthenticator');
