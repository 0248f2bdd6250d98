import { Create, SimpleForm } from 'react-admin';
import { OfficeInputs } from './OfficeInputs';

const defaults = {
  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  language: 'en',
  national: false,
  // A usual week, as the API would store by default: the admin sees what will be saved.
  openingHours: Object.fromEntries(
    ['1', '2', '3', '4', '5'].map((day) => [
      day,
      [
        ['08:30', '12:30'],
        ['13:30', '17:00'],
      ],
    ]),
  ),
};

export const OfficeCreate = () => (
  <Create redirect="edit">
    <SimpleForm defaultValues={defaults}>
      <OfficeInputs />
    </SimpleForm>
  </Create>
);
