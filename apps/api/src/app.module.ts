import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessGuard } from './common/auth/access.guard.js';
import { ErrorFilter } from './common/error.filter.js';
import { IdempotencyInterceptor } from './common/idempotency.js';
import { validationPipe } from './common/validation.js';
import { ConfigModule } from './config/config.module.js';
import type { Env } from './config/env.js';
import { ReportReaderModule } from './database/report-reader.js';
import { AppointmentsModule } from './modules/appointments/appointments.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { CaseNotesModule } from './modules/case-notes/case-notes.module.js';
import { CasesModule } from './modules/cases/cases.module.js';
import { DemoModule } from './modules/demo/demo.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { InterventionPlansModule } from './modules/intervention-plans/intervention-plans.module.js';
import { JobsModule } from './modules/jobs/jobs.module.js';
import { JobseekersModule } from './modules/jobseekers/jobseekers.module.js';
import { WorkItemsModule } from './modules/work-items/work-items.module.js';
import { OccupationsModule } from './modules/occupations/occupations.module.js';
import { OfficesModule } from './modules/offices/offices.module.js';
import { RegionsModule } from './modules/regions/regions.module.js';
import { ReportsModule } from './modules/reports/reports.module.js';
import { UsersModule } from './modules/users/users.module.js';

@Module({})
export class AppModule {
  static forRoot(env: Env, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(env, databaseUrl),
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: databaseUrl,
          autoLoadEntities: true,
          synchronize: false,
          migrationsRun: false,
          uuidExtension: 'pgcrypto',
          installExtensions: false,
          logging: false,
          extra: { max: env.DB_POOL_SIZE, application_name: 'casework-api' },
        }),
        ReportReaderModule,
        AuditModule,
        AuthModule,
        HealthModule,
        RegionsModule,
        OfficesModule,
        UsersModule,
        DemoModule,
        OccupationsModule,
        JobseekersModule,
        CasesModule,
        CaseNotesModule,
        WorkItemsModule,
        AppointmentsModule,
        InterventionPlansModule,
        ReportsModule,
        JobsModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
        { provide: APP_PIPE, useFactory: validationPipe },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
