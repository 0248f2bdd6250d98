import type { ReactNode } from 'react';
import { can, type Action, type Resource } from '@casework/contracts';
import { useCurrentUser } from '../common/useCurrentUser';
import { AccessDenied } from '../layout/AccessDenied';

/**
 * The custom-route counterpart of common/guard.tsx: the page (and its requests) is
 * rendered only for a role the access matrix allows, read from the same `can()`.
 */
export const RequirePermission = ({ resource, action, children }: { resource: Resource; action: Action; children: ReactNode }) => {
  const me = useCurrentUser();
  if (!me) return null;
  return can(me.role, resource, action) ? <>{children}</> : <AccessDenied />;
};
