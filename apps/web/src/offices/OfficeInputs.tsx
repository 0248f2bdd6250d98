import {
  AutocompleteInput,
  BooleanInput,
  maxLength,
  minLength,
  ReferenceInput,
  regex,
  required,
  SelectInput,
  TextInput,
} from 'react-admin';
import { languageChoices } from '../common/choices';
import { OpeningHoursInput } from './OpeningHoursInput';

const CODE = /^[A-Z0-9_-]{2,20}$/;
const validateCode = [required(), regex(CODE, 'validation.code')];
const validateName = [required(), minLength(2), maxLength(120)];

/** IANA zones known to this browser: the same check the API makes. */
const timeZoneChoices = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((tz) => tz.includes('/'))].map((tz) => ({ id: tz, name: tz }));

export const OfficeInputs = () => (
  <>
    <TextInput source="code" validate={validateCode} helperText="resources.offices.helpers.code" parse={(v: string) => v.toUpperCase()} />
    <TextInput source="name" validate={validateName} />
    <ReferenceInput source="regionId" reference="regions" sort={{ field: 'name', order: 'ASC' }} perPage={100}>
      <SelectInput optionText="name" validate={required()} />
    </ReferenceInput>
    <AutocompleteInput
      source="timeZone"
      choices={timeZoneChoices}
      validate={required()}
      translateChoice={false}
      helperText="resources.offices.helpers.timeZone"
    />
    <SelectInput source="language" choices={languageChoices} validate={required()} />
    <BooleanInput source="national" helperText="resources.offices.helpers.national" />
    <OpeningHoursInput />
  </>
);
