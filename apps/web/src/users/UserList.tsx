import {
  BooleanField,
  DataTable,
  List,
  NullableBooleanInput,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SelectInput,
  useTranslate,
} from 'react-admin';
import { DateTimeField } from '../common/DateTimeField';
import type { UserDto } from '@casework/contracts';
import { roleChoices } from '../common/choices';
import { useCurrentUser } from '../common/useCurrentUser';

const staffFilters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="role" source="role" choices={roleChoices} />,
  <NullableBooleanInput key="active" source="active" />,
];

const adminFilters = [
  ...staffFilters,
  <ReferenceInput key="officeId" source="officeId" reference="offices" sort={{ field: 'name', order: 'ASC' }} perPage={100}>
    <SelectInput optionText="name" />
  </ReferenceInput>,
];

/**
 * Administrators manage every account; other staff see their office's staff
 * (read-only, fewer fields) as "Colleagues". Only sortable columns allow sorting.
 */
export const UserList = () => {
  const translate = useTranslate();
  const isAdmin = useCurrentUser()?.role === 'admin';
  return (
    <List
      title={isAdmin ? undefined : 'resources.users.colleagues'}
      filters={isAdmin ? adminFilters : staffFilters}
      sort={{ field: 'fullName', order: 'ASC' }}
      exporter={false}
    >
      <DataTable<UserDto & { id: string }> rowClick={isAdmin ? 'edit' : 'show'} bulkActionButtons={false}>
        <DataTable.Col source="fullName" />
        {isAdmin && <DataTable.Col source="email" />}
        <DataTable.Col source="role" render={(record) => translate(`roles.${record.role}`)} />
        <DataTable.Col source="officeId">
          <ReferenceField source="officeId" reference="offices" link={false} />
        </DataTable.Col>
        <DataTable.Col source="active" field={BooleanField} disableSort />
        <DataTable.Col source="away" field={BooleanField} disableSort />
        <DataTable.NumberCol source="caseloadCap" disableSort />
        {isAdmin && (
          <DataTable.Col source="lastLoginAt">
            <DateTimeField source="lastLoginAt" />
          </DataTable.Col>
        )}
      </DataTable>
    </List>
  );
};
