import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { OfficeClosureDto } from '@casework/contracts';
import type { FastifyReply } from 'fastify';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import type { Grant } from '../../common/auth/auth-user.js';
import { alreadyExists, invalidField, notFound } from '../../common/errors.js';
import { filterConditions, orderTerms, pageClause, parseListQuery, setContentRange, type ListSpec } from '../../common/list-query.js';
import { Params } from '../../common/sql.js';
import { AuditService } from '../audit/audit.service.js';
import type { CreateOfficeClosureDto } from './offices.dto.js';

/** The longest closure one record holds. */
const MAX_CLOSURE_DAYS = 366;

const LIST: ListSpec = {
  resource: 'office-closures',
  sort: { startsOn: 'cl.starts_on', id: 'cl.id' },
  filters: {
    // Closures touching a period of days (YYYY-MM-DD).
    from: { column: "to_char(cl.ends_on, 'YYYY-MM-DD')", type: 'string', op: 'gte' },
    to: { column: "to_char(cl.starts_on, 'YYYY-MM-DD')", type: 'string', op: 'lte' },
  },
  defaultSort: ['startsOn', 'ASC'],
  tieBreaker: 'cl.id',
};

const COLUMNS = `cl.id, cl.office_id AS "officeId", to_char(cl.starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(cl.ends_on, 'YYYY-MM-DD') AS "endsOn",
  cl.reason, cl.created_at AS "createdAt"`;

/** A real calendar date (the pattern lets 2026-02-30 through). */
function isDate(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * Closure days of an office (public holidays and the like), in its own calendar: bookings and free
 * slots avoid them. Admins manage every office's, a supervisor their own; its staff read them.
 */
@Injectable()
export class OfficeClosuresService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  /** The office, when the caller's scope reaches it (404 otherwise). */
  private async office(m: EntityManager, officeId: string, grant: Grant): Promise<void> {
    if (grant.scope !== 'all' && officeId !== grant.user.officeId) throw notFound('Office');
    const [o] = await m.query(`SELECT id FROM offices WHERE id = $1`, [officeId]);
    if (!o) throw notFound('Office');
  }

  async list(officeId: string, query: Record<string, unknown>, grant: Grant, res: FastifyReply): Promise<OfficeClosureDto[]> {
    await this.office(this.dataSource.manager, officeId, grant);
    const list = parseListQuery(query, LIST);
    const p = new Params();
    const where = [`cl.office_id = ${p.add(officeId)}`, ...filterConditions(list, LIST, (v) => p.add(v))].join(' AND ');
    const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM office_closures cl WHERE ${where}`, [...p.values]);
    const rows = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM office_closures cl WHERE ${where} ORDER BY ${orderTerms(list, LIST)} ${pageClause(list, (v) => p.add(v))}`,
      p.values,
    );
    setContentRange(res, LIST.resource, list, rows.length, n);
    return rows.map((r: Record<string, unknown>) => ({ ...r, createdAt: (r.createdAt as Date).toISOString() }) as OfficeClosureDto);
  }

  async create(officeId: string, dto: CreateOfficeClosureDto, grant: Grant): Promise<OfficeClosureDto> {
    const endsOn = dto.endsOn ?? dto.startsOn;
    if (!isDate(dto.startsOn)) throw invalidField('startsOn', 'isDate', 'startsOn is not a calendar date');
    if (!isDate(endsOn)) throw invalidField('endsOn', 'isDate', 'endsOn is not a calendar date');
    if (endsOn < dto.startsOn) throw invalidField('endsOn', 'afterStart', 'endsOn must not be before startsOn');
    if ((Date.parse(endsOn) - Date.parse(dto.startsOn)) / 86_400_000 >= MAX_CLOSURE_DAYS)
      throw invalidField('endsOn', 'maxPeriod', `A closure covers at most ${MAX_CLOSURE_DAYS} days`);
    try {
      return await this.dataSource.transaction(async (m) => {
        await this.office(m, officeId, grant);
        const [row] = await m.query(
          `INSERT INTO office_closures AS cl (office_id, starts_on, ends_on, reason, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
          [officeId, dto.startsOn, endsOn, dto.reason.trim(), grant.user.id],
        );
        await this.audit.record(
          {
            action: 'office_closures.create',
            entity: 'office_closures',
            entityId: row.id,
            changes: { officeId, startsOn: dto.startsOn, endsOn, reason: row.reason },
          },
          m,
        );
        return { ...row, createdAt: row.createdAt.toISOString() };
      });
    } catch (e) {
      if (e instanceof QueryFailedError && (e as QueryFailedError & { code?: string }).code === '23P01')
        throw alreadyExists('startsOn', 'These days overlap a closure the office already has');
      throw e;
    }
  }

  async remove(officeId: string, closureId: string, grant: Grant): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.office(m, officeId, grant);
      // TypeORM answers a DELETE ... RETURNING with [rows, count].
      const [rows]: [Array<Record<string, string>>, number] = await m.query(
        `DELETE FROM office_closures WHERE id = $1 AND office_id = $2
         RETURNING to_char(starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(ends_on, 'YYYY-MM-DD') AS "endsOn", reason`,
        [closureId, officeId],
      );
      if (!rows.length) throw notFound('Closure');
      await this.audit.record(
        { action: 'office_closures.delete', entity: 'office_closures', entityId: closureId, changes: { officeId, ...rows[0] } },
        m,
      );
    });
  }
}
