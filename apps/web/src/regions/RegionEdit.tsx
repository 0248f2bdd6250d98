import { Edit, SimpleForm } from 'react-admin';
import { SaveToolbar } from '../common/SaveToolbar';
import { RegionInputs } from './RegionInputs';

export const RegionEdit = () => (
  <Edit mutationMode="pessimistic">
    <SimpleForm toolbar={<SaveToolbar />}>
      <RegionInputs />
    </SimpleForm>
  </Edit>
);
