import { Module } from '@nestjs/common';
import { WorkItemsService } from './work-items.service.js';

@Module({ providers: [WorkItemsService], exports: [WorkItemsService] })
export class WorkItemsModule {}
