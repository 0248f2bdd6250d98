import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { purgeIdempotencyKeys } from '../../common/idempotency.js';
import { purgeRateLimits } from '../../common/rate-limit.js';
import { logger } from '../../common/logger.js';
import { DATABASE_URL } from '../../config/config.module.js';
import { Env } from '../../config/env.js';
import { RemindersService } from '../appointments/reminders.service.js';
import { PlanReviewsService } from '../intervention-plans/plan-reviews.service.js';
import { ReportsRefreshService } from '../reports/reports-refresh.service.js';
import { EscalationService } from '../work-items/escalation.service.js';

export const ESCALATE_OVERDUE = 'escalate-overdue';
/** Daily: forgets Idempotency-Key records past their 24 hours (requests ignore them anyway). */
export const PURGE_IDEMPOTENCY_KEYS = 'purge-idempotency-keys';
/** Daily: a review_plan item for each agreed plan whose review date comes due. */
export const PLAN_REVIEWS = 'plan-reviews';
/** Every minute: writes the appointment reminders now due (48 h and 2 h before) and delivers the outbox. */
export const SEND_REMINDERS = 'send-reminders';
/** Every minute: brings the report rollups up to date (so reports are at most a couple of minutes behind). */
export const REFRESH_REPORTS = 'refresh-reports';
export type JobName =
  typeof ESCALATE_OVERDUE | typeof PURGE_IDEMPOTENCY_KEYS | typeof PLAN_REVIEWS | typeof SEND_REMINDERS | typeof REFRESH_REPORTS;

/**
 * Background work as jobs stored in PostgreSQL (pg-boss, in its own `pgboss` schema): one database
 * is all a deployment needs, and with several API processes each job still runs once.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private boss?: PgBoss;

  constructor(
    @Inject(Env) private readonly env: Env,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    @Inject(EscalationService) private readonly escalation: EscalationService,
    @Inject(RemindersService) private readonly reminders: RemindersService,
    @Inject(PlanReviewsService) private readonly planReviews: PlanReviewsService,
    @Inject(ReportsRefreshService) private readonly reportsRefresh: ReportsRefreshService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.env.JOBS_ENABLED) return;
    const boss = new PgBoss({ connectionString: this.databaseUrl, max: 3, application_name: 'casework-jobs', schema: 'pgboss' });
    boss.on('error', (e: Error) => logger.error({ err: { message: e.message } }, 'job queue error'));
    // pg-boss installs its schema and queues on start; two API processes doing it at once deadlock.
    const lock = new pg.Client({ connectionString: this.databaseUrl, application_name: 'casework-jobs-setup' });
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock(7202611262)');
      await boss.start();
      await boss.createQueue(ESCALATE_OVERDUE);
      await boss.schedule(ESCALATE_OVERDUE, '* * * * *');
      await boss.createQueue(PURGE_IDEMPOTENCY_KEYS);
      await boss.schedule(PURGE_IDEMPOTENCY_KEYS, '17 3 * * *');
      await boss.createQueue(SEND_REMINDERS);
      await boss.schedule(SEND_REMINDERS, '* * * * *');
      await boss.createQueue(PLAN_REVIEWS);
      await boss.schedule(PLAN_REVIEWS, '5 4 * * *');
      await boss.createQueue(REFRESH_REPORTS);
      await boss.schedule(REFRESH_REPORTS, '* * * * *');
    } finally {
      await lock.end(); // ends the session, which releases the lock
    }
    await boss.work(ESCALATE_OVERDUE, { pollingIntervalSeconds: this.env.JOBS_POLL_SECONDS }, async () => {
      const escalated = await this.escalation.escalateOverdue();
      if (escalated) logger.info({ escalated }, 'overdue work items escalated');
    });
    await boss.work(PURGE_IDEMPOTENCY_KEYS, { pollingIntervalSeconds: this.env.JOBS_POLL_SECONDS }, async () => {
      const purged = await purgeIdempotencyKeys(this.dataSource);
      if (purged) logger.info({ purged }, 'expired idempotency keys purged');
      const windows = await purgeRateLimits(this.dataSource);
      if (windows) logger.info({ windows }, 'old rate-limit windows purged');
    });
    await boss.work(SEND_REMINDERS, { pollingIntervalSeconds: this.env.JOBS_POLL_SECONDS }, async () => {
      // Counts only: which messages went where stays in the outbox.
      const done = await this.reminders.run();
      if (done.enqueued || done.sent || done.retried || done.failed) logger.info(done, 'appointment reminders');
    });
    await boss.work(PLAN_REVIEWS, { pollingIntervalSeconds: this.env.JOBS_POLL_SECONDS }, async () => {
      const created = await this.planReviews.createDueReviews();
      if (created) logger.info({ created }, 'plan review items created');
    });
    await boss.work(REFRESH_REPORTS, { pollingIntervalSeconds: this.env.JOBS_POLL_SECONDS }, async () => {
      const done = await this.reportsRefresh.refresh();
      if (done.cases) logger.info(done, 'report rollups refreshed');
    });
    this.boss = boss;
    // The first figures at once rather than at the next minute.
    await boss.send(REFRESH_REPORTS, {});
  }

  /** Runs a job now (operations and tests), besides its schedule. */
  async trigger(name: JobName): Promise<string | null> {
    if (!this.boss) throw new Error('jobs are not running (JOBS_ENABLED=false)');
    return this.boss.send(name, {});
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.boss?.stop({ graceful: true, wait: true, timeout: 5000 });
  }
}
