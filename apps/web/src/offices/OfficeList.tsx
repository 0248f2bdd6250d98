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
import { can, type OfficeDto } from '@casework/contracts';
import { useCurrentUser } from '../common/useCurrentUser';

const baseFilters = [<SearchInput key="q" source="q" alwaysOn />, <NullableBooleanInput key="national" source="national" />];
const withRegion = [
  ...baseFilters,
  <ReferenceInput key="regionId" source="regionId" reference="regions" sort={{ field: 'name', order: 'ASC' }} perPage={100}>
    <SelectInput optionText="name" />
  </ReferenceInput>,
];

export const OfficeList = () => {
  const translate = useTranslate();
  const role = useCurrentUser()?.role;
  const seesRegions = can(role, 'regions', 'read');
  return (
    <List filters={seesRegions ? withRegion : baseFilters} sort={{ field: 'name', order: 'ASC' }} exporter={false}>
      <DataTable<OfficeDto & { id: string }> rowClick={can(role, 'offices', 'update') ? 'edit' : 'show'} bulkActionButtons={false}>
        <DataTable.Col source="code" />
        <DataTable.Col source="name" />
        {seesRegions && (
          <DataTable.Col source="regionId">
            <ReferenceField source="regionId" reference="regions" link={false} />
          </DataTable.Col>
        )}
        <DataTable.Col source="timeZone" disableSort />
        <DataTable.Col source="language" disableSort render={(record) => translate(`languages.${record.language}`)} />
        <DataTable.Col source="national" field={BooleanField} disableSort />
      </DataTable>
    </List>
  );
};
