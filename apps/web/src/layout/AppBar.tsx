import { AppBar as RaAppBar, LoadingIndicator, LocalesMenuButton, Logout, TitlePortal, UserMenu } from 'react-admin';
import { ChangePasswordMenuItem } from './ChangePasswordMenuItem';

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
