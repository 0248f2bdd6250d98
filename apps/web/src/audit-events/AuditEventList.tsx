import { useState } from 'react';
import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import DataObjectIcon from '@mui/icons-material/DataObject';
import {
  AutocompleteInput,
  DataTable,
  DateTimeInput,
  List,
  ReferenceField,
  ReferenceInput,
  SelectInput,
  TextInput,
  useTranslate,
} from 'react-admin';
import { DateTimeField } from '../common/DateTimeField';
import type { AuditEventDto } from '@casework/contracts';

type AuditRecord = AuditEventDto & { id: string };

// The actions and entities the API records today; extend as modules add theirs.
const ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.login_throttled',
  'auth.logout',
  'auth.password_changed',
  'users.create',
  'users.update',
  'users.deactivate',
  'users.reset_password',
  'offices.create',
  'offices.update',
  'regions.create',
  'regions.update',
  'demo.seed',
].map((id) => ({ id, name: id }));
const ENTITIES = ['users', 'sessions', 'offices', 'regions', 'installation'].map((id) => ({ id, name: id }));

/** Datetime-local input value -> ISO timestamp in UTC, as the API filters on. */
const toIso = (value: string | null) => (value ? new Date(value).toISOString() : undefined);

const filters = [
  <ReferenceInput key="actorId" source="actorId" reference="users" sort={{ field: 'fullName', order: 'ASC' }} alwaysOn>
    <AutocompleteInput optionText="fullName" filterToQuery={(q: string) => ({ q })} sx={{ minWidth: 240 }} />
  </ReferenceInput>,
  <SelectInput key="entity" source="entity" choices={ENTITIES} translateChoice={false} alwaysOn sx={{ minWidth: 180 }} />,
  <SelectInput key="action" source="action" choices={ACTIONS} translateChoice={false} alwaysOn sx={{ minWidth: 240 }} />,
  <TextInput key="entityId" source="entityId" />,
  <DateTimeInput key="at_gte" source="at_gte" parse={toIso} />,
  <DateTimeInput key="at_lte" source="at_lte" parse={toIso} />,
];

/**
 * The masked changes of one event, in a dialog opened by a real button: the
 * table's own expandable rows cannot be opened from the keyboard.
 */
const ChangesButton = ({ record }: { record: AuditRecord }) => {
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const title = translate('resources.audit-events.changes_of', { id: record.id });
  if (!record.changes || !Object.keys(record.changes).length) {
    return <span aria-label={translate('resources.audit-events.no_changes')}>—</span>;
  }
  return (
    <>
      <Button size="small" startIcon={<DataObjectIcon />} aria-label={title} onClick={() => setOpen(true)}>
        {translate('resources.audit-events.show_changes')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby={`changes-title-${record.id}`} maxWidth="md" fullWidth>
        <DialogTitle id={`changes-title-${record.id}`}>{title}</DialogTitle>
        <DialogContent>
          <Box
            component="pre"
            data-testid="audit-changes"
            sx={{ m: 0, p: 1, bgcolor: 'grey.100', borderRadius: 1, overflowX: 'auto', fontSize: '0.85rem' }}
          >
            {JSON.stringify(record.changes, null, 2)}
          </Box>
          <Typography variant="body2" sx={{ mt: 1 }}>
            {translate('resources.audit-events.fields.requestId')}: {record.requestId ?? '—'}
          </Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)} variant="contained">
            {translate('ra.action.close')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};

/** Read-only audit log; only `id` and `at` can be sorted on. */
export const AuditEventList = () => {
  const translate = useTranslate();
  return (
    <List filters={filters} sort={{ field: 'at', order: 'DESC' }} exporter={false} perPage={25}>
      <DataTable<AuditRecord> rowClick={false} bulkActionButtons={false}>
        <DataTable.Col source="at">
          <DateTimeField source="at" />
        </DataTable.Col>
        <DataTable.Col source="actorId" disableSort>
          <ReferenceField source="actorId" reference="users" link={false} emptyText={translate('resources.audit-events.system')} />
        </DataTable.Col>
        <DataTable.Col
          source="actorRole"
          disableSort
          render={(record) => (record.actorRole ? translate(`roles.${record.actorRole}`) : '')}
        />
        <DataTable.Col source="action" disableSort />
        <DataTable.Col source="entity" disableSort />
        <DataTable.Col source="entityId" disableSort />
        <DataTable.Col source="ip" disableSort />
        <DataTable.Col source="changes" disableSort render={(record) => <ChangesButton record={record as AuditRecord} />} />
      </DataTable>
    </List>
  );
};
