import { Edit, SimpleForm, TopToolbar } from 'react-admin';
import { SaveToolbar } from '../common/SaveToolbar';
import { ResetPasswordButton } from './ResetPasswordButton';
import { UserInputs } from './UserInputs';

const UserEditActions = () => (
  <TopToolbar>
    <ResetPasswordButton />
  </TopToolbar>
);

// Pessimistic: the API checks the version, so a save must wait for its answer.
export const UserEdit = () => (
  <Edit mutationMode="pessimistic" actions={<UserEditActions />}>
    <SimpleForm toolbar={<SaveToolbar />}>
      <UserInputs edit />
    </SimpleForm>
  </Edit>
);
