import { Module } from '@nestjs/common';
import { EscalationService } from './escalation.service.js';
import { WorkItemsController } from './work-items.controller.js';
import { WorkItemsService } from './work-items.service.js';

@Module({
  controllers: [WorkItemsController],
  providers: [WorkItemsService, EscalationService],
  exports: [WorkItemsService, EscalationService],
})
export class WorkItemsModule {}
