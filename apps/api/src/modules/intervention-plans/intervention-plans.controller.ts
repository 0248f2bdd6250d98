import { Body, Controller, Delete, Get, Header, HttpCode, Inject, Param, Patch, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { InterventionPlanDto, PlanEventDto } from '@casework/contracts';
import type { FastifyReply } from 'fastify';
import type { Grant } from '../../common/auth/auth-user.js';
import { CurrentGrant, Permission } from '../../common/auth/decorators.js';
import { uuidParam, UuidParam } from '../../common/records.js';
import {
  AgreePlanDto,
  ApprovePlanDto,
  CancelPlanDto,
  CreateActionDto,
  CreateGoalDto,
  CreatePlanDto,
  PlanVersionDto,
  PlanVersionQueryDto,
  ReturnPlanDto,
  UpdateActionDto,
  UpdateGoalDto,
  UpdatePlanDto,
} from './intervention-plans.dto.js';
import { InterventionPlansService } from './intervention-plans.service.js';
import { PlanDocumentService } from './plan-document.service.js';

const GoalId = uuidParam('goalId');
const ActionId = uuidParam('actionId');

/**
 * Intervention plans. Every write answers the whole plan (goals and actions nested) with its new
 * version, which the next write carries.
 */
@ApiTags('intervention-plans')
@ApiBearerAuth()
@Controller('intervention-plans')
export class InterventionPlansController {
  constructor(
    @Inject(InterventionPlansService) private readonly plans: InterventionPlansService,
    @Inject(PlanDocumentService) private readonly documents: PlanDocumentService,
  ) {}

  /** Filters caseId, status, officeId (a supervisor's approvals: `{"status":"submitted"}`); sort createdAt, updatedAt, submittedAt, nextReviewDate, status. */
  @Get()
  @Permission('intervention-plans', 'read')
  list(@Query() query: Record<string, unknown>, @CurrentGrant() grant: Grant, @Res({ passthrough: true }) res: FastifyReply) {
    return this.plans.list(query, grant, res);
  }

  @Get(':id')
  @Permission('intervention-plans', 'read')
  get(@Param('id', UuidParam) id: string, @CurrentGrant() grant: Grant): Promise<InterventionPlanDto> {
    return this.plans.get(id, grant);
  }

  /** Who did what to the plan and when, oldest first; paged with `range` (Content-Range `plan-history`). */
  @Get(':id/history')
  @Permission('intervention-plans', 'read')
  history(
    @Param('id', UuidParam) id: string,
    @Query() query: Record<string, unknown>,
    @CurrentGrant() grant: Grant,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<PlanEventDto[]> {
    return this.plans.history(id, query, grant, res);
  }

  /** The jobseeker's copy of the agreed plan, as a PDF in their language (409 PLAN_NOT_AGREED before). Audited. */
  @Get(':id/document')
  @Permission('intervention-plans', 'read')
  @ApiProduces('application/pdf')
  @Header('Cache-Control', 'no-store')
  async document(@Param('id', UuidParam) id: string, @CurrentGrant() grant: Grant): Promise<StreamableFile> {
    const { filename, pdf } = await this.documents.render(id, grant);
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `attachment; filename="${filename}"`, length: pdf.length });
  }

  @Post()
  @Permission('intervention-plans', 'create')
  create(@Body() body: CreatePlanDto, @CurrentGrant() grant: Grant): Promise<InterventionPlanDto> {
    return this.plans.create(body, grant);
  }

  @Patch(':id')
  @Permission('intervention-plans', 'update')
  update(@Param('id', UuidParam) id: string, @Body() body: UpdatePlanDto, @CurrentGrant() grant: Grant) {
    return this.plans.update(id, body, grant);
  }

  @Post(':id/goals')
  @Permission('intervention-plans', 'update')
  addGoal(@Param('id', UuidParam) id: string, @Body() body: CreateGoalDto, @CurrentGrant() grant: Grant) {
    return this.plans.addGoal(id, body, grant);
  }

  @Patch(':id/goals/:goalId')
  @Permission('intervention-plans', 'update')
  updateGoal(
    @Param('id', UuidParam) id: string,
    @Param('goalId', GoalId) goalId: string,
    @Body() body: UpdateGoalDto,
    @CurrentGrant() grant: Grant,
  ) {
    return this.plans.updateGoal(id, goalId, body, grant);
  }

  @Delete(':id/goals/:goalId')
  @Permission('intervention-plans', 'update')
  removeGoal(
    @Param('id', UuidParam) id: string,
    @Param('goalId', GoalId) goalId: string,
    @Query() query: PlanVersionQueryDto,
    @CurrentGrant() grant: Grant,
  ) {
    return this.plans.removeGoal(id, goalId, query.version, grant);
  }

  @Post(':id/goals/:goalId/actions')
  @Permission('intervention-plans', 'update')
  addAction(
    @Param('id', UuidParam) id: string,
    @Param('goalId', GoalId) goalId: string,
    @Body() body: CreateActionDto,
    @CurrentGrant() grant: Grant,
  ) {
    return this.plans.addAction(id, goalId, body, grant);
  }

  @Patch(':id/actions/:actionId')
  @Permission('intervention-plans', 'update')
  updateAction(
    @Param('id', UuidParam) id: string,
    @Param('actionId', ActionId) actionId: string,
    @Body() body: UpdateActionDto,
    @CurrentGrant() grant: Grant,
  ) {
    return this.plans.updateAction(id, actionId, body, grant);
  }

  @Delete(':id/actions/:actionId')
  @Permission('intervention-plans', 'update')
  removeAction(
    @Param('id', UuidParam) id: string,
    @Param('actionId', ActionId) actionId: string,
    @Query() query: PlanVersionQueryDto,
    @CurrentGrant() grant: Grant,
  ) {
    return this.plans.removeAction(id, actionId, query.version, grant);
  }

  /** Draft -> submitted: needs at least one goal, each with an action (409 PLAN_INCOMPLETE). */
  @Post(':id/submit')
  @Permission('intervention-plans', 'update')
  @HttpCode(200)
  submit(@Param('id', UuidParam) id: string, @Body() body: PlanVersionDto, @CurrentGrant() grant: Grant) {
    return this.plans.submit(id, body.version, grant);
  }

  @Post(':id/approve')
  @Permission('intervention-plans', 'approve')
  @HttpCode(200)
  approve(@Param('id', UuidParam) id: string, @Body() body: ApprovePlanDto, @CurrentGrant() grant: Grant) {
    return this.plans.approve(id, body, grant);
  }

  /** Submitted -> draft, with the comment its author sees. */
  @Post(':id/return')
  @Permission('intervention-plans', 'approve')
  @HttpCode(200)
  return(@Param('id', UuidParam) id: string, @Body() body: ReturnPlanDto, @CurrentGrant() grant: Grant) {
    return this.plans.return(id, body, grant);
  }

  @Post(':id/agree')
  @Permission('intervention-plans', 'update')
  @HttpCode(200)
  agree(@Param('id', UuidParam) id: string, @Body() body: AgreePlanDto, @CurrentGrant() grant: Grant) {
    return this.plans.agree(id, body, grant);
  }

  /** Agreed -> completed, once every goal has an outcome (409 GOALS_WITHOUT_OUTCOME). */
  @Post(':id/complete')
  @Permission('intervention-plans', 'update')
  @HttpCode(200)
  complete(@Param('id', UuidParam) id: string, @Body() body: PlanVersionDto, @CurrentGrant() grant: Grant) {
    return this.plans.complete(id, body.version, grant);
  }

  @Post(':id/cancel')
  @Permission('intervention-plans', 'update')
  @HttpCode(200)
  cancel(@Param('id', UuidParam) id: string, @Body() body: CancelPlanDto, @CurrentGrant() grant: Grant) {
    return this.plans.cancel(id, body, grant);
  }
}
