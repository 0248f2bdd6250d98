import { maxLength, minLength, regex, required, TextInput } from 'react-admin';

const validateCode = [required(), regex(/^[A-Z0-9_-]{2,20}$/, 'validation.code')];
const validateName = [required(), minLength(2), maxLength(120)];

export const RegionInputs = () => (
  <>
    <TextInput source="code" validate={validateCode} helperText="resources.regions.helpers.code" parse={(v: string) => v.toUpperCase()} />
    <TextInput source="name" validate={validateName} />
  </>
);
