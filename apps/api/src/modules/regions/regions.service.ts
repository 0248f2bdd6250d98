import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { RegionDto } from '@casework/contracts';
import type { FastifyReply } from 'fastify';
import { DataSource, Repository } from 'typeorm';
import type { Grant } from '../../common/auth/auth-user.js';
import { alreadyExists, notFound } from '../../common/errors.js';
import { applyListQuery, parseListQuery, setContentRange, type ListSpec } from '../../common/list-query.js';
import { changedFields, updateVersioned } from '../../common/records.js';
import { AuditService } from '../audit/audit.service.js';
import { Region } from './region.entity.js';
import type { CreateRegionDto, UpdateRegionDto } from './regions.dto.js';

const LIST: ListSpec = {
  resource: 'regions',
  sort: { id: 'r.id', code: 'r.code', name: 'r.name', updatedAt: 'r.updated_at' },
  filters: {
    id: { column: 'r.id', type: 'uuid' },
    code: { column: 'r.code', type: 'string' },
    q: { column: 'r.name', type: 'string', op: 'search' },
  },
  defaultSort: ['name', 'ASC'],
  tieBreaker: 'r.id',
};

const toDto = (r: Region): RegionDto => ({
  id: r.id,
  code: r.code,
  name: r.name,
  version: r.version,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** Regions are the top of the office hierarchy; scopes other than `all` never apply to them. */
@Injectable()
export class RegionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(Region) private readonly regions: Repository<Region>,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async list(query: Record<string, unknown>, res: FastifyReply): Promise<RegionDto[]> {
    const list = parseListQuery(query, LIST);
    const [rows, total] = await applyListQuery(this.regions.createQueryBuilder('r'), list, LIST).getManyAndCount();
    setContentRange(res, LIST.resource, list, rows.length, total);
    return rows.map(toDto);
  }

  async get(id: string, _grant?: Grant): Promise<RegionDto> {
    const r = await this.regions.findOneBy({ id });
    if (!r) throw notFound('Region');
    return toDto(r);
  }

  async create(dto: CreateRegionDto): Promise<RegionDto> {
    const id = await this.dataSource.transaction(async (m) => {
      if (await m.existsBy(Region, { code: dto.code })) throw alreadyExists('code', `A region with code ${dto.code} already exists`);
      const { identifiers } = await m.insert(Region, { code: dto.code, name: dto.name });
      const id = identifiers[0].id as string;
      await this.audit.record({ action: 'regions.create', entity: 'regions', entityId: id, changes: { ...dto } }, m);
      return id;
    });
    return this.get(id);
  }

  async update(id: string, dto: UpdateRegionDto): Promise<RegionDto> {
    await this.dataSource.transaction(async (m) => {
      const current = await m.findOne(Region, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw notFound('Region');
      if (dto.code && dto.code !== current.code && (await m.existsBy(Region, { code: dto.code }))) {
        throw alreadyExists('code', `A region with code ${dto.code} already exists`);
      }
      const { version, ...patch } = dto;
      await updateVersioned(m, Region, id, version, patch);
      await this.audit.record(
        { action: 'regions.update', entity: 'regions', entityId: id, changes: changedFields({ ...current }, patch) },
        m,
      );
    });
    return this.get(id);
  }
}
