import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SENSITIVE_JOBSEEKER_FIELDS, scopeFor, type SensitiveJobseekerField } from '@casework/contracts';
import type { FastifyReply } from 'fastify';
import { DataSource, type EntityManager } from 'typeorm';
import type { Grant } from '../../common/auth/auth-user.js';
import { applyScope } from '../../common/auth/scope.js';
import { AppException, invalidField, notFound, staleVersion } from '../../common/errors.js';
import { applyListQuery, parseListQuery, setContentRange, type ListSpec } from '../../common/list-query.js';
import { updateVersioned } from '../../common/records.js';
import { AuditService } from '../audit/audit.service.js';
import { CasesService, type OpenedCase } from '../cases/cases.service.js';
import { isUnitGroup } from '../occupations/isco.js';
import { TriageService, type StoredTriage } from '../triage/triage.service.js';
import { WorkItemsService } from '../work-items/work-items.service.js';
import { findDuplicates, LIKELY_DUPLICATE, type DuplicateCandidate, type DuplicateCriteria } from './duplicates.js';
import { JOBSEEKER_SCOPE, SEES_SENSITIVE_SQL, visibleJobseekerSql } from './jobseeker-access.js';
import { Jobseeker } from './jobseeker.entity.js';
import type { CreateJobseekerDto, JobseekerFieldsDto, MergeJobseekersDto, UpdateJobseekerDto } from './jobseekers.dto.js';
import { nameKey } from './name-key.js';

const LIST: ListSpec = {
  resource: 'jobseekers',
  sort: {
    id: 'j.id',
    familyName: 'j.family_name',
    givenName: 'j.given_name',
    reference: 'j.reference',
    createdAt: 'j.created_at',
    dateOfBirth: 'j.date_of_birth',
  },
  filters: {
    id: { column: 'j.id', type: 'uuid' },
    homeOfficeId: { column: 'j.home_office_id', type: 'uuid' },
    reference: { column: 'j.reference', type: 'string' },
    q: { column: 'j.name_key', type: 'string', op: 'search' },
  },
  defaultSort: ['familyName', 'ASC'],
  tieBreaker: 'j.id',
};

export type JobseekerDto = Omit<Jobseeker, 'nameKey' | 'createdAt' | 'updatedAt' | SensitiveJobseekerField> &
  Partial<Pick<Jobseeker, SensitiveJobseekerField>> & {
    createdAt: string;
    updatedAt: string;
    /** For callers who may not read the sensitive fields: only whether each is set. */
    sensitiveSet?: Record<SensitiveJobseekerField, boolean>;
  };

export interface Registration {
  jobseeker: JobseekerDto;
  case: OpenedCase;
  triage: StoredTriage;
}

function isSet(j: Jobseeker, f: SensitiveJobseekerField): boolean {
  const v = j[f];
  return f === 'migrantStatus' ? v !== 'none' : typeof v === 'boolean' ? v : v !== null && v !== '';
}

export function toJobseekerDto(j: Jobseeker, seesSensitive: boolean): JobseekerDto {
  const { nameKey: _key, createdAt, updatedAt, ...rest } = j;
  const dto: JobseekerDto = { ...rest, createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString() };
  if (!seesSensitive) {
    const flags = {} as Record<SensitiveJobseekerField, boolean>;
    for (const f of SENSITIVE_JOBSEEKER_FIELDS) {
      flags[f] = isSet(j, f);
      delete dto[f];
    }
    dto.sensitiveSet = flags;
  }
  return dto;
}

const addDays = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000);

/** The facts the profiling model reads: changing one does not re-run it, but the case's history says so. */
const PROFILING_FACTS = [
  'dateOfBirth',
  'unemployedSince',
  'educationLevel',
  'digitalSkills',
  'disability',
  'interpreterNeeded',
  'migrantStatus',
  'rural',
  'careerBreak',
  'gender',
];

/** Fields a jobseeker record holds, as the API names them (what an update may change). */
const FIELDS = [
  'givenName',
  'familyName',
  'dateOfBirth',
  'gender',
  'email',
  'phone',
  'addressLine',
  'postcode',
  'municipality',
  'rural',
  'nationalId',
  'preferredLanguage',
  'preferredChannel',
  'digitalSkills',
  'disability',
  'accommodations',
  'interpreterNeeded',
  'interpreterLanguage',
  'migrantStatus',
  'careerBreak',
  'educationLevel',
  'lastOccupation',
  'unemployedSince',
  'consentDataSharing',
  'consentExpiresOn',
] as const satisfies ReadonlyArray<keyof JobseekerFieldsDto>;

const nationalIdTaken = () =>
  new AppException(409, 'POSSIBLE_DUPLICATE', 'A jobseeker with this national id is already registered', [
    { field: 'nationalId', rule: 'unique', message: 'nationalId is already registered' },
  ]);

@Injectable()
export class JobseekersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(CasesService) private readonly cases: CasesService,
    @Inject(TriageService) private readonly triage: TriageService,
    @Inject(WorkItemsService) private readonly workItems: WorkItemsService,
  ) {}

  duplicates(criteria: DuplicateCriteria, grant: Grant, excludeId?: string): Promise<DuplicateCandidate[]> {
    return findDuplicates(this.dataSource.manager, criteria, grant, visibleJobseekerSql(grant, '$7', '$8'), excludeId);
  }

  /** Duplicates of a stored record (for merging): criteria come from the record, never from the URL. */
  async duplicatesOf(id: string, grant: Grant): Promise<DuplicateCandidate[]> {
    const j = await this.scoped(grant).andWhere('j.id = :id', { id }).getOne();
    if (!j) throw notFound('Jobseeker');
    return this.duplicates(
      { givenName: j.givenName, familyName: j.familyName, dateOfBirth: j.dateOfBirth, nationalId: j.nationalId },
      grant,
      id,
    );
  }

  private scoped(grant: Grant, m: EntityManager = this.dataSource.manager) {
    return applyScope(m.createQueryBuilder(Jobseeker, 'j').where('j.merged_into_id IS NULL'), grant, JOBSEEKER_SCOPE);
  }

  async list(query: Record<string, unknown>, grant: Grant, res: FastifyReply): Promise<JobseekerDto[]> {
    const list = parseListQuery(query, LIST);
    if (typeof list.filter.q === 'string') list.filter.q = nameKey(list.filter.q, '');
    const [rows, total] = await applyListQuery(this.scoped(grant), list, LIST).getManyAndCount();
    setContentRange(res, LIST.resource, list, rows.length, total);
    // Lists never carry sensitive fields; the record page does, for those who may see them.
    return rows.map((j) => toJobseekerDto(j, false));
  }

  async get(id: string, grant: Grant): Promise<JobseekerDto> {
    return this.dataSource.transaction(async (m) => {
      // A merged duplicate leaves lists and duplicate checks but stays readable by id for those who merge.
      const qb = scopeFor(grant.user.role, 'jobseekers', 'merge')
        ? applyScope(m.createQueryBuilder(Jobseeker, 'j'), grant, JOBSEEKER_SCOPE)
        : this.scoped(grant, m);
      const j = await qb.andWhere('j.id = :id', { id }).getOne();
      if (!j) throw notFound('Jobseeker');
      return this.present(m, j, grant);
    });
  }

  /** The record as the caller may see it; a read of its sensitive fields is audited. */
  private async present(m: EntityManager, j: Jobseeker, grant: Grant): Promise<JobseekerDto> {
    const [{ sees }] = await m.query(`SELECT ${SEES_SENSITIVE_SQL('j', '$2', '$3', '$4')} AS sees FROM jobseekers j WHERE j.id = $1`, [
      j.id,
      grant.user.id,
      grant.user.officeId,
      grant.user.role,
    ]);
    if (sees) {
      await this.audit.record(
        { action: 'jobseekers.read_sensitive', entity: 'jobseekers', entityId: j.id, changes: { fields: [...SENSITIVE_JOBSEEKER_FIELDS] } },
        m,
      );
    }
    return toJobseekerDto(j, sees);
  }

  /**
   * Registration: the jobseeker, their case, the profiling run and the first routine work items,
   * in one transaction. A likely duplicate is refused (409 POSSIBLE_DUPLICATE with the candidates)
   * unless the caller confirms, for each candidate, that this is a different person.
   */
  async register(dto: CreateJobseekerDto, grant: Grant): Promise<Registration> {
    const officeId = dto.homeOfficeId ?? grant.user.officeId;
    if (grant.scope !== 'all' && officeId !== grant.user.officeId) {
      throw invalidField('homeOfficeId', 'ownOffice', 'You can register jobseekers in your own office only');
    }
    const [office] = await this.dataSource.query(
      `SELECT id, (now() AT TIME ZONE time_zone)::date::text AS today FROM offices WHERE id = $1`,
      [officeId],
    );
    if (!office) throw invalidField('homeOfficeId', 'exists', 'homeOfficeId does not name an existing office');
    const values = this.checkFields(dto, office.today);

    try {
      return await this.dataSource.transaction(async (m) => {
        // Registrations of the same birth date queue up, so two desks cannot both miss each other.
        await m.query(`SELECT pg_advisory_xact_lock(hashtext('jobseeker-dob:' || $1))`, [dto.dateOfBirth]);
        const candidates = await findDuplicates(
          m,
          { ...dto, nationalId: values.nationalId },
          grant,
          visibleJobseekerSql(grant, '$7', '$8'),
        );
        const likely = candidates.filter((c) => c.score >= LIKELY_DUPLICATE);
        if (likely.length) {
          const confirmed = new Set(dto.confirmDifferentPerson?.candidateIds ?? []);
          const unconfirmed = likely.filter((c) => !c.id || !confirmed.has(c.id));
          const nationalIdClash = likely.some((c) => c.matched.includes('national_id'));
          if (unconfirmed.length || nationalIdClash) {
            throw new AppException(
              409,
              'POSSIBLE_DUPLICATE',
              nationalIdClash ? 'A jobseeker with this national id is already registered' : 'This person may already be registered',
              undefined,
              undefined,
              { candidates },
            );
          }
        }
        const { identifiers } = await m.insert(Jobseeker, {
          ...values,
          reference: () => `'J-' || to_char(now(), 'YYYY') || '-' || lpad(nextval('jobseeker_reference_seq')::text, 6, '0')`,
          homeOfficeId: officeId,
          createdBy: grant.user.id,
        } as never);
        const id = identifiers[0].id as string;
        await this.audit.record({ action: 'jobseekers.create', entity: 'jobseekers', entityId: id, changes: this.auditable(values) }, m);
        if (likely.length) {
          await this.audit.record(
            {
              action: 'jobseekers.confirm_different_person',
              entity: 'jobseekers',
              entityId: id,
              changes: { candidateIds: likely.map((c) => c.id), note: dto.confirmDifferentPerson!.note },
            },
            m,
          );
        }
        const opened = await this.cases.open(m, id, officeId, office.today, grant.user.id);
        const triage = await this.triage.run(
          m,
          opened.id,
          {
            dateOfBirth: values.dateOfBirth,
            unemployedSince: values.unemployedSince,
            educationLevel: values.educationLevel,
            digitalSkills: values.digitalSkills,
            disability: values.disability,
            interpreterNeeded: values.interpreterNeeded,
            migrantStatus: values.migrantStatus,
            rural: values.rural,
            careerBreak: values.careerBreak,
            gender: values.gender,
          },
          office.today,
          grant.user.id,
        );
        const now = new Date();
        await this.workItems.create(m, {
          officeId,
          caseId: opened.id,
          kind: 'verify_registration',
          queue: 'routine',
          priority: 2,
          dueAt: addDays(now, 2),
        });
        await this.workItems.create(m, {
          officeId,
          caseId: opened.id,
          kind: 'book_first_interview',
          queue: 'routine',
          priority: 2,
          dueAt: addDays(now, 10),
        });
        const j = await m.findOneByOrFail(Jobseeker, { id });
        // The registering desk entered the sensitive facts but reads back only whether each is set.
        return { jobseeker: toJobseekerDto(j, grant.user.role === 'supervisor'), case: opened, triage };
      });
    } catch (e) {
      if ((e as { code?: string }).code === '23505' && String((e as Error).message).includes('national_id')) {
        throw new AppException(409, 'POSSIBLE_DUPLICATE', 'A jobseeker with this national id is already registered', [
          { field: 'nationalId', rule: 'unique', message: 'nationalId is already registered' },
        ]);
      }
      throw e;
    }
  }

  /**
   * Changes a jobseeker's record: the whole record is checked again as at registration, the version
   * goes into the WHERE clause (stale: 409, nothing changed), and the audit names the changed fields
   * only. Front desk may write sensitive fields without reading them back. Profiling facts that change
   * do not re-run the profiling: the case's history notes them, and a person re-runs the triage.
   */
  async update(id: string, dto: UpdateJobseekerDto, grant: Grant): Promise<JobseekerDto> {
    const { version, ...patch } = dto;
    try {
      return await this.dataSource.transaction(async (m) => {
        const j = await this.scoped(grant, m).andWhere('j.id = :id', { id }).setLock('pessimistic_write').getOne();
        if (!j) throw notFound('Jobseeker');
        if (j.version !== version) throw staleVersion();
        const [office] = await m.query(`SELECT (now() AT TIME ZONE time_zone)::date::text AS today FROM offices WHERE id = $1`, [
          j.homeOfficeId,
        ]);
        // The record as it would be: stored values, then the patch (null clears an optional field).
        const merged: Record<string, unknown> = {};
        for (const f of FIELDS) {
          const value = Object.hasOwn(patch, f) ? (patch as Record<string, unknown>)[f] : j[f];
          merged[f] = value === null ? undefined : value;
        }
        const touched = new Set(Object.keys(patch).filter((k) => (patch as Record<string, unknown>)[k] !== undefined));
        const values = this.checkFields(merged as unknown as JobseekerFieldsDto, office.today, touched) as Record<string, unknown>;
        const changed = FIELDS.filter((f) => JSON.stringify(values[f]) !== JSON.stringify(j[f]));
        if (!changed.length) return this.present(m, j, grant);
        if (changed.includes('nationalId') && values.nationalId) {
          const [taken] = await m.query(`SELECT 1 FROM jobseekers WHERE national_id = $1 AND merged_into_id IS NULL AND id <> $2`, [
            values.nationalId,
            id,
          ]);
          if (taken) throw nationalIdTaken();
        }
        const changes: Record<string, unknown> = Object.fromEntries(changed.map((f) => [f, values[f]]));
        if (changed.includes('givenName') || changed.includes('familyName')) changes.nameKey = values.nameKey;
        await updateVersioned(m, Jobseeker, id, version, changes);
        // Names only: values of sensitive fields never reach the audit log, and the names say enough.
        await this.audit.record({ action: 'jobseekers.update', entity: 'jobseekers', entityId: id, changes: { fields: changed } }, m);
        const facts = changed.filter((f) => PROFILING_FACTS.includes(f));
        if (facts.length) await this.cases.factsChanged(m, id, facts, grant.user.id);
        return this.present(m, await m.findOneByOrFail(Jobseeker, { id }), grant);
      });
    } catch (e) {
      if ((e as { code?: string }).code === '23505' && String((e as Error).message).includes('national_id')) throw nationalIdTaken();
      throw e;
    }
  }

  /**
   * A supervisor merges a duplicate into the record kept (both of their office). Both histories stay:
   * the duplicate is marked merged into the kept one (out of lists and duplicate checks, still
   * readable by id), its cases move to the kept jobseeker with an event on each. Two open cases are
   * refused: one must be closed first.
   */
  async merge(id: string, dto: MergeJobseekersDto, grant: Grant): Promise<JobseekerDto> {
    if (dto.duplicateId === id) throw invalidField('duplicateId', 'differs', 'duplicateId must name another jobseeker');
    await this.dataSource.transaction(async (m) => {
      // Both rows locked in id order, so two merges of the same pair cannot deadlock.
      const rows = await applyScope(
        m.createQueryBuilder(Jobseeker, 'j').where('j.id IN (:...ids)', { ids: [id, dto.duplicateId] }),
        grant,
        JOBSEEKER_SCOPE,
      )
        .orderBy('j.id')
        .setLock('pessimistic_write')
        .getMany();
      const kept = rows.find((r) => r.id === id);
      const duplicate = rows.find((r) => r.id === dto.duplicateId);
      if (!kept) throw notFound('Jobseeker');
      if (!duplicate) {
        throw new AppException(404, 'NOT_FOUND', 'Duplicate jobseeker not found', [
          { field: 'duplicateId', rule: 'exists', message: 'duplicateId does not name a jobseeker of your office' },
        ]);
      }
      if (kept.mergedIntoId) throw new AppException(409, 'CONFLICT', 'This jobseeker was merged into another record: merge into that one');
      if (duplicate.mergedIntoId) throw new AppException(409, 'CONFLICT', 'The duplicate was already merged into another record');
      const cases: Array<{ id: string; jobseeker_id: string; status: string }> = await m.query(
        `SELECT id, jobseeker_id, status FROM cases WHERE jobseeker_id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
        [[id, dto.duplicateId]],
      );
      const open = cases.filter((c) => c.status !== 'closed');
      if (open.some((c) => c.jobseeker_id === id) && open.some((c) => c.jobseeker_id === dto.duplicateId)) {
        throw new AppException(409, 'CONFLICT', 'Both jobseekers have an open case: close one of them before merging');
      }
      const moved = cases.filter((c) => c.jobseeker_id === dto.duplicateId).map((c) => c.id);
      if (moved.length) {
        await m.query(`UPDATE cases SET jobseeker_id = $1, version = version + 1, updated_at = now() WHERE id = ANY($2::uuid[])`, [
          id,
          moved,
        ]);
      }
      for (const caseId of moved) {
        await this.cases.event(
          m,
          caseId,
          'merge',
          { fromJobseekerId: duplicate.id, fromReference: duplicate.reference, toJobseekerId: kept.id, toReference: kept.reference },
          grant.user.id,
        );
      }
      await m.query(`UPDATE jobseekers SET merged_into_id = $1, version = version + 1, updated_at = now() WHERE id = $2`, [
        id,
        dto.duplicateId,
      ]);
      await m.query(`UPDATE jobseekers SET version = version + 1, updated_at = now() WHERE id = $1`, [id]);
      await this.audit.record(
        {
          action: 'jobseekers.merge',
          entity: 'jobseekers',
          entityId: id,
          changes: { keptId: id, duplicateId: dto.duplicateId, movedCaseIds: moved, note: dto.note },
        },
        m,
      );
    });
    return this.get(id, grant);
  }

  /**
   * Cross-field rules and normalisation shared by registration and updates. Rules measured against
   * today (working age, nothing in the future, consent expiry ahead) apply to the fields being
   * written (`touched`; all of them at registration), so a record whose consent has since expired
   * can still have its phone number corrected.
   */
  private checkFields(dto: JobseekerFieldsDto, today: string, touched?: ReadonlySet<string>) {
    const writes = (...fields: string[]) => !touched || fields.some((f) => touched.has(f));
    for (const f of ['givenName', 'familyName'] as const) if (!dto[f].trim()) throw invalidField(f, 'notBlank', `${f} must not be blank`);
    if (writes('dateOfBirth')) {
      if (dto.dateOfBirth > today) throw invalidField('dateOfBirth', 'past', 'dateOfBirth must be in the past');
      const age = Number(today.slice(0, 4)) - Number(dto.dateOfBirth.slice(0, 4));
      if (age < 14 || age > 100) throw invalidField('dateOfBirth', 'workingAge', 'dateOfBirth must give an age between 14 and 100');
    }
    if (writes('unemployedSince') && dto.unemployedSince && dto.unemployedSince > today)
      throw invalidField('unemployedSince', 'past', 'unemployedSince cannot be in the future');
    if (dto.unemployedSince && dto.unemployedSince < dto.dateOfBirth)
      throw invalidField('unemployedSince', 'afterBirth', 'unemployedSince must be after dateOfBirth');
    if (dto.lastOccupation !== undefined && !isUnitGroup(dto.lastOccupation)) {
      throw invalidField('lastOccupation', 'iscoUnitGroup', 'lastOccupation must be an ISCO-08 unit group (4 digits)');
    }
    if (dto.consentDataSharing && !dto.consentExpiresOn)
      throw invalidField('consentExpiresOn', 'required', 'consentExpiresOn is required when consent is given');
    // Withdrawing consent never trips over an expiry date left from before.
    if (
      (writes('consentExpiresOn') || (writes('consentDataSharing') && dto.consentDataSharing)) &&
      dto.consentExpiresOn &&
      dto.consentExpiresOn <= today
    ) {
      throw invalidField('consentExpiresOn', 'future', 'consentExpiresOn must be in the future');
    }
    if (!dto.interpreterNeeded && dto.interpreterLanguage)
      throw invalidField('interpreterLanguage', 'needsInterpreter', 'interpreterLanguage is only for a jobseeker who needs an interpreter');
    return {
      givenName: dto.givenName.trim(),
      familyName: dto.familyName.trim(),
      nameKey: nameKey(dto.givenName, dto.familyName),
      dateOfBirth: dto.dateOfBirth,
      gender: dto.gender?.trim() || null,
      email: dto.email?.trim().toLowerCase() ?? null,
      phone: dto.phone?.trim() ?? null,
      addressLine: dto.addressLine ?? null,
      postcode: dto.postcode ?? null,
      municipality: dto.municipality ?? null,
      rural: dto.rural ?? false,
      nationalId: dto.nationalId?.trim().toUpperCase() ?? null,
      preferredLanguage: dto.preferredLanguage ?? 'en',
      preferredChannel: dto.preferredChannel ?? 'in_person',
      digitalSkills: dto.digitalSkills,
      disability: dto.disability ?? false,
      accommodations: dto.accommodations ?? null,
      interpreterNeeded: dto.interpreterNeeded ?? false,
      interpreterLanguage: dto.interpreterLanguage ?? null,
      migrantStatus: dto.migrantStatus ?? 'none',
      careerBreak: dto.careerBreak ?? false,
      educationLevel: dto.educationLevel,
      lastOccupation: dto.lastOccupation ?? null,
      unemployedSince: dto.unemployedSince ?? null,
      consentDataSharing: dto.consentDataSharing ?? false,
      consentExpiresOn: dto.consentExpiresOn ?? null,
    };
  }

  /** What the audit log keeps of a registration: which fields were filled, not personal values. */
  private auditable(values: Record<string, unknown>): Record<string, unknown> {
    return {
      fieldsSet: Object.entries(values)
        .filter(([, v]) => v !== null && v !== false && v !== '')
        .map(([k]) => k),
    };
  }
}
