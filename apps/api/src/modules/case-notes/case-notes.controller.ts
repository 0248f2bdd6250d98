import { Body, Controller, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Grant } from '../../common/auth/auth-user.js';
import { CurrentGrant, Permission } from '../../common/auth/decorators.js';
import { UuidParam } from '../../common/records.js';
import { CreateCaseNoteDto } from './case-notes.dto.js';
import { CaseNotesService, type CaseNoteDto } from './case-notes.service.js';

/** Notes are immutable: there is no PATCH or DELETE. */
@ApiTags('case-notes')
@ApiBearerAuth()
@Controller('case-notes')
export class CaseNotesController {
  constructor(@Inject(CaseNotesService) private readonly notes: CaseNotesService) {}

  /** `filter={"caseId":...}` for one case's notes; filters caseId, authorId, visibility; sort createdAt. */
  @Get()
  @Permission('case-notes', 'read')
  list(
    @Query() query: Record<string, unknown>,
    @CurrentGrant() grant: Grant,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<CaseNoteDto[]> {
    return this.notes.list(query, grant, res);
  }

  @Get(':id')
  @Permission('case-notes', 'read')
  get(@Param('id', UuidParam) id: string, @CurrentGrant() grant: Grant): Promise<CaseNoteDto> {
    return this.notes.get(id, grant);
  }

  @Post()
  @Permission('case-notes', 'create')
  create(@Body() body: CreateCaseNoteDto, @CurrentGrant() grant: Grant): Promise<CaseNoteDto> {
    return this.notes.create(body, grant);
  }
}
