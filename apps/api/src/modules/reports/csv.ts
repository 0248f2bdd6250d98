import {
  EQUITY_METRICS,
  type CaseloadReport,
  type ChannelsReport,
  type DeadlinesReport,
  type EquityFigures,
  type EquityReport,
  type OutcomesReport,
  type Report,
  type ReportFigure,
  type ReportName,
} from '@casework/contracts';

export type CsvValue = string | number | boolean | null | undefined;

/**
 * One CSV cell. Text that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or
 * a carriage return) gets a leading apostrophe; numbers we computed are written as they are.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvLine = (values: CsvValue[]) => `${values.map(csvCell).join(',')}\r\n`;

const shown = (f: ReportFigure) => (f.suppressed ? 'suppressed' : f.value);

/** Long format for the sectioned reports: section, key, measure, value. */
type Row = [string, string, string, CsvValue];

function caseloadRows(r: CaseloadReport): { header: string[]; rows: CsvValue[][] } {
  return {
    header: [
      'office',
      'staff',
      'role',
      'open_cases',
      'routine_cases',
      'targeted_cases',
      'weighted_load',
      'cap',
      'overdue_items',
      'active',
      'away',
    ],
    rows: r.rows.map((s) => [
      s.officeName,
      s.staffName,
      s.role,
      s.openCases,
      s.routineCases,
      s.targetedCases,
      s.weightedLoad,
      s.cap,
      s.overdueItems,
      s.active,
      s.away,
    ]),
  };
}

function deadlineRows(r: DeadlinesReport): Row[] {
  const fi = (key: string, f: DeadlinesReport['firstInterviews']): Row[] => [
    ['first_interviews', key, 'due', f.due],
    ['first_interviews', key, 'within_target', f.withinTarget],
    ['first_interviews', key, 'late', f.late],
    ['first_interviews', key, 'within_target_share', f.withinTargetShare],
  ];
  return [
    ...fi('all', r.firstInterviews),
    ...r.byOffice.flatMap((o) => [...fi(o.officeName, o), ['overdue_items', o.officeName, 'total', o.overdueItems] as Row]),
    ...r.overdueByAge.flatMap((b) =>
      (['routine', 'targeted', 'personal', 'total'] as const).map((k): Row => ['overdue_by_age', b.bucket, k, b[k]]),
    ),
  ];
}

function outcomeRows(r: OutcomesReport): Row[] {
  return [
    ['closures', 'all', 'closed', r.closed],
    ['closures', 'all', 'employed', r.employed],
    ['closures', 'all', 'median_days_to_employment', r.medianDaysToEmployment],
    ...r.closures.map((c): Row => ['closures_by_reason', c.reason, 'closed', c.count]),
    ...r.byMonth.flatMap((m): Row[] => [
      ['by_month', m.month, 'closed', m.closed],
      ['by_month', m.month, 'employed', m.employed],
    ]),
  ];
}

function channelRows(r: ChannelsReport): Row[] {
  return [
    ...r.channels.flatMap((c): Row[] => [
      ['channels', c.channel, 'appointments', c.appointments],
      ['channels', c.channel, 'attended', c.attended],
      ['channels', c.channel, 'share', c.share],
    ]),
    ...r.byMonth.flatMap((m) => (['in_person', 'phone', 'video'] as const).map((c): Row => ['by_month', m.month, c, m[c]])),
  ];
}

function equityRows(r: EquityReport): Row[] {
  const of = (section: string, key: string, f: EquityFigures, suffix = ''): Row[] =>
    (['cases', ...EQUITY_METRICS] as const).map((m): Row => [section, key, `${m}${suffix}`, shown(f[m])]);
  return [
    ...of('all', 'all', r.all),
    ...r.rows.flatMap((row) => [...of(row.dimension, row.key, row.figures), ...of(row.dimension, row.key, row.rest, '_rest')]),
  ];
}

/** The header and rows of a report's CSV, after a few lines that say what it covers. */
export function reportCsv(name: ReportName, report: Report): { header: string[]; rows: CsvValue[][] } {
  const m = report.meta;
  const meta: Row[] = [
    ['meta', 'report', 'name', m.report],
    ['meta', 'period', 'from', m.from],
    ['meta', 'period', 'to', m.to],
    ['meta', 'scope', 'region_id', m.regionId],
    ['meta', 'scope', 'office_id', m.officeId],
    ['meta', 'freshness', 'data_as_of', m.dataAsOf],
  ];
  const long = (rows: Row[]) => ({ header: ['section', 'key', 'measure', 'value'], rows: [...meta, ...rows] });
  switch (name) {
    case 'caseload':
      return caseloadRows(report as CaseloadReport);
    case 'deadlines':
      return long(deadlineRows(report as DeadlinesReport));
    case 'outcomes':
      return long(outcomeRows(report as OutcomesReport));
    case 'channels':
      return long(channelRows(report as ChannelsReport));
    case 'equity':
      return long(equityRows(report as EquityReport));
  }
}
