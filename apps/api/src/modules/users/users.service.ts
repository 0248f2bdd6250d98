import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { ROLES, type UserDto } from '@casework/contracts';
import type { FastifyReply } from 'fastify';
import { DataSource, Repository, type EntityManager } from 'typeorm';
import type { Grant } from '../../common/auth/auth-user.js';
import { applyScope } from '../../common/auth/scope.js';
import { alreadyExists, AppException, invalidField, notFound } from '../../common/errors.js';
import { applyListQuery, parseListQuery, setContentRange, type ListSpec } from '../../common/list-query.js';
import { changedFields, updateVersioned } from '../../common/records.js';
import { AuditService } from '../audit/audit.service.js';
import { PasswordService } from '../auth/password.service.js';
import { SessionsService } from '../auth/sessions.service.js';
import { Office } from '../offices/office.entity.js';
import { User } from './user.entity.js';
import type { CreateUserDto, UpdateUserDto } from './users.dto.js';

const LIST: ListSpec = {
  resource: 'users',
  sort: {
    id: 'u.id',
    fullName: 'u.full_name',
    email: 'u.email',
    role: 'u.role',
    officeId: 'u.office_id',
    lastLoginAt: 'u.last_login_at',
    createdAt: 'u.created_at',
  },
  filters: {
    id: { column: 'u.id', type: 'uuid' },
    officeId: { column: 'u.office_id', type: 'uuid' },
    role: { column: 'u.role', type: 'enum', values: ROLES },
    active: { column: 'u.active', type: 'boolean' },
    q: { column: "u.full_name || ' ' || u.email", type: 'string', op: 'search' },
  },
  defaultSort: ['fullName', 'ASC'],
  tieBreaker: 'u.id',
};

/**
 * What colleagues may sort and search by: not the email they are not shown (sorting or
 * searching on it would reveal it a letter at a time).
 */
const STAFF_LIST: ListSpec = {
  ...LIST,
  sort: Object.fromEntries(Object.entries(LIST.sort).filter(([k]) => k !== 'email' && k !== 'lastLoginAt')),
  filters: { ...LIST.filters, q: { column: 'u.full_name', type: 'string', op: 'search' } },
};

const SCOPE = { office: 'u.office_id', region: 'o.region_id', own: 'u.id' };

/** Only administrators see whole accounts (email, sign-in activity, version). */
const seesAccounts = (grant: Grant) => grant.user.role === 'admin';

/** Admins see the whole account; colleagues see who someone is, their role and office. */
function toDto(u: User, grant: Grant): UserDto {
  const base: UserDto = {
    id: u.id,
    fullName: u.fullName,
    role: u.role,
    officeId: u.officeId,
    active: u.active,
    away: u.away,
    caseloadCap: u.caseloadCap,
  };
  if (!seesAccounts(grant)) return base;
  return {
    ...base,
    email: u.email,
    mustChangePassword: u.mustChangePassword,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    version: u.version,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(User) private readonly users: Repository<User>,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(PasswordService) private readonly passwords: PasswordService,
    @Inject(SessionsService) private readonly sessions: SessionsService,
  ) {}

  private scoped(grant: Grant, manager: EntityManager = this.dataSource.manager) {
    return applyScope(manager.createQueryBuilder(User, 'u').innerJoin(Office, 'o', 'o.id = u.office_id'), grant, SCOPE);
  }

  async list(query: Record<string, unknown>, grant: Grant, res: FastifyReply): Promise<UserDto[]> {
    const spec = seesAccounts(grant) ? LIST : STAFF_LIST;
    const list = parseListQuery(query, spec);
    const [rows, total] = await applyListQuery(this.scoped(grant), list, spec).getManyAndCount();
    setContentRange(res, LIST.resource, list, rows.length, total);
    return rows.map((u) => toDto(u, grant));
  }

  async get(id: string, grant: Grant): Promise<UserDto> {
    const u = await this.scoped(grant).andWhere('u.id = :id', { id }).getOne();
    if (!u) throw notFound('User');
    return toDto(u, grant);
  }

  /** Creates a staff account with a one-time password, returned once, that must be changed at first sign-in. */
  async create(dto: CreateUserDto, grant: Grant): Promise<UserDto & { oneTimePassword: string }> {
    const oneTimePassword = this.passwords.oneTime();
    const passwordHash = await this.passwords.hash(oneTimePassword);
    const id = await this.dataSource.transaction(async (m) => {
      await this.assertOffice(m, dto.officeId);
      await this.assertEmailFree(m, dto.email);
      const values = { ...dto, email: dto.email.trim(), caseloadCap: dto.caseloadCap ?? null, passwordHash, mustChangePassword: true };
      const { identifiers } = await m.insert(User, values);
      const id = identifiers[0].id as string;
      await this.audit.record({ action: 'users.create', entity: 'users', entityId: id, changes: { ...dto, password: 'one-time' } }, m);
      return id;
    });
    return { ...(await this.get(id, grant)), oneTimePassword };
  }

  async update(id: string, dto: UpdateUserDto, grant: Grant): Promise<UserDto> {
    await this.dataSource.transaction(async (m) => {
      const current = await this.scoped(grant, m).andWhere('u.id = :id', { id }).setLock('pessimistic_write', undefined, ['u']).getOne();
      if (!current) throw notFound('User');
      if (dto.officeId) await this.assertOffice(m, dto.officeId);
      if (dto.email && dto.email.toLowerCase() !== current.email.toLowerCase()) await this.assertEmailFree(m, dto.email);
      if (dto.active === false && id === grant.user.id) throw invalidField('active', 'notSelf', 'You cannot deactivate your own account');
      // Nor take away their own administration (the installation could be left without an admin).
      if (dto.role !== undefined && dto.role !== current.role && id === grant.user.id) {
        throw invalidField('role', 'notSelf', 'You cannot change your own role');
      }
      const { version, ...patch } = dto;
      const extra: Record<string, unknown> = {};
      if (dto.active === false && current.active) extra.deactivatedAt = new Date();
      if (dto.active === true && !current.active) extra.deactivatedAt = null;
      await updateVersioned(m, User, id, version, { ...patch, ...extra });
      const changes: Record<string, unknown> = changedFields({ ...current }, patch);
      if (dto.active === false && current.active) changes.sessionsEnded = await this.sessions.endAll(m, id, 'deactivated');
      await this.audit.record(
        { action: dto.active === false && current.active ? 'users.deactivate' : 'users.update', entity: 'users', entityId: id, changes },
        m,
      );
    });
    return this.get(id, grant);
  }

  /** Issues a new one-time password and ends the account's sessions. */
  async resetPassword(id: string, grant: Grant): Promise<{ oneTimePassword: string }> {
    const oneTimePassword = this.passwords.oneTime();
    const hash = await this.passwords.hash(oneTimePassword);
    await this.dataSource.transaction(async (m) => {
      const current = await this.scoped(grant, m).andWhere('u.id = :id', { id }).getOne();
      if (!current) throw notFound('User');
      if (!current.active) throw new AppException(409, 'CONFLICT', 'Reactivate the account before resetting its password');
      await m.query(
        `UPDATE users SET password_hash = $2, must_change_password = true, password_changed_at = now(), updated_at = now(), version = version + 1 WHERE id = $1`,
        [id, hash],
      );
      const ended = await this.sessions.endAll(m, id, 'password_reset');
      await this.audit.record(
        { action: 'users.reset_password', entity: 'users', entityId: id, changes: { password: 'one-time', sessionsEnded: ended } },
        m,
      );
    });
    return { oneTimePassword };
  }

  private async assertOffice(m: EntityManager, officeId: string): Promise<void> {
    if (!(await m.existsBy(Office, { id: officeId })))
      throw invalidField('officeId', 'exists', 'officeId does not name an existing office');
  }

  private async assertEmailFree(m: EntityManager, email: string): Promise<void> {
    const [row] = await m.query(`SELECT 1 FROM users WHERE lower(email) = lower($1)`, [email.trim()]);
    if (row) throw alreadyExists('email', 'An account with this email already exists');
  }
}
