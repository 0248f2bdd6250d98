import type {
  CaseloadOfficeRow,
  CaseloadReportRow,
  EquityMetric,
  EquityRow,
  ReportFigure,
  ReportMeta,
  ReportName,
  ReportQuery,
  ReportScopeOptions,
} from '@casework/contracts';
import { EQUITY_METRICS, SUPPRESS_MAX } from '@casework/contracts';
import { caseloadRow, type CaseloadRow } from '../supervision/model';

export type Translate = (key: string, options?: Record<string, unknown>) => string;

// --- filters -------------------------------------------------------------------------------------

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
export const isMonth = (value: string | null | undefined): value is string => !!value && MONTH.test(value);

/** The filters a screen shows, read from its address (office ids and months only: nothing personal). */
export interface ReportFilters {
  regionId?: string;
  officeId?: string;
  from: string;
  to: string;
}

/**
 * The filters from the address, checked against what the caller may choose: an unknown region or
 * office is dropped (the API would refuse it), a malformed month falls back to the default period.
 */
export function readFilters(params: URLSearchParams, scope: ReportScopeOptions): ReportFilters {
  const regionId = scope.chooseRegion ? scope.regions.find((r) => r.id === params.get('regionId'))?.id : undefined;
  const offices = officeChoices(scope, regionId);
  const officeId = scope.chooseOffice ? offices.find((o) => o.id === params.get('officeId'))?.id : undefined;
  const from = params.get('from');
  const to = params.get('to');
  return {
    regionId,
    officeId,
    from: isMonth(from) ? from : scope.defaultFrom,
    to: isMonth(to) ? to : scope.defaultTo,
  };
}

/** The offices to choose among: those of the chosen region, else of every region the caller sees. */
export function officeChoices(scope: ReportScopeOptions, regionId?: string): Array<{ id: string; name: string }> {
  const regions = regionId ? scope.regions.filter((r) => r.id === regionId) : scope.regions;
  return regions.flatMap((r) => r.offices).sort((a, b) => a.name.localeCompare(b.name));
}

/** `YYYY-MM` strings compare in calendar order. */
export const periodValid = (f: Pick<ReportFilters, 'from' | 'to'>): boolean => isMonth(f.from) && isMonth(f.to) && f.from <= f.to;

/** The query of a report: the caseload is a snapshot of now and takes no period. */
export function reportQuery(name: ReportName, f: ReportFilters): ReportQuery {
  const query: ReportQuery = {};
  if (f.regionId) query.regionId = f.regionId;
  if (f.officeId) query.officeId = f.officeId;
  if (name !== 'caseload') {
    query.from = f.from;
    query.to = f.to;
  }
  return query;
}

export function reportPath(name: ReportName, query: ReportQuery): string {
  const params = new URLSearchParams(
    Object.entries(query)
      .filter(([, v]) => v !== undefined && v !== '' && v !== null)
      .map(([k, v]) => [k, String(v)]),
  );
  const search = params.toString();
  return `/reports/${name}${search ? `?${search}` : ''}`;
}

/** The filters written back into the address (defaults left out so a plain link stays plain). */
export function filterParams(f: ReportFilters, scope: Pick<ReportScopeOptions, 'defaultFrom' | 'defaultTo'>): URLSearchParams {
  const params = new URLSearchParams();
  if (f.regionId) params.set('regionId', f.regionId);
  if (f.officeId) params.set('officeId', f.officeId);
  if (f.from !== scope.defaultFrom || f.to !== scope.defaultTo) {
    params.set('from', f.from);
    params.set('to', f.to);
  }
  return params;
}

// --- numbers -------------------------------------------------------------------------------------

/** A share (0..1) as a percentage, one decimal at most. */
export const formatShare = (value: number, locale: string): string =>
  new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);

export const formatNumber = (value: number, locale: string, digits = 1): string =>
  new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);

/** A month `YYYY-MM` as "Mar 2026" in the user's language. */
export function formatMonth(month: string, locale: string): string {
  const [year, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, m - 1, 1)));
}

// --- freshness -----------------------------------------------------------------------------------

export interface Freshness {
  /** When the figures were taken: the time, with the date when it is not today. */
  when: string;
  /** The catalogue key and count of how far behind they are. */
  lagKey: 'cw_reports.freshness.lag_none' | 'cw_reports.freshness.lag_minutes' | 'cw_reports.freshness.lag_hours';
  lagCount: number;
  /** More than a quarter of an hour behind: the rollup job may be stuck. */
  stale: boolean;
}

export function freshness(meta: Pick<ReportMeta, 'dataAsOf' | 'lagSeconds'>, locale: string, now = new Date()): Freshness {
  const asOf = new Date(meta.dataAsOf);
  const sameDay = asOf.toDateString() === now.toDateString();
  const when = new Intl.DateTimeFormat(locale, {
    ...(sameDay ? {} : { day: 'numeric', month: 'short' }),
    hour: '2-digit',
    minute: '2-digit',
  }).format(asOf);
  const lag = Math.max(0, meta.lagSeconds);
  const stale = lag > 15 * 60;
  if (lag < 60) return { when, lagKey: 'cw_reports.freshness.lag_none', lagCount: 0, stale };
  if (lag < 3600) return { when, lagKey: 'cw_reports.freshness.lag_minutes', lagCount: Math.round(lag / 60), stale };
  return { when, lagKey: 'cw_reports.freshness.lag_hours', lagCount: Math.round(lag / 3600), stale };
}

// --- equity --------------------------------------------------------------------------------------

export type MetricKind = 'share' | 'days' | 'count';

export const METRIC_KIND: Record<EquityMetric, MetricKind> = {
  targetedShare: 'share',
  medianDaysToFirstAppointment: 'days',
  appointmentsPerCase: 'count',
  planCompletionRate: 'share',
  noShowRate: 'share',
  overrideRate: 'share',
  employmentRate: 'share',
};

/**
 * Which way is better for the group, where that is plain. A higher targeted share, more
 * appointments or more overrides are neither good nor bad in themselves: their gaps are shown
 * as "higher"/"lower" for people to judge.
 */
export const BETTER: Record<EquityMetric, 'higher' | 'lower' | null> = {
  targetedShare: null,
  medianDaysToFirstAppointment: 'lower',
  appointmentsPerCase: null,
  planCompletionRate: 'higher',
  noShowRate: 'lower',
  overrideRate: null,
  employmentRate: 'higher',
};

/** A gap is highlighted from 5 percentage points in a rate, or 20 % of everyone else's figure in days or appointments. */
export const NOTABLE_POINTS = 0.05;
export const NOTABLE_RELATIVE = 0.2;

export type Gap =
  | { state: 'suppressed' }
  | { state: 'none' }
  | {
      state: 'gap';
      diff: number;
      direction: 'higher' | 'lower' | 'same';
      notable: boolean;
      tone: 'worse' | 'better' | 'notable' | 'plain';
    };

/** The group's figure against everyone else's: a gap cannot be worked out when either side is suppressed or empty. */
export function equityGap(metric: EquityMetric, group: ReportFigure, rest: ReportFigure): Gap {
  if (group.suppressed || rest.suppressed) return { state: 'suppressed' };
  if (group.value === null || rest.value === null) return { state: 'none' };
  const kind = METRIC_KIND[metric];
  // Rounded so that 0.35 - 0.30 counts as the 5 points it is, not 4.999…
  const scale = kind === 'share' ? 10_000 : 100;
  const diff = Math.round((group.value - rest.value) * scale) / scale;
  const notable =
    kind === 'share'
      ? Math.abs(diff) >= NOTABLE_POINTS
      : rest.value === 0
        ? diff !== 0
        : Math.abs(diff) / Math.abs(rest.value) >= NOTABLE_RELATIVE - 1e-9;
  const direction = diff > 0 ? 'higher' : diff < 0 ? 'lower' : 'same';
  const better = BETTER[metric];
  const tone = !notable ? 'plain' : better === null ? 'notable' : better === direction ? 'better' : 'worse';
  return { state: 'gap', diff, direction, notable, tone };
}

export type ShownGap = Extract<Gap, { state: 'gap' }>;

/** How many times over the highlighting threshold a gap is: gaps in rates and in days compare on one scale. */
export function gapStrength(metric: EquityMetric, gap: ShownGap, rest: number): number {
  if (METRIC_KIND[metric] === 'share') return Math.abs(gap.diff) / NOTABLE_POINTS;
  return rest === 0 ? Number.POSITIVE_INFINITY : Math.abs(gap.diff) / Math.abs(rest) / NOTABLE_RELATIVE;
}

export interface GapItem {
  row: EquityRow;
  metric: EquityMetric;
  gap: ShownGap;
}

/** The gaps that leave a group worse off than everyone else, the largest first: the equity view's summary. */
export function worstGaps(rows: EquityRow[], limit = 5): GapItem[] {
  return rows
    .flatMap((row) =>
      EQUITY_METRICS.flatMap((metric) => {
        const gap = equityGap(metric, row.figures[metric], row.rest[metric]);
        return gap.state === 'gap' && gap.tone === 'worse'
          ? [{ row, metric, gap, strength: gapStrength(metric, gap, row.rest[metric].value ?? 0) }]
          : [];
      }),
    )
    .sort((a, b) => b.strength - a.strength)
    .slice(0, limit)
    .map(({ row, metric, gap }) => ({ row, metric, gap }));
}

/** A figure of a metric in words; a suppressed one is never shown as 0. */
export function formatFigure(kind: MetricKind | 'cases', figure: ReportFigure, translate: Translate, locale: string): string {
  if (figure.suppressed) return translate('cw_reports.equity.suppressed', { count: SUPPRESS_MAX + 1 });
  if (figure.value === null) return translate('cw_reports.equity.no_data');
  return formatValue(kind, figure.value, translate, locale);
}

export function formatValue(kind: MetricKind | 'cases', value: number, translate: Translate, locale: string): string {
  if (kind === 'share') return formatShare(value, locale);
  if (kind === 'days') return translate('cw_reports.units.days', { smart_count: value, value: formatNumber(value, locale) });
  if (kind === 'cases') return formatNumber(value, locale, 0);
  return formatNumber(value, locale);
}

/** A gap with its sign: "+8 points", "−3 days", "+0.4". */
export function formatGap(kind: MetricKind, diff: number, translate: Translate, locale: string): string {
  const signed = (n: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(n);
  if (kind === 'share') return translate('cw_reports.units.points', { smart_count: Math.abs(diff * 100), value: signed(diff * 100) });
  if (kind === 'days') return translate('cw_reports.units.days', { smart_count: Math.abs(diff), value: signed(diff) });
  return signed(diff);
}

// --- caseload ------------------------------------------------------------------------------------

/** The report's rows in the shape of the supervisor's caseload screen, so its chart and order apply. */
export function teamRows(rows: CaseloadReportRow[]): Array<CaseloadRow & { overdueItems: number }> {
  // In the API's order (most loaded first, a page at a time), not the caseload screen's.
  return rows.map((r) => ({
    ...caseloadRow({
      id: r.staffId,
      fullName: r.staffName,
      role: r.role,
      active: r.active,
      away: r.away,
      cap: r.cap,
      openCases: r.openCases,
      routineCases: r.routineCases,
      targetedCases: r.targetedCases,
      load: r.weightedLoad,
      overCap: r.cap !== null && r.weightedLoad > r.cap,
      version: 0,
    }),
    overdueItems: r.overdueItems,
  }));
}

export interface OfficeLoad {
  officeId: string;
  officeName: string;
  staff: number;
  openCases: number;
  load: number;
  /** Sum of the caps of the staff who are in and have one: what the office can carry today. */
  capacity: number;
  /** Staff without a cap, whose room is not counted. */
  uncapped: number;
  overCap: number;
  overdueItems: number;
  /** Load as a share of the capacity; null without any. */
  share: number | null;
}

/** The caseload report's office sums, with each office's load as a share of what it can carry today. */
export function officeLoads(offices: CaseloadOfficeRow[]): OfficeLoad[] {
  return offices.map((o) => ({
    officeId: o.officeId,
    officeName: o.officeName,
    staff: o.staff,
    openCases: o.openCases,
    load: o.weightedLoad,
    capacity: o.capacity,
    uncapped: o.uncapped,
    overCap: o.overCap,
    overdueItems: o.overdueItems,
    share: o.capacity > 0 ? o.weightedLoad / o.capacity : null,
  }));
}

// --- CSV -----------------------------------------------------------------------------------------

/** The name to save a CSV under when the API gives none: the report and its period, nothing personal. */
export function csvFallbackName(name: ReportName, query: ReportQuery, today = new Date()): string {
  const period = query.from && query.to ? `${query.from}_${query.to}` : today.toISOString().slice(0, 10);
  return `casework-${name}-${period}.csv`;
}

/** Seconds to wait from a Retry-After header (seconds or an HTTP date); null when absent or unreadable. */
export function retryAfterSeconds(header: string | null | undefined, now = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}
