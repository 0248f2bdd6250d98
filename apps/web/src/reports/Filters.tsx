import { useState } from 'react';
import { Box, Card, CardContent, TextField } from '@mui/material';
import { useSearchParams } from 'react-router-dom';
import { useTranslate } from 'react-admin';
import type { ReportScopeOptions } from '@casework/contracts';
import { useReportScope } from './api';
import { filterParams, isMonth, officeChoices, periodValid, readFilters, type ReportFilters } from './model';

/** The screen's filters, kept in its address so a reload or a shared link shows the same figures. */
export function useReportFilters() {
  const scope = useReportScope();
  const [params, setParams] = useSearchParams();
  const filters = scope.data ? readFilters(params, scope.data) : null;
  const setFilters = (next: ReportFilters) => scope.data && setParams(filterParams(next, scope.data), { replace: true });
  return { scope, filters, setFilters, search: params.toString() };
}

/** Region (for a manager of a national office), office, and the period's first and last months. */
export const FiltersBar = ({
  scope,
  filters,
  onChange,
  period = true,
}: {
  scope: ReportScopeOptions;
  filters: ReportFilters;
  onChange: (f: ReportFilters) => void;
  period?: boolean;
}) => {
  const translate = useTranslate();
  // Months are edited here and applied once both make a period, so a half-typed one fetches nothing.
  const [from, setFrom] = useState(filters.from);
  const [to, setTo] = useState(filters.to);
  const offices = officeChoices(scope, filters.regionId);
  const valid = periodValid({ from, to });
  const setMonth = (which: 'from' | 'to', value: string) => {
    const next = { from, to, [which]: value };
    if (which === 'from') setFrom(value);
    else setTo(value);
    if (periodValid(next)) onChange({ ...filters, ...next });
  };
  if (!scope.chooseRegion && !scope.chooseOffice && !period) return null;
  return (
    <Card sx={{ mb: 2 }}>
      <CardContent component="form" role="search" aria-label={translate('cw_reports.filters.label')} onSubmit={(e) => e.preventDefault()}>
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'flex-start' }}>
          {scope.chooseRegion && (
            <TextField
              select
              fullWidth={false}
              size="small"
              id="report-region"
              label={translate('cw_reports.filters.region')}
              value={filters.regionId ?? ''}
              onChange={(e) => onChange({ ...filters, regionId: e.target.value || undefined, officeId: undefined })}
              slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
              sx={{ minWidth: 220 }}
            >
              <option value="">{translate('cw_reports.filters.all_regions')}</option>
              {scope.regions.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </TextField>
          )}
          {scope.chooseOffice && (
            <TextField
              select
              fullWidth={false}
              size="small"
              id="report-office"
              label={translate('cw_reports.filters.office')}
              value={filters.officeId ?? ''}
              onChange={(e) => onChange({ ...filters, officeId: e.target.value || undefined })}
              slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
              sx={{ minWidth: 220 }}
            >
              <option value="">{translate('cw_reports.filters.all_offices')}</option>
              {offices.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </TextField>
          )}
          {period && (
            <>
              <TextField
                type="month"
                fullWidth={false}
                size="small"
                id="report-from"
                label={translate('cw_reports.filters.from')}
                value={from}
                onChange={(e) => setMonth('from', e.target.value)}
                error={!isMonth(from) || !valid}
                helperText={!valid ? translate('cw_reports.filters.period_invalid') : ' '}
                slotProps={{ inputLabel: { shrink: true }, htmlInput: { max: scope.defaultTo } }}
              />
              <TextField
                type="month"
                fullWidth={false}
                size="small"
                id="report-to"
                label={translate('cw_reports.filters.to')}
                value={to}
                onChange={(e) => setMonth('to', e.target.value)}
                error={!isMonth(to) || !valid}
                helperText=" "
                slotProps={{ inputLabel: { shrink: true }, htmlInput: { max: scope.defaultTo } }}
              />
            </>
          )}
        </Box>
      </CardContent>
    </Card>
  );
};
