import type { Role, Scope } from '@casework/contracts';

/** The authenticated caller, as checked against a live session on every request. */
export interface AuthUser {
  id: string;
  sessionId: string;
  email: string;
  fullName: string;
  role: Role;
  officeId: string;
  regionId: string;
  mustChangePassword: boolean;
}

/** What the guard granted for this route: the caller and the scope their role has. */
export interface Grant {
  user: AuthUser;
  scope: Scope;
}
