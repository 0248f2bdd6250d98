/**
 * Reports (`GET /api/reports/<name>`): what the API answers and the web dashboards draw.
 * Figures come from rollup tables that a job keeps at most a few minutes behind the data; every
 * report says how fresh it is. Counts by a personal characteristic are suppressed when small.
 */
import type { AppointmentChannel, CloseReason } from './casework.js';
import type { PriorityGroup, Role } from './roles.js';

export const REPORTS = ['caseload', 'deadlines', 'outcomes', 'equity', 'channels'] as const;
export type ReportName = (typeof REPORTS)[number];

/** Counts from 1 to SUPPRESS_MAX in a breakdown by a personal characteristic are not shown. */
export const SUPPRESS_MAX = 4;

/** Days from registration within which the first interview is due (the `book_first_interview` item). */
export const FIRST_INTERVIEW_TARGET_DAYS = 10;

export const GENDERS = ['female', 'male', 'other', 'not_stated'] as const;
export type Gender = (typeof GENDERS)[number];

/** Age at registration. */
export const AGE_BANDS = ['under_25', '25_34', '35_49', '50_64', '65_plus'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** How long past its due time an open work item is. */
export const OVERDUE_BUCKETS = ['1_day', '2_7_days', '8_30_days', 'over_30_days'] as const;
export type OverdueBucket = (typeof OVERDUE_BUCKETS)[number];

/** Filters every report takes; months are `YYYY-MM`, both ends included. */
export interface ReportQuery {
  regionId?: string;
  officeId?: string;
  from?: string;
  to?: string;
  /** caseload: the page of staff rows. */
  offset?: number;
  limit?: number;
}

export interface ReportMeta {
  report: ReportName;
  /** What was reported on: a region or office (null: every one the caller may see), and the months. */
  regionId: string | null;
  officeId: string | null;
  from: string;
  to: string;
  generatedAt: string;
  /** The rollups include every change committed before this time. */
  dataAsOf: string;
  /** generatedAt - dataAsOf, in seconds. */
  lagSeconds: number;
}

/**
 * A figure in a breakdown by a personal characteristic: `value` is null when suppressed, because its
 * count (or a count it could be worked out from) is between 1 and SUPPRESS_MAX.
 */
export interface ReportFigure {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  suppressed: boolean;
}

// --- caseload ---------------------------------------------------------------------------------------

export interface CaseloadReportRow {
  staffId: string;
  staffName: string;
  role: Extract<Role, 'counsellor' | 'specialist'>;
  officeId: string;
  officeName: string;
  openCases: number;
  routineCases: number;
  targetedCases: number;
  weightedLoad: number;
  cap: number | null;
  overdueItems: number;
  active: boolean;
  away: boolean;
}

/** The caseload of a set of staff (an office, or everything reported on). */
export interface CaseloadTotals {
  staff: number;
  openCases: number;
  weightedLoad: number;
  /** Sum of the caps of the staff who are in (active, not away) and have one: what they can carry today. */
  capacity: number;
  /** Staff without a cap. */
  uncapped: number;
  overCap: number;
  overdueItems: number;
  /** Open cases nobody is assigned to, and those of staff who are away or have left. */
  unassignedCases: number;
}

export interface CaseloadOfficeRow extends CaseloadTotals {
  officeId: string;
  officeName: string;
}

/** The staff rows of a caseload report come a page at a time: `offset` and `limit` (at most this). */
export const CASELOAD_PAGE_MAX = 500;
export const CASELOAD_PAGE_DEFAULT = 100;

export interface CaseloadReport {
  meta: ReportMeta;
  totals: CaseloadTotals;
  /** Every office reported on, by name. */
  byOffice: CaseloadOfficeRow[];
  /**
   * One page of staff, most loaded first: weighted load as a share of the cap (staff without a cap
   * after those with one), then weighted load, then name. `total` is totals.staff.
   */
  rows: CaseloadReportRow[];
  page: { offset: number; limit: number; total: number };
}

// --- deadlines --------------------------------------------------------------------------------------

export interface FirstInterviewFigures {
  /** Cases registered in the period whose first interview is due by now. */
  due: number;
  /** First interview attended on or before its due date. */
  withinTarget: number;
  /** Attended after the due date, or not attended and the due date has passed. */
  late: number;
  /** withinTarget / due, null when nothing was due. */
  withinTargetShare: number | null;
}

export interface DeadlinesReport {
  meta: ReportMeta;
  targetDays: number;
  firstInterviews: FirstInterviewFigures;
  byOffice: Array<{ officeId: string; officeName: string } & FirstInterviewFigures & { overdueItems: number }>;
  /** Open and claimed work items past their due time, now. */
  overdueByAge: Array<{ bucket: OverdueBucket; routine: number; targeted: number; personal: number; total: number }>;
}

// --- outcomes ---------------------------------------------------------------------------------------

export interface OutcomesReport {
  meta: ReportMeta;
  /** Cases closed in the period, by reason. */
  closures: Array<{ reason: CloseReason; count: number }>;
  closed: number;
  employed: number;
  /** Median days from registration to a closure for employment; null when none. */
  medianDaysToEmployment: number | null;
  byMonth: Array<{ month: string; closed: number; employed: number }>;
}

// --- equity -----------------------------------------------------------------------------------------

export const EQUITY_METRICS = [
  'targetedShare',
  'medianDaysToFirstAppointment',
  'appointmentsPerCase',
  'planCompletionRate',
  'noShowRate',
  'overrideRate',
  'employmentRate',
] as const;
export type EquityMetric = (typeof EQUITY_METRICS)[number];

export type EquityFigures = { cases: ReportFigure } & Record<EquityMetric, ReportFigure>;

export interface EquityRow {
  /** `group` rows compare a priority group with every case not in it; gender and age rows with all other cases. */
  dimension: 'group' | 'gender' | 'age_band';
  key: PriorityGroup | Gender | AgeBand;
  figures: EquityFigures;
  rest: EquityFigures;
}

export interface EquityReport {
  meta: ReportMeta;
  /** Cases registered in the period. */
  all: EquityFigures;
  rows: EquityRow[];
}

// --- channel mix ------------------------------------------------------------------------------------

export interface ChannelsReport {
  meta: ReportMeta;
  /** Appointments held or booked (not cancelled) that started in the period. */
  channels: Array<{ channel: AppointmentChannel; appointments: number; attended: number; share: number | null }>;
  byMonth: Array<{ month: string } & Record<AppointmentChannel, number>>;
}

export type Report = CaseloadReport | DeadlinesReport | OutcomesReport | EquityReport | ChannelsReport;

/** `GET /api/reports/scope`: the regions and offices the caller may report on (the filters' choices). */
export interface ReportScopeOptions {
  /** Whether the caller may choose among regions (a manager of a national office) or offices. */
  chooseRegion: boolean;
  chooseOffice: boolean;
  regions: Array<{ id: string; name: string; offices: Array<{ id: string; name: string }> }>;
  /** The default period: the last 12 months up to the current one. */
  defaultFrom: string;
  defaultTo: string;
}
