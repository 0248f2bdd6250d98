import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, type QueryRunner } from 'typeorm';
import { logger } from '../common/logger.js';
import { DATABASE_URL } from '../config/config.module.js';
import { Env } from '../config/env.js';

/** The Nest token of the report reader: `@Inject(REPORT_READER) reader: ReportReader`. */
export const REPORT_READER = 'REPORT_READER';

/** How report connections show in pg_stat_activity, on the replicas and on the primary. */
export const REPORT_APPLICATION_NAME = 'casework-reports';

/** Runs one read-only statement; what `snapshot` hands its callback. */
export type ReadQuery = <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;

export type ReadTarget = 'replica' | 'primary';

export interface ReportReaderOptions {
  /** The application's own DataSource: reports use it when no replica is configured. */
  primary: DataSource;
  /** The primary's URL (DATABASE_URL), the `master` of the replicated DataSource. */
  primaryUrl: string;
  /** DATABASE_REPLICA_URLS; empty: every read goes to `primary`. */
  replicaUrls: string[];
  /** Connections per pool of the replicated DataSource (one pool per replica, one to the primary). */
  poolSize: number;
  connectTimeoutMs?: number;
  /** After a failed start of the replicated DataSource, how long reads use the primary before it is tried again. */
  retryAfterMs?: number;
}

/** A query cancelled on a standby because replay needed what it read (SQLSTATE 40001 there). */
const isRecoveryConflict = (e: unknown) => (e as { code?: unknown }).code === '40001';

/** The server went away or the connection was lost: this connection is dead, another may not be. */
function isConnectionLoss(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && (code.startsWith('57P') || code.startsWith('08') || code.startsWith('E'))) return true;
  return /Connection terminated|connection .*closed|ECONNRESET|ECONNREFUSED/i.test(String((e as Error)?.message ?? e));
}

/**
 * Read-only queries for reports. With replicas configured it keeps a DataSource of its own with
 * TypeORM replication (`master`: the primary, `slaves`: the replicas, no entities, a small pool,
 * application_name `casework-reports`, every transaction read-only) and takes its query runners
 * with `createQueryRunner('slave')`, so reports read from a replica. Without replicas it uses the
 * application's DataSource. The application's DataSource itself never gets replication: every
 * other read stays on the primary and sees what the request before it wrote.
 *
 * When no replica can be reached, reads fall back to the primary (a warning is logged, at most
 * every 30 seconds): reports stay up, at the primary's expense. A read that fails on a replica
 * because of a conflict with recovery or a lost connection is tried again (reads only, so a retry
 * has no second effect).
 */
export class ReportReader {
  readonly replicated: boolean;
  private source?: DataSource;
  private starting?: Promise<DataSource | undefined>;
  private failedAt = 0;
  private warnedAt = 0;
  private stopped = false;
  private readonly served = { replica: 0, primary: 0, fallbacks: 0 };
  /** The snapshot the current async call chain runs in, if any: `read` and `snapshot` join it. */
  private readonly current = new AsyncLocalStorage<ReadQuery>();

  constructor(private readonly options: ReportReaderOptions) {
    this.replicated = options.replicaUrls.length > 0;
  }

  /** Where reads are meant to go (they may still fall back to the primary, see `stats`). */
  get target(): ReadTarget {
    return this.replicated ? 'replica' : 'primary';
  }

  /** Reads served so far by a replica and by the primary, and how many of the latter were fallbacks. */
  stats(): { replica: number; primary: number; fallbacks: number } {
    return { ...this.served };
  }

  /** Opens the replicated DataSource when replicas are configured. Never throws: a failure means reads use the primary for now. */
  async start(): Promise<void> {
    if (this.replicated) await this.replicatedSource();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const source = this.source ?? (await this.starting?.catch(() => undefined));
    this.source = undefined;
    if (source?.isInitialized) await source.destroy();
  }

  /** One statement (inside a `snapshot`, in its transaction); the query runner is released whatever happens. */
  read<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const joined = this.current.getStore();
    if (joined) return joined<T>(sql, params);
    return this.run((runner) => runner.query(sql, params) as Promise<T[]>);
  }

  /**
   * Several statements in one read-only REPEATABLE READ transaction: they all see the same data
   * (a report's figures and its "data as of" time agree, on a replica as on the primary). Every
   * `read` made while `work` runs (in its async call chain) joins the transaction, and so does a
   * `snapshot` inside it. Should the replica fail under it, `work` runs again from the start.
   */
  snapshot<T>(work: (query: ReadQuery) => Promise<T>): Promise<T> {
    const joined = this.current.getStore();
    if (joined) return work(joined);
    return this.run(async (runner) => {
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const query: ReadQuery = (sql, params = []) => runner.query(sql, params);
        const result = await this.current.run(query, () => work(query));
        await runner.query('COMMIT');
        return result;
      } catch (e) {
        await runner.query('ROLLBACK').catch(() => undefined);
        throw e;
      }
    });
  }

  private async run<T>(work: (runner: QueryRunner) => Promise<T>): Promise<T> {
    // A replica that restarted leaves every idle connection of its pool dead: each is dropped in
    // turn, then a new one is refused and the read falls back to the primary.
    const attempts = this.options.poolSize + 2;
    let conflicts = 0;
    for (let attempt = 1; ; attempt++) {
      const { runner, on } = await this.runner();
      let broken: unknown;
      try {
        const result = await work(runner);
        this.served[on]++;
        return result;
      } catch (e) {
        const retry = on === 'replica' && attempt < attempts && (isConnectionLoss(e) || (isRecoveryConflict(e) && ++conflicts === 1));
        if (retry) {
          if (isConnectionLoss(e)) broken = e;
          this.warn('a report read failed on a replica: trying again', e);
          continue;
        }
        throw e;
      } finally {
        // Released with the error, pg's pool destroys the connection instead of lending it again.
        const pgRunner = runner as QueryRunner & { releasePostgresConnection?: (err?: unknown) => Promise<void> };
        if (broken && pgRunner.releasePostgresConnection) await pgRunner.releasePostgresConnection(broken);
        else await runner.release();
      }
    }
  }

  /** A connected query runner: a replica's when one answers, else the primary's. */
  private async runner(): Promise<{ runner: QueryRunner; on: ReadTarget }> {
    const source = this.replicated ? await this.replicatedSource() : undefined;
    let failure: unknown;
    if (source) {
      // TypeORM picks a replica at random for each runner: a few tries find a live one among several.
      const tries = Math.max(2, this.options.replicaUrls.length * 2);
      for (let i = 0; i < tries; i++) {
        const runner = source.createQueryRunner('slave');
        try {
          await runner.connect();
          return { runner, on: 'replica' };
        } catch (e) {
          failure = e;
          await runner.release();
        }
      }
    } else if (this.replicated) {
      failure = new Error('the replicated DataSource is not open');
    }
    if (this.replicated) {
      this.served.fallbacks++;
      this.warn('no read replica answered: reports read from the primary', failure);
    }
    // The replicated DataSource's own master pool when it is open (read-only sessions), else the application's pool.
    const runner = source ? source.createQueryRunner('master') : this.options.primary.createQueryRunner('master');
    try {
      await runner.connect();
    } catch (e) {
      await runner.release();
      throw e;
    }
    return { runner, on: 'primary' };
  }

  /** The replicated DataSource, opened on first need; undefined while it cannot be (retried after `retryAfterMs`). */
  private replicatedSource(): Promise<DataSource | undefined> {
    if (this.source || this.stopped) return Promise.resolve(this.source);
    if (this.starting) return this.starting;
    if (this.failedAt && Date.now() - this.failedAt < (this.options.retryAfterMs ?? 10_000)) return Promise.resolve(undefined);
    const { primaryUrl, replicaUrls, poolSize, connectTimeoutMs } = this.options;
    const source = new DataSource({
      type: 'postgres',
      replication: { master: { url: primaryUrl }, slaves: replicaUrls.map((url) => ({ url })), defaultMode: 'slave' },
      entities: [],
      synchronize: false,
      migrationsRun: false,
      uuidExtension: 'pgcrypto',
      installExtensions: false,
      logging: false,
      connectTimeoutMS: connectTimeoutMs ?? 5000,
      poolErrorHandler: (e: Error) => this.warn('a report connection failed', e),
      extra: { max: poolSize, application_name: REPORT_APPLICATION_NAME, options: '-c default_transaction_read_only=on' },
    });
    this.starting = source
      .initialize()
      .then(async (s) => {
        if (this.stopped) {
          await s.destroy();
          return undefined;
        }
        this.source = s;
        this.failedAt = 0;
        logger.info({ replicas: replicaUrls.length }, 'reports read from replicas');
        return s;
      })
      .catch((e: unknown) => {
        this.failedAt = Date.now();
        this.warn('could not open the read replicas: reports read from the primary for now', e);
        return undefined;
      })
      .finally(() => {
        this.starting = undefined;
      });
    return this.starting;
  }

  private warn(message: string, e: unknown): void {
    if (Date.now() - this.warnedAt < 30_000) return;
    this.warnedAt = Date.now();
    logger.warn({ err: { message: String((e as Error)?.message ?? e), code: (e as { code?: string })?.code } }, message);
  }
}

@Injectable()
class ReportReaderShutdown implements OnApplicationShutdown {
  constructor(@Inject(REPORT_READER) private readonly reader: ReportReader) {}

  async onApplicationShutdown(): Promise<void> {
    await this.reader.stop();
  }
}

/** Provides REPORT_READER everywhere; its own DataSource (when there is one) closes at shutdown. */
@Global()
@Module({
  providers: [
    {
      provide: REPORT_READER,
      inject: [Env, DATABASE_URL, getDataSourceToken()],
      useFactory: async (env: Env, primaryUrl: string, primary: DataSource) => {
        const reader = new ReportReader({ primary, primaryUrl, replicaUrls: env.replicaUrls, poolSize: env.DB_REPORT_POOL_SIZE });
        await reader.start();
        return reader;
      },
    },
    ReportReaderShutdown,
  ],
  exports: [REPORT_READER],
})
export class ReportReaderModule {}
