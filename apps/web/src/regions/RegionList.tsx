import { DataTable, List, SearchInput } from 'react-admin';
import { DateTimeField } from '../common/DateTimeField';
import { can, type RegionDto } from '@casework/contracts';
import { useCurrentUser } from '../common/useCurrentUser';

const filters = [<SearchInput key="q" source="q" alwaysOn />];

export const RegionList = () => {
  const mayEdit = can(useCurrentUser()?.role, 'regions', 'update');
  return (
    <List filters={filters} sort={{ field: 'name', order: 'ASC' }} exporter={false}>
      <DataTable<RegionDto & { id: string }> rowClick={mayEdit ? 'edit' : 'show'} bulkActionButtons={false}>
        <DataTable.Col source="code" />
        <DataTable.Col source="name" />
        <DataTable.Col source="updatedAt">
          <DateTimeField source="updatedAt" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
