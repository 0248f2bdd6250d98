import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { UserDto } from '@casework/contracts';
import type { FastifyReply } from 'fastify';
import type { Grant } from '../../common/auth/auth-user.js';
import { CurrentGrant, Permission } from '../../common/auth/decorators.js';
import { UuidParam } from '../../common/records.js';
import { CreateUserDto, UpdateUserDto } from './users.dto.js';
import { UsersService } from './users.service.js';

/** Staff accounts. Deactivated, never deleted: there is no DELETE route. */
@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(@Inject(UsersService) private readonly users: UsersService) {}

  @Get()
  @Permission('users', 'read')
  list(
    @Query() query: Record<string, unknown>,
    @CurrentGrant() grant: Grant,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<UserDto[]> {
    return this.users.list(query, grant, res);
  }

  @Get(':id')
  @Permission('users', 'read')
  get(@Param('id', UuidParam) id: string, @CurrentGrant() grant: Grant): Promise<UserDto> {
    return this.users.get(id, grant);
  }

  @Post()
  @Permission('users', 'create')
  create(@Body() body: CreateUserDto, @CurrentGrant() grant: Grant): Promise<UserDto & { oneTimePassword: string }> {
    return this.users.create(body, grant);
  }

  @Patch(':id')
  @Permission('users', 'update')
  update(@Param('id', UuidParam) id: string, @Body() body: UpdateUserDto, @CurrentGrant() grant: Grant): Promise<UserDto> {
    return this.users.update(id, body, grant);
  }

  @Post(':id/reset-password')
  @Permission('users', 'update')
  @HttpCode(200)
  resetPassword(@Param('id', UuidParam) id: string, @CurrentGrant() grant: Grant): Promise<{ oneTimePassword: string }> {
    return this.users.resetPassword(id, grant);
  }
}
