import { Module } from '@nestjs/common';
import { Env } from '../../config/env.js';
import { CasesModule } from '../cases/cases.module.js';
import { WorkItemsModule } from '../work-items/work-items.module.js';
import { AppointmentsController, CalendarController, CalendarFeedController, OutboxMessagesController } from './appointments.controller.js';
import { AppointmentsService } from './appointments.service.js';
import { CalendarFeedService } from './calendar-feed.service.js';
import { RemindersService } from './reminders.service.js';
import { ReminderTransports } from './transports.js';

@Module({
  imports: [CasesModule, WorkItemsModule],
  controllers: [AppointmentsController, OutboxMessagesController, CalendarFeedController, CalendarController],
  providers: [
    AppointmentsService,
    RemindersService,
    CalendarFeedService,
    { provide: ReminderTransports, useFactory: (env: Env) => new ReminderTransports(env), inject: [Env] },
  ],
  exports: [AppointmentsService, RemindersService, ReminderTransports],
})
export class AppointmentsModule {}
