import { Module } from '@nestjs/common';
import { ReportExportsService } from './report-exports.service.js';
import { ReportsRefreshService } from './reports-refresh.service.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

@Module({
  controllers: [ReportsController],
  providers: [ReportsService, ReportsRefreshService, ReportExportsService],
  exports: [ReportsRefreshService],
})
export class ReportsModule {}
