import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Grant } from '../../common/auth/auth-user.js';
import { notFound } from '../../common/errors.js';
import { rateLimit } from '../../common/rate-limit.js';
import { prepared } from '../../common/sql.js';
import { Env } from '../../config/env.js';
import { AuditService } from '../audit/audit.service.js';
import { calendar, type FeedEvent } from './ical.js';

/** What the feed covers, around today. */
export const FEED_DAYS_BACK = 30;
export const FEED_DAYS_AHEAD = 180;
/** Feed requests one address may make per minute (calendar clients poll every 15 minutes or so). */
const FEED_REQUESTS_PER_MINUTE = 30;

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const hash = (token: string) => createHash('sha256').update(token).digest('hex');

const CHANNEL_LABEL: Record<string, string> = { in_person: 'In person', phone: 'Phone', video: 'Video' };

/**
 * Each staff member's appointments as an iCalendar feed behind a secret token of their own. Only
 * the token's SHA-256 is stored (shown once, when created or rotated); the feed leaves the system
 * for outside calendar services, so it carries the case reference, purpose, channel and place,
 * never the client's name or contact details.
 */
@Injectable()
export class CalendarFeedService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Env) private readonly env: Env,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async status(grant: Grant): Promise<{ active: boolean; createdAt: string | null; lastUsedAt: string | null }> {
    const [row] = await this.dataSource.query(`SELECT created_at, last_used_at FROM calendar_feeds WHERE user_id = $1`, [grant.user.id]);
    return {
      active: !!row,
      createdAt: row?.created_at?.toISOString() ?? null,
      lastUsedAt: row?.last_used_at?.toISOString() ?? null,
    };
  }

  /** A new token (any earlier one stops working); the URL is shown this once. */
  async rotate(grant: Grant): Promise<{ url: string; path: string; createdAt: string }> {
    const token = randomBytes(32).toString('base64url');
    const createdAt = await this.dataSource.transaction(async (m) => {
      const [row] = await m.query(
        `INSERT INTO calendar_feeds (user_id, token_hash) VALUES ($1, $2)
         ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now(), last_used_at = NULL
         RETURNING created_at, (xmax <> 0) AS rotated`,
        [grant.user.id, hash(token)],
      );
      await this.audit.record(
        { action: row.rotated ? 'calendar_feed.rotate' : 'calendar_feed.create', entity: 'users', entityId: grant.user.id },
        m,
      );
      return (row.created_at as Date).toISOString();
    });
    const path = `/api/calendar/${token}.ics`;
    return { url: `${this.env.PUBLIC_URL?.replace(/\/$/, '') ?? ''}${path}`, path, createdAt };
  }

  async revoke(grant: Grant): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      // TypeORM answers a DELETE ... RETURNING with [rows, count].
      const [rows]: [unknown[], number] = await m.query(`DELETE FROM calendar_feeds WHERE user_id = $1 RETURNING user_id`, [grant.user.id]);
      if (!rows.length) throw notFound('Calendar feed');
      await this.audit.record({ action: 'calendar_feed.revoke', entity: 'users', entityId: grant.user.id }, m);
    });
  }

  /**
   * The feed for `<token>.ics`. The token is looked up by its hash (an index probe on a value the
   * caller cannot steer, so its timing tells nothing about stored tokens); an unknown, revoked or
   * malformed one answers 404 alike, and so does the feed of a deactivated user.
   */
  async feed(file: string, ip: string | undefined): Promise<string> {
    // A fixed window per address and minute: enough for calendar clients, too few to guess tokens.
    await rateLimit(
      this.dataSource,
      `calendar-feed:${ip ?? 'unknown'}`,
      60,
      FEED_REQUESTS_PER_MINUTE,
      'Too many calendar requests: try again in a minute',
    );
    const token = file.endsWith('.ics') ? file.slice(0, -4) : '';
    if (!TOKEN.test(token)) throw notFound('Calendar feed');
    const [owner] = await prepared<{ user_id: string; full_name: string }>(
      this.dataSource,
      `UPDATE calendar_feeds f SET last_used_at = now() FROM users u
        WHERE f.token_hash = $1 AND u.id = f.user_id AND u.active RETURNING f.user_id, u.full_name`,
      [hash(token)],
    );
    if (!owner) throw notFound('Calendar feed');
    const rows = await prepared<{
      id: string;
      starts_at: Date;
      ends_at: Date;
      updated_at: Date;
      version: number;
      status: string;
      channel: string;
      purpose: string;
      reference: string;
      office_name: string;
    }>(
      this.dataSource,
      `SELECT a.id, a.starts_at, a.ends_at, a.updated_at, a.version, a.status, a.channel, a.purpose, c.reference, o.name AS office_name
         FROM appointments a JOIN cases c ON c.id = a.case_id JOIN offices o ON o.id = a.office_id
        WHERE a.staff_id = $1 AND a.starts_at >= now() - make_interval(days => $2) AND a.starts_at < now() + make_interval(days => $3)
        ORDER BY a.starts_at, a.id`,
      [owner.user_id, FEED_DAYS_BACK, FEED_DAYS_AHEAD],
    );
    const events: FeedEvent[] = rows.map((r) => ({
      uid: `${r.id}@casework`,
      start: r.starts_at,
      end: r.ends_at,
      stamp: r.updated_at,
      sequence: r.version - 1,
      summary: `${r.purpose} · ${r.reference}`,
      description: `Case ${r.reference}. ${CHANNEL_LABEL[r.channel]}. Status: ${r.status.replace('_', ' ')}.`,
      location: r.channel === 'in_person' ? r.office_name : `${CHANNEL_LABEL[r.channel]} (${r.office_name})`,
      status: r.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
    }));
    return calendar(`Casework: ${owner.full_name}`, events);
  }
}
