import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  CaseloadReport,
  ChannelsReport,
  DeadlinesReport,
  EquityReport,
  OutcomesReport,
  ReportName,
  ReportQuery,
  ReportScopeOptions,
} from '@casework/contracts';
import { errorCode, getJson } from '../common/api';
import { saveBlob } from '../common/download';
import { filenameFrom } from '../intervention-plans/model';
import { apiFetchBlob } from '../providers/session';
import { csvFallbackName, reportPath } from './model';

export interface ReportsByName {
  caseload: CaseloadReport;
  deadlines: DeadlinesReport;
  outcomes: OutcomesReport;
  equity: EquityReport;
  channels: ChannelsReport;
}

// Under one key prefix: the app bar's refresh button reloads react-query queries.
const KEY = 'cw-reports';

export const useReportScope = () =>
  useQuery({ queryKey: [KEY, 'scope'], queryFn: () => getJson<ReportScopeOptions>('/reports/scope'), staleTime: 5 * 60_000 });

/** One report; while new filters load, the previous figures stay on screen. */
export function useReport<N extends ReportName>(name: N, query: ReportQuery | null) {
  return useQuery({
    queryKey: [KEY, name, query],
    queryFn: () => getJson<ReportsByName[N]>(reportPath(name, query ?? {})),
    enabled: query !== null,
    placeholderData: keepPreviousData,
    // A 503 means the rollups are being built (a fresh installation): ask again every few seconds for a while.
    retry: (failures, error) => (errorCode(error) === 'SERVICE_UNAVAILABLE' ? failures < 24 : failures < 1),
    retryDelay: (_failures, error) => (errorCode(error) === 'SERVICE_UNAVAILABLE' ? 5_000 : 1_000),
    // Rollups move every few minutes at most: no point asking again on every focus.
    staleTime: 60_000,
  });
}

/**
 * A report as CSV, fetched with the session's bearer token like any other request (the token and
 * the filters stay out of the saved file's address) and saved under the name the API gives.
 */
export async function downloadCsv(name: ReportName, query: ReportQuery): Promise<string> {
  const { blob, headers } = await apiFetchBlob(reportPath(name, query), 'text/csv');
  const filename = filenameFrom(headers.get('Content-Disposition'), csvFallbackName(name, query));
  saveBlob(blob, filename);
  return filename;
}
