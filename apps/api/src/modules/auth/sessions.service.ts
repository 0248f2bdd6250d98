import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { Env } from '../../config/env.js';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { prepared } from '../../common/sql.js';
import { AuditService } from '../audit/audit.service.js';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A UUID as PostgreSQL accepts it: anything else never reaches a query (it would fail as a 400). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface LiveSessionRow {
  session_id: string;
  last_seen_at: Date;
  id: string;
  email: string;
  full_name: string;
  role: AuthUser['role'];
  office_id: string;
  region_id: string;
  must_change_password: boolean;
}

/**
 * Sessions live in the database: the access token names one, and every request checks it is
 * still live (not revoked, under the absolute limit, not idle), so logout, password change and
 * deactivation take effect at once.
 */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Env) private readonly env: Env,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  /** Starts a session; returns its id and the refresh secret for the cookie. */
  async start(
    manager: EntityManager,
    userId: string,
    ip: string | null,
    userAgent: string | null,
  ): Promise<{ sessionId: string; refresh: string }> {
    const secret = randomBytes(32).toString('base64url');
    const [row] = await manager.query(
      `INSERT INTO sessions (user_id, refresh_hash, expires_at, ip, user_agent)
       VALUES ($1, $2, now() + make_interval(hours => $3), $4, $5) RETURNING id`,
      [userId, sha256(secret), this.env.SESSION_MAX_HOURS, ip, userAgent?.slice(0, 300) ?? null],
    );
    return { sessionId: row.id, refresh: `${row.id}.${secret}` };
  }

  /** The signed-in user when the session is live; touches it at most once a minute to track idleness. */
  async live(sessionId: string, userId: string): Promise<AuthUser | null> {
    // Every authenticated request runs this: a prepared statement, planned once per connection.
    const rows = await prepared<LiveSessionRow>(
      this.dataSource,
      `SELECT s.id AS session_id, s.last_seen_at, u.id, u.email, u.full_name, u.role, u.office_id, o.region_id, u.must_change_password
         FROM sessions s JOIN users u ON u.id = s.user_id JOIN offices o ON o.id = u.office_id
        WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND u.active
          AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(mins => $3)`,
      [sessionId, userId, this.env.SESSION_IDLE_MINUTES],
    );
    const r = rows[0];
    if (!r) return null;
    if (Date.now() - r.last_seen_at.getTime() > 60_000) {
      await prepared(this.dataSource, `UPDATE sessions SET last_seen_at = now() WHERE id = $1`, [sessionId]);
    }
    return {
      id: r.id,
      sessionId: r.session_id,
      email: r.email,
      fullName: r.full_name,
      role: r.role,
      officeId: r.office_id,
      regionId: r.region_id,
      mustChangePassword: r.must_change_password,
    };
  }

  /**
   * Swaps a refresh secret for a new one. A secret that does not match the session's current
   * one has been used before (stolen or replayed): the session is ended.
   */
  async rotate(cookie: string): Promise<{ userId: string; sessionId: string; refresh: string } | null> {
    const [sessionId, secret, extra] = cookie.split('.');
    if (!sessionId || !secret || extra !== undefined || !UUID.test(sessionId) || secret.length > 200) return null;
    return this.dataSource.transaction(async (m) => {
      const rows = await m.query(
        `SELECT s.user_id, u.role, s.refresh_hash FROM sessions s JOIN users u ON u.id = s.user_id
          WHERE s.id = $1 AND s.revoked_at IS NULL AND u.active
            AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(mins => $2)
          FOR UPDATE OF s`,
        [sessionId, this.env.SESSION_IDLE_MINUTES],
      );
      if (!rows.length) return null;
      const expected = Buffer.from(rows[0].refresh_hash, 'hex');
      const given = Buffer.from(sha256(secret), 'hex');
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
        await m.query(`UPDATE sessions SET revoked_at = now(), revoked_reason = 'refresh_reuse' WHERE id = $1`, [sessionId]);
        await this.audit.record(
          {
            action: 'auth.session_revoked',
            entity: 'sessions',
            entityId: sessionId,
            actor: { id: rows[0].user_id, role: rows[0].role },
            changes: { reason: 'refresh_reuse' },
          },
          m,
        );
        return null;
      }
      const next = randomBytes(32).toString('base64url');
      await m.query(`UPDATE sessions SET refresh_hash = $2, last_seen_at = now() WHERE id = $1`, [sessionId, sha256(next)]);
      return { userId: rows[0].user_id, sessionId, refresh: `${sessionId}.${next}` };
    });
  }

  async end(manager: EntityManager, sessionId: string, reason: string): Promise<void> {
    await manager.query(`UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`, [
      sessionId,
      reason,
    ]);
  }

  /** Ends every live session of a user (password change, reset, deactivation). Returns how many. */
  async endAll(manager: EntityManager, userId: string, reason: string): Promise<number> {
    const rows = await manager.query(
      `UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`,
      [userId, reason],
    );
    return rows[0]?.length ?? rows.length ?? 0;
  }
}
