import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { NOTE_VISIBILITIES, type NoteVisibility } from '@casework/contracts';
import type { FastifyReply } from 'fastify';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { Grant } from '../../common/auth/auth-user.js';
import { applyScope } from '../../common/auth/scope.js';
import { invalidField, notFound } from '../../common/errors.js';
import { applyListQuery, parseListQuery, setContentRange, type ListSpec } from '../../common/list-query.js';
import { AuditService } from '../audit/audit.service.js';
import { CASE_SCOPE, countRows } from '../cases/cases.service.js';
import type { CreateCaseNoteDto } from './case-notes.dto.js';
import { NOTE_MAX_LENGTH, NOTE_VISIBLE } from './note-access.js';

export interface CaseNoteDto {
  id: string;
  caseId: string;
  caseReference: string;
  authorId: string;
  authorName: string;
  body: string;
  visibility: NoteVisibility;
  createdAt: string;
}

const COLUMNS = `n.id, n.case_id AS "caseId", c.reference AS "caseReference", n.author_id AS "authorId", u.full_name AS "authorName",
  n.body, n.visibility, n.created_at AS "createdAt"`;

const LIST: ListSpec = {
  resource: 'case-notes',
  sort: { createdAt: 'n.created_at' },
  filters: {
    id: { column: 'n.id', type: 'uuid' },
    caseId: { column: 'n.case_id', type: 'uuid' },
    authorId: { column: 'n.author_id', type: 'uuid' },
    visibility: { column: 'n.visibility', type: 'enum', values: NOTE_VISIBILITIES },
  },
  defaultSort: ['createdAt', 'DESC'],
  tieBreaker: 'n.id',
};

type Row = Record<string, unknown>;

const toDto = (r: Row): CaseNoteDto => ({ ...(r as unknown as CaseNoteDto), createdAt: (r.createdAt as Date).toISOString() });

/**
 * Case notes: written by the case's own counsellor or specialist, read by everyone who may read the
 * case (`case_team`) or only by the author, the assigned worker and the office's supervisors
 * (`restricted`). Notes are never changed or deleted through the API.
 */
@Injectable()
export class CaseNotesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  /** Notes the caller may see: the case in the grant's scope, then the note's visibility. */
  private query(grant: Grant, m: EntityManager = this.dataSource.manager): SelectQueryBuilder<Row> {
    const qb = m
      .createQueryBuilder()
      .select(COLUMNS)
      .from('case_notes', 'n')
      .innerJoin('cases', 'c', 'c.id = n.case_id')
      .innerJoin('users', 'u', 'u.id = n.author_id') as SelectQueryBuilder<Row>;
    applyScope(qb, grant, CASE_SCOPE);
    return qb.andWhere(NOTE_VISIBLE('n', 'c', ':noteMe', ':noteOffice', ':noteRole'), {
      noteMe: grant.user.id,
      noteOffice: grant.user.officeId,
      noteRole: grant.user.role,
    });
  }

  async list(query: Record<string, unknown>, grant: Grant, res: FastifyReply): Promise<CaseNoteDto[]> {
    const list = parseListQuery(query, LIST);
    const qb = applyListQuery(this.query(grant), list, LIST);
    const [rows, total] = await Promise.all([qb.getRawMany<Row>(), countRows(this.dataSource.manager, qb)]);
    setContentRange(res, LIST.resource, list, rows.length, total);
    return rows.map(toDto);
  }

  async get(id: string, grant: Grant, m?: EntityManager): Promise<CaseNoteDto> {
    const row = await this.query(grant, m).andWhere('n.id = :id', { id }).getRawOne<Row>();
    if (!row) throw notFound('Case note');
    return toDto(row);
  }

  /** A note on a case of the caller's own (assigned, or holding a claimed work item on it). */
  async create(dto: CreateCaseNoteDto, grant: Grant): Promise<CaseNoteDto> {
    // The database counts characters (code points); so does this check, with a clear error.
    const length = [...dto.body].length;
    if (length > NOTE_MAX_LENGTH) throw invalidField('body', 'maxLength', `body must be at most ${NOTE_MAX_LENGTH} characters`);
    return this.dataSource.transaction(async (m) => {
      const c = await applyScope(m.createQueryBuilder().select('c.id').from('cases', 'c'), grant, CASE_SCOPE)
        .andWhere('c.id = :id', { id: dto.caseId })
        .setLock('pessimistic_read')
        .getRawOne();
      if (!c) throw notFound('Case');
      const [row] = await m.query(`INSERT INTO case_notes (case_id, author_id, body, visibility) VALUES ($1, $2, $3, $4) RETURNING id`, [
        dto.caseId,
        grant.user.id,
        dto.body,
        dto.visibility,
      ]);
      // The body is personal data: the audit trail keeps its length and visibility only.
      await this.audit.record(
        {
          action: 'case_notes.create',
          entity: 'case_notes',
          entityId: row.id,
          changes: { caseId: dto.caseId, visibility: dto.visibility, length },
        },
        m,
      );
      return this.get(row.id, grant, m);
    });
  }
}
