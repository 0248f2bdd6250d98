import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { OfficeDto } from '@casework/contracts';
import type { FastifyReply } from 'fastify';
import { DataSource, Repository, type EntityManager } from 'typeorm';
import type { Grant } from '../../common/auth/auth-user.js';
import { applyScope } from '../../common/auth/scope.js';
import { alreadyExists, invalidField, notFound } from '../../common/errors.js';
import { applyListQuery, parseListQuery, setContentRange, type ListSpec } from '../../common/list-query.js';
import { changedFields, updateVersioned } from '../../common/records.js';
import { AuditService } from '../audit/audit.service.js';
import { Region } from '../regions/region.entity.js';
import { Office } from './office.entity.js';
import type { CreateOfficeDto, UpdateOfficeDto } from './offices.dto.js';
import { assertOpeningHours, canonicalTimeZone, DEFAULT_OPENING_HOURS } from './opening-hours.js';

const LIST: ListSpec = {
  resource: 'offices',
  sort: { id: 'o.id', code: 'o.code', name: 'o.name', regionId: 'o.region_id', updatedAt: 'o.updated_at' },
  filters: {
    id: { column: 'o.id', type: 'uuid' },
    regionId: { column: 'o.region_id', type: 'uuid' },
    code: { column: 'o.code', type: 'string' },
    national: { column: 'o.national', type: 'boolean' },
    q: { column: 'o.name', type: 'string', op: 'search' },
  },
  defaultSort: ['name', 'ASC'],
  tieBreaker: 'o.id',
};

const SCOPE = { office: 'o.id', region: 'o.region_id' };

const toDto = (o: Office): OfficeDto => ({
  id: o.id,
  regionId: o.regionId,
  code: o.code,
  name: o.name,
  timeZone: o.timeZone,
  language: o.language,
  national: o.national,
  openingHours: o.openingHours,
  version: o.version,
  createdAt: o.createdAt.toISOString(),
  updatedAt: o.updatedAt.toISOString(),
});

@Injectable()
export class OfficesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Office) private readonly offices: Repository<Office>,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async list(query: Record<string, unknown>, grant: Grant, res: FastifyReply): Promise<OfficeDto[]> {
    const list = parseListQuery(query, LIST);
    const qb = applyScope(this.offices.createQueryBuilder('o'), grant, SCOPE);
    const [rows, total] = await applyListQuery(qb, list, LIST).getManyAndCount();
    setContentRange(res, LIST.resource, list, rows.length, total);
    return rows.map(toDto);
  }

  async get(id: string, grant: Grant): Promise<OfficeDto> {
    const o = await applyScope(this.offices.createQueryBuilder('o'), grant, SCOPE).andWhere('o.id = :id', { id }).getOne();
    if (!o) throw notFound('Office');
    return toDto(o);
  }

  async create(dto: CreateOfficeDto, grant: Grant): Promise<OfficeDto> {
    this.assertSettings(dto);
    const id = await this.dataSource.transaction(async (m) => {
      await this.assertRegion(m, dto.regionId);
      if (await m.existsBy(Office, { code: dto.code })) throw alreadyExists('code', `An office with code ${dto.code} already exists`);
      const values = { ...dto, national: dto.national ?? false, openingHours: dto.openingHours ?? DEFAULT_OPENING_HOURS };
      const { identifiers } = await m.insert(Office, values);
      const id = identifiers[0].id as string;
      await this.audit.record({ action: 'offices.create', entity: 'offices', entityId: id, changes: values }, m);
      return id;
    });
    return this.get(id, grant);
  }

  async update(id: string, dto: UpdateOfficeDto, grant: Grant): Promise<OfficeDto> {
    this.assertSettings(dto);
    await this.dataSource.transaction(async (m) => {
      const current = await applyScope(m.createQueryBuilder(Office, 'o'), grant, SCOPE)
        .andWhere('o.id = :id', { id })
        .setLock('pessimistic_write')
        .getOne();
      if (!current) throw notFound('Office');
      if (dto.regionId) await this.assertRegion(m, dto.regionId);
      if (dto.code && dto.code !== current.code && (await m.existsBy(Office, { code: dto.code }))) {
        throw alreadyExists('code', `An office with code ${dto.code} already exists`);
      }
      const { version, ...patch } = dto;
      await updateVersioned(m, Office, id, version, patch);
      await this.audit.record(
        { action: 'offices.update', entity: 'offices', entityId: id, changes: changedFields({ ...current }, patch) },
        m,
      );
    });
    return this.get(id, grant);
  }

  /** Checks the time zone and opening hours; stores the zone under its canonical name. */
  private assertSettings(dto: Partial<CreateOfficeDto>): void {
    if (dto.timeZone !== undefined) {
      const zone = canonicalTimeZone(dto.timeZone);
      if (!zone) throw invalidField('timeZone', 'isTimeZone', 'timeZone must be an IANA time zone such as Europe/Paris');
      dto.timeZone = zone;
    }
    if (dto.openingHours) assertOpeningHours(dto.openingHours);
  }

  private async assertRegion(m: EntityManager, regionId: string): Promise<void> {
    if (!(await m.existsBy(Region, { id: regionId })))
      throw invalidField('regionId', 'exists', 'regionId does not name an existing region');
  }
}
