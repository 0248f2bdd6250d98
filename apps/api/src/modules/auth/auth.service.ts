import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CurrentUser, LoginResponse } from '@casework/contracts';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user.js';
import { AppException } from '../../common/errors.js';
import { Env } from '../../config/env.js';
import { AuditService } from '../audit/audit.service.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { PasswordService } from './password.service.js';
import { SessionsService } from './sessions.service.js';

export interface ClientInfo {
  ip: string;
  userAgent: string | null;
}

export interface SignedIn {
  response: LoginResponse;
  refresh: string;
}

interface UserRow {
  id: string;
  email: string;
  full_name: string;
  role: AuthUser['role'];
  office_id: string;
  region_id: string;
  must_change_password: boolean;
  active: boolean;
  password_hash: string;
}

const USER_SELECT = `SELECT u.id, u.email, u.full_name, u.role, u.office_id, o.region_id, u.must_change_password, u.active, u.password_hash
  FROM users u JOIN offices o ON o.id = u.office_id`;

const invalidCredentials = () => new AppException(401, 'INVALID_CREDENTIALS', 'Email or password is incorrect');

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Env) private readonly env: Env,
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(PasswordService) private readonly passwords: PasswordService,
    @Inject(SessionsService) private readonly sessions: SessionsService,
    @Inject(LoginThrottleService) private readonly throttle: LoginThrottleService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async login(emailInput: string, password: string, client: ClientInfo): Promise<SignedIn> {
    const email = emailInput.trim().toLowerCase();
    const verdict = await this.throttle.begin(email, client.ip);
    const [user]: UserRow[] = await this.dataSource.query(`${USER_SELECT} WHERE lower(u.email) = $1`, [email]);
    const actor = user ? { id: user.id, role: user.role } : { id: null, role: null };
    // Only a known account's address goes into the audit log: a mistyped field could hold anything.
    const who = user ? { email } : { unknownAccount: true };

    if (verdict.retryAfter > 0) {
      await this.audit.record({
        action: 'auth.login_throttled',
        entity: 'users',
        entityId: user?.id,
        actor,
        changes: { ...who, by: verdict.reason },
      });
      throw new AppException(429, 'TOO_MANY_ATTEMPTS', 'Too many failed sign-ins: wait before trying again', undefined, {
        'Retry-After': String(verdict.retryAfter),
      });
    }

    const ok = await this.passwords.verify(user?.password_hash, password);
    if (!ok || !user.active) {
      // The attempt is already counted as a failure by the throttle.
      await this.audit.record({
        action: 'auth.login_failed',
        entity: 'users',
        entityId: user?.id,
        actor,
        changes: { ...who, reason: !ok ? 'bad_credentials' : 'inactive' },
      });
      throw invalidCredentials();
    }

    return this.dataSource.transaction(async (m) => {
      await this.throttle.succeeded(m, verdict.attemptId!);
      await m.query(`UPDATE users SET last_login_at = now() WHERE id = $1`, [user.id]);
      const { sessionId, refresh } = await this.sessions.start(m, user.id, client.ip, client.userAgent);
      await this.audit.record({ action: 'auth.login', entity: 'sessions', entityId: sessionId, actor }, m);
      return { response: this.tokenFor(user, sessionId), refresh };
    });
  }

  async refresh(cookie: string | undefined): Promise<SignedIn> {
    const rotated = cookie ? await this.sessions.rotate(cookie) : null;
    if (!rotated) throw new AppException(401, 'SESSION_EXPIRED', 'Your session has ended: sign in again');
    const [user]: UserRow[] = await this.dataSource.query(`${USER_SELECT} WHERE u.id = $1`, [rotated.userId]);
    return { response: this.tokenFor(user, rotated.sessionId), refresh: rotated.refresh };
  }

  async logout(user: AuthUser): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await this.sessions.end(m, user.sessionId, 'logout');
      await this.audit.record({ action: 'auth.logout', entity: 'sessions', entityId: user.sessionId }, m);
    });
  }

  /** Changes the caller's password, ends all their sessions, and signs this client in again. */
  async changePassword(user: AuthUser, currentPassword: string, newPassword: string, client: ClientInfo): Promise<SignedIn> {
    const [row]: UserRow[] = await this.dataSource.query(`${USER_SELECT} WHERE u.id = $1`, [user.id]);
    if (!(await this.passwords.verify(row.password_hash, currentPassword))) {
      throw new AppException(400, 'VALIDATION_FAILED', 'currentPassword is incorrect', [
        { field: 'currentPassword', rule: 'matches', message: 'currentPassword is incorrect' },
      ]);
    }
    this.passwords.assertAcceptable(newPassword, 'newPassword', row.email);
    if (newPassword === currentPassword) {
      throw new AppException(400, 'PASSWORD_REJECTED', 'newPassword must differ from the current one', [
        { field: 'newPassword', rule: 'different', message: 'newPassword must differ from the current one' },
      ]);
    }
    const hash = await this.passwords.hash(newPassword);
    return this.dataSource.transaction(async (m) => {
      await m.query(
        `UPDATE users SET password_hash = $2, must_change_password = false, password_changed_at = now(), updated_at = now(), version = version + 1 WHERE id = $1`,
        [user.id, hash],
      );
      const ended = await this.sessions.endAll(m, user.id, 'password_changed');
      await this.audit.record(
        { action: 'auth.password_changed', entity: 'users', entityId: user.id, changes: { password: true, sessionsEnded: ended } },
        m,
      );
      const { sessionId, refresh } = await this.sessions.start(m, user.id, client.ip, client.userAgent);
      return { response: this.tokenFor({ ...row, must_change_password: false }, sessionId), refresh };
    });
  }

  me(user: AuthUser): CurrentUser {
    return {
      id: user.id,
      email: user.email,
      fullName: user.fullName,
      role: user.role,
      officeId: user.officeId,
      regionId: user.regionId,
      mustChangePassword: user.mustChangePassword,
    };
  }

  private tokenFor(user: UserRow, sessionId: string): LoginResponse {
    const accessToken = this.jwt.sign({ sub: user.id, sid: sessionId, role: user.role });
    return {
      accessToken,
      expiresIn: this.env.ACCESS_TOKEN_TTL_SECONDS,
      user: {
        id: user.id,
        email: user.email,
        fullName: user.full_name,
        role: user.role,
        officeId: user.office_id,
        regionId: user.region_id,
        mustChangePassword: user.must_change_password,
      },
    };
  }
}
