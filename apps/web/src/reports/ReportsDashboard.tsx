import { Box, Button, Typography } from '@mui/material';
import BalanceIcon from '@mui/icons-material/Balance';
import GroupsIcon from '@mui/icons-material/Groups';
import { Link } from 'react-router-dom';
import { Title, useTranslate } from 'react-admin';
import { FiltersBar, useReportFilters } from './Filters';
import type { ReportScopeOptions } from '@casework/contracts';
import { filterParams, type ReportFilters } from './model';
import { NotYet, ReportPage } from './parts';
import { CaseloadSection, ChannelsSection, DeadlinesSection, OutcomesSection } from './sections';

export const withSearch = (path: string, search: string) => (search ? `${path}?${search}` : path);

/** An office's row opens the team view of that office, in the same period. */
const teamLink = (filters: ReportFilters, scope: ReportScopeOptions) => (officeId: string) =>
  withSearch('/reports/team', filterParams({ ...filters, officeId }, scope).toString());

/**
 * The manager's landing page (a supervisor sees the same for their office): caseload, deadlines,
 * outcomes and channel mix for the chosen region, office and months, with the equity view a click away.
 */
export const ReportsDashboard = () => {
  const translate = useTranslate();
  const { scope, filters, setFilters, search } = useReportFilters();
  return (
    <ReportPage>
      <Title title={translate('cw_reports.dashboard.title')} />
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'center', justifyContent: 'space-between', mb: 2 }}>
        <Typography sx={{ flex: '1 1 30rem' }}>{translate('cw_reports.dashboard.intro')}</Typography>
        <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
          <Button component={Link} to={withSearch('/reports/team', search)} variant="outlined" startIcon={<GroupsIcon />}>
            {translate('cw_reports.team.link')}
          </Button>
          <Button component={Link} to={withSearch('/reports/equity', search)} variant="contained" startIcon={<BalanceIcon />}>
            {translate('cw_reports.equity.link')}
          </Button>
        </Box>
      </Box>
      {!scope.data || !filters ? (
        <NotYet error={scope.error} failureReason={scope.failureReason} />
      ) : (
        <>
          <FiltersBar scope={scope.data} filters={filters} onChange={setFilters} />
          <CaseloadSection filters={filters} teamLink={scope.data.chooseOffice ? teamLink(filters, scope.data) : undefined} />
          <DeadlinesSection filters={filters} />
          <OutcomesSection filters={filters} />
          <ChannelsSection filters={filters} />
        </>
      )}
    </ReportPage>
  );
};
