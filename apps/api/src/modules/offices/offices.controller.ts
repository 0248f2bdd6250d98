import { Body, Controller, Get, Inject, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { OfficeDto } from '@casework/contracts';
import type { Response } from 'express';
import type { Grant } from '../../common/auth/auth-user.js';
import { CurrentGrant, Permission } from '../../common/auth/decorators.js';
import { UuidParam } from '../../common/records.js';
import { CreateOfficeDto, UpdateOfficeDto } from './offices.dto.js';
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
    @Res({ passthrough: true }) res: Response,
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
