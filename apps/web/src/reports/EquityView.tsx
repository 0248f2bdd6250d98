import { Box, Button, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward';
import ArrowUpwardIcon from '@mui/icons-material/ArrowUpward';
import RemoveIcon from '@mui/icons-material/Remove';
import VisibilityOffIcon from '@mui/icons-material/VisibilityOff';
import { Link } from 'react-router-dom';
import { Title, useTranslate } from 'react-admin';
import { EQUITY_METRICS, SUPPRESS_MAX, type EquityMetric, type EquityReport, type EquityRow, type ReportFigure } from '@casework/contracts';
import { useReport } from './api';
import { FiltersBar, useReportFilters } from './Filters';
import { equityGap, formatFigure, formatGap, METRIC_KIND, reportQuery, worstGaps, type Gap, type ReportFilters } from './model';
import { NotYet, ReportPage, ReportSection, Stats, useIntlLocale } from './parts';
import { withSearch } from './ReportsDashboard';

const DIMENSIONS = ['group', 'gender', 'age_band'] as const;

/** Tones of a highlighted gap: each has its word and arrow too, so colour is never the only sign. */
const TONES = {
  worse: { bgcolor: '#fdecea', color: '#8c1d18', borderColor: '#b3261e' },
  better: { bgcolor: '#e8f3e8', color: '#1e4620', borderColor: '#2e6b30' },
  notable: { bgcolor: '#fff3cd', color: '#5c4300', borderColor: '#8a6d00' },
  plain: { bgcolor: 'transparent', color: '#1c2430', borderColor: 'transparent' },
} as const;

/** "suppressed (fewer than 5)": a small count is hidden, and never shown as 0. */
export const SuppressedMarker = () => {
  const translate = useTranslate();
  return (
    <Box
      component="span"
      data-testid="suppressed"
      sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5, fontStyle: 'italic', color: '#4a5566', fontSize: '0.8125rem' }}
    >
      <VisibilityOffIcon sx={{ fontSize: '1rem' }} aria-hidden />
      {translate('cw_reports.equity.suppressed', { count: SUPPRESS_MAX + 1 })}
    </Box>
  );
};

const GapMarker = ({ metric, gap }: { metric: EquityMetric; gap: Extract<Gap, { state: 'gap' }> }) => {
  const translate = useTranslate();
  const locale = useIntlLocale();
  const Arrow = gap.direction === 'higher' ? ArrowUpwardIcon : gap.direction === 'lower' ? ArrowDownwardIcon : RemoveIcon;
  return (
    <Box
      component="span"
      data-tone={gap.tone}
      sx={{
        display: 'inline-flex',
        alignItems: 'flex-start',
        gap: 0.25,
        mt: 0.5,
        px: 0.5,
        border: '1px solid',
        borderRadius: 1,
        fontSize: '0.8125rem',
        fontWeight: gap.notable ? 600 : 400,
        ...TONES[gap.tone],
      }}
    >
      <Arrow sx={{ fontSize: '0.9rem', mt: '0.1rem', flexShrink: 0 }} aria-hidden />
      {formatGap(METRIC_KIND[metric], gap.diff, translate, locale)}
      {gap.tone !== 'plain' && `, ${translate(`cw_reports.equity.tones.${gap.tone}`)}`}
    </Box>
  );
};

/** The group's figure, everyone else's, and the gap between them. */
const GapCell = ({ metric, group, rest }: { metric: EquityMetric; group: ReportFigure; rest: ReportFigure }) => {
  const translate = useTranslate();
  const locale = useIntlLocale();
  const kind = METRIC_KIND[metric];
  const gap = equityGap(metric, group, rest);
  const tone = gap.state === 'gap' ? gap.tone : 'plain';
  // The API suppresses a figure and its counterpart together: one marker says it for both.
  if (group.suppressed)
    return (
      <TableCell sx={{ verticalAlign: 'top' }}>
        <SuppressedMarker />
      </TableCell>
    );
  return (
    <TableCell sx={{ verticalAlign: 'top', bgcolor: tone === 'plain' ? undefined : `${TONES[tone].bgcolor}` }}>
      <Box sx={{ fontWeight: 500 }}>{formatFigure(kind, group, translate, locale)}</Box>
      <Box sx={{ fontSize: '0.8125rem', color: '#4a5566' }}>
        {translate('cw_reports.equity.others', { value: formatFigure(kind, rest, translate, locale) })}
      </Box>
      {gap.state === 'gap' && <GapMarker metric={metric} gap={gap} />}
    </TableCell>
  );
};

const rowLabel = (row: EquityRow, translate: (k: string) => string) =>
  row.dimension === 'group'
    ? translate(`cw_supervision.priority_groups.${row.key}`)
    : translate(`cw_reports.equity.${row.dimension === 'gender' ? 'genders' : 'age_bands'}.${row.key}`);

/** One table per dimension: a row per group, a column per metric, each cell against everyone else. */
const DimensionTable = ({ dimension, rows }: { dimension: (typeof DIMENSIONS)[number]; rows: EquityRow[] }) => {
  const translate = useTranslate();
  const locale = useIntlLocale();
  const id = `equity-${dimension}`;
  return (
    <Box sx={{ mt: 3 }}>
      <Typography id={id} component="h3" sx={{ fontSize: '1rem', fontWeight: 500, mb: 0.5 }}>
        {translate(`cw_reports.equity.dimensions.${dimension}`)}
      </Typography>
      {/* Wide on a small screen: the scrolling region takes keyboard focus so it can be scrolled without a mouse. */}
      <TableContainer tabIndex={0} role="region" aria-labelledby={id}>
        <Table size="small" aria-labelledby={id} data-testid={id} sx={{ '& th, & td': { px: 0.75 } }}>
          <TableHead>
            <TableRow>
              <TableCell component="th" scope="col">
                {translate('cw_reports.equity.group')}
              </TableCell>
              <TableCell component="th" scope="col" align="right">
                {translate('cw_reports.equity.cases')}
              </TableCell>
              {EQUITY_METRICS.map((m) => (
                <TableCell key={m} component="th" scope="col">
                  {translate(`cw_reports.equity.metrics.${m}.short`)}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={row.key}>
                <TableCell component="th" scope="row" sx={{ fontWeight: 500, verticalAlign: 'top' }}>
                  {rowLabel(row, translate)}
                </TableCell>
                <TableCell align="right" sx={{ verticalAlign: 'top' }}>
                  {row.figures.cases.suppressed ? <SuppressedMarker /> : formatFigure('cases', row.figures.cases, translate, locale)}
                </TableCell>
                {row.figures.cases.suppressed ? (
                  // Too few cases to show anything about the group: one marker for the row, not one per cell.
                  <TableCell colSpan={EQUITY_METRICS.length} sx={{ verticalAlign: 'top' }}>
                    <SuppressedMarker />
                  </TableCell>
                ) : (
                  EQUITY_METRICS.map((m) => <GapCell key={m} metric={m} group={row.figures[m]} rest={row.rest[m]} />)
                )}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </Box>
  );
};

/** The largest gaps against a group, in words, before the detail. */
const Summary = ({ report }: { report: EquityReport }) => {
  const translate = useTranslate();
  const locale = useIntlLocale();
  const gaps = worstGaps(report.rows);
  return (
    <Box sx={{ mt: 2 }}>
      <Typography component="h3" sx={{ fontSize: '1rem', fontWeight: 500, mb: 0.5 }}>
        {translate('cw_reports.equity.summary')}
      </Typography>
      {gaps.length === 0 ? (
        <Typography variant="body2">{translate('cw_reports.equity.summary_none')}</Typography>
      ) : (
        <Box component="ul" sx={{ m: 0, pl: 3 }}>
          {gaps.map(({ row, metric, gap }) => {
            const kind = METRIC_KIND[metric];
            return (
              <li key={`${row.dimension}-${row.key}-${metric}`}>
                {translate('cw_reports.equity.summary_item', {
                  group: rowLabel(row, translate),
                  metric: translate(`cw_reports.equity.metrics.${metric}.short`),
                  value: formatFigure(kind, row.figures[metric], translate, locale),
                  others: formatFigure(kind, row.rest[metric], translate, locale),
                  gap: formatGap(kind, gap.diff, translate, locale),
                })}
              </li>
            );
          })}
        </Box>
      )}
    </Box>
  );
};

const EquityReportSection = ({ filters }: { filters: ReportFilters }) => {
  const translate = useTranslate();
  const locale = useIntlLocale();
  const query = reportQuery('equity', filters);
  const { data, error, failureReason } = useReport('equity', query);
  return (
    <ReportSection name="equity" meta={data?.meta} query={query}>
      {!data ? (
        <NotYet error={error} failureReason={failureReason} />
      ) : (
        <>
          <Typography variant="body2" sx={{ mb: 1.5 }}>
            {translate('cw_reports.equity.intro', { count: SUPPRESS_MAX + 1 })}
          </Typography>
          <Stats
            items={[
              { label: translate('cw_reports.equity.all_cases'), value: formatFigure('cases', data.all.cases, translate, locale) },
              ...EQUITY_METRICS.map((m) => ({
                label: translate(`cw_reports.equity.metrics.${m}.short`),
                value: data.all[m].suppressed ? <SuppressedMarker /> : formatFigure(METRIC_KIND[m], data.all[m], translate, locale),
              })),
            ]}
          />
          <Summary report={data} />
          {DIMENSIONS.map((d) => {
            const rows = data.rows.filter((r) => r.dimension === d);
            return rows.length ? <DimensionTable key={d} dimension={d} rows={rows} /> : null;
          })}
          <Box sx={{ mt: 3 }}>
            <Typography component="h3" sx={{ fontSize: '1rem', fontWeight: 500, mb: 0.5 }}>
              {translate('cw_reports.equity.reading')}
            </Typography>
            <Typography variant="body2" sx={{ mb: 1 }}>
              {translate('cw_reports.equity.highlight_rule')}
            </Typography>
            <Box component="dl" sx={{ m: 0, '& dt': { fontWeight: 500 }, '& dd': { m: 0, mb: 1 } }}>
              {EQUITY_METRICS.map((m) => (
                <div key={m}>
                  <dt>{translate(`cw_reports.equity.metrics.${m}.short`)}</dt>
                  <dd>{translate(`cw_reports.equity.metrics.${m}.help`)}</dd>
                </div>
              ))}
            </Box>
          </Box>
        </>
      )}
    </ReportSection>
  );
};

/** Whether the service reaches every group as well as everyone else: each priority group, gender and age band against the rest. */
export const EquityView = () => {
  const translate = useTranslate();
  const { scope, filters, setFilters, search } = useReportFilters();
  return (
    <ReportPage>
      <Title title={translate('cw_reports.equity.title')} />
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'center', justifyContent: 'space-between', mb: 2 }}>
        <Typography sx={{ flex: '1 1 30rem' }}>{translate('cw_reports.equity.page_intro')}</Typography>
        <Button component={Link} to={withSearch('/reports', search)} variant="outlined">
          {translate('cw_reports.dashboard.link')}
        </Button>
      </Box>
      {!scope.data || !filters ? (
        <NotYet error={scope.error} failureReason={scope.failureReason} />
      ) : (
        <>
          <FiltersBar scope={scope.data} filters={filters} onChange={setFilters} />
          <EquityReportSection filters={filters} />
        </>
      )}
    </ReportPage>
  );
};
