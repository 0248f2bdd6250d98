import { Edit, SimpleForm } from 'react-admin';
import { SaveToolbar } from '../common/SaveToolbar';
import { OfficeInputs } from './OfficeInputs';

export const OfficeEdit = () => (
  <Edit mutationMode="pessimistic">
    <SimpleForm toolbar={<SaveToolbar />}>
      <OfficeInputs />
    </SimpleForm>
  </Edit>
);
