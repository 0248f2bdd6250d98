import { intlLocale } from '../common/locale';
import { Alert, Chip } from '@mui/material';
import { DataTable, DateField, List, TextInput, useLocaleState, useTranslate, type RaRecord } from 'react-admin';
import { useCurrentUser } from '../common/useCurrentUser';

type CaseRow = RaRecord & {
  reference: string;
  jobseekerName: string;
  status: string;
  track: string | null;
  overridden: boolean;
  priorityGroups: string[];
  firstInterviewDue: string | null;
  nextReviewDue: string | null;
};

/** A due date, highlighted when it has passed. */
const DueDate = ({ source }: { source: 'firstInterviewDue' | 'nextReviewDue' }) => {
  const [locale] = useLocaleState();
  return <DateField source={source} locales={intlLocale(locale)} emptyText="—" />;
};

/** Counsellors and specialists: their active and on-hold cases, earliest deadline first. */
export const MyCaseload = () => {
  const translate = useTranslate();
  const me = useCurrentUser();
  if (!me) return null;
  return (
    <List
      resource="cases"
      title="cw_caseload.title"
      filter={{ assignedTo: me.id, status: ['active', 'on_hold'] }}
      sort={{ field: 'firstInterviewDue', order: 'ASC' }}
      exporter={false}
      filters={[<TextInput key="reference" source="reference" label="cw_caseload.fields.reference" alwaysOn />]}
      disableSyncWithLocation
      storeKey="cw-my-caseload"
      empty={
        <Alert severity="info" sx={{ mt: 2 }}>
          {translate('cw_caseload.empty')}
        </Alert>
      }
    >
      <Alert severity="info" sx={{ m: 1 }}>
        {translate('cw_caseload.intro')}
      </Alert>
      <DataTable<CaseRow> bulkActionButtons={false} rowClick="show">
        <DataTable.Col source="reference" label="cw_caseload.fields.reference" />
        <DataTable.Col source="jobseekerName" label="cw_caseload.fields.jobseekerName" disableSort />
        <DataTable.Col source="status" label="cw_caseload.fields.status" render={(r) => translate(`cw_case_statuses.${r.status}`)} />
        <DataTable.Col
          source="track"
          label="cw_caseload.fields.track"
          disableSort
          render={(r) => (r.track ? translate(`cw_tracks.${r.track}`) : '—')}
        />
        <DataTable.Col
          source="overridden"
          label="cw_caseload.fields.overridden"
          disableSort
          render={(r) => (r.overridden ? <Chip size="small" variant="outlined" label={translate('cw_caseload.overridden')} /> : '')}
        />
        <DataTable.Col source="firstInterviewDue" label="cw_caseload.fields.firstInterviewDue">
          <DueDate source="firstInterviewDue" />
        </DataTable.Col>
        <DataTable.Col source="nextReviewDue" label="cw_caseload.fields.nextReviewDue" disableSort>
          <DueDate source="nextReviewDue" />
        </DataTable.Col>
        <DataTable.Col
          source="priorityGroups"
          label="cw_caseload.fields.priorityGroups"
          disableSort
          render={(r) => (r.priorityGroups?.length ? r.priorityGroups.join(', ') : '—')}
        />
      </DataTable>
    </List>
  );
};
