import { BooleanField, FunctionField, NumberField, ReferenceField, Show, SimpleShowLayout, TextField, useTranslate } from 'react-admin';
import type { UserDto } from '@casework/contracts';

/** A colleague's record, read-only: the fields the API shows to staff of the same office. */
export const UserShow = () => {
  const translate = useTranslate();
  return (
    <Show>
      <SimpleShowLayout>
        <TextField source="fullName" />
        <FunctionField<UserDto> source="role" render={(record) => translate(`roles.${record.role}`)} />
        <ReferenceField source="officeId" reference="offices" link={false} />
        <BooleanField source="active" />
        <BooleanField source="away" />
        <NumberField source="caseloadCap" emptyText="—" />
      </SimpleShowLayout>
    </Show>
  );
};
