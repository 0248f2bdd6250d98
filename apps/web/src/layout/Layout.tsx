import { useSyncExternalStore, type ReactNode } from 'react';
import { Navigate } from 'react-router-dom';
import { Layout as RaLayout } from 'react-admin';
import { CHANGE_PASSWORD_PATH } from '../providers/authProvider';
import { getUser, subscribe } from '../providers/session';
import { AppBar } from './AppBar';
import { Menu } from './Menu';
import { useDocumentLang } from './useDocumentLang';

export const Layout = ({ children }: { children: ReactNode }) => {
  const user = useSyncExternalStore(subscribe, getUser);
  useDocumentLang();
  // A user with a one-time password sees nothing but the change-password page.
  if (user?.mustChangePassword) return <Navigate to={CHANGE_PASSWORD_PATH} replace />;
  return (
    <RaLayout appBar={AppBar} menu={Menu}>
      {children}
    </RaLayout>
  );
};
