import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { WorkItemsModule } from '../work-items/work-items.module.js';
import { InterventionPlansController } from './intervention-plans.controller.js';
import { InterventionPlansService } from './intervention-plans.service.js';
import { PlanDocumentService } from './plan-document.service.js';
import { PlanReviewsService } from './plan-reviews.service.js';

@Module({
  imports: [CasesModule, WorkItemsModule],
  controllers: [InterventionPlansController],
  providers: [InterventionPlansService, PlanDocumentService, PlanReviewsService],
  exports: [PlanReviewsService],
})
export class InterventionPlansModule {}
