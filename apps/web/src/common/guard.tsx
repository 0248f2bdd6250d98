import type { ComponentType } from 'react';
import { useCanAccess, useResourceContext } from 'react-admin';
import { AccessDenied } from '../layout/AccessDenied';

/**
 * Renders a resource page only once access is confirmed. react-admin's own
 * controllers start their query as soon as the access check settles, even
 * when it says no; this wrapper makes sure a forbidden page fetches nothing.
 */
export function guard(action: 'list' | 'show' | 'edit' | 'create', Page: ComponentType): ComponentType {
  const Guarded = () => {
    const resource = useResourceContext();
    const { canAccess, isPending } = useCanAccess({ resource, action });
    if (isPending) return null;
    return canAccess ? <Page /> : <AccessDenied />;
  };
  Guarded.displayName = `Guarded(${Page.displayName ?? Page.name})`;
  return Guarded;
}
