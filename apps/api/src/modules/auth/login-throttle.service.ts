import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { Env } from '../../config/env.js';

export interface ThrottleVerdict {
  /** Seconds to wait, or 0 when the attempt may go ahead. */
  retryAfter: number;
  reason?: 'account' | 'ip';
  /** The attempt recorded (as a failure until it succeeds) when it may go ahead. */
  attemptId?: string;
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

  /**
   * Decides whether a sign-in attempt may go ahead and, when it may, records it at once as a
   * failure (turned into a success by `succeeded`). Deciding and recording happen under a lock
   * per account held for a few statements (not during the password check), so guesses sent in
   * parallel are counted one after the other instead of all passing the same check.
   */
  async begin(email: string, ip: string): Promise<ThrottleVerdict> {
    const key = attemptKey(email);
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 7202611262))`, [key]);
      const verdict = await this.check(m, key, ip);
      if (verdict.retryAfter > 0) return verdict;
      const [row] = await m.query(`INSERT INTO login_attempts (email, ip, succeeded) VALUES ($1, $2, false) RETURNING id`, [key, ip]);
      return { retryAfter: 0, attemptId: String(row.id) };
    });
  }

  /** Marks an attempt begun with `begin` as successful (in the sign-in's own transaction). */
  async succeeded(manager: EntityManager, attemptId: string): Promise<void> {
    await manager.query(`UPDATE login_attempts SET succeeded = true WHERE id = $1`, [attemptId]);
  }

  private async check(m: EntityManager, key: string, ip: string): Promise<ThrottleVerdict> {
    const window = this.env.LOGIN_WINDOW_MINUTES;
    const [account] = await m.query(
      `SELECT count(*)::int AS failures, max(at) AS last_failure, clock_timestamp() AS now
         FROM login_attempts
        WHERE email = $1 AND NOT succeeded AND at > now() - make_interval(mins => $2)
          AND at > coalesce((SELECT max(at) FROM login_attempts WHERE email = $1 AND succeeded), '-infinity')`,
      [key, window],
    );
    if (account.failures >= this.env.LOGIN_MAX_FAILURES) {
      const excess = account.failures - this.env.LOGIN_MAX_FAILURES;
      const delay = Math.min(this.env.LOGIN_BASE_DELAY_SECONDS * 2 ** Math.min(excess, 20), this.env.LOGIN_MAX_DELAY_SECONDS);
      const waited = (account.now.getTime() - account.last_failure.getTime()) / 1000;
      if (waited < delay) return { retryAfter: Math.ceil(delay - waited), reason: 'account' };
    }
    const [byIp] = await m.query(
      `SELECT count(*)::int AS failures, min(at) AS first_failure, clock_timestamp() AS now
         FROM login_attempts WHERE ip = $1 AND NOT succeeded AND at > now() - make_interval(mins => $2)`,
      [ip, window],
    );
    if (byIp.failures >= this.env.LOGIN_IP_MAX_FAILURES) {
      const retry = window * 60 - (byIp.now.getTime() - byIp.first_failure.getTime()) / 1000;
      return { retryAfter: Math.max(1, Math.ceil(retry)), reason: 'ip' };
    }
    return { retryAfter: 0 };
  }
}
