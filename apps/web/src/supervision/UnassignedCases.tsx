import { intlLocale } from '../common/locale';
import { useEffect, useRef, useState } from 'react';
import { Alert, Box, Button, Checkbox, Link as MuiLink, Paper, Typography } from '@mui/material';
import AssignmentIndIcon from '@mui/icons-material/AssignmentInd';
import { Link } from 'react-router-dom';
import {
  DataTable,
  DateField,
  List,
  SelectInput,
  TextInput,
  useListContext,
  useLocaleState,
  useRefresh,
  useTranslate,
  type Identifier,
} from 'react-admin';
import { BulkAssignDialog } from './BulkAssignDialog';
import { Marker, PriorityGroups, priorityGroupChoices, trackChoices } from './labels';
import type { UnassignedCase } from './model';
import { RequirePermission } from './RequirePermission';

type Row = UnassignedCase & { id: Identifier };

/** The case page (built on main): the reference is a real link for keyboard users, the row a shortcut for the mouse. */
export const casePath = (id: Identifier) => `/cases/${id}/show`;

const filters = [
  <TextInput
    key="reference"
    source="reference"
    label="cw_supervision.unassigned.reference_filter"
    helperText="cw_supervision.unassigned.reference_help"
    alwaysOn
  />,
  <SelectInput key="track" source="track" label="cw_supervision.fields.track" choices={trackChoices} alwaysOn />,
  <SelectInput
    key="priorityGroup"
    source="priorityGroup"
    label="cw_supervision.fields.priorityGroups"
    choices={priorityGroupChoices}
    alwaysOn
    sx={{ minWidth: 220 }}
  />,
];

const DateCell = ({ source }: { source: 'openedAt' | 'firstInterviewDue' }) => {
  const [locale] = useLocaleState();
  return <DateField source={source} locales={intlLocale(locale)} emptyText="—" />;
};

/** Header of the selection column: visible text (axe: empty-table-header) and a labelled checkbox. */
const SelectPageHeader = () => {
  const translate = useTranslate();
  const { data = [], selectedIds, onSelect } = useListContext<Row>();
  const onPage = data.map((r) => r.id);
  const all = onPage.length > 0 && onPage.every((id) => selectedIds.includes(id));
  const some = onPage.some((id) => selectedIds.includes(id));
  return (
    <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', whiteSpace: 'nowrap' }}>
      <Checkbox
        size="small"
        checked={all}
        indeterminate={some && !all}
        onChange={(e) =>
          onSelect(e.target.checked ? [...new Set([...selectedIds, ...onPage])] : selectedIds.filter((id) => !onPage.includes(id)))
        }
        slotProps={{ input: { 'aria-label': translate('cw_supervision.unassigned.select_page') } }}
        sx={{ p: 0.5 }}
      />
      {translate('cw_supervision.unassigned.select_column')}
    </Box>
  );
};

const SelectRow = ({ record }: { record: Row }) => {
  const translate = useTranslate();
  const { selectedIds, onToggleItem } = useListContext<Row>();
  return (
    <Checkbox
      size="small"
      checked={selectedIds.includes(record.id)}
      onClick={(e) => e.stopPropagation()}
      onChange={() => onToggleItem(record.id)}
      slotProps={{ input: { 'aria-label': translate('cw_supervision.unassigned.select_case', { reference: record.reference }) } }}
      sx={{ p: 0.5 }}
    />
  );
};

/** What is selected and the one action on it; stays in place so the table does not jump. */
const SelectionBar = ({ onAssign }: { onAssign: () => void }) => {
  const translate = useTranslate();
  const { selectedIds, onUnselectItems } = useListContext<Row>();
  const count = selectedIds.length;
  return (
    <Box
      sx={{ display: 'flex', alignItems: 'center', gap: 2, px: 2, py: 1, flexWrap: 'wrap' }}
      role="region"
      aria-label={translate('cw_supervision.unassigned.selection')}
    >
      <Typography aria-live="polite" sx={{ minWidth: 180 }}>
        {count
          ? translate('cw_supervision.unassigned.selected', { smart_count: count })
          : translate('cw_supervision.unassigned.select_hint')}
      </Typography>
      <Button variant="contained" startIcon={<AssignmentIndIcon />} disabled={!count} onClick={onAssign}>
        {translate('cw_supervision.unassigned.assign')}
      </Button>
      {count > 0 && <Button onClick={() => onUnselectItems()}>{translate('cw_supervision.unassigned.clear')}</Button>}
    </Box>
  );
};

const CasesTable = () => {
  const translate = useTranslate();
  const refresh = useRefresh();
  const { data = [], selectedIds, onUnselectItems } = useListContext<Row>();
  // Selected cases may sit on other pages: keep every record seen so the dialog knows their tracks.
  const seen = useRef(new Map<Identifier, Row>());
  useEffect(() => {
    for (const r of data) seen.current.set(r.id, r);
  }, [data]);
  // A selection left from an earlier visit may hold cases assigned since, or never loaded here: start afresh.
  const unselect = useRef(onUnselectItems);
  useEffect(() => {
    unselect.current = onUnselectItems;
  });
  useEffect(() => {
    unselect.current();
  }, []);
  const [assigning, setAssigning] = useState<Row[] | null>(null);
  const open = () => {
    for (const r of data) seen.current.set(r.id, r);
    setAssigning(selectedIds.map((id) => seen.current.get(id)).filter((r): r is Row => !!r));
  };
  const track = (t: string | null) => (t ? translate(`cw_tracks.${t}`) : '—');
  return (
    <>
      <SelectionBar onAssign={open} />
      {/* Ten columns do not fit a narrow window: the table scrolls inside its card, not the whole page. */}
      <Box sx={{ overflowX: 'auto' }}>
        <DataTable<Row>
          bulkActionButtons={false}
          rowClick={(id) => casePath(id)}
          // Ten columns: narrower cell padding keeps them within a laptop screen beside the menu.
          sx={{ '& .MuiTableCell-root': { px: 1 } }}
        >
          <DataTable.Col label={<SelectPageHeader />} disableSort render={(r) => <SelectRow record={r as Row} />} />
          <DataTable.Col
            source="reference"
            label="cw_supervision.fields.reference"
            render={(r) => (
              <MuiLink
                component={Link}
                to={casePath(r.id)}
                onClick={(e: React.MouseEvent) => e.stopPropagation()}
                sx={{ whiteSpace: 'nowrap' }}
              >
                {r.reference}
              </MuiLink>
            )}
          />
          <DataTable.Col source="familyName" label="cw_supervision.fields.jobseekerName" render={(r) => r.jobseekerName} />
          <DataTable.Col source="status" label="cw_supervision.fields.status" render={(r) => translate(`cw_case_statuses.${r.status}`)} />
          <DataTable.Col
            source="recommendedTrack"
            label="cw_supervision.fields.recommendedTrack"
            disableSort
            render={(r) => track(r.recommendedTrack)}
          />
          <DataTable.Col
            source="track"
            label="cw_supervision.fields.track"
            disableSort
            render={(r) => (r.track ? track(r.track) : translate('cw_supervision.unassigned.undecided'))}
          />
          <DataTable.Col
            source="priorityGroups"
            label="cw_supervision.fields.priorityGroups"
            disableSort
            render={(r) => <PriorityGroups groups={r.priorityGroups} />}
          />
          <DataTable.Col source="openedAt" label="cw_supervision.fields.openedAt">
            <DateCell source="openedAt" />
          </DataTable.Col>
          <DataTable.Col source="firstInterviewDue" label="cw_supervision.fields.firstInterviewDue">
            <DateCell source="firstInterviewDue" />
          </DataTable.Col>
          <DataTable.Col
            label="cw_supervision.fields.notes"
            disableSort
            render={(r) => (
              <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
                {r.overridden && <Marker label={translate('cw_supervision.unassigned.overridden')} />}
                {r.assignedTo && (
                  <Marker
                    tone="warning"
                    label={translate('cw_supervision.unassigned.assignee_unavailable', { name: r.assigneeName ?? '—' })}
                  />
                )}
              </Box>
            )}
          />
        </DataTable>
      </Box>
      {assigning && (
        <BulkAssignDialog
          cases={assigning}
          onClose={(assigned) => {
            setAssigning(null);
            if (assigned) {
              onUnselectItems();
              refresh();
            }
          }}
        />
      )}
    </>
  );
};

const UnassignedCasesList = () => {
  const translate = useTranslate();
  return (
    <List
      resource="cases"
      title="cw_supervision.unassigned.title"
      filter={{ needsAssignment: true }}
      sort={{ field: 'firstInterviewDue', order: 'ASC' }}
      filters={filters}
      exporter={false}
      disableSyncWithLocation
      storeKey="cw-unassigned-cases"
      perPage={25}
      empty={
        <Paper sx={{ p: 2, mt: 2 }}>
          <Alert severity="success">{translate('cw_supervision.unassigned.empty')}</Alert>
        </Paper>
      }
    >
      <Alert severity="info" sx={{ m: 1 }}>
        {translate('cw_supervision.unassigned.intro')}
      </Alert>
      <CasesTable />
    </List>
  );
};

/** Supervisors: open cases of the office with nobody (available) on them, the earliest first-interview deadline first. */
export const UnassignedCases = () => (
  <RequirePermission resource="cases" action="assign">
    <UnassignedCasesList />
  </RequirePermission>
);
