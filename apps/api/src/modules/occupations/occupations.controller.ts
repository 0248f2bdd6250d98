import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Permission } from '../../common/auth/decorators.js';
import { invalidField } from '../../common/errors.js';
import { parseListQuery, setContentRange, type ListSpec } from '../../common/list-query.js';
import { normaliseName } from '../jobseekers/name-key.js';
import { isco, type Occupation } from './isco.js';

const LIST: ListSpec = {
  resource: 'occupations',
  sort: { id: 'code', title: 'title' },
  filters: {
    id: { column: 'code', type: 'string' },
    level: { column: 'level', type: 'int' },
    parent: { column: 'parent', type: 'string' },
    q: { column: 'title', type: 'string', op: 'search' },
  },
  defaultSort: ['id', 'ASC'],
  tieBreaker: 'code',
};

/** ISCO-08 (© International Labour Organization) for the occupation picker; read from the shipped CSV, in memory. */
@ApiTags('occupations')
@ApiBearerAuth()
@Controller('occupations')
export class OccupationsController {
  @Get()
  @Permission('occupations', 'read')
  list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: FastifyReply): Array<Occupation & { id: string }> {
    const list = parseListQuery(query, LIST);
    const { id, level, parent, q } = list.filter as { id?: string | string[]; level?: number; parent?: string; q?: string };
    const words = q ? normaliseName(q).split(' ') : [];
    let rows = isco().all.filter(
      (o) =>
        (id === undefined || (Array.isArray(id) ? id.includes(o.code) : o.code === id)) &&
        (level === undefined || o.level === level) &&
        (parent === undefined || o.parent === parent) &&
        words.every((w) => normaliseName(o.title).includes(w) || o.code.startsWith(w)),
    );
    if (level !== undefined && (level < 1 || level > 4)) throw invalidField('filter.level', 'range', 'filter.level must be 1 to 4');
    const [field, dir] = list.sort;
    rows = [...rows].sort(
      (a, b) => (field === 'title' ? a.title.localeCompare(b.title) : a.code.localeCompare(b.code)) * (dir === 'ASC' ? 1 : -1),
    );
    const page = rows.slice(list.offset, list.offset + list.limit);
    setContentRange(res, LIST.resource, list, page.length, rows.length);
    return page.map((o) => ({ id: o.code, ...o }));
  }
}
