import { useState, type ReactNode } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CircularProgress,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import ScheduleIcon from '@mui/icons-material/Schedule';
import TableChartIcon from '@mui/icons-material/TableChart';
import BarChartIcon from '@mui/icons-material/BarChart';
import { useLocaleState, useNotify, useTranslate } from 'react-admin';
import type { ReportMeta, ReportName, ReportQuery } from '@casework/contracts';
import { errorCode, errorText } from '../common/api';
import { intlLocale } from '../common/locale';
import { ApiRequestError } from '../providers/session';
import { downloadCsv } from './api';
import { freshness, retryAfterSeconds } from './model';

/** The Intl locale of the app's current language. */
export function useIntlLocale(): string {
  const [language] = useLocaleState();
  return intlLocale(language);
}

/** Out of sight but read by screen readers (the table behind a chart). */
export const srOnly = {
  position: 'absolute',
  width: '1px',
  height: '1px',
  margin: '-1px',
  padding: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
} as const;

/**
 * A report screen. One grid column of minmax(0, 1fr): a wide table then scrolls in its own box
 * instead of widening the whole page past the app bar.
 */
export const ReportPage = ({ children }: { children: ReactNode }) => (
  <Box sx={{ mt: 2, display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)' }}>{children}</Box>
);

export const Loading = () => {
  const translate = useTranslate();
  return (
    <Box sx={{ display: 'flex', justifyContent: 'center', p: 3 }}>
      <CircularProgress size={28} aria-label={translate('ra.page.loading')} />
    </Box>
  );
};

/** No figures yet: the error, "being prepared" while the rollups are first built, else a spinner. */
export const NotYet = ({ error, failureReason }: { error: unknown; failureReason: unknown }) => {
  const translate = useTranslate();
  if (error) return <ReportError error={error} />;
  if (errorCode(failureReason) === 'SERVICE_UNAVAILABLE') return <Alert severity="info">{translate('cw_reports.preparing')}</Alert>;
  return <Loading />;
};

export const ReportError = ({ error }: { error: unknown }) => {
  const translate = useTranslate();
  return <Alert severity="error">{errorText(error, translate, 'cw_reports.rules')}</Alert>;
};

/** "Figures as of 10:42, 2 min behind": every report says how fresh its rollups are. */
export const Freshness = ({ meta }: { meta: Pick<ReportMeta, 'dataAsOf' | 'lagSeconds'> }) => {
  const translate = useTranslate();
  const locale = useIntlLocale();
  const f = freshness(meta, locale);
  const lag = translate(f.lagKey, { smart_count: f.lagCount });
  return (
    <Typography
      variant="body2"
      data-testid="report-freshness"
      sx={{
        display: 'flex',
        alignItems: 'center',
        gap: 0.5,
        color: f.stale ? '#5c4300' : 'text.secondary',
        fontWeight: f.stale ? 600 : 400,
      }}
    >
      <ScheduleIcon fontSize="inherit" aria-hidden />
      {translate('cw_reports.freshness.as_of', { when: f.when, lag })}
      {f.stale && ` ${translate('cw_reports.freshness.stale')}`}
    </Typography>
  );
};

/** Downloads one report as CSV with the current filters; a 429 says how long to wait. */
export const CsvButton = ({ name, query }: { name: ReportName; query: ReportQuery }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const title = translate(`cw_reports.${name}.title`);
  const download = async () => {
    setBusy(true);
    try {
      await downloadCsv(name, query);
      notify('cw_reports.csv.done', { type: 'success', messageArgs: { report: title } });
    } catch (error) {
      if (errorCode(error) === 'RATE_LIMITED') {
        const wait = retryAfterSeconds(error instanceof ApiRequestError ? error.headers?.get('Retry-After') : null);
        notify(wait === null ? 'cw_reports.csv.rate_limited' : 'cw_reports.csv.rate_limited_wait', {
          // Not 'warning': white on MUI's orange is below 4.5:1.
          type: 'error',
          autoHideDuration: 10_000,
          messageArgs: { smart_count: Math.max(1, Math.ceil((wait ?? 0) / 60)) },
        });
      } else notify(errorText(error, translate, 'cw_reports.rules'), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      size="small"
      variant="outlined"
      startIcon={<DownloadIcon />}
      onClick={download}
      disabled={busy}
      aria-label={translate('cw_reports.csv.download_label', { report: title })}
    >
      {translate('cw_reports.csv.download')}
    </Button>
  );
};

/** One report on a card: its title (h2), freshness, CSV download, then its figures. */
export const ReportSection = ({
  name,
  title,
  meta,
  query,
  children,
  actions,
}: {
  name: ReportName;
  title?: string;
  meta?: ReportMeta;
  query: ReportQuery;
  children: ReactNode;
  actions?: ReactNode;
}) => {
  const translate = useTranslate();
  const id = `report-${name}-title`;
  return (
    <Card component="section" aria-labelledby={id} sx={{ mb: 2 }} data-testid={`report-${name}`}>
      <CardContent>
        <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'flex-start', gap: 2, mb: 1 }}>
          <Box sx={{ flex: '1 1 20rem' }}>
            <Typography id={id} component="h2" sx={{ fontSize: '1.2rem', fontWeight: 500 }}>
              {title ?? translate(`cw_reports.${name}.title`)}
            </Typography>
            {meta && <Freshness meta={meta} />}
          </Box>
          <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
            {actions}
            <CsvButton name={name} query={query} />
          </Box>
        </Box>
        {children}
      </CardContent>
    </Card>
  );
};

/**
 * A chart and the same figures as a table. The chart is hidden from assistive technology, which
 * reads the table instead (out of sight while the chart shows); "Show as table" shows it to all.
 */
export const ChartOrTable = ({ title, chart, table }: { title: string; chart: ReactNode; table: ReactNode }) => {
  const translate = useTranslate();
  const [asTable, setAsTable] = useState(false);
  return (
    <Box sx={{ mt: 2 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 1, flexWrap: 'wrap' }}>
        <Typography component="h3" sx={{ fontSize: '1rem', fontWeight: 500 }}>
          {title}
        </Typography>
        <Button
          size="small"
          startIcon={asTable ? <BarChartIcon /> : <TableChartIcon />}
          onClick={() => setAsTable((v) => !v)}
          aria-pressed={asTable}
        >
          {translate('cw_reports.show_table')}
        </Button>
      </Box>
      {!asTable && <div aria-hidden="true">{chart}</div>}
      {/* Out of sight, the table must not scroll inside its 1px box (axe: scrollable-region-focusable). */}
      {/* Shown, the table's caption repeats the heading above it: screen readers still get it. */}
      <Box sx={asTable ? { '& caption': srOnly } : { ...srOnly, '& .MuiTableContainer-root': { overflow: 'visible' } }}>{table}</Box>
    </Box>
  );
};

export interface Column {
  label: string;
  numeric?: boolean;
}

/** A table of figures: a caption, column headers and a header cell per row. */
export const FigureTable = ({
  caption,
  columns,
  rows,
}: {
  caption: string;
  columns: Column[];
  rows: Array<{ key: string; header: ReactNode; cells: ReactNode[] }>;
}) => (
  <TableContainer>
    <Table size="small" sx={{ '& caption': { captionSide: 'top', textAlign: 'left', fontWeight: 500, px: 0 } }}>
      <caption>{caption}</caption>
      <TableHead>
        <TableRow>
          {columns.map((c) => (
            <TableCell key={c.label} component="th" scope="col" align={c.numeric ? 'right' : 'left'}>
              {c.label}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.key}>
            <TableCell component="th" scope="row" sx={{ fontWeight: 500 }}>
              {r.header}
            </TableCell>
            {r.cells.map((cell, i) => (
              <TableCell key={i} align={columns[i + 1]?.numeric ? 'right' : 'left'}>
                {cell}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  </TableContainer>
);

/** Headline figures as a description list: what each is, then its value. */
export const Stats = ({ items }: { items: Array<{ label: string; value: ReactNode; note?: ReactNode }> }) => (
  <Box
    component="dl"
    sx={{
      display: 'grid',
      gridTemplateColumns: 'repeat(auto-fill, minmax(11rem, 1fr))',
      gap: 2,
      m: 0,
      '& > div': { border: '1px solid', borderColor: 'divider', borderRadius: 1, p: 1.5 },
      '& dt': { fontSize: '0.875rem', color: 'text.secondary' },
      '& dd': { m: 0, fontSize: '1.5rem', fontWeight: 500 },
    }}
  >
    {items.map((item) => (
      <div key={item.label}>
        <dt>{item.label}</dt>
        <dd>{item.value}</dd>
        {item.note && (
          <Typography component="dd" variant="body2" sx={{ fontSize: '0.875rem !important', fontWeight: '400 !important' }}>
            {item.note}
          </Typography>
        )}
      </div>
    ))}
  </Box>
);
