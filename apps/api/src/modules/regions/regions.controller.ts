import { Body, Controller, Get, Inject, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { RegionDto } from '@casework/contracts';
import type { FastifyReply } from 'fastify';
import { Permission } from '../../common/auth/decorators.js';
import { UuidParam } from '../../common/records.js';
import { CreateRegionDto, UpdateRegionDto } from './regions.dto.js';
import { RegionsService } from './regions.service.js';

@ApiTags('regions')
@ApiBearerAuth()
@Controller('regions')
export class RegionsController {
  constructor(@Inject(RegionsService) private readonly regions: RegionsService) {}

  @Get()
  @Permission('regions', 'read')
  list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: FastifyReply): Promise<RegionDto[]> {
    return this.regions.list(query, res);
  }

  @Get(':id')
  @Permission('regions', 'read')
  get(@Param('id', UuidParam) id: string): Promise<RegionDto> {
    return this.regions.get(id);
  }

  @Post()
  @Permission('regions', 'create')
  create(@Body() body: CreateRegionDto): Promise<RegionDto> {
    return this.regions.create(body);
  }

  @Patch(':id')
  @Permission('regions', 'update')
  update(@Param('id', UuidParam) id: string, @Body() body: UpdateRegionDto): Promise<RegionDto> {
    return this.regions.update(id, body);
  }
}
