import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module.js';
import { TriageModule } from '../triage/triage.module.js';
import { WorkItemsModule } from '../work-items/work-items.module.js';
import { Jobseeker } from './jobseeker.entity.js';
import { JobseekersController } from './jobseekers.controller.js';
import { JobseekersService } from './jobseekers.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Jobseeker]), CasesModule, TriageModule, WorkItemsModule],
  controllers: [JobseekersController],
  providers: [JobseekersService],
  exports: [JobseekersService],
})
export class JobseekersModule {}
