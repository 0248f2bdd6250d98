import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ReportName } from '@casework/contracts';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { Grant } from '../../common/auth/auth-user.js';
import { AppException } from '../../common/errors.js';
import { AuditService } from '../audit/audit.service.js';
import { csvLine, reportCsv, type CsvValue } from './csv.js';
import type { ReportQueryDto } from './reports.dto.js';
import { ReportsService } from './reports.service.js';

/** The file's lines: a byte-order mark and the header, then a line a row. */
function* csvLines(header: CsvValue[], rows: CsvValue[][]): Generator<string> {
  yield `\ufeff${csvLine(header)}`;
  for (const row of rows) yield csvLine(row);
}

/** Exports a user may make in EXPORT_WINDOW_MINUTES. */
export const EXPORTS_PER_WINDOW = 20;
export const EXPORT_WINDOW_MINUTES = 10;

/**
 * CSV exports: counted against the caller's recent exports in the audit log (so the limit holds
 * across API processes), audited, and written to the response row by row.
 */
@Injectable()
export class ReportExportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ReportsService) private readonly reports: ReportsService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async export(name: ReportName, grant: Grant, query: ReportQueryDto, res: FastifyReply): Promise<void> {
    const report = await this.reports.report(name, grant, query, true);
    const { header, rows } = reportCsv(name, report);
    await this.dataSource.transaction(async (m) => {
      // One export decision at a time per user, so two at once cannot both take the last one left.
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 7202612022))`, [grant.user.id]);
      const [recent] = await m.query<Array<{ n: number; oldest: Date | null }>>(
        `SELECT count(*)::int AS n, min(at) AS oldest FROM audit_events
          WHERE actor_id = $1 AND action = 'reports.export' AND at > now() - make_interval(mins => $2)`,
        [grant.user.id, EXPORT_WINDOW_MINUTES],
      );
      if (recent.n >= EXPORTS_PER_WINDOW) {
        const retry = recent.oldest
          ? Math.max(1, Math.ceil((recent.oldest.getTime() + EXPORT_WINDOW_MINUTES * 60_000 - Date.now()) / 1000))
          : 60;
        throw new AppException(
          429,
          'RATE_LIMITED',
          `At most ${EXPORTS_PER_WINDOW} exports in ${EXPORT_WINDOW_MINUTES} minutes: try again later`,
          undefined,
          { 'Retry-After': String(retry) },
        );
      }
      const { meta } = report;
      await this.audit.record(
        {
          action: 'reports.export',
          entity: 'reports',
          entityId: name,
          changes: { format: 'csv', regionId: meta.regionId, officeId: meta.officeId, from: meta.from, to: meta.to, rows: rows.length },
        },
        m,
      );
    });
    const { meta } = report;
    res.status(200);
    res.header('Content-Type', 'text/csv; charset=utf-8');
    res.header('Content-Disposition', `attachment; filename="casework-${name}-${meta.from}-${meta.to}.csv"`);
    // Streamed a line at a time, as the rows are turned into text.
    await res.send(Readable.from(csvLines(header, rows)));
  }
}
