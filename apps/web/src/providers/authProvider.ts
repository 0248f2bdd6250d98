import type { AuthProvider } from 'react-admin';
import { can, RESOURCES, type Action, type Resource } from '@casework/contracts';
import { ApiRequestError, authRequest, endSession, getUser, hasToken, refreshSession } from './session';

export const CHANGE_PASSWORD_PATH = '/change-password';

/** react-admin's actions mapped to the access matrix's; anything else (delete, export...) is denied. */
const ACTIONS: Record<string, Action> = {
  list: 'read',
  show: 'read',
  read: 'read',
  create: 'create',
  edit: 'update',
  update: 'update',
};

export function canAccessResource(role: string | undefined, resource: string, action: string): boolean {
  const mapped = ACTIONS[action];
  if (!mapped || !(RESOURCES as readonly string[]).includes(resource)) return false;
  return can(role as Parameters<typeof can>[0], resource as Resource, mapped);
}

/** The signed-in user, restoring the session from the cookie first after a reload. */
async function currentUser() {
  if (!hasToken()) await refreshSession().catch(() => undefined);
  return getUser();
}

function errorCode(error: unknown): string | undefined {
  if (error instanceof ApiRequestError) return error.code;
  const body = (error as { body?: { code?: string } } | undefined)?.body;
  return body?.code;
}

export const authProvider: AuthProvider = {
  async login({ email, password }: { email: string; password: string }) {
    const user = await authRequest('/auth/login', { email, password });
    return user.mustChangePassword ? { redirectTo: CHANGE_PASSWORD_PATH } : undefined;
  },

  async logout() {
    await endSession();
  },

  async checkAuth() {
    if (hasToken()) return;
    // After a reload: the access token is gone, the refresh cookie may still be there.
    try {
      await refreshSession();
    } catch {
      // No session to restore: go to the login page without an error toast.
      throw { message: false };
    }
  },

  async checkError(error: unknown) {
    const status = (error as { status?: number } | undefined)?.status;
    if (status === 401) throw { message: 'errors.SESSION_EXPIRED' };
    if (status === 403 && errorCode(error) === 'PASSWORD_CHANGE_REQUIRED') {
      // Not a logout: the user stays signed in but must change the password first.
      throw { logoutUser: false, redirectTo: CHANGE_PASSWORD_PATH, message: false };
    }
  },

  async getIdentity() {
    const user = await currentUser();
    if (!user) throw new Error('errors.UNAUTHENTICATED');
    return { ...user, id: user.id, fullName: user.fullName };
  },

  async getPermissions() {
    return (await currentUser())?.role;
  },

  async canAccess({ resource, action }) {
    return canAccessResource((await currentUser())?.role, resource, action);
  },
};
