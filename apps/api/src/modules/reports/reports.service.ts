import { Inject, Injectable } from '@nestjs/common';
import {
  AGE_BANDS,
  APPOINTMENT_CHANNELS,
  CLOSE_REASONS,
  EQUITY_METRICS,
  FIRST_INTERVIEW_TARGET_DAYS,
  GENDERS,
  OVERDUE_BUCKETS,
  PRIORITY_GROUPS,
  CASELOAD_PAGE_DEFAULT,
  type CaseloadOfficeRow,
  type CaseloadReport,
  type CaseloadReportRow,
  type CaseloadTotals,
  type ChannelsReport,
  type DeadlinesReport,
  type EquityFigures,
  type EquityMetric,
  type EquityReport,
  type EquityRow,
  type FirstInterviewFigures,
  type OutcomesReport,
  type ReportFigure,
  type ReportMeta,
  type ReportName,
  type ReportScopeOptions,
} from '@casework/contracts';
import type { Grant } from '../../common/auth/auth-user.js';
import { AppException, invalidField, notFound } from '../../common/errors.js';
import { REPORT_READER, ReportReader } from '../../database/report-reader.js';
import { figure, histogramMinus, median, ratio, suppressBreakdown, type Histogram } from './figures.js';
import type { ReportQueryDto } from './reports.dto.js';
import { ALL_SCOPE, CELL_COUNTERS, type CellCounter } from './reports-refresh.service.js';

/** The longest period a report covers. */
export const MAX_MONTHS = 60;

/** What a report covers, once the caller's filters are checked against their scope. */
export interface ResolvedScope {
  /** The cells' scope id: an office, a region, or ALL_SCOPE. */
  scopeId: string;
  regionId: string | null;
  officeId: string | null;
  /** The offices it covers (their own cells and live rows). */
  officeIds: string[];
  from: string;
  to: string;
}

const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
const monthOf = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
const monthsBetween = (from: string, to: string) =>
  Array.from({ length: monthIndex(to) - monthIndex(from) + 1 }, (_, i) => monthOf(monthIndex(from) + i));
const firstDay = (m: string) => `${m}-01`;
/** A `date` column as YYYY-MM (node-postgres gives dates as local-midnight Date objects). */
const asMonth = (d: Date | string) =>
  typeof d === 'string' ? d.slice(0, 7) : `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;

type Sums = Record<CellCounter, number>;

const zero = (): Sums => Object.fromEntries(CELL_COUNTERS.map((c) => [c, 0])) as Sums;
const minus = (a: Sums, b: Sums): Sums => Object.fromEntries(CELL_COUNTERS.map((c) => [c, a[c] - b[c]])) as Sums;

/** Each equity metric: how it is computed from the sums, and what kind of figure it is for suppression. */
const METRICS: Record<EquityMetric, { kind: 'share' | 'median' | 'mean'; of: (s: Sums, h: Histogram | undefined) => ReportFigure }> = {
  targetedShare: { kind: 'share', of: (s) => figure(ratio(s.targeted, s.routed), s.targeted, s.routed) },
  medianDaysToFirstAppointment: { kind: 'median', of: (s, h) => figure(median(h), null, s.with_first_appt) },
  appointmentsPerCase: {
    kind: 'mean',
    of: (s) => figure(s.cases ? Math.round((s.appointments / s.cases) * 100) / 100 : null, s.appointments, s.cases),
  },
  planCompletionRate: { kind: 'share', of: (s) => figure(ratio(s.plan_completed, s.with_plan), s.plan_completed, s.with_plan) },
  noShowRate: { kind: 'share', of: (s) => figure(ratio(s.no_shows, s.attended + s.no_shows), s.no_shows, s.attended + s.no_shows) },
  overrideRate: { kind: 'share', of: (s) => figure(ratio(s.overridden, s.decided), s.overridden, s.decided) },
  employmentRate: { kind: 'share', of: (s) => figure(ratio(s.employed, s.closed), s.employed, s.closed) },
};

function figures(s: Sums, h: Histogram | undefined): EquityFigures {
  const out = { cases: figure(s.cases, s.cases, null) } as EquityFigures;
  for (const m of EQUITY_METRICS) out[m] = METRICS[m].of(s, h);
  return out;
}

function firstInterviews(within: number, late: number): FirstInterviewFigures {
  return { due: within + late, withinTarget: within, late, withinTargetShare: ratio(within, within + late) };
}

/**
 * The reports, read from the rollups that ReportsRefreshService keeps. Supervisors report on their
 * office, managers on their region (a manager of a national office on any region); no report
 * carries anything about one jobseeker.
 */
@Injectable()
export class ReportsService {
  constructor(@Inject(REPORT_READER) private readonly reader: ReportReader) {}

  /** From a read replica when DATABASE_REPLICA_URLS is set (docs/scaling.md), else the primary. */
  private read<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.reader.read<T>(sql, params);
  }

  /** Whether the caller may report on every region: a manager of an office flagged national. */
  private async national(grant: Grant): Promise<boolean> {
    if (grant.scope === 'all') return true;
    if (grant.scope !== 'region') return false;
    const [row] = await this.read<{ national: boolean }>(`SELECT national FROM offices WHERE id = $1`, [grant.user.officeId]);
    return !!row?.national;
  }

  async resolve(grant: Grant, q: ReportQueryDto): Promise<ResolvedScope> {
    const now = new Date();
    const current = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    const to = q.to ?? (q.from && monthIndex(q.from) + 11 < monthIndex(current) ? monthOf(monthIndex(q.from) + 11) : current);
    const from = q.from ?? monthOf(monthIndex(to) - 11);
    if (monthIndex(to) < monthIndex(from)) throw invalidField('to', 'notBeforeFrom', 'to must not be before from');
    if (monthIndex(to) - monthIndex(from) + 1 > MAX_MONTHS)
      throw invalidField('to', 'maxMonths', `A report covers at most ${MAX_MONTHS} months`);

    const period = { from, to };
    if (grant.scope === 'office') {
      if (q.officeId && q.officeId !== grant.user.officeId) throw notFound('Office');
      if (q.regionId && q.regionId !== grant.user.regionId) throw notFound('Region');
      const office = grant.user.officeId;
      return { scopeId: office, regionId: null, officeId: office, officeIds: [office], ...period };
    }
    if (grant.scope !== 'region' && grant.scope !== 'all') throw notFound('Report');
    const everywhere = await this.national(grant);
    if (q.officeId) {
      const [office] = await this.read<{ region_id: string }>(`SELECT region_id FROM offices WHERE id = $1`, [q.officeId]);
      if (!office || (!everywhere && office.region_id !== grant.user.regionId)) throw notFound('Office');
      if (q.regionId && q.regionId !== office.region_id)
        throw invalidField('officeId', 'inRegion', 'officeId is not an office of regionId');
      return { scopeId: q.officeId, regionId: office.region_id, officeId: q.officeId, officeIds: [q.officeId], ...period };
    }
    const regionId = q.regionId ?? (everywhere ? null : grant.user.regionId);
    if (regionId) {
      const [region] = await this.read<{ id: string }>(`SELECT id FROM regions WHERE id = $1`, [regionId]);
      if (!region || (!everywhere && regionId !== grant.user.regionId)) throw notFound('Region');
    }
    const offices = await this.read<{ id: string }>(
      regionId ? `SELECT id FROM offices WHERE region_id = $1 ORDER BY name` : `SELECT id FROM offices ORDER BY name`,
      regionId ? [regionId] : [],
    );
    return { scopeId: regionId ?? ALL_SCOPE, regionId, officeId: null, officeIds: offices.map((o) => o.id), ...period };
  }

  async scopeOptions(grant: Grant): Promise<ReportScopeOptions> {
    const everywhere = await this.national(grant);
    const offices = await this.read<{ region_id: string; region_name: string; id: string; name: string }>(
      `SELECT r.id AS region_id, r.name AS region_name, o.id, o.name
         FROM offices o JOIN regions r ON r.id = o.region_id
        WHERE ${grant.scope === 'office' ? 'o.id = $1' : everywhere ? 'true' : 'o.region_id = $1'}
        ORDER BY r.name, o.name`,
      grant.scope === 'office' ? [grant.user.officeId] : everywhere ? [] : [grant.user.regionId],
    );
    const regions = new Map<string, ReportScopeOptions['regions'][number]>();
    for (const o of offices) {
      const region = regions.get(o.region_id) ?? { id: o.region_id, name: o.region_name, offices: [] };
      region.offices.push({ id: o.id, name: o.name });
      regions.set(o.region_id, region);
    }
    const { from, to } = await this.resolve(grant, {});
    return {
      chooseRegion: everywhere,
      chooseOffice: grant.scope !== 'office',
      regions: [...regions.values()],
      defaultFrom: from,
      defaultTo: to,
    };
  }

  private async meta(report: ReportName, s: ResolvedScope): Promise<ReportMeta> {
    const [state] = await this.read<{ data_as_of: Date | null; now: Date }>(
      `SELECT data_as_of, now() AS now FROM report_refresh_state WHERE id = 1`,
      [],
    );
    if (!state?.data_as_of) {
      throw new AppException(503, 'SERVICE_UNAVAILABLE', 'The reports are being prepared: try again in a minute', undefined, {
        'Retry-After': '60',
      });
    }
    return {
      report,
      regionId: s.regionId,
      officeId: s.officeId,
      from: s.from,
      to: s.to,
      generatedAt: state.now.toISOString(),
      dataAsOf: state.data_as_of.toISOString(),
      lagSeconds: Math.max(0, Math.round((state.now.getTime() - state.data_as_of.getTime()) / 1000)),
    };
  }

  /**
   * One read-only snapshot for the whole report: its figures and `dataAsOf` come from the same
   * refresh. `everyRow` (exports) gives the caseload's staff rows all at once instead of a page.
   */
  report(name: ReportName, grant: Grant, q: ReportQueryDto, everyRow = false) {
    return this.reader.snapshot(() => this.compute(name, grant, q, everyRow));
  }

  private async compute(name: ReportName, grant: Grant, q: ReportQueryDto, everyRow: boolean) {
    const scope = await this.resolve(grant, q);
    switch (name) {
      case 'caseload':
        return this.caseload(
          scope,
          everyRow ? { offset: 0, limit: null } : { offset: q.offset ?? 0, limit: q.limit ?? CASELOAD_PAGE_DEFAULT },
        );
      case 'deadlines':
        return this.deadlines(scope);
      case 'outcomes':
        return this.outcomes(scope);
      case 'equity':
        return this.equity(scope);
      case 'channels':
        return this.channels(scope);
    }
  }

  /**
   * Per-office sums and one page of staff, most loaded first, from the rows the refresh prepares
   * (report_staff_caseload, report_office_caseload): the staff of a region run to thousands at
   * national scale, and a page is then an index range scan in the report's order.
   */
  async caseload(s: ResolvedScope, page: { offset: number; limit: number | null }): Promise<CaseloadReport> {
    const meta = await this.meta('caseload', s);
    const staffIn = s.officeId ? 'office_id = $4' : s.regionId ? 'region_id = $4' : '$4::uuid IS NULL';
    const order = 'share DESC NULLS LAST, load DESC, full_name, staff_id';
    const [result] = await this.read<{ offices: CaseloadOfficeRow[]; rows: CaseloadReportRow[] }>(
      `SELECT
         (SELECT coalesce(json_agg(json_build_object(
                   'officeId', o.id, 'officeName', o.name,
                   'staff', coalesce(c.staff, 0), 'openCases', coalesce(c.open_cases, 0), 'weightedLoad', coalesce(c.weighted_load, 0),
                   'capacity', coalesce(c.capacity, 0), 'uncapped', coalesce(c.uncapped, 0), 'overCap', coalesce(c.over_cap, 0),
                   'overdueItems', coalesce(c.overdue_items, 0), 'unassignedCases', coalesce(c.unassigned_cases, 0))
                 ORDER BY o.name, o.id), '[]')
            FROM offices o LEFT JOIN report_office_caseload c ON c.office_id = o.id
           WHERE o.id = ANY($1::uuid[])) AS offices,
         (SELECT coalesce(json_agg(json_build_object(
                   'staffId', p.staff_id, 'staffName', p.full_name, 'role', p.role, 'officeId', p.office_id, 'officeName', o.name,
                   'openCases', p.routine + p.targeted + p.untracked, 'routineCases', p.routine, 'targetedCases', p.targeted,
                   'weightedLoad', p.load, 'cap', p.cap, 'overdueItems', p.overdue, 'active', p.active, 'away', p.away)
                 ORDER BY p.${order.replaceAll(', ', ', p.')}), '[]')
            FROM (SELECT * FROM report_staff_caseload WHERE ${staffIn} ORDER BY ${order} LIMIT $2 OFFSET $3) p
            JOIN offices o ON o.id = p.office_id) AS rows`,
      [s.officeIds, page.limit, page.offset, s.officeId ?? s.regionId],
    );
    const byOffice = result.offices;
    const sum = (k: keyof CaseloadTotals) => byOffice.reduce((n, o) => n + o[k], 0);
    const totals: CaseloadTotals = {
      staff: sum('staff'),
      openCases: sum('openCases'),
      weightedLoad: sum('weightedLoad'),
      capacity: sum('capacity'),
      uncapped: sum('uncapped'),
      overCap: sum('overCap'),
      overdueItems: sum('overdueItems'),
      unassignedCases: sum('unassignedCases'),
    };
    return {
      meta,
      totals,
      byOffice,
      rows: result.rows,
      page: { offset: page.offset, limit: page.limit ?? totals.staff, total: totals.staff },
    };
  }

  async deadlines(s: ResolvedScope): Promise<DeadlinesReport> {
    const meta = await this.meta('deadlines', s);
    const offices = await this.read<{ id: string; name: string; within: number; late: number; overdue: number }>(
      `SELECT o.id, o.name, coalesce(c.within, 0)::int AS within, coalesce(c.late, 0)::int AS late, coalesce(od.n, 0)::int AS overdue
         FROM offices o
         LEFT JOIN (SELECT scope_id, sum(fi_within) AS within, sum(fi_late) AS late FROM report_cells
                     WHERE scope_id = ANY($1::uuid[]) AND dim = 'all' AND month BETWEEN $2 AND $3 GROUP BY scope_id) c ON c.scope_id = o.id
         LEFT JOIN (SELECT office_id, sum(n) AS n FROM report_overdue_items WHERE office_id = ANY($1::uuid[]) GROUP BY office_id) od ON od.office_id = o.id
        WHERE o.id = ANY($1::uuid[])
        ORDER BY o.name, o.id`,
      [s.officeIds, firstDay(s.from), firstDay(s.to)],
    );
    const overdue = await this.read<{ kind: 'routine' | 'targeted' | 'personal'; bucket: string; n: number }>(
      `SELECT kind, bucket, sum(n)::int AS n FROM report_overdue_items WHERE office_id = ANY($1::uuid[]) GROUP BY kind, bucket`,
      [s.officeIds],
    );
    const within = offices.reduce((n, o) => n + o.within, 0);
    const late = offices.reduce((n, o) => n + o.late, 0);
    return {
      meta,
      targetDays: FIRST_INTERVIEW_TARGET_DAYS,
      firstInterviews: firstInterviews(within, late),
      byOffice: offices.map((o) => ({ officeId: o.id, officeName: o.name, ...firstInterviews(o.within, o.late), overdueItems: o.overdue })),
      overdueByAge: OVERDUE_BUCKETS.map((bucket) => {
        const n = (kind: string) => overdue.find((r) => r.bucket === bucket && r.kind === kind)?.n ?? 0;
        return {
          bucket,
          routine: n('routine'),
          targeted: n('targeted'),
          personal: n('personal'),
          total: n('routine') + n('targeted') + n('personal'),
        };
      }),
    };
  }

  async outcomes(s: ResolvedScope): Promise<OutcomesReport> {
    const meta = await this.meta('outcomes', s);
    const params = [s.scopeId, firstDay(s.from), firstDay(s.to)];
    const cells = await this.read<{ month: Date; reason: (typeof CLOSE_REASONS)[number]; closed: number }>(
      `SELECT month, reason, closed::int AS closed FROM report_closure_cells WHERE scope_id = $1 AND month BETWEEN $2 AND $3`,
      params,
    );
    const days = await this.read<{ days: number; n: number }>(
      `SELECT days, sum(n)::int AS n FROM report_day_counts
        WHERE scope_id = $1 AND measure = 'employment' AND dim = 'all' AND month BETWEEN $2 AND $3 GROUP BY days`,
      params,
    );
    const count = (f: (c: (typeof cells)[number]) => boolean) => cells.filter(f).reduce((n, c) => n + c.closed, 0);
    return {
      meta,
      closures: CLOSE_REASONS.map((reason) => ({ reason, count: count((c) => c.reason === reason) })),
      closed: count(() => true),
      employed: count((c) => c.reason === 'employed'),
      medianDaysToEmployment: median(new Map(days.map((d) => [d.days, d.n]))),
      byMonth: monthsBetween(s.from, s.to).map((month) => ({
        month,
        closed: count((c) => asMonth(c.month) === month),
        employed: count((c) => asMonth(c.month) === month && c.reason === 'employed'),
      })),
    };
  }

  async channels(s: ResolvedScope): Promise<ChannelsReport> {
    const meta = await this.meta('channels', s);
    const cells = await this.read<{ month: Date; channel: (typeof APPOINTMENT_CHANNELS)[number]; appointments: number; attended: number }>(
      `SELECT month, channel, appointments::int AS appointments, attended::int AS attended
         FROM report_channel_cells WHERE scope_id = $1 AND month BETWEEN $2 AND $3`,
      [s.scopeId, firstDay(s.from), firstDay(s.to)],
    );
    const total = cells.reduce((n, c) => n + c.appointments, 0);
    const of = (channel: string, month?: string) =>
      cells.filter((c) => c.channel === channel && (month === undefined || asMonth(c.month) === month));
    return {
      meta,
      channels: APPOINTMENT_CHANNELS.map((channel) => {
        const appointments = of(channel).reduce((n, c) => n + c.appointments, 0);
        return { channel, appointments, attended: of(channel).reduce((n, c) => n + c.attended, 0), share: ratio(appointments, total) };
      }),
      byMonth: monthsBetween(s.from, s.to).map((month) => ({
        month,
        in_person: of('in_person', month).reduce((n, c) => n + c.appointments, 0),
        phone: of('phone', month).reduce((n, c) => n + c.appointments, 0),
        video: of('video', month).reduce((n, c) => n + c.appointments, 0),
      })),
    };
  }

  async equity(s: ResolvedScope): Promise<EquityReport> {
    const meta = await this.meta('equity', s);
    const params = [s.scopeId, firstDay(s.from), firstDay(s.to)];
    const rows = await this.read<Record<string, string | number>>(
      `SELECT dim, ${CELL_COUNTERS.map((c) => `sum(${c})::bigint AS ${c}`).join(', ')}
         FROM report_cells WHERE scope_id = $1 AND month BETWEEN $2 AND $3 GROUP BY dim`,
      params,
    );
    const days = await this.read<{ dim: string; days: number; n: number }>(
      `SELECT dim, days, sum(n)::int AS n FROM report_day_counts
        WHERE scope_id = $1 AND measure = 'first_appt' AND month BETWEEN $2 AND $3 GROUP BY dim, days`,
      params,
    );
    const sums = new Map<string, Sums>(
      rows.map((r) => [String(r.dim), Object.fromEntries(CELL_COUNTERS.map((c) => [c, Number(r[c])])) as Sums]),
    );
    const hists = new Map<string, Histogram>();
    for (const d of days) {
      const h = hists.get(d.dim) ?? new Map<number, number>();
      h.set(d.days, d.n);
      hists.set(d.dim, h);
    }
    const all = sums.get('all') ?? zero();
    const breakdown = (dimension: EquityRow['dimension'], keys: readonly string[], exhaustive: boolean): EquityRow[] => {
      const raw = keys.map((key) => {
        const own = sums.get(`${dimension}:${key}`) ?? zero();
        const ownHist = hists.get(`${dimension}:${key}`);
        return { key, own: figures(own, ownHist), rest: figures(minus(all, own), histogramMinus(hists.get('all'), ownHist)) };
      });
      const out = raw.map(({ key }) => ({ dimension, key, figures: {}, rest: {} }) as EquityRow);
      const apply = (metric: 'cases' | EquityMetric, kind: 'count' | 'share' | 'median' | 'mean') => {
        const kept = suppressBreakdown(
          raw.map((r) => ({ own: r.own[metric], rest: r.rest[metric] })),
          kind,
          exhaustive,
        );
        kept.forEach((k, i) => {
          out[i].figures[metric] = k.own;
          out[i].rest[metric] = k.rest;
        });
      };
      apply('cases', 'count');
      for (const m of EQUITY_METRICS) apply(m, METRICS[m].kind);
      return out;
    };
    return {
      meta,
      all: figures(all, hists.get('all')),
      rows: [
        ...breakdown('group', PRIORITY_GROUPS, false),
        ...breakdown('gender', GENDERS, true),
        ...breakdown('age_band', AGE_BANDS, true),
      ],
    };
  }
}
