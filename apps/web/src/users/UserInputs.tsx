import {
  BooleanInput,
  email,
  FormDataConsumer,
  maxLength,
  maxValue,
  minLength,
  minValue,
  NumberInput,
  ReferenceInput,
  required,
  SelectInput,
  TextInput,
} from 'react-admin';
import { roleChoices } from '../common/choices';

const validateName = [required(), minLength(2), maxLength(120)];
const validateEmail = [required(), email(), maxLength(254)];
const validateCap = [minValue(1), maxValue(1000)];

/** Only counsellors and specialists carry a caseload. */
const hasCaseload = (role: unknown) => role === 'counsellor' || role === 'specialist';

/** The inputs shared by the create and edit forms. */
export const UserInputs = ({ edit = false }: { edit?: boolean }) => (
  <>
    <TextInput source="fullName" validate={validateName} autoComplete="off" />
    <TextInput source="email" type="email" validate={validateEmail} autoComplete="off" />
    <SelectInput source="role" choices={roleChoices} validate={required()} />
    <ReferenceInput source="officeId" reference="offices" sort={{ field: 'name', order: 'ASC' }} perPage={100}>
      <SelectInput optionText="name" validate={required()} />
    </ReferenceInput>
    <FormDataConsumer<{ role?: string }>>
      {({ formData }) =>
        hasCaseload(formData.role) ? (
          <NumberInput source="caseloadCap" validate={validateCap} step={1} helperText="resources.users.helpers.caseloadCap" />
        ) : null
      }
    </FormDataConsumer>
    {edit && <BooleanInput source="active" helperText="resources.users.helpers.active" />}
    {edit && (
      <FormDataConsumer<{ role?: string }>>
        {({ formData }) => (hasCaseload(formData.role) ? <BooleanInput source="away" helperText="resources.users.helpers.away" /> : null)}
      </FormDataConsumer>
    )}
  </>
);
