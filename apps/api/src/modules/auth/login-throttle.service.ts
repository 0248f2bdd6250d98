import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { Env } from '../../config/env.js';

export interface ThrottleVerdict {
  /** Seconds to wait, or 0 when the attempt may go ahead. */
  retryAfter: number;
  reason?: 'account' | 'ip';
}

/**
 * The key an account's attempts are counted under: a digest of the normalised address, so what
 * someone typed into the email field (for an unknown account, possibly anything) is not kept.
 */
export function attemptKey(email: string): string {
  return `sha256:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}`;
}

/**
 * Slows guessing without locking an office out: per account, after LOGIN_MAX_FAILURES failures
 * in the window each further try waits twice as long as the one before; per IP address only a
 * much higher ceiling applies, so many colleagues behind one address are not stopped by typos.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Env) private readonly env: Env,
  ) {}

  async check(email: string, ip: string): Promise<ThrottleVerdict> {
    const window = this.env.LOGIN_WINDOW_MINUTES;
    const [account] = await this.dataSource.query(
      `SELECT count(*)::int AS failures, max(at) AS last_failure, now() AS now
         FROM login_attempts
        WHERE email = $1 AND NOT succeeded AND at > now() - make_interval(mins => $2)
          AND at > coalesce((SELECT max(at) FROM login_attempts WHERE email = $1 AND succeeded), '-infinity')`,
      [attemptKey(email), window],
    );
    if (account.failures >= this.env.LOGIN_MAX_FAILURES) {
      const excess = account.failures - this.env.LOGIN_MAX_FAILURES;
      const delay = Math.min(this.env.LOGIN_BASE_DELAY_SECONDS * 2 ** Math.min(excess, 20), this.env.LOGIN_MAX_DELAY_SECONDS);
      const waited = (account.now.getTime() - account.last_failure.getTime()) / 1000;
      if (waited < delay) return { retryAfter: Math.ceil(delay - waited), reason: 'account' };
    }
    const [byIp] = await this.dataSource.query(
      `SELECT count(*)::int AS failures, min(at) AS first_failure, now() AS now
         FROM login_attempts WHERE ip = $1 AND NOT succeeded AND at > now() - make_interval(mins => $2)`,
      [ip, window],
    );
    if (byIp.failures >= this.env.LOGIN_IP_MAX_FAILURES) {
      const retry = window * 60 - (byIp.now.getTime() - byIp.first_failure.getTime()) / 1000;
      return { retryAfter: Math.max(1, Math.ceil(retry)), reason: 'ip' };
    }
    return { retryAfter: 0 };
  }

  async record(manager: EntityManager, email: string, ip: string, succeeded: boolean): Promise<void> {
    await manager.query(`INSERT INTO login_attempts (email, ip, succeeded) VALUES ($1, $2, $3)`, [attemptKey(email), ip, succeeded]);
  }
}
