import { Create, SimpleForm } from 'react-admin';
import { OfficeInputs } from './OfficeInputs';

const defaults = {
  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  language: 'en',
  national: false,
  openingHours: {},
};

export const OfficeCreate = () => (
  <Create redirect="edit">
    <SimpleForm defaultValues={defaults}>
      <OfficeInputs />
    </SimpleForm>
  </Create>
);
