import { CircularProgress } from '@mui/material';
import {
  AppBar as RaAppBar,
  LocalesMenuButton,
  Logout,
  RefreshIconButton,
  TitlePortal,
  UserMenu,
  useLoading,
  useTranslate,
} from 'react-admin';
import { ChangePasswordMenuItem } from './ChangePasswordMenuItem';

/** react-admin's loading indicator, but the spinner has an accessible name (axe: aria-progressbar-name). */
const LoadingIndicator = () => {
  const loading = useLoading();
  const translate = useTranslate();
  return loading ? (
    <CircularProgress color="inherit" size={18} thickness={2} aria-label={translate('ra.page.loading')} sx={{ mx: 1.5 }} />
  ) : (
    <RefreshIconButton />
  );
};

/** react-admin's app bar, with the page title as the page's one <h1>. */
export const AppBar = () => (
  <RaAppBar
    // Always shown: a hidden bar would hide the page heading from assistive technology too.
    alwaysOn
    toolbar={
      <>
        <LocalesMenuButton />
        <LoadingIndicator />
      </>
    }
    userMenu={
      <UserMenu>
        <ChangePasswordMenuItem />
        <Logout />
      </UserMenu>
    }
  >
    <TitlePortal component="h1" variant="h6" sx={{ fontSize: '1.25rem', fontWeight: 500 }} />
  </RaAppBar>
);
