import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Grant } from '../../common/auth/auth-user.js';
import { CurrentGrant, Permission } from '../../common/auth/decorators.js';
import { UuidParam } from '../../common/records.js';
import type { DuplicateCandidate } from './duplicates.js';
import { CreateJobseekerDto, DuplicateSearchDto, MergeJobseekersDto, UpdateJobseekerDto } from './jobseekers.dto.js';
import { JobseekersService, type JobseekerDto, type Registration } from './jobseekers.service.js';

@ApiTags('jobseekers')
@ApiBearerAuth()
@Controller('jobseekers')
export class JobseekersController {
  constructor(@Inject(JobseekersService) private readonly jobseekers: JobseekersService) {}

  @Get()
  @Permission('jobseekers', 'read')
  list(
    @Query() query: Record<string, unknown>,
    @CurrentGrant() grant: Grant,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<JobseekerDto[]> {
    return this.jobseekers.list(query, grant, res);
  }

  /**
   * Search before registering. Names and birth dates travel in the body, never in the URL
   * (URLs end up in logs and browser history).
   */
  @Post('duplicates')
  @Permission('jobseekers', 'create')
  searchDuplicates(@Body() body: DuplicateSearchDto, @CurrentGrant() grant: Grant): Promise<DuplicateCandidate[]> {
    return this.jobseekers.duplicates(body, grant);
  }

  /** Possible duplicates of a registered jobseeker (for a supervisor's merge). */
  @Get('duplicates')
  @Permission('jobseekers', 'read')
  duplicatesOf(@Query('jobseekerId', UuidParam) id: string, @CurrentGrant() grant: Grant): Promise<DuplicateCandidate[]> {
    return this.jobseekers.duplicatesOf(id, grant);
  }

  @Get(':id')
  @Permission('jobseekers', 'read')
  get(@Param('id', UuidParam) id: string, @CurrentGrant() grant: Grant): Promise<JobseekerDto> {
    return this.jobseekers.get(id, grant);
  }

  /** Registration: the jobseeker, their case, the profiling run and the first routine work items. */
  @Post()
  @Permission('jobseekers', 'create')
  register(@Body() body: CreateJobseekerDto, @CurrentGrant() grant: Grant): Promise<Registration> {
    return this.jobseekers.register(body, grant);
  }

  /**
   * Changed fields and the record's `version` (stale: 409 STALE_VERSION). Front desk may write the
   * sensitive fields but reads back only whether each is set. Profiling facts changed here do not
   * re-run the profiling: POST /api/cases/:id/triage does.
   */
  @Patch(':id')
  @Permission('jobseekers', 'update')
  update(@Param('id', UuidParam) id: string, @Body() body: UpdateJobseekerDto, @CurrentGrant() grant: Grant): Promise<JobseekerDto> {
    return this.jobseekers.update(id, body, grant);
  }

  /** A supervisor merges a duplicate record into this one; both histories are kept. */
  @Post(':id/merge')
  @Permission('jobseekers', 'merge')
  @HttpCode(200)
  merge(@Param('id', UuidParam) id: string, @Body() body: MergeJobseekersDto, @CurrentGrant() grant: Grant): Promise<JobseekerDto> {
    return this.jobseekers.merge(id, body, grant);
  }
}
