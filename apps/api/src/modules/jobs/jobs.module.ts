import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/appointments.module.js';
import { InterventionPlansModule } from '../intervention-plans/intervention-plans.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { WorkItemsModule } from '../work-items/work-items.module.js';
import { JobsService } from './jobs.service.js';

@Module({
  imports: [WorkItemsModule, AppointmentsModule, InterventionPlansModule, ReportsModule],
  providers: [JobsService],
  exports: [JobsService],
})
export class JobsModule {}
