import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Grant } from '../../common/auth/auth-user.js';
import { CurrentGrant, Permission } from '../../common/auth/decorators.js';
import { UuidParam } from '../../common/records.js';
import { ClaimNextDto, CompleteWorkItemDto, ReassignWorkItemDto } from './work-items.dto.js';
import { WorkItemsService } from './work-items.service.js';

@ApiTags('work-items')
@ApiBearerAuth()
@Controller('work-items')
export class WorkItemsController {
  constructor(@Inject(WorkItemsService) private readonly items: WorkItemsService) {}

  @Get()
  @Permission('work-items', 'read')
  list(@Query() query: Record<string, unknown>, @CurrentGrant() grant: Grant, @Res({ passthrough: true }) res: FastifyReply) {
    return this.items.list(query, grant, res);
  }

  /** The most urgent open item of a queue, claimed for the caller; 204 when the queue is empty. */
  @Post('claim-next')
  @Permission('work-items', 'update')
  async claimNext(@Body() body: ClaimNextDto, @CurrentGrant() grant: Grant, @Res({ passthrough: true }) res: FastifyReply) {
    const item = await this.items.claimNext(body.queue, grant);
    if (!item) res.status(204);
    else res.status(200);
    return item ?? undefined;
  }

  @Get(':id')
  @Permission('work-items', 'read')
  get(@Param('id', UuidParam) id: string, @CurrentGrant() grant: Grant) {
    return this.items.get(id, grant);
  }

  @Post(':id/claim')
  @Permission('work-items', 'update')
  @HttpCode(200)
  claim(@Param('id', UuidParam) id: string, @CurrentGrant() grant: Grant) {
    return this.items.claim(id, grant);
  }

  @Post(':id/complete')
  @Permission('work-items', 'update')
  @HttpCode(200)
  complete(@Param('id', UuidParam) id: string, @Body() body: CompleteWorkItemDto, @CurrentGrant() grant: Grant) {
    return this.items.complete(id, body, grant);
  }

  @Post(':id/release')
  @Permission('work-items', 'update')
  @HttpCode(200)
  release(@Param('id', UuidParam) id: string, @CurrentGrant() grant: Grant) {
    return this.items.release(id, grant);
  }

  @Post(':id/reassign')
  @Permission('work-items', 'assign')
  @HttpCode(200)
  reassign(@Param('id', UuidParam) id: string, @Body() body: ReassignWorkItemDto, @CurrentGrant() grant: Grant) {
    return this.items.reassign(id, body, grant);
  }
}
