import { Module } from '@nestjs/common';
import { WorkItemsModule } from '../work-items/work-items.module.js';
import { JobsService } from './jobs.service.js';

@Module({ imports: [WorkItemsModule], providers: [JobsService], exports: [JobsService] })
export class JobsModule {}
