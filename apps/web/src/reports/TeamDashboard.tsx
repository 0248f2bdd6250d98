import { Box, Button, TablePagination, Typography } from '@mui/material';
import BalanceIcon from '@mui/icons-material/Balance';
import TuneIcon from '@mui/icons-material/Tune';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Title, useTranslate } from 'react-admin';
import { can } from '@casework/contracts';
import { useCurrentUser } from '../common/useCurrentUser';
import { CaseloadChart } from '../supervision/CaseloadChart';
import { Marker } from '../supervision/labels';
import { useReport } from './api';
import { FiltersBar, useReportFilters } from './Filters';
import { reportQuery, teamRows, type ReportFilters } from './model';
import { FigureTable, NotYet, ReportPage, ReportSection, Stats } from './parts';
import { withSearch } from './ReportsDashboard';
import { DeadlinesSection } from './sections';

/** Staff a page: what the chart can show legibly. */
const PAGE = 25;

/** Each counsellor's and specialist's load against their cap, with what is overdue on their desk; most loaded first. */
const TeamCaseload = ({ filters }: { filters: ReportFilters }) => {
  const translate = useTranslate();
  const me = useCurrentUser();
  const [page, setPage] = useState(0);
  const query = reportQuery('caseload', filters);
  const { data, error, failureReason } = useReport('caseload', { ...query, offset: page * PAGE, limit: PAGE });
  const t = (key: string, options?: Record<string, unknown>) => translate(`cw_reports.team.${key}`, options);
  const rows = data ? teamRows(data.rows) : [];
  // A manager looking at several offices at once needs to know whose team each person is in.
  const offices = new Map(data?.rows.map((r) => [r.staffId, r.officeName]));
  const manyOffices = new Set(offices.values()).size > 1;
  const status = (r: (typeof rows)[number]) => {
    if (r.cap === null) return translate('cw_supervision.caseloads.no_cap');
    if (r.overCap) return <Marker tone="error" label={translate('cw_supervision.caseloads.over_by', { smart_count: r.overBy ?? 0 })} />;
    return translate('cw_supervision.caseloads.room_left', { smart_count: -(r.overBy ?? 0) });
  };
  return (
    <ReportSection
      name="caseload"
      title={t('caseload_title')}
      meta={data?.meta}
      query={query}
      actions={
        can(me?.role, 'caseloads', 'read') && (
          <Button size="small" component={Link} to="/caseloads" startIcon={<TuneIcon />}>
            {t('rebalance')}
          </Button>
        )
      }
    >
      {!data ? (
        <NotYet error={error} failureReason={failureReason} />
      ) : (
        <>
          <Stats
            items={[
              { label: translate('cw_reports.caseload.staff'), value: data.totals.staff },
              { label: translate('cw_reports.caseload.open_cases'), value: data.totals.openCases },
              { label: translate('cw_reports.caseload.over_cap'), value: data.totals.overCap },
              { label: translate('cw_reports.caseload.overdue_items'), value: data.totals.overdueItems },
              { label: translate('cw_reports.caseload.unassigned_cases'), value: data.totals.unassignedCases },
            ]}
          />
          {rows.length === 0 ? (
            <Typography sx={{ mt: 2 }}>{translate('cw_reports.caseload.empty')}</Typography>
          ) : (
            <>
              <Typography variant="body2" sx={{ mt: 2 }}>
                {t('order')}
              </Typography>
              {/* The chart of the supervisor's caseload screen: hidden from assistive technology, the table carries the figures. */}
              <Box sx={{ mt: 2 }}>
                <CaseloadChart rows={rows} />
              </Box>
              <FigureTable
                caption={t('caseload_table')}
                columns={[
                  { label: translate('cw_supervision.caseloads.person') },
                  ...(manyOffices ? [{ label: translate('cw_reports.caseload.office') }] : []),
                  { label: translate('cw_supervision.caseloads.role') },
                  { label: translate('cw_supervision.caseloads.availability') },
                  { label: translate('cw_supervision.caseloads.open_cases'), numeric: true },
                  { label: translate('cw_supervision.caseloads.load'), numeric: true },
                  { label: translate('cw_supervision.caseloads.cap'), numeric: true },
                  { label: translate('cw_supervision.caseloads.percent'), numeric: true },
                  { label: translate('cw_reports.caseload.overdue_items'), numeric: true },
                  { label: translate('cw_supervision.caseloads.status') },
                ]}
                rows={rows.map((r) => ({
                  key: r.id,
                  header: r.name,
                  cells: [
                    ...(manyOffices ? [offices.get(r.id)] : []),
                    translate(`roles.${r.role}`),
                    translate(`cw_supervision.availability.${r.availability}`),
                    r.openCases,
                    r.load,
                    r.cap ?? <span aria-label={translate('cw_supervision.caseloads.no_cap')}>—</span>,
                    r.percent === null ? '—' : `${r.percent} %`,
                    r.overdueItems > 0 ? <Marker tone="warning" label={String(r.overdueItems)} /> : 0,
                    status(r),
                  ],
                }))}
              />
              {data.page.total > PAGE && (
                <TablePagination
                  component="div"
                  count={data.page.total}
                  page={page}
                  onPageChange={(_, next) => setPage(next)}
                  rowsPerPage={PAGE}
                  rowsPerPageOptions={[]}
                  labelDisplayedRows={({ from, to, count }) => t('range', { from, to, count })}
                  getItemAriaLabel={(type) => t(`${type}_page`)}
                />
              )}
            </>
          )}
        </>
      )}
    </ReportSection>
  );
};

/** The supervisor's team dashboard: their office's caseloads and deadlines (a manager picks the office). */
export const TeamDashboard = () => {
  const translate = useTranslate();
  const { scope, filters, setFilters, search } = useReportFilters();
  return (
    <ReportPage>
      <Title title={translate('cw_reports.team.title')} />
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'center', justifyContent: 'space-between', mb: 2 }}>
        <Typography sx={{ flex: '1 1 30rem' }}>{translate('cw_reports.team.intro')}</Typography>
        <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
          <Button component={Link} to={withSearch('/reports', search)} variant="outlined">
            {translate('cw_reports.dashboard.link')}
          </Button>
          <Button component={Link} to={withSearch('/reports/equity', search)} variant="outlined" startIcon={<BalanceIcon />}>
            {translate('cw_reports.equity.link')}
          </Button>
        </Box>
      </Box>
      {!scope.data || !filters ? (
        <NotYet error={scope.error} failureReason={scope.failureReason} />
      ) : (
        <>
          <FiltersBar scope={scope.data} filters={filters} onChange={setFilters} />
          {scope.data.chooseOffice && !filters.officeId && (
            <Typography variant="body2" sx={{ mb: 2 }}>
              {translate('cw_reports.team.pick_office')}
            </Typography>
          )}
          {/* Other filters start again at the first page. */}
          <TeamCaseload key={`${filters.regionId ?? ''}/${filters.officeId ?? ''}`} filters={filters} />
          <DeadlinesSection filters={filters} byOffice={false} />
        </>
      )}
    </ReportPage>
  );
};
