import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  OUTBOX_STATUSES,
  REMINDER_CHANNELS,
  REMINDER_KINDS,
  type AppointmentChannel,
  type Language,
  type ReminderKind,
} from '@casework/contracts';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import type { Grant } from '../../common/auth/auth-user.js';
import { scopeCondition } from '../../common/auth/scope.js';
import { filterConditions, orderTerms, pageClause, parseListQuery, setContentRange, type ListSpec } from '../../common/list-query.js';
import { logger } from '../../common/logger.js';
import { pageWithTotal, Params, prepared } from '../../common/sql.js';
import { Env } from '../../config/env.js';
import { AuditService } from '../audit/audit.service.js';
import { WorkItemsService } from '../work-items/work-items.service.js';
import { backoffSeconds, reminderChannel, reminderMessage } from './reminder-messages.js';
import { failureCode, ReminderTransports, type TransportName } from './transports.js';

const HOUR = 3_600_000;

/** A row left `sending` this long (a worker died mid-delivery) is tried again. */
const STALE_SENDING = '10 minutes';

const OUTBOX_LIST: ListSpec = {
  resource: 'outbox-messages',
  sort: { createdAt: 'm.created_at', sentAt: 'm.sent_at', status: 'm.status', id: 'm.id' },
  filters: {
    id: { column: 'm.id', type: 'uuid' },
    appointmentId: { column: 'm.appointment_id', type: 'uuid' },
    officeId: { column: 'm.office_id', type: 'uuid' },
    status: { column: 'm.status', type: 'enum', values: OUTBOX_STATUSES },
    channel: { column: 'm.channel', type: 'enum', values: REMINDER_CHANNELS },
    kind: { column: 'm.kind', type: 'enum', values: REMINDER_KINDS },
  },
  defaultSort: ['createdAt', 'DESC'],
  tieBreaker: 'm.id',
};

interface Candidate {
  id: string;
  office_id: string;
  case_id: string;
  starts_at: Date;
  /** The start as text, to the microsecond (a JS Date keeps milliseconds): what the reminder is for. */
  starts_at_exact: string;
  ends_at: Date;
  channel: AppointmentChannel;
  kind: ReminderKind;
  given_name: string;
  email: string | null;
  phone: string | null;
  preferred_language: string | null;
  preferred_channel: string;
  digital_skills: string;
  office_name: string;
  time_zone: string;
  office_language: Language;
}

export interface DeliveryResult {
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Appointment reminders through an outbox. `enqueueDue` writes one row per appointment, kind and
 * start time (a unique key, so two workers never write one twice) with the message already worded;
 * a client we cannot message gets a phone_client work item in the office's routine queue instead.
 * `deliver` claims due rows with FOR UPDATE SKIP LOCKED, sends each through its transport and
 * retries failures with exponential backoff up to REMINDERS_MAX_ATTEMPTS. Message text and
 * addresses stay in the outbox: nothing personal goes to the logs.
 */
@Injectable()
export class RemindersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Env) private readonly env: Env,
    @Inject(WorkItemsService) private readonly workItems: WorkItemsService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(ReminderTransports) private readonly transports: ReminderTransports,
  ) {}

  /** The job: write what is due, then deliver. */
  async run(): Promise<{ enqueued: number } & DeliveryResult> {
    const enqueued = await this.enqueueDue();
    return { enqueued, ...(await this.deliver()) };
  }

  /** Writes the reminders now due; returns how many rows this call wrote. */
  async enqueueDue(batch = 500): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      // The 48-hour reminder is due from 48 hours before the start until 2 hours before (then the
      // 2-hour one takes over): an appointment booked the day before still gets one.
      const candidates: Candidate[] = await m.query(
        `SELECT a.id, a.office_id, a.case_id, a.starts_at, a.starts_at::text AS starts_at_exact, a.ends_at, a.channel, k.kind, j.given_name, j.email, j.phone,
                j.preferred_language, j.preferred_channel, j.digital_skills, o.name AS office_name, o.time_zone, o.language AS office_language
           FROM appointments a
           CROSS JOIN (VALUES ('48h', $2::interval, $3::interval), ('2h', $3::interval, interval '0')) AS k(kind, lead, until)
           JOIN cases c ON c.id = a.case_id JOIN jobseekers j ON j.id = c.jobseeker_id JOIN offices o ON o.id = a.office_id
          WHERE a.status = 'scheduled' AND a.starts_at > now() + k.until AND a.starts_at <= now() + k.lead
            AND NOT EXISTS (SELECT 1 FROM outbox_messages x WHERE x.appointment_id = a.id AND x.kind = k.kind AND x.for_starts_at = a.starts_at)
          ORDER BY a.starts_at, a.id, k.kind LIMIT $1`,
        [batch, '48 hours', '2 hours'],
      );
      let written = 0;
      for (const c of candidates) {
        const channel = reminderChannel(
          { digitalSkills: c.digital_skills, preferredChannel: c.preferred_channel, email: c.email, phone: c.phone },
          { email: !!this.transports.route.email, sms: !!this.transports.route.sms },
        );
        const message = reminderMessage({
          kind: c.kind,
          preferredLanguage: c.preferred_language,
          officeLanguage: c.office_language,
          givenName: c.given_name,
          officeName: c.office_name,
          timeZone: c.time_zone,
          startsAt: c.starts_at,
          endsAt: c.ends_at,
          channel: c.channel,
        });
        const transport: TransportName = channel === 'phone_client' ? 'work_item' : this.transports.route[channel]!;
        const recipient = channel === 'email' ? c.email!.trim() : channel === 'sms' ? c.phone!.trim() : null;
        // A client reminded by a phone call gets one call (the 48-hour one), not a second two hours before.
        const status = channel === 'phone_client' ? (c.kind === '48h' ? 'sent' : 'cancelled') : 'pending';
        const rows: Array<{ id: string }> = await m.query(
          `INSERT INTO outbox_messages (appointment_id, office_id, kind, for_starts_at, channel, transport, recipient, language, subject, body, status,
                                        sent_at, last_error)
           VALUES ($1, $2, $3, $4::timestamptz, $5, $6, $7, $8, $9, $10, $11, CASE WHEN $11 = 'sent' THEN now() END, CASE WHEN $11 = 'cancelled' THEN 'phone_call_instead' END)
           ON CONFLICT (appointment_id, kind, for_starts_at) DO NOTHING RETURNING id`,
          [
            c.id,
            c.office_id,
            c.kind,
            c.starts_at_exact,
            channel,
            transport,
            recipient,
            message.language,
            message.subject,
            message.body,
            status,
          ],
        );
        if (!rows.length) continue;
        written++;
        if (channel === 'phone_client' && c.kind === '48h') {
          const itemId = await this.workItems.create(m, {
            officeId: c.office_id,
            caseId: c.case_id,
            kind: 'phone_client',
            queue: 'routine',
            priority: 2,
            // A day before the appointment, and never less than a quarter of an hour from now.
            dueAt: new Date(Math.max(Date.now() + 15 * 60_000, c.starts_at.getTime() - 24 * HOUR)),
            data: { appointmentId: c.id, reason: 'appointment_reminder', startsAt: c.starts_at.toISOString(), outboxMessageId: rows[0].id },
          });
          await m.query(`UPDATE outbox_messages SET work_item_id = $2 WHERE id = $1`, [rows[0].id, itemId]);
        }
      }
      if (written) {
        await this.audit.record(
          { action: 'reminders.enqueue', entity: 'outbox_messages', actor: { id: null, role: null }, changes: { written } },
          m,
        );
      }
      return written;
    });
  }

  /** Delivers due rows, at most `batch` of them; safe to run from several processes at once. */
  async deliver(batch = 50): Promise<DeliveryResult> {
    // A worker that died mid-delivery leaves rows `sending`: they count as a failed attempt.
    await this.dataSource.query(
      `UPDATE outbox_messages SET status = CASE WHEN attempts >= $1 THEN 'failed' ELSE 'pending' END, last_error = 'interrupted',
              claimed_at = NULL, next_attempt_at = now(), updated_at = now()
        WHERE status = 'sending' AND claimed_at < now() - interval '${STALE_SENDING}'`,
      [this.env.REMINDERS_MAX_ATTEMPTS],
    );
    // Cancelled or moved since the row was written (or already begun): no stale reminder.
    await this.dataSource.query(
      `UPDATE outbox_messages m SET status = 'cancelled', last_error = 'appointment_changed', updated_at = now()
         FROM appointments a
        WHERE a.id = m.appointment_id AND m.status = 'pending' AND (a.status <> 'scheduled' OR a.starts_at <> m.for_starts_at OR a.starts_at <= now())`,
    );
    const claimed: Array<{
      id: string;
      channel: 'email' | 'sms';
      transport: TransportName;
      recipient: string;
      subject: string;
      body: string;
      attempts: number;
    }> = await prepared(
      this.dataSource,
      `WITH picked AS (
           SELECT id FROM outbox_messages WHERE status = 'pending' AND next_attempt_at <= now() ORDER BY next_attempt_at, id LIMIT $1
              FOR UPDATE SKIP LOCKED)
         UPDATE outbox_messages m SET status = 'sending', claimed_at = now(), attempts = m.attempts + 1, updated_at = now()
           FROM picked WHERE m.id = picked.id
         RETURNING m.id, m.channel, m.transport, m.recipient, m.subject, m.body, m.attempts`,
      [batch],
    );
    const result: DeliveryResult = { sent: 0, retried: 0, failed: 0 };
    for (const row of claimed) {
      try {
        const transport = this.transports.get(row.transport);
        if (!transport) throw Object.assign(new Error(), { code: `${row.transport}_not_configured` });
        await transport.send({ id: row.id, channel: row.channel, recipient: row.recipient, subject: row.subject, body: row.body });
        await this.dataSource.query(
          `UPDATE outbox_messages SET status = 'sent', sent_at = now(), claimed_at = NULL, last_error = NULL, updated_at = now() WHERE id = $1`,
          [row.id],
        );
        result.sent++;
      } catch (e) {
        const code = failureCode(e);
        const final = row.attempts >= this.env.REMINDERS_MAX_ATTEMPTS;
        await this.dataSource.query(
          `UPDATE outbox_messages SET status = $2, last_error = $3, claimed_at = NULL,
                  next_attempt_at = now() + make_interval(secs => $4), updated_at = now() WHERE id = $1`,
          [row.id, final ? 'failed' : 'pending', code, backoffSeconds(row.attempts, this.env.REMINDERS_BACKOFF_SECONDS)],
        );
        // The row id and a code only: never the address or the text.
        logger.warn({ outboxMessageId: row.id, transport: row.transport, attempts: row.attempts, code, final }, 'reminder delivery failed');
        if (final) result.failed++;
        else result.retried++;
      }
    }
    return result;
  }

  /** The recorded messages (GET /api/outbox-messages): every office for an admin, their own for a supervisor. */
  async list(query: Record<string, unknown>, grant: Grant, res: FastifyReply) {
    const list = parseListQuery(query, OUTBOX_LIST);
    const p = new Params();
    const ph = (v: unknown) => p.add(v);
    const conditions = [scopeCondition(grant, { office: 'm.office_id' }, p), ...filterConditions(list, OUTBOX_LIST, ph)].filter(
      (x): x is string => x !== null,
    );
    const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
    const counted = p.values.length;
    const { rows, total } = await pageWithTotal(
      this.dataSource,
      `SELECT count(*)::int AS n FROM outbox_messages m${where}`,
      `m.id, m.appointment_id AS "appointmentId", m.office_id AS "officeId", m.kind, m.for_starts_at AS "forStartsAt", m.channel, m.transport,
              m.recipient, m.language, m.subject, m.body, m.status, m.attempts, m.next_attempt_at AS "nextAttemptAt", m.last_error AS "lastError",
              m.sent_at AS "sentAt", m.work_item_id AS "workItemId", m.created_at AS "createdAt"
         FROM outbox_messages m${where} ORDER BY ${orderTerms(list, OUTBOX_LIST)} ${pageClause(list, ph)}`,
      p.values,
      counted,
      list.offset,
    );
    setContentRange(res, OUTBOX_LIST.resource, list, rows.length, total);
    return rows;
  }
}
