import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  APPOINTMENT_CHANNELS,
  APPOINTMENT_MAX_MINUTES,
  APPOINTMENT_MIN_MINUTES,
  APPOINTMENT_STATUSES,
  APPOINTMENT_TRANSITIONS,
  type AppointmentChannel,
  type AppointmentDto,
  type AppointmentStatus,
  type OpeningHours,
  type ReminderDto,
  type SlotDto,
} from '@casework/contracts';
import type { FastifyReply } from 'fastify';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import type { Grant } from '../../common/auth/auth-user.js';
import { scopeCondition } from '../../common/auth/scope.js';
import { AppException, invalidField, notFound, staleVersion } from '../../common/errors.js';
import { filterConditions, orderTerms, pageClause, parseListQuery, setContentRange, type ListSpec } from '../../common/list-query.js';
import { changedFields } from '../../common/records.js';
import { pageWithTotal, Params, prepared } from '../../common/sql.js';
import { AuditService } from '../audit/audit.service.js';
import { CASE_SCOPE, CasesService } from '../cases/cases.service.js';
import { WorkItemsService } from '../work-items/work-items.service.js';
import {
  AVAILABILITY_MAX_DAYS,
  type AppointmentOutcomeDto,
  type AvailabilityQueryDto,
  type CancelAppointmentDto,
  type CreateAppointmentDto,
  type UpdateAppointmentDto,
} from './appointments.dto.js';
import { freeSlots, localTime, openingProblem, type Closure } from './schedule.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * "Mine": an appointment with me, or on a case of mine (assigned to me, or a claimed work item on
 * it in my hands, as for cases).
 */
const OWN_APPOINTMENT = `(a.staff_id = :scopeOwn OR c.assigned_to = :scopeOwn OR EXISTS (SELECT 1 FROM work_items w WHERE w.case_id = c.id AND w.status = 'claimed' AND w.claimed_by = :scopeOwn))`;
export const APPOINTMENT_SCOPE = { office: 'a.office_id', own: OWN_APPOINTMENT };

/** No-shows on the case up to this appointment since the last attended one. */
const NO_SHOW_STREAK = `(SELECT count(*)::int FROM appointments x WHERE x.case_id = a.case_id AND x.status = 'no_show' AND x.starts_at <= a.starts_at
   AND x.starts_at > coalesce((SELECT max(y.starts_at) FROM appointments y WHERE y.case_id = a.case_id AND y.status = 'attended' AND y.starts_at < a.starts_at), '-infinity'))`;

const SELECT = `a.id, a.case_id, c.reference AS case_reference, c.jobseeker_id, a.staff_id, u.full_name AS staff_name, a.office_id, a.starts_at, a.ends_at,
  a.channel, a.purpose, a.status, a.outcome_note, a.cancel_reason, a.created_by, a.version, a.created_at, a.updated_at,
  a.plan_action_id, (SELECT pa.description FROM plan_actions pa WHERE pa.id = a.plan_action_id) AS plan_action_description,
  ${NO_SHOW_STREAK} AS no_show_streak,
  (SELECT coalesce(json_agg(json_build_object('kind', o.kind, 'channel', o.channel, 'transport', o.transport, 'status', o.status,
          'sentAt', o.sent_at, 'attempts', o.attempts) ORDER BY o.created_at, o.kind), '[]'::json)
     FROM outbox_messages o WHERE o.appointment_id = a.id) AS reminders`;
const FROM = `FROM appointments a JOIN cases c ON c.id = a.case_id JOIN users u ON u.id = a.staff_id`;

const LIST: ListSpec = {
  resource: 'appointments',
  sort: { id: 'a.id', startsAt: 'a.starts_at', endsAt: 'a.ends_at', status: 'a.status', createdAt: 'a.created_at' },
  filters: {
    id: { column: 'a.id', type: 'uuid' },
    staffId: { column: 'a.staff_id', type: 'uuid' },
    officeId: { column: 'a.office_id', type: 'uuid' },
    caseId: { column: 'a.case_id', type: 'uuid' },
    status: { column: 'a.status', type: 'enum', values: APPOINTMENT_STATUSES },
    channel: { column: 'a.channel', type: 'enum', values: APPOINTMENT_CHANNELS },
    // A time window: appointments that end after `from` and start before `to`.
    from: { column: 'a.ends_at', type: 'timestamp', op: 'gte' },
    to: { column: 'a.starts_at', type: 'timestamp', op: 'lte' },
  },
  defaultSort: ['startsAt', 'ASC'],
  tieBreaker: 'a.id',
};

type Row = Record<string, unknown>;
const iso = (d: unknown) => (d ? new Date(d as string).toISOString() : null);

function toDto(r: Row): AppointmentDto {
  const streak = r.no_show_streak as number;
  return {
    id: r.id as string,
    caseId: r.case_id as string,
    caseReference: r.case_reference as string,
    jobseekerId: r.jobseeker_id as string,
    staffId: r.staff_id as string,
    staffName: r.staff_name as string,
    officeId: r.office_id as string,
    startsAt: iso(r.starts_at)!,
    endsAt: iso(r.ends_at)!,
    channel: r.channel as AppointmentChannel,
    purpose: r.purpose as string,
    status: r.status as AppointmentStatus,
    outcomeNote: r.outcome_note as string | null,
    cancelReason: r.cancel_reason as string | null,
    planActionId: (r.plan_action_id as string | null) ?? null,
    planActionDescription: (r.plan_action_description as string | null) ?? null,
    noShowStreak: streak,
    repeatedNoShow: streak >= 2,
    reminders: (r.reminders as Array<ReminderDto & { sentAt: string | null }>).map((m) => ({ ...m, sentAt: iso(m.sentAt) })),
    createdBy: r.created_by as string | null,
    version: r.version as number,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

/** A linked plan action must belong to the current (not completed or cancelled) plan of the appointment's case. */
async function assertPlanAction(m: EntityManager, planActionId: string, caseId: string): Promise<void> {
  const rows = await m.query(
    `SELECT 1 FROM plan_actions pa JOIN intervention_plans p ON p.id = pa.plan_id
      WHERE pa.id = $1 AND p.case_id = $2 AND p.status NOT IN ('completed', 'cancelled')`,
    [planActionId, caseId],
  );
  if (!rows.length)
    throw invalidField('planActionId', 'currentPlanOfCase', 'planActionId must be an action of the current plan of this case');
}

const invalidTransition = (from: string, to: string) =>
  new AppException(409, 'INVALID_TRANSITION', `An appointment cannot go from ${from} to ${to}`, [
    {
      field: 'status',
      rule: 'transition',
      message: `allowed from ${from}: ${APPOINTMENT_TRANSITIONS[from as AppointmentStatus].join(', ') || 'none'}`,
    },
  ]);

/** What a booking is checked against: the case (with the client's channel facts) and the office calendar. */
interface BookingCase {
  id: string;
  office_id: string;
  status: string;
  assigned_to: string | null;
  digital_skills: string;
  preferred_channel: string;
}

interface Slot {
  staffId: string;
  start: number;
  end: number;
  channel: AppointmentChannel;
  /** The appointment being moved, when rescheduling. */
  appointmentId?: string;
}

@Injectable()
export class AppointmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(WorkItemsService) private readonly workItems: WorkItemsService,
    @Inject(CasesService) private readonly cases: CasesService,
  ) {}

  async list(query: Record<string, unknown>, grant: Grant, res: FastifyReply): Promise<AppointmentDto[]> {
    const list = parseListQuery(query, LIST);
    const p = new Params();
    const ph = (v: unknown) => p.add(v);
    const conditions = [scopeCondition(grant, APPOINTMENT_SCOPE, p), ...filterConditions(list, LIST, ph)].filter(
      (x): x is string => x !== null,
    );
    const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
    const counted = p.values.length;
    const { rows, total } = await pageWithTotal(
      this.dataSource,
      `SELECT count(*)::int AS n FROM appointments a JOIN cases c ON c.id = a.case_id${where}`,
      `${SELECT} ${FROM}${where} ORDER BY ${orderTerms(list, LIST)} ${pageClause(list, ph)}`,
      p.values,
      counted,
      list.offset,
    );
    setContentRange(res, LIST.resource, list, rows.length, total);
    return rows.map(toDto);
  }

  async get(id: string, grant: Grant, m?: EntityManager): Promise<AppointmentDto> {
    const p = new Params();
    const scope = scopeCondition(grant, APPOINTMENT_SCOPE, p);
    const sql = `SELECT ${SELECT} ${FROM} WHERE a.id = ${p.add(id)}${scope ? ` AND ${scope}` : ''}`;
    const [row] = m ? await m.query(sql, p.values) : await prepared(this.dataSource, sql, p.values);
    if (!row) throw notFound('Appointment');
    return toDto(row);
  }

  async create(dto: CreateAppointmentDto, grant: Grant): Promise<AppointmentDto> {
    const slot: Slot = { staffId: dto.staffId, start: Date.parse(dto.startsAt), end: Date.parse(dto.endsAt), channel: dto.channel };
    assertTimes(slot.start, slot.end);
    const id = await this.booking(slot, grant, async (m) => {
      const c = await this.bookingCase(m, dto.caseId, grant);
      await this.assertSlot(m, c, slot);
      if (dto.planActionId) await assertPlanAction(m, dto.planActionId, c.id);
      const [row] = await m.query(
        `INSERT INTO appointments (case_id, staff_id, office_id, starts_at, ends_at, channel, purpose, created_by, plan_action_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          c.id,
          slot.staffId,
          c.office_id,
          new Date(slot.start),
          new Date(slot.end),
          slot.channel,
          dto.purpose.trim(),
          grant.user.id,
          dto.planActionId ?? null,
        ],
      );
      await this.audit.record(
        {
          action: 'appointments.create',
          entity: 'appointments',
          entityId: row.id,
          changes: {
            caseId: c.id,
            staffId: slot.staffId,
            startsAt: dto.startsAt,
            endsAt: dto.endsAt,
            channel: slot.channel,
            ...(dto.planActionId ? { planActionId: dto.planActionId } : {}),
          },
        },
        m,
      );
      return row.id as string;
    });
    return this.get(id, grant);
  }

  async update(id: string, dto: UpdateAppointmentDto, grant: Grant): Promise<AppointmentDto> {
    const current = await this.get(id, grant);
    const start = dto.startsAt !== undefined ? Date.parse(dto.startsAt) : Date.parse(current.startsAt);
    const end = dto.endsAt !== undefined ? Date.parse(dto.endsAt) : start + (Date.parse(current.endsAt) - Date.parse(current.startsAt));
    const slot: Slot = { staffId: dto.staffId ?? current.staffId, start, end, channel: dto.channel ?? current.channel, appointmentId: id };
    await this.booking(slot, grant, async (m) => {
      const a = await this.lock(m, id, grant, dto.version);
      const moved = start !== Date.parse(a.startsAt) || end !== Date.parse(a.endsAt) || slot.staffId !== a.staffId;
      const rebook = moved || slot.channel !== a.channel;
      if ((rebook || dto.purpose !== undefined) && a.status !== 'scheduled') {
        throw new AppException(409, 'INVALID_TRANSITION', `A ${a.status} appointment can no longer be moved or changed`, [
          { field: 'status', rule: 'scheduled', message: 'only a scheduled appointment can be rescheduled' },
        ]);
      }
      if (dto.outcomeNote !== undefined && a.status === 'cancelled') {
        throw invalidField('outcomeNote', 'notCancelled', 'A cancelled appointment has no outcome', 409);
      }
      if (rebook) {
        if (moved) assertTimes(start, end);
        const c = await this.bookingCase(m, a.caseId, grant);
        await this.assertSlot(m, c, slot);
      }
      const patch: Record<string, unknown> = {
        staffId: slot.staffId,
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(end).toISOString(),
        channel: slot.channel,
        ...(dto.purpose !== undefined ? { purpose: dto.purpose.trim() } : {}),
        ...(dto.outcomeNote !== undefined ? { outcomeNote: dto.outcomeNote } : {}),
        ...(dto.planActionId !== undefined ? { planActionId: dto.planActionId } : {}),
      };
      if (dto.planActionId) await assertPlanAction(m, dto.planActionId, a.caseId);
      const changes = changedFields({ ...a }, patch);
      if (!Object.keys(changes).length) throw invalidField('version', 'nothingToChange', 'Nothing to change');
      await m.query(
        `UPDATE appointments SET staff_id = $2, starts_at = $3, ends_at = $4, channel = $5, purpose = coalesce($6, purpose),
                outcome_note = CASE WHEN $7 THEN $8 ELSE outcome_note END,
                plan_action_id = CASE WHEN $9 THEN $10::uuid ELSE plan_action_id END, version = version + 1, updated_at = now()
          WHERE id = $1`,
        [
          id,
          slot.staffId,
          new Date(start),
          new Date(end),
          slot.channel,
          dto.purpose?.trim() ?? null,
          dto.outcomeNote !== undefined,
          dto.outcomeNote ?? null,
          dto.planActionId !== undefined,
          dto.planActionId ?? null,
        ],
      );
      // Reminders written for the old time or channel are not sent; the job writes new ones.
      if (rebook) await this.cancelPendingReminders(m, id, 'appointment_changed');
      await this.audit.record({ action: 'appointments.update', entity: 'appointments', entityId: id, changes }, m);
    });
    return this.get(id, grant);
  }

  /** attended, no_show or cancelled: from scheduled only. */
  async changeStatus(
    id: string,
    to: 'attended' | 'no_show' | 'cancelled',
    dto: AppointmentOutcomeDto | CancelAppointmentDto,
    grant: Grant,
  ): Promise<AppointmentDto> {
    await this.dataSource.transaction(async (m) => {
      const a = await this.lock(m, id, grant, dto.version);
      if (!APPOINTMENT_TRANSITIONS[a.status].includes(to)) throw invalidTransition(a.status, to);
      if (to !== 'cancelled' && Date.parse(a.startsAt) > Date.now()) {
        throw new AppException(409, 'INVALID_TRANSITION', `An appointment is marked ${to} once it has started`, [
          { field: 'status', rule: 'started', message: `the appointment starts at ${a.startsAt}` },
        ]);
      }
      const reason = 'reason' in dto ? dto.reason.trim() : null;
      const note = 'outcomeNote' in dto ? (dto.outcomeNote ?? null) : null;
      await m.query(
        `UPDATE appointments SET status = $2, cancel_reason = $3, outcome_note = coalesce($4, outcome_note), status_changed_at = now(),
                status_changed_by = $5, version = version + 1, updated_at = now() WHERE id = $1`,
        [id, to, reason, note, grant.user.id],
      );
      const changes: Record<string, unknown> = { status: { from: a.status, to }, ...(reason ? { cancelReason: reason } : {}) };
      if (to === 'cancelled') {
        await this.cancelPendingReminders(m, id, 'appointment_cancelled');
        // A reminder call not yet made is not needed any more.
        await m.query(
          `UPDATE work_items SET status = 'cancelled', version = version + 1, updated_at = now()
            WHERE case_id = $1 AND kind = 'phone_client' AND status IN ('open', 'claimed') AND data->>'appointmentId' = $2`,
          [a.caseId, id],
        );
      }
      if (to === 'no_show') changes.followUp = await this.followUpNoShow(m, a);
      await this.audit.record({ action: `appointments.${to}`, entity: 'appointments', entityId: id, changes }, m);
    });
    return this.get(id, grant);
  }

  /**
   * Free slots of one staff member, or of every bookable counsellor and specialist of an office:
   * two queries (the staff with their office calendar and closures, then their booked times) and
   * the grid computed in memory.
   */
  async availability(q: AvailabilityQueryDto, grant: Grant): Promise<SlotDto[]> {
    if (!q.staffId === !q.officeId) throw invalidField('staffId', 'oneOf', 'Give either staffId or officeId');
    const from = Date.parse(q.from);
    const to = Date.parse(q.to);
    if (to <= from) throw invalidField('to', 'afterFrom', 'to must be after from');
    if (to - from > AVAILABILITY_MAX_DAYS * DAY)
      throw invalidField('to', 'maxPeriod', `A period covers at most ${AVAILABILITY_MAX_DAYS} days`);
    // Staff and calendars of the caller's own office only.
    if (q.officeId && q.officeId !== grant.user.officeId) throw notFound('Office');
    const staff: Array<{ id: string; time_zone: string; opening_hours: OpeningHours; closures: Array<[string, string]> }> = await prepared(
      this.dataSource,
      `SELECT u.id, o.time_zone, o.opening_hours,
                (SELECT coalesce(json_agg(json_build_array(to_char(cl.starts_on, 'YYYY-MM-DD'), to_char(cl.ends_on, 'YYYY-MM-DD'))), '[]'::json)
                   FROM office_closures cl
                  WHERE cl.office_id = o.id AND cl.ends_on >= ($2::timestamptz AT TIME ZONE o.time_zone)::date
                    AND cl.starts_on <= ($3::timestamptz AT TIME ZONE o.time_zone)::date) AS closures
           FROM users u JOIN offices o ON o.id = u.office_id
          WHERE u.office_id = $1 AND ($4::uuid IS NULL OR u.id = $4) AND u.role IN ('counsellor', 'specialist') AND u.active AND NOT u.away
          ORDER BY u.full_name, u.id`,
      [grant.user.officeId, new Date(from), new Date(to), q.staffId ?? null],
    );
    if (q.staffId && !staff.length) {
      const [u] = await this.dataSource.query(`SELECT office_id FROM users WHERE id = $1`, [q.staffId]);
      if (!u || u.office_id !== grant.user.officeId) throw notFound('Staff member');
      throw invalidField('staffId', 'bookable', 'Only active counsellors and specialists who are not away take appointments');
    }
    if (!staff.length) return [];
    const busy: Array<{ staff_id: string; starts_at: Date; ends_at: Date }> = await prepared(
      this.dataSource,
      `SELECT staff_id, starts_at, ends_at FROM appointments
        WHERE staff_id = ANY($1::uuid[]) AND status <> 'cancelled' AND starts_at < $3 AND ends_at > $2
        ORDER BY staff_id, starts_at`,
      [staff.map((s) => s.id), new Date(from), new Date(to)],
    );
    const byStaff = new Map<string, Array<[number, number]>>();
    for (const b of busy) {
      const list = byStaff.get(b.staff_id) ?? [];
      list.push([b.starts_at.getTime(), b.ends_at.getTime()]);
      byStaff.set(b.staff_id, list);
    }
    const now = Date.now();
    const slots: SlotDto[] = [];
    for (const s of staff) {
      const closures = s.closures.map(([startsOn, endsOn]) => ({ startsOn, endsOn }));
      for (const [start, end] of freeSlots({
        from,
        to,
        duration: q.duration,
        step: q.step ?? 15,
        timeZone: s.time_zone,
        hours: s.opening_hours,
        closures,
        busy: byStaff.get(s.id) ?? [],
        notBefore: now,
      })) {
        slots.push({ staffId: s.id, startsAt: new Date(start).toISOString(), endsAt: new Date(end).toISOString() });
      }
    }
    return slots.sort((x, y) => (x.startsAt < y.startsAt ? -1 : x.startsAt > y.startsAt ? 1 : 0));
  }

  /**
   * Runs a booking (create or reschedule) in a transaction. Two bookings of one staff member's time
   * can pass every check at once; the exclusion constraint lets only the first commit, and the
   * others answer 409 SLOT_TAKEN naming the slot they lost to (its id only if the caller may see it).
   */
  private async booking<T>(slot: Slot, grant: Grant, work: (m: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (e) {
      if (!(e instanceof QueryFailedError) || (e as QueryFailedError & { code?: string }).code !== '23P01') throw e;
      throw await this.slotTaken(slot, grant);
    }
  }

  private async slotTaken(slot: Slot, grant: Grant): Promise<AppException> {
    const p = new Params();
    const [staff, start, end, self] = [
      p.add(slot.staffId),
      p.add(new Date(slot.start)),
      p.add(new Date(slot.end)),
      p.add(slot.appointmentId ?? null),
    ];
    const scope = scopeCondition(grant, APPOINTMENT_SCOPE, p);
    const [row] = await this.dataSource.query(
      `SELECT a.id, a.starts_at, a.ends_at, ${scope ?? 'true'} AS visible ${FROM}
        WHERE a.staff_id = ${staff} AND a.status <> 'cancelled' AND tstzrange(a.starts_at, a.ends_at) && tstzrange(${start}::timestamptz, ${end}::timestamptz)
          AND a.id IS DISTINCT FROM ${self}::uuid
        ORDER BY a.starts_at LIMIT 1`,
      p.values,
    );
    const conflict = row
      ? { startsAt: iso(row.starts_at), endsAt: iso(row.ends_at), ...(row.visible ? { appointmentId: row.id } : {}) }
      : undefined;
    const message = conflict
      ? `The staff member already has an appointment from ${conflict.startsAt} to ${conflict.endsAt}`
      : 'The staff member already has an appointment at this time';
    return new AppException(409, 'SLOT_TAKEN', message, [{ field: 'startsAt', rule: 'free', message }], undefined, { conflict });
  }

  /** The case a booking is for, in the caller's case scope, with the client's channel facts. */
  private async bookingCase(m: EntityManager, caseId: string, grant: Grant): Promise<BookingCase> {
    const p = new Params();
    const id = p.add(caseId);
    const scope = scopeCondition(grant, CASE_SCOPE, p);
    const [c] = await m.query(
      `SELECT c.id, c.office_id, c.status, c.assigned_to, j.digital_skills, j.preferred_channel
         FROM cases c JOIN jobseekers j ON j.id = c.jobseeker_id
        WHERE c.id = ${id}${scope ? ` AND ${scope}` : ''} FOR SHARE OF c`,
      p.values,
    );
    if (!c) throw notFound('Case');
    if (c.status === 'closed') throw invalidField('caseId', 'open', 'The case is closed: appointments are for open cases');
    return c;
  }

  /** The staff member, the office calendar and the client's channel, for a booking on a case. */
  private async assertSlot(m: EntityManager, c: BookingCase, slot: Slot): Promise<void> {
    const [u] = await m.query(`SELECT role, office_id, active, away FROM users WHERE id = $1`, [slot.staffId]);
    if (!u || u.office_id !== c.office_id) {
      throw invalidField('staffId', 'sameOffice', 'staffId must be a counsellor or specialist of the case’s office');
    }
    if (u.role !== 'counsellor' && u.role !== 'specialist') {
      throw invalidField('staffId', 'bookable', 'Appointments are with a counsellor or a specialist');
    }
    if (!u.active || u.away) throw invalidField('staffId', 'available', 'The staff member is deactivated or away');
    if (slot.channel === 'video') {
      if (c.digital_skills === 'none')
        throw invalidField('channel', 'digitalSkills', 'A video appointment is not offered to a client with no digital skills');
      if (c.preferred_channel === 'in_person')
        throw invalidField('channel', 'preferredChannel', 'The client asked for in-person contact: choose in_person or phone');
    }
    const [office] = await m.query(`SELECT time_zone, opening_hours FROM offices WHERE id = $1`, [c.office_id]);
    const day = localTime(slot.start, office.time_zone).date;
    const closures: Closure[] = await m.query(
      `SELECT to_char(starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(ends_on, 'YYYY-MM-DD') AS "endsOn"
         FROM office_closures WHERE office_id = $1 AND starts_on <= $2::date AND ends_on >= $2::date`,
      [c.office_id, day],
    );
    const problem = openingProblem(slot.start, slot.end, office.time_zone, office.opening_hours, closures);
    if (problem) {
      throw new AppException(400, problem.code, problem.message, [{ field: 'startsAt', rule: problem.rule, message: problem.message }]);
    }
  }

  /** Locks an appointment in scope for a change, checking its version. */
  private async lock(m: EntityManager, id: string, grant: Grant, version?: number) {
    const p = new Params();
    const scope = scopeCondition(grant, APPOINTMENT_SCOPE, p);
    const [row] = await m.query(
      `SELECT a.id, a.case_id AS "caseId", a.office_id AS "officeId", a.staff_id AS "staffId", a.starts_at AS "startsAt", a.ends_at AS "endsAt",
              a.channel, a.purpose, a.status, a.outcome_note AS "outcomeNote", a.version
         FROM appointments a JOIN cases c ON c.id = a.case_id
        WHERE a.id = ${p.add(id)}${scope ? ` AND ${scope}` : ''} FOR UPDATE OF a`,
      p.values,
    );
    if (!row) throw notFound('Appointment');
    if (version !== undefined && row.version !== version) throw staleVersion();
    return {
      ...row,
      startsAt: (row.startsAt as Date).toISOString(),
      endsAt: (row.endsAt as Date).toISOString(),
    } as Pick<
      AppointmentDto,
      'id' | 'caseId' | 'officeId' | 'staffId' | 'startsAt' | 'endsAt' | 'channel' | 'purpose' | 'status' | 'outcomeNote' | 'version'
    >;
  }

  private async cancelPendingReminders(m: EntityManager, appointmentId: string, why: string): Promise<void> {
    await m.query(
      `UPDATE outbox_messages SET status = 'cancelled', last_error = $2, updated_at = now() WHERE appointment_id = $1 AND status = 'pending'`,
      [appointmentId, why],
    );
  }

  /**
   * A no-show: a follow-up for the case's counsellor or specialist (the supervisor's inbox when the
   * case has nobody available). The second no-show in a row (none attended between) makes it a
   * priority-1 item that says so, with the count.
   */
  private async followUpNoShow(m: EntityManager, a: { id: string; caseId: string; officeId: string; startsAt: string }) {
    // The streak as the appointment read counts it (NO_SHOW_STREAK), this appointment included.
    const [c] = await m.query(
      `SELECT c.assigned_to, (u.active AND NOT u.away) AS available, ${NO_SHOW_STREAK} AS streak
         FROM appointments a JOIN cases c ON c.id = a.case_id LEFT JOIN users u ON u.id = c.assigned_to WHERE a.id = $1`,
      [a.id],
    );
    const assignee = c.assigned_to && c.available ? (c.assigned_to as string) : await this.cases.officeSupervisor(m, a.officeId);
    const repeated = c.streak >= 2;
    const itemId = await this.workItems.create(m, {
      officeId: a.officeId,
      caseId: a.caseId,
      kind: 'follow_up_no_show',
      ...(assignee ? { assigneeId: assignee } : { queue: 'routine' as const }),
      priority: repeated ? 1 : 2,
      dueAt: new Date(Date.now() + (repeated ? 1 : 2) * DAY),
      data: { appointmentId: a.id, startsAt: a.startsAt, consecutiveNoShows: c.streak, repeatedNoShow: repeated },
    });
    return { workItemId: itemId, consecutiveNoShows: c.streak, repeatedNoShow: repeated };
  }
}

/** End after start, a sensible length, and not in the past. */
function assertTimes(start: number, end: number): void {
  if (end <= start) throw invalidField('endsAt', 'afterStart', 'endsAt must be after startsAt');
  const minutes = (end - start) / MINUTE;
  if (minutes < APPOINTMENT_MIN_MINUTES || minutes > APPOINTMENT_MAX_MINUTES) {
    throw invalidField(
      'endsAt',
      'duration',
      `An appointment lasts ${APPOINTMENT_MIN_MINUTES} to ${APPOINTMENT_MAX_MINUTES} minutes (this one ${Math.round(minutes)})`,
    );
  }
  if (start <= Date.now()) throw invalidField('startsAt', 'future', 'startsAt must be in the future');
}
