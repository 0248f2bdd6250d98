import { Box, Chip, Typography } from '@mui/material';
import ChangeCircleIcon from '@mui/icons-material/ChangeCircle';
import { Show, TabbedShowLayout, useNotify, useRecordContext, useRedirect, useTranslate } from 'react-admin';
import { can } from '@casework/contracts';
import { useCurrentUser } from '../common/useCurrentUser';
import { SummaryTab } from './SummaryTab';
import { TriageTab } from './TriageTab';
import { NotesTab } from './NotesTab';
import { TimelineTab } from './TimelineTab';
import { CaseAppointmentsTab } from '../appointments';
import { PlanTab } from '../intervention-plans';
import type { CaseRecord } from './types';

const CaseTitle = () => {
  const translate = useTranslate();
  const record = useRecordContext<CaseRecord>();
  return <>{record ? translate('cw_case.title', { reference: record.reference }) : translate('cw_case.loading')}</>;
};

/** Who the case is about and where it stands, above the tabs. */
const CaseHeader = () => {
  const translate = useTranslate();
  const record = useRecordContext<CaseRecord>();
  if (!record) return null;
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 1, px: 2, pt: 2 }}>
      <Typography component="h2" variant="h6" sx={{ mr: 1 }} data-testid="case-jobseeker">
        {record.jobseekerName}
      </Typography>
      <Chip label={translate(`cw_case_statuses.${record.status}`)} color={record.status === 'closed' ? 'default' : 'primary'} />
      {record.track && <Chip variant="outlined" label={translate(`cw_tracks.${record.track}`)} />}
      {record.overridden && <Chip variant="outlined" icon={<ChangeCircleIcon />} label={translate('cw_case.overridden_chip')} />}
    </Box>
  );
};

/**
 * One case: summary, the triage explanation with its decisions, the intervention plan, notes and the history. Tabs
 * a role may not use are not shown (front desk reads the summary only).
 */
export const CaseShow = () => {
  const me = useCurrentUser();
  const notify = useNotify();
  const redirect = useRedirect();
  const summaryOnly = me?.role === 'front_desk';
  return (
    <Show<CaseRecord>
      actions={false}
      title={<CaseTitle />}
      queryOptions={{
        // Out of scope and missing look the same (404); there is no case list to fall back to.
        onError: (error) => {
          notify((error as Error).message || 'errors.NOT_FOUND', { type: 'error' });
          redirect('/');
        },
      }}
    >
      <CaseHeader />
      <TabbedShowLayout>
        <TabbedShowLayout.Tab label="cw_case.tabs.summary">
          <SummaryTab />
        </TabbedShowLayout.Tab>
        {!summaryOnly && (
          <TabbedShowLayout.Tab label="cw_case.tabs.triage" path="triage">
            <TriageTab />
          </TabbedShowLayout.Tab>
        )}
        {can(me?.role, 'appointments', 'read') && (
          <TabbedShowLayout.Tab label="cw_appointments.case_tab.tab" path="appointments">
            <CaseAppointmentsTab />
          </TabbedShowLayout.Tab>
        )}
        {can(me?.role, 'intervention-plans', 'read') && (
          <TabbedShowLayout.Tab label="cw_plan.tab" path="plan">
            <PlanTab />
          </TabbedShowLayout.Tab>
        )}
        {can(me?.role, 'case-notes', 'read') && (
          <TabbedShowLayout.Tab label="cw_case.tabs.notes" path="notes">
            <NotesTab />
          </TabbedShowLayout.Tab>
        )}
        <TabbedShowLayout.Tab label="cw_case.tabs.timeline" path="timeline">
          <TimelineTab />
        </TabbedShowLayout.Tab>
      </TabbedShowLayout>
    </Show>
  );
};
