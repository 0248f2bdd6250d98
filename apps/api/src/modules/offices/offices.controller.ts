import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { OfficeClosureDto, OfficeDto } from '@casework/contracts';
import type { FastifyReply } from 'fastify';
import type { Grant } from '../../common/auth/auth-user.js';
import { CurrentGrant, Permission } from '../../common/auth/decorators.js';
import { UuidParam } from '../../common/records.js';
import { CreateOfficeClosureDto, CreateOfficeDto, UpdateOfficeDto } from './offices.dto.js';
import { OfficeClosuresService } from './office-closures.service.js';
import { OfficesService } from './offices.service.js';

@ApiTags('offices')
@ApiBearerAuth()
@Controller('offices')
export class OfficesController {
  constructor(@Inject(OfficesService) private readonly offices: OfficesService) {}

  @Get()
  @Permission('offices', 'read')
  list(
    @Query() query: Record<string, unknown>,
    @CurrentGrant() grant: Grant,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<OfficeDto[]> {
    return this.offices.list(query, grant, res);
  }

  @Get(':id')
  @Permission('offices', 'read')
  get(@Param('id', UuidParam) id: string, @CurrentGrant() grant: Grant): Promise<OfficeDto> {
    return this.offices.get(id, grant);
  }

  @Post()
  @Permission('offices', 'create')
  create(@Body() body: CreateOfficeDto, @CurrentGrant() grant: Grant): Promise<OfficeDto> {
    return this.offices.create(body, grant);
  }

  @Patch(':id')
  @Permission('offices', 'update')
  update(@Param('id', UuidParam) id: string, @Body() body: UpdateOfficeDto, @CurrentGrant() grant: Grant): Promise<OfficeDto> {
    return this.offices.update(id, body, grant);
  }
}

/** Closure days (holidays) of an office: admins and the office's supervisors manage them, its staff read them. */
@ApiTags('offices')
@ApiBearerAuth()
@Controller('offices/:id/closures')
export class OfficeClosuresController {
  constructor(@Inject(OfficeClosuresService) private readonly closures: OfficeClosuresService) {}

  @Get()
  @Permission('office-closures', 'read')
  list(
    @Param('id', UuidParam) id: string,
    @Query() query: Record<string, unknown>,
    @CurrentGrant() grant: Grant,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<OfficeClosureDto[]> {
    return this.closures.list(id, query, grant, res);
  }

  @Post()
  @Permission('office-closures', 'create')
  create(
    @Param('id', UuidParam) id: string,
    @Body() body: CreateOfficeClosureDto,
    @CurrentGrant() grant: Grant,
  ): Promise<OfficeClosureDto> {
    return this.closures.create(id, body, grant);
  }

  @Delete(':closureId')
  @Permission('office-closures', 'update')
  @HttpCode(204)
  remove(
    @Param('id', UuidParam) id: string,
    @Param('closureId', UuidParam) closureId: string,
    @CurrentGrant() grant: Grant,
  ): Promise<void> {
    return this.closures.remove(id, closureId, grant);
  }
}
