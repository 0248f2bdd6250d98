import { Module } from '@nestjs/common';
import { InterventionPlansModule } from '../intervention-plans/intervention-plans.module.js';
import { WorkItemsModule } from '../work-items/work-items.module.js';
import { JobsService } from './jobs.service.js';

@Module({ imports: [WorkItemsModule, InterventionPlansModule], providers: [JobsService], exports: [JobsService] })
export class JobsModule {}
