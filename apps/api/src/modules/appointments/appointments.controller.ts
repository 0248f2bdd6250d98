import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AppointmentDto, SlotDto } from '@casework/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Grant } from '../../common/auth/auth-user.js';
import { CurrentGrant, Permission, Public } from '../../common/auth/decorators.js';
import { UuidParam } from '../../common/records.js';
import {
  AppointmentOutcomeDto,
  AvailabilityQueryDto,
  CancelAppointmentDto,
  CreateAppointmentDto,
  UpdateAppointmentDto,
} from './appointments.dto.js';
import { AppointmentsService } from './appointments.service.js';
import { CalendarFeedService } from './calendar-feed.service.js';
import { RemindersService } from './reminders.service.js';

@ApiTags('appointments')
@ApiBearerAuth()
@Controller('appointments')
export class AppointmentsController {
  constructor(@Inject(AppointmentsService) private readonly appointments: AppointmentsService) {}

  @Get()
  @Permission('appointments', 'read')
  list(
    @Query() query: Record<string, unknown>,
    @CurrentGrant() grant: Grant,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<AppointmentDto[]> {
    return this.appointments.list(query, grant, res);
  }

  /** Free slots of a staff member or of an office's counsellors and specialists, for a period and a duration. */
  @Get('availability')
  @Permission('appointments', 'read')
  availability(@Query() query: AvailabilityQueryDto, @CurrentGrant() grant: Grant): Promise<SlotDto[]> {
    return this.appointments.availability(query, grant);
  }

  @Get(':id')
  @Permission('appointments', 'read')
  get(@Param('id', UuidParam) id: string, @CurrentGrant() grant: Grant): Promise<AppointmentDto> {
    return this.appointments.get(id, grant);
  }

  @Post()
  @Permission('appointments', 'create')
  create(@Body() body: CreateAppointmentDto, @CurrentGrant() grant: Grant): Promise<AppointmentDto> {
    return this.appointments.create(body, grant);
  }

  /** Reschedule, change staff member, channel or purpose, or write the outcome note. */
  @Patch(':id')
  @Permission('appointments', 'update')
  update(@Param('id', UuidParam) id: string, @Body() body: UpdateAppointmentDto, @CurrentGrant() grant: Grant): Promise<AppointmentDto> {
    return this.appointments.update(id, body, grant);
  }

  @Post(':id/attend')
  @Permission('appointments', 'update')
  @HttpCode(200)
  attend(@Param('id', UuidParam) id: string, @Body() body: AppointmentOutcomeDto, @CurrentGrant() grant: Grant): Promise<AppointmentDto> {
    return this.appointments.changeStatus(id, 'attended', body, grant);
  }

  @Post(':id/no-show')
  @Permission('appointments', 'update')
  @HttpCode(200)
  noShow(@Param('id', UuidParam) id: string, @Body() body: AppointmentOutcomeDto, @CurrentGrant() grant: Grant): Promise<AppointmentDto> {
    return this.appointments.changeStatus(id, 'no_show', body, grant);
  }

  @Post(':id/cancel')
  @Permission('appointments', 'update')
  @HttpCode(200)
  cancel(@Param('id', UuidParam) id: string, @Body() body: CancelAppointmentDto, @CurrentGrant() grant: Grant): Promise<AppointmentDto> {
    return this.appointments.changeStatus(id, 'cancelled', body, grant);
  }
}

/** Reminders as recorded in the outbox (in demo mode the messages themselves, never sent). */
@ApiTags('outbox-messages')
@ApiBearerAuth()
@Controller('outbox-messages')
export class OutboxMessagesController {
  constructor(@Inject(RemindersService) private readonly reminders: RemindersService) {}

  @Get()
  @Permission('outbox-messages', 'read')
  list(@Query() query: Record<string, unknown>, @CurrentGrant() grant: Grant, @Res({ passthrough: true }) res: FastifyReply) {
    return this.reminders.list(query, grant, res);
  }
}

/** The caller's own calendar feed: create or rotate its secret URL, see whether one exists, revoke it. */
@ApiTags('calendar-feed')
@ApiBearerAuth()
@Controller('calendar-feed')
export class CalendarFeedController {
  constructor(@Inject(CalendarFeedService) private readonly feeds: CalendarFeedService) {}

  @Get()
  @Permission('appointments', 'read')
  status(@CurrentGrant() grant: Grant) {
    return this.feeds.status(grant);
  }

  /** A new secret URL (the one before stops working): shown this once. */
  @Post()
  @Permission('appointments', 'read')
  rotate(@CurrentGrant() grant: Grant) {
    return this.feeds.rotate(grant);
  }

  @Delete()
  @Permission('appointments', 'read')
  @HttpCode(204)
  revoke(@CurrentGrant() grant: Grant): Promise<void> {
    return this.feeds.revoke(grant);
  }
}

/** The feed itself, for calendar services: the secret token in the path is the credential. */
@ApiTags('calendar-feed')
@Controller('calendar')
export class CalendarController {
  constructor(@Inject(CalendarFeedService) private readonly feeds: CalendarFeedService) {}

  @Get(':file')
  @Public()
  @ApiProduces('text/calendar')
  async feed(@Param('file') file: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<string> {
    const body = await this.feeds.feed(file, req.ip);
    res.type('text/calendar; charset=utf-8');
    return body;
  }
}
