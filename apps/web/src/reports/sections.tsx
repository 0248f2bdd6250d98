import { Link as MuiLink, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { useTranslate } from 'react-admin';
import { APPOINTMENT_CHANNELS } from '@casework/contracts';
import { Marker } from '../supervision/labels';
import { useReport } from './api';
import { Bars, COLOURS } from './Bars';
import { formatMonth, formatNumber, formatShare, officeLoads, reportQuery, type ReportFilters } from './model';
import { ChartOrTable, FigureTable, NotYet, ReportSection, Stats, useIntlLocale } from './parts';

const share = (value: number | null, locale: string) => (value === null ? '—' : formatShare(value, locale));

/** The region's caseload by office: weighted load against what the staff who are in can carry. */
export const CaseloadSection = ({ filters, teamLink }: { filters: ReportFilters; teamLink?: (officeId: string) => string }) => {
  const translate = useTranslate();
  const locale = useIntlLocale();
  const query = reportQuery('caseload', filters);
  // The sums by office are all this section shows: one staff row is enough (the CSV has them all).
  const { data, error, failureReason } = useReport('caseload', { ...query, limit: 1 });
  const t = (key: string, options?: Record<string, unknown>) => translate(`cw_reports.caseload.${key}`, options);
  const offices = data ? officeLoads(data.byOffice) : [];
  return (
    <ReportSection name="caseload" meta={data?.meta} query={query}>
      {!data ? (
        <NotYet error={error} failureReason={failureReason} />
      ) : (
        <>
          <Typography variant="body2" sx={{ mb: 1.5 }}>
            {t('intro')}
          </Typography>
          <Stats
            items={[
              { label: t('staff'), value: data.totals.staff },
              { label: t('open_cases'), value: data.totals.openCases },
              { label: t('weighted_load'), value: data.totals.weightedLoad },
              { label: t('over_cap'), value: data.totals.overCap },
              { label: t('overdue_items'), value: data.totals.overdueItems },
              { label: t('unassigned_cases'), value: data.totals.unassignedCases },
            ]}
          />
          {offices.length === 0 ? (
            <Typography sx={{ mt: 2 }}>{t('empty')}</Typography>
          ) : (
            <ChartOrTable
              title={t('by_office')}
              chart={
                <Bars
                  horizontal
                  data={offices}
                  category="officeName"
                  categoryWidth={180}
                  series={[
                    { key: 'load', label: t('weighted_load'), colour: COLOURS.blue },
                    { key: 'capacity', label: t('capacity'), colour: COLOURS.grey },
                  ]}
                />
              }
              table={
                <FigureTable
                  caption={t('by_office')}
                  columns={[
                    { label: t('office') },
                    { label: t('staff'), numeric: true },
                    { label: t('open_cases'), numeric: true },
                    { label: t('weighted_load'), numeric: true },
                    { label: t('capacity'), numeric: true },
                    { label: t('used'), numeric: true },
                    { label: t('over_cap'), numeric: true },
                    { label: t('overdue_items'), numeric: true },
                  ]}
                  rows={offices.map((o) => ({
                    key: o.officeId,
                    header: teamLink ? (
                      <MuiLink component={Link} to={teamLink(o.officeId)}>
                        {o.officeName}
                      </MuiLink>
                    ) : (
                      o.officeName
                    ),
                    cells: [
                      o.staff,
                      o.openCases,
                      o.load,
                      o.uncapped ? `${o.capacity} ${t('uncapped', { smart_count: o.uncapped })}` : o.capacity,
                      o.share !== null && o.share > 1 ? <Marker tone="error" label={share(o.share, locale)} /> : share(o.share, locale),
                      o.overCap,
                      o.overdueItems,
                    ],
                  }))}
                />
              }
            />
          )}
        </>
      )}
    </ReportSection>
  );
};

/** First interviews against their target, by office, and the work items overdue now by how long. */
export const DeadlinesSection = ({ filters, byOffice = true }: { filters: ReportFilters; byOffice?: boolean }) => {
  const translate = useTranslate();
  const locale = useIntlLocale();
  const query = reportQuery('deadlines', filters);
  const { data, error, failureReason } = useReport('deadlines', query);
  const t = (key: string, options?: Record<string, unknown>) => translate(`cw_reports.deadlines.${key}`, options);
  const fi = data?.firstInterviews;
  const overdue = data?.overdueByAge.reduce((n, b) => n + b.total, 0) ?? 0;
  const buckets = data?.overdueByAge.map((b) => ({ ...b, label: t(`buckets.${b.bucket}`) })) ?? [];
  return (
    <ReportSection name="deadlines" meta={data?.meta} query={query}>
      {!data || !fi ? (
        <NotYet error={error} failureReason={failureReason} />
      ) : (
        <>
          <Typography variant="body2" sx={{ mb: 1.5 }}>
            {t('intro', { smart_count: data.targetDays })}
          </Typography>
          <Stats
            items={[
              {
                label: t('within_target'),
                value: share(fi.withinTargetShare, locale),
                note: t('within_target_of', { within: fi.withinTarget, smart_count: fi.due }),
              },
              { label: t('late'), value: fi.late },
              { label: t('overdue_now'), value: overdue },
            ]}
          />
          {byOffice && data.byOffice.length > 0 && (
            <ChartOrTable
              title={t('by_office')}
              chart={
                <Bars
                  horizontal
                  data={data.byOffice}
                  category="officeName"
                  categoryWidth={180}
                  series={[
                    { key: 'withinTarget', label: t('within_target_count'), colour: COLOURS.blue, stack: 'due' },
                    { key: 'late', label: t('late'), colour: COLOURS.red, stack: 'due' },
                  ]}
                />
              }
              table={
                <FigureTable
                  caption={t('by_office')}
                  columns={[
                    { label: t('office') },
                    { label: t('due'), numeric: true },
                    { label: t('within_target_count'), numeric: true },
                    { label: t('late'), numeric: true },
                    { label: t('within_target'), numeric: true },
                    { label: t('overdue_now'), numeric: true },
                  ]}
                  rows={data.byOffice.map((o) => ({
                    key: o.officeId,
                    header: o.officeName,
                    cells: [o.due, o.withinTarget, o.late, share(o.withinTargetShare, locale), o.overdueItems],
                  }))}
                />
              }
            />
          )}
          <ChartOrTable
            title={t('overdue_by_age')}
            chart={
              <Bars
                data={buckets}
                category="label"
                series={[
                  { key: 'routine', label: t('routine'), colour: COLOURS.blue, stack: 'items' },
                  { key: 'targeted', label: t('targeted'), colour: COLOURS.purple, stack: 'items' },
                  { key: 'personal', label: t('personal'), colour: COLOURS.amber, stack: 'items' },
                ]}
              />
            }
            table={
              <FigureTable
                caption={t('overdue_by_age')}
                columns={[
                  { label: t('overdue_for') },
                  { label: t('routine'), numeric: true },
                  { label: t('targeted'), numeric: true },
                  { label: t('personal'), numeric: true },
                  { label: t('total'), numeric: true },
                ]}
                rows={buckets.map((b) => ({ key: b.bucket, header: b.label, cells: [b.routine, b.targeted, b.personal, b.total] }))}
              />
            }
          />
        </>
      )}
    </ReportSection>
  );
};

/** Closures by reason and month, and how long employment took. */
export const OutcomesSection = ({ filters }: { filters: ReportFilters }) => {
  const translate = useTranslate();
  const locale = useIntlLocale();
  const query = reportQuery('outcomes', filters);
  const { data, error, failureReason } = useReport('outcomes', query);
  const t = (key: string, options?: Record<string, unknown>) => translate(`cw_reports.outcomes.${key}`, options);
  const reasons = data?.closures.map((c) => ({ ...c, label: translate(`cw_case.close_reasons.${c.reason}`) })) ?? [];
  const months = data?.byMonth.map((m) => ({ ...m, label: formatMonth(m.month, locale) })) ?? [];
  return (
    <ReportSection name="outcomes" meta={data?.meta} query={query}>
      {!data ? (
        <NotYet error={error} failureReason={failureReason} />
      ) : (
        <>
          <Stats
            items={[
              { label: t('closed'), value: data.closed },
              {
                label: t('employed'),
                value: data.employed,
                note: data.closed ? t('employed_share', { share: formatShare(data.employed / data.closed, locale) }) : undefined,
              },
              {
                label: t('median_days'),
                value:
                  data.medianDaysToEmployment === null
                    ? t('no_median')
                    : translate('cw_reports.units.days', {
                        smart_count: data.medianDaysToEmployment,
                        value: formatNumber(data.medianDaysToEmployment, locale),
                      }),
              },
            ]}
          />
          <ChartOrTable
            title={t('by_reason')}
            chart={<Bars horizontal data={reasons} category="label" series={[{ key: 'count', label: t('cases'), colour: COLOURS.blue }]} />}
            table={
              <FigureTable
                caption={t('by_reason')}
                columns={[{ label: t('reason') }, { label: t('cases'), numeric: true }, { label: t('share'), numeric: true }]}
                rows={reasons.map((r) => ({
                  key: r.reason,
                  header: r.label,
                  cells: [r.count, data.closed ? formatShare(r.count / data.closed, locale) : '—'],
                }))}
              />
            }
          />
          <ChartOrTable
            title={t('by_month')}
            chart={
              <Bars
                data={months}
                category="label"
                series={[
                  { key: 'closed', label: t('closed'), colour: COLOURS.grey },
                  { key: 'employed', label: t('employed'), colour: COLOURS.green },
                ]}
              />
            }
            table={
              <FigureTable
                caption={t('by_month')}
                columns={[{ label: t('month') }, { label: t('closed'), numeric: true }, { label: t('employed'), numeric: true }]}
                rows={months.map((m) => ({ key: m.month, header: m.label, cells: [m.closed, m.employed] }))}
              />
            }
          />
        </>
      )}
    </ReportSection>
  );
};

const CHANNEL_COLOURS = { in_person: COLOURS.blue, phone: COLOURS.amber, video: COLOURS.purple } as const;

/** Appointments by channel: in person, phone, video, and how that moved month by month. */
export const ChannelsSection = ({ filters }: { filters: ReportFilters }) => {
  const translate = useTranslate();
  const locale = useIntlLocale();
  const query = reportQuery('channels', filters);
  const { data, error, failureReason } = useReport('channels', query);
  const t = (key: string) => translate(`cw_reports.channels.${key}`);
  const channel = (c: string) => translate(`cw_appointments.channels.${c}`);
  const channels = data?.channels.map((c) => ({ ...c, label: channel(c.channel) })) ?? [];
  const months = data?.byMonth.map((m) => ({ ...m, label: formatMonth(m.month, locale) })) ?? [];
  return (
    <ReportSection name="channels" meta={data?.meta} query={query}>
      {!data ? (
        <NotYet error={error} failureReason={failureReason} />
      ) : (
        <>
          <Typography variant="body2">{t('intro')}</Typography>
          <ChartOrTable
            title={t('mix')}
            chart={
              <Bars
                horizontal
                data={channels}
                category="label"
                series={[
                  { key: 'appointments', label: t('appointments'), colour: COLOURS.blue },
                  { key: 'attended', label: t('attended'), colour: COLOURS.green },
                ]}
              />
            }
            table={
              <FigureTable
                caption={t('mix')}
                columns={[
                  { label: t('channel') },
                  { label: t('appointments'), numeric: true },
                  { label: t('attended'), numeric: true },
                  { label: t('share'), numeric: true },
                ]}
                rows={channels.map((c) => ({
                  key: c.channel,
                  header: c.label,
                  cells: [c.appointments, c.attended, share(c.share, locale)],
                }))}
              />
            }
          />
          <ChartOrTable
            title={t('by_month')}
            chart={
              <Bars
                data={months}
                category="label"
                series={APPOINTMENT_CHANNELS.map((c) => ({ key: c, label: channel(c), colour: CHANNEL_COLOURS[c], stack: 'month' }))}
              />
            }
            table={
              <FigureTable
                caption={t('by_month')}
                columns={[{ label: t('month') }, ...APPOINTMENT_CHANNELS.map((c) => ({ label: channel(c), numeric: true }))]}
                rows={months.map((m) => ({ key: m.month, header: m.label, cells: APPOINTMENT_CHANNELS.map((c) => m[c]) }))}
              />
            }
          />
        </>
      )}
    </ReportSection>
  );
};
