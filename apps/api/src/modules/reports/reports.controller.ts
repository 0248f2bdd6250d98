import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { REPORTS, type ReportName } from '@casework/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Grant } from '../../common/auth/auth-user.js';
import { CurrentGrant, Permission } from '../../common/auth/decorators.js';
import { notFound } from '../../common/errors.js';
import { ReportExportsService } from './report-exports.service.js';
import { ReportQueryDto } from './reports.dto.js';
import { ReportsService } from './reports.service.js';

/** CSV when asked for by `format=csv`, or by an Accept header that prefers text/csv to JSON. */
export function wantsCsv(query: ReportQueryDto, accept: string | undefined): boolean {
  if (query.format) return query.format === 'csv';
  const types = (accept ?? '').split(',').map((t) => t.split(';')[0].trim().toLowerCase());
  const csv = types.indexOf('text/csv');
  const json = types.findIndex((t) => t === 'application/json' || t === '*/*');
  return csv >= 0 && (json < 0 || csv < json);
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(
    @Inject(ReportsService) private readonly reports: ReportsService,
    @Inject(ReportExportsService) private readonly exports: ReportExportsService,
  ) {}

  /** The regions and offices the caller may report on, and the default period. */
  @Get('scope')
  @Permission('reports', 'read')
  scope(@CurrentGrant() grant: Grant) {
    return this.reports.scopeOptions(grant);
  }

  @Get(':report')
  @Permission('reports', 'read')
  async report(
    @Param('report') name: string,
    @Query() query: ReportQueryDto,
    @CurrentGrant() grant: Grant,
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
  ): Promise<void> {
    if (!(REPORTS as readonly string[]).includes(name)) throw notFound('Report');
    const report = name as ReportName;
    if (!wantsCsv(query, req.headers.accept)) {
      await res.send(await this.reports.report(report, grant, query));
      return;
    }
    await this.exports.export(report, grant, query, res);
  }
}
