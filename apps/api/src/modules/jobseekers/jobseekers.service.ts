import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SENSITIVE_JOBSEEKER_FIELDS, type SensitiveJobseekerField } from '@casework/contracts';
import type { Response } from 'express';
import { DataSource, type EntityManager } from 'typeorm';
import type { Grant } from '../../common/auth/auth-user.js';
import { applyScope } from '../../common/auth/scope.js';
import { AppException, invalidField, notFound } from '../../common/errors.js';
import { applyListQuery, parseListQuery, setContentRange, type ListSpec } from '../../common/list-query.js';
import { AuditService } from '../audit/audit.service.js';
import { CasesService, type OpenedCase } from '../cases/cases.service.js';
import { isUnitGroup } from '../occupations/isco.js';
import { TriageService, type StoredTriage } from '../triage/triage.service.js';
import { WorkItemsService } from '../work-items/work-items.service.js';
import { findDuplicates, LIKELY_DUPLICATE, type DuplicateCandidate, type DuplicateCriteria } from './duplicates.js';
import { JOBSEEKER_SCOPE, SEES_SENSITIVE_SQL, visibleJobseekerSql } from './jobseeker-access.js';
import { Jobseeker } from './jobseeker.entity.js';
import type { CreateJobseekerDto, JobseekerFieldsDto } from './jobseekers.dto.js';
import { nameKey } from './name-key.js';

const LIST: ListSpec = {
  resource: 'jobseekers',
  sort: { id: 'j.id', familyName: 'j.family_name', givenName: 'j.given_name', reference: 'j.reference', createdAt: 'j.created_at', dateOfBirth: 'j.date_of_birth' },
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
    return this.duplicates({ givenName: j.givenName, familyName: j.familyName, dateOfBirth: j.dateOfBirth, nationalId: j.nationalId }, grant, id);
  }

  private scoped(grant: Grant, m: EntityManager = this.dataSource.manager) {
    return applyScope(m.createQueryBuilder(Jobseeker, 'j').where('j.merged_into_id IS NULL'), grant, JOBSEEKER_SCOPE);
  }

  async list(query: Record<string, unknown>, grant: Grant, res: Response): Promise<JobseekerDto[]> {
    const list = parseListQuery(query, LIST);
    if (typeof list.filter.q === 'string') list.filter.q = nameKey(list.filter.q, '');
    const [rows, total] = await applyListQuery(this.scoped(grant), list, LIST).getManyAndCount();
    setContentRange(res, LIST.resource, list, rows.length, total);
    // Lists never carry sensitive fields; the record page does, for those who may see them.
    return rows.map((j) => toJobseekerDto(j, false));
  }

  async get(id: string, grant: Grant): Promise<JobseekerDto> {
    return this.dataSource.transaction(async (m) => {
      const j = await this.scoped(grant, m).andWhere('j.id = :id', { id }).getOne();
      if (!j) throw notFound('Jobseeker');
      const [{ sees }] = await m.query(`SELECT ${SEES_SENSITIVE_SQL('j', '$2', '$3', '$4')} AS sees FROM jobseekers j WHERE j.id = $1`, [
        id,
        grant.user.id,
        grant.user.officeId,
        grant.user.role,
      ]);
      if (sees) {
        await this.audit.record({ action: 'jobseekers.read_sensitive', entity: 'jobseekers', entityId: id, changes: { fields: [...SENSITIVE_JOBSEEKER_FIELDS] } }, m);
      }
      return toJobseekerDto(j, sees);
    });
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
    const [office] = await this.dataSource.query(`SELECT id, (now() AT TIME ZONE time_zone)::date::text AS today FROM offices WHERE id = $1`, [officeId]);
    if (!office) throw invalidField('homeOfficeId', 'exists', 'homeOfficeId does not name an existing office');
    const values = this.checkFields(dto, office.today);

    try {
      return await this.dataSource.transaction(async (m) => {
        // Registrations of the same birth date queue up, so two desks cannot both miss each other.
        await m.query(`SELECT pg_advisory_xact_lock(hashtext('jobseeker-dob:' || $1))`, [dto.dateOfBirth]);
        const candidates = await findDuplicates(m, { ...dto, nationalId: values.nationalId }, grant, visibleJobseekerSql(grant, '$7', '$8'));
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
            { action: 'jobseekers.confirm_different_person', entity: 'jobseekers', entityId: id, changes: { candidateIds: likely.map((c) => c.id), note: dto.confirmDifferentPerson!.note } },
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
        await this.workItems.create(m, { officeId, caseId: opened.id, kind: 'verify_registration', queue: 'routine', priority: 2, dueAt: addDays(now, 2) });
        await this.workItems.create(m, { officeId, caseId: opened.id, kind: 'book_first_interview', queue: 'routine', priority: 2, dueAt: addDays(now, 10) });
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

  /** Cross-field rules and normalisation shared by registration and updates. */
  private checkFields(dto: JobseekerFieldsDto, today: string) {
    if (dto.dateOfBirth > today) throw invalidField('dateOfBirth', 'past', 'dateOfBirth must be in the past');
    const age = Number(today.slice(0, 4)) - Number(dto.dateOfBirth.slice(0, 4));
    if (age < 14 || age > 100) throw invalidField('dateOfBirth', 'workingAge', 'dateOfBirth must give an age between 14 and 100');
    if (dto.unemployedSince && dto.unemployedSince > today) throw invalidField('unemployedSince', 'past', 'unemployedSince cannot be in the future');
    if (dto.unemployedSince && dto.unemployedSince < dto.dateOfBirth) throw invalidField('unemployedSince', 'afterBirth', 'unemployedSince must be after dateOfBirth');
    if (dto.lastOccupation !== undefined && !isUnitGroup(dto.lastOccupation)) {
      throw invalidField('lastOccupation', 'iscoUnitGroup', 'lastOccupation must be an ISCO-08 unit group (4 digits)');
    }
    if (dto.consentDataSharing && !dto.consentExpiresOn) throw invalidField('consentExpiresOn', 'required', 'consentExpiresOn is required when consent is given');
    if (dto.consentExpiresOn && dto.consentExpiresOn <= today) throw invalidField('consentExpiresOn', 'future', 'consentExpiresOn must be in the future');
    if (!dto.interpreterNeeded && dto.interpreterLanguage) throw invalidField('interpreterLanguage', 'needsInterpreter', 'interpreterLanguage is only for a jobseeker who needs an interpreter');
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
    return { fieldsSet: Object.entries(values).filter(([, v]) => v !== null && v !== false && v !== '').map(([k]) => k) };
  }
}
