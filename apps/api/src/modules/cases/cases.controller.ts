import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Grant } from '../../common/auth/auth-user.js';
import { CurrentGrant, Permission } from '../../common/auth/decorators.js';
import { UuidParam } from '../../common/records.js';
import {
  AssignCaseDto,
  BulkAssignDto,
  OverrideTrackDto,
  TransferDecisionDto,
  TransferRequestDto,
  UpdateCaseDto,
  UpdateCaseloadDto,
} from './cases.dto.js';
import { CaseloadsService } from './caseloads.service.js';
import { CasesService } from './cases.service.js';
import { TimelineService, type TimelineEntry } from './timeline.service.js';
import { TransfersService } from './transfers.service.js';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(TransfersService) private readonly transfers: TransfersService,
    @Inject(TimelineService) private readonly timelines: TimelineService,
  ) {}

  @Get()
  @Permission('cases', 'read')
  list(@Query() query: Record<string, unknown>, @CurrentGrant() grant: Grant, @Res({ passthrough: true }) res: FastifyReply) {
    return this.cases.list(query, grant, res);
  }

  @Post('bulk-assign')
  @Permission('cases', 'assign')
  @HttpCode(200)
  bulkAssign(@Body() body: BulkAssignDto, @CurrentGrant() grant: Grant) {
    return this.cases.bulkAssign(body, grant);
  }

  @Get(':id')
  @Permission('cases', 'read')
  get(@Param('id', UuidParam) id: string, @CurrentGrant() grant: Grant) {
    return this.cases.get(id, grant);
  }

  /** Status changes by hand (active <-> on_hold, close with a reason) and the next review date. */
  @Patch(':id')
  @Permission('cases', 'update')
  update(@Param('id', UuidParam) id: string, @Body() body: UpdateCaseDto, @CurrentGrant() grant: Grant) {
    return this.cases.update(id, body, grant);
  }

  @Post(':id/triage')
  @Permission('cases', 'triage')
  retriage(@Param('id', UuidParam) id: string, @CurrentGrant() grant: Grant) {
    return this.cases.retriage(id, grant);
  }

  /** The case's history, newest first: events, visible notes and work items; paged with `range` (Content-Range `timeline`). */
  @Get(':id/timeline')
  @Permission('cases', 'read')
  timeline(
    @Param('id', UuidParam) id: string,
    @Query() query: Record<string, unknown>,
    @CurrentGrant() grant: Grant,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<TimelineEntry[]> {
    return this.timelines.timeline(id, query, grant, res);
  }

  /** The profiling explanation is for the case team: the roles that may triage (front desk reads the summary only). */
  @Get(':id/triage')
  @Permission('cases', 'triage')
  triageHistory(@Param('id', UuidParam) id: string, @CurrentGrant() grant: Grant) {
    return this.cases.triageHistory(id, grant);
  }

  @Post(':id/override-track')
  @Permission('cases', 'triage')
  @HttpCode(200)
  overrideTrack(@Param('id', UuidParam) id: string, @Body() body: OverrideTrackDto, @CurrentGrant() grant: Grant) {
    return this.cases.overrideTrack(id, body, grant);
  }

  @Post(':id/assign')
  @Permission('cases', 'assign')
  @HttpCode(200)
  assign(@Param('id', UuidParam) id: string, @Body() body: AssignCaseDto, @CurrentGrant() grant: Grant) {
    return this.cases.assign(id, body, grant);
  }

  @Post(':id/transfer')
  @Permission('cases', 'transfer')
  requestTransfer(@Param('id', UuidParam) id: string, @Body() body: TransferRequestDto, @CurrentGrant() grant: Grant) {
    return this.transfers.request(id, body, grant);
  }
}

@ApiTags('case-transfers')
@ApiBearerAuth()
@Controller('case-transfers')
export class CaseTransfersController {
  constructor(@Inject(TransfersService) private readonly transfers: TransfersService) {}

  @Get()
  @Permission('cases', 'transfer')
  list(@Query() query: Record<string, unknown>, @CurrentGrant() grant: Grant, @Res({ passthrough: true }) res: FastifyReply) {
    return this.transfers.list(query, grant, res);
  }

  @Post(':id/accept')
  @Permission('cases', 'transfer')
  @HttpCode(200)
  accept(@Param('id', UuidParam) id: string, @Body() body: TransferDecisionDto, @CurrentGrant() grant: Grant) {
    return this.transfers.decide(id, true, body, grant);
  }

  @Post(':id/reject')
  @Permission('cases', 'transfer')
  @HttpCode(200)
  reject(@Param('id', UuidParam) id: string, @Body() body: TransferDecisionDto, @CurrentGrant() grant: Grant) {
    return this.transfers.decide(id, false, body, grant);
  }
}

@ApiTags('caseloads')
@ApiBearerAuth()
@Controller('caseloads')
export class CaseloadsController {
  constructor(@Inject(CaseloadsService) private readonly caseloads: CaseloadsService) {}

  @Get()
  @Permission('caseloads', 'read')
  list(@CurrentGrant() grant: Grant, @Res({ passthrough: true }) res: FastifyReply) {
    return this.caseloads.list(grant, res);
  }

  @Get('suggestions')
  @Permission('caseloads', 'read')
  suggestions(@CurrentGrant() grant: Grant) {
    return this.caseloads.suggestions(grant);
  }

  /** The cap and the away flag of one counsellor or specialist of the supervisor's office. */
  @Patch(':id')
  @Permission('caseloads', 'update')
  update(@Param('id', UuidParam) id: string, @Body() body: UpdateCaseloadDto, @CurrentGrant() grant: Grant) {
    return this.caseloads.update(id, body, grant);
  }
}
