import { SaveButton, Toolbar } from 'react-admin';

/** Form toolbar without a delete button: records are deactivated, never deleted. */
export const SaveToolbar = () => (
  <Toolbar>
    <SaveButton />
  </Toolbar>
);
