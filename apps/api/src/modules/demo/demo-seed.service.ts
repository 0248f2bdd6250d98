import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppException } from '../../common/errors.js';
import { Env } from '../../config/env.js';
import { logger } from '../../common/logger.js';
import { AuditService } from '../audit/audit.service.js';
import { PasswordService } from '../auth/password.service.js';
import { DEFAULT_OPENING_HOURS } from '../offices/opening-hours.js';
import { DEMO_OFFICES, DEMO_PASSWORD, DEMO_REGION, DEMO_USERS } from './demo-data.js';

export interface SeedResult {
  /** Rows created (0 when everything was there already). */
  created: number;
  /** What the demo population added, when it was seeded this time (counts only, nothing personal). */
  counts?: Record<string, number>;
}

export interface SeedOptions {
  /**
   * Also the demo population: more staff and ~2,000 jobseekers with cases, history and work items
   * (default). Tests pass false for just the region, offices and the seven demo sign-ins.
   */
  bulk?: boolean;
  /** The moment the population is built around (tests); defaults to now. */
  now?: Date;
  /** How many jobseekers (default 2,000). */
  jobseekers?: number;
}

/**
 * Demo data for a first start in demo mode. Idempotent: the region, offices and users are matched by
 * code or email; the population is added only while there are no jobseekers yet.
 */
@Injectable()
export class DemoSeedService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Env) private readonly env: Env,
    @Inject(PasswordService) private readonly passwords: PasswordService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async isEmpty(): Promise<boolean> {
    const [row] = await this.dataSource.query(`SELECT NOT EXISTS (SELECT 1 FROM users) AS empty`);
    return row.empty;
  }

  async seed(options: SeedOptions = {}): Promise<SeedResult> {
    if (this.env.production) throw new AppException(403, 'FORBIDDEN', 'Demo data is refused when NODE_ENV=production');
    const hash = await this.passwords.hash(DEMO_PASSWORD);
    const started = performance.now();
    const result = await this.dataSource.transaction(async (m): Promise<SeedResult> => {
      // Two starts at once must not both seed.
      await m.query(`SELECT pg_advisory_xact_lock(7202611261)`);
      let created = 0;
      const [region] = await m.query(
        `INSERT INTO regions (code, name) VALUES ($1, $2) ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id, (xmax = 0) AS inserted`,
        [DEMO_REGION.code, DEMO_REGION.name],
      );
      created += region.inserted ? 1 : 0;
      const officeIds: string[] = [];
      for (const o of DEMO_OFFICES) {
        const [row] = await m.query(
          `INSERT INTO offices (region_id, code, name, time_zone, language, opening_hours) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id, (xmax = 0) AS inserted`,
          [region.id, o.code, o.name, o.timeZone, o.language, JSON.stringify(DEFAULT_OPENING_HOURS)],
        );
        officeIds.push(row.id);
        created += row.inserted ? 1 : 0;
      }
      for (const u of DEMO_USERS) {
        const rows = await m.query(
          `INSERT INTO users (email, full_name, role, office_id, password_hash, must_change_password, caseload_cap)
           VALUES ($1, $2, $3, $4, $5, false, $6) ON CONFLICT (lower(email)) DO NOTHING RETURNING id`,
          [u.email, u.fullName, u.role, officeIds[u.office], hash, u.caseloadCap ?? null],
        );
        created += rows.length;
      }
      let counts: Record<string, number> | undefined;
      const [{ any }] = await m.query(`SELECT EXISTS (SELECT 1 FROM jobseekers) AS any`);
      if (options.bulk !== false && !any) {
        // Loaded only here, so faker stays out of a production process.
        const { seedPopulation } = await import('./demo-bulk.js');
        const added = await seedPopulation(m, {
          officeIds: officeIds as [string, string],
          passwordHash: hash,
          now: (options.now ?? new Date()).getTime(),
          jobseekers: options.jobseekers,
        });
        counts = { users: added.users, ...added.counts };
        created += Object.entries(counts).reduce((sum, [k, n]) => sum + (k === 'nearDuplicates' ? 0 : n), 0);
      }
      if (created) await this.audit.record({ action: 'demo.seed', entity: 'installation', changes: { created, ...counts } }, m);
      return counts ? { created, counts } : { created };
    });
    if (result.counts) logger.info({ ...result.counts, ms: Math.round(performance.now() - started) }, 'demo population seeded');
    return result;
  }
}
