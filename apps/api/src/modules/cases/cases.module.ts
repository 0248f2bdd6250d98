import { Module } from '@nestjs/common';
import { TriageModule } from '../triage/triage.module.js';
import { WorkItemsModule } from '../work-items/work-items.module.js';
import { CaseloadsController, CasesController, CaseTransfersController } from './cases.controller.js';
import { CaseloadsService } from './caseloads.service.js';
import { CasesService } from './cases.service.js';
import { TimelineService } from './timeline.service.js';
import { TransfersService } from './transfers.service.js';

@Module({
  imports: [TriageModule, WorkItemsModule],
  controllers: [CasesController, CaseTransfersController, CaseloadsController],
  providers: [CasesService, CaseloadsService, TransfersService, TimelineService],
  exports: [CasesService],
})
export class CasesModule {}
