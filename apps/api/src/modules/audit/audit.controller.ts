import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuditEventDto } from '@casework/contracts';
import type { FastifyReply } from 'fastify';
import { Permission } from '../../common/auth/decorators.js';
import { AuditQueryService } from './audit-query.service.js';

@ApiTags('audit-events')
@Controller('audit-events')
export class AuditController {
  constructor(@Inject(AuditQueryService) private readonly audit: AuditQueryService) {}

  @Get()
  @Permission('audit-events', 'read')
  list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: FastifyReply): Promise<AuditEventDto[]> {
    return this.audit.list(query, res);
  }
}
