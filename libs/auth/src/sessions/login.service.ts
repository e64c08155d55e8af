import { AppErrorCode, AppException, normaliseEmail } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { PasswordHasher } from '../passwords/password-hasher';
import type { UserRole } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { LoginThrottleService } from './login-throttle.service';
import { SessionsService } from './sessions.service';

export const INVALID_CREDENTIALS_MESSAGE = 'Fel e-postadress eller lösenord';

export interface LoginMeta {
  ip: string | null;
  userAgent: string | null;
}

export interface LoginResult {
  user: { id: string; email: string; name: string; role: UserRole };
  token: string;
  expiresAt: Date;
}

/** Thrown when login is throttled; carries the Retry-After seconds for the HTTP edge. */
export class TooManyLoginAttemptsException extends AppException {
  constructor(readonly retryAfterSeconds: number) {
    super(
      AppErrorCode.TOO_MANY_ATTEMPTS,
      `För många misslyckade inloggningsförsök härifrån. Vänta ${waitText(retryAfterSeconds)} och försök igen.`,
      { retryAfterSeconds },
    );
  }
}

function waitText(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? '1 sekund' : `${seconds} sekunder`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minut' : `${minutes} minuter`;
}

/**
 * Password login. Unknown email, wrong password and inactive account all give the same error after the same
 * amount of hashing work, so the answer does not reveal which accounts exist.
 */
@Injectable()
export class LoginService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottleService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async login(rawEmail: string, password: string, meta: LoginMeta): Promise<LoginResult> {
    // Cap what reaches the log and the throttle table; nobody's address is this long.
    const email = normaliseEmail(rawEmail).slice(0, 320);
    const actor = { email, ip: meta.ip };

    const decision = await this.dataSource.transaction((m) => this.throttle.reserve(m, email, meta.ip));
    if (!decision.allowed) {
      await this.audit.record({
        action: 'auth.login.failed',
        actor,
        details: { email, reason: 'throttled', retryAfterSeconds: decision.retryAfterSeconds },
      });
      throw new TooManyLoginAttemptsException(decision.retryAfterSeconds);
    }
    // Others are guessing at this account (or this address at many): every attempt is slowed, none refused.
    if (decision.stallMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.stallMs));

    const user = await this.users.findForLogin(email);
    const ok = user
      ? (await this.hasher.verify(user.passwordHash, password)) && user.active
      : await this.hasher.verifyDummy(password);
    if (!user || !ok) {
      await this.audit.record({
        action: 'auth.login.failed',
        actor: { ...actor, userId: user?.id ?? null },
        details: { email, reason: !user ? 'unknown_user' : user.active ? 'wrong_password' : 'inactive' },
      });
      throw new AppException(AppErrorCode.INVALID_CREDENTIALS, INVALID_CREDENTIALS_MESSAGE);
    }

    return this.dataSource.transaction(async (m) => {
      await this.throttle.markSucceeded(m, decision.attemptId);
      const session = await this.sessions.create(user.id, meta, m);
      await this.audit.record(
        {
          action: 'auth.login.succeeded',
          actor: { userId: user.id, email: user.email, ip: meta.ip },
          targetType: 'user',
          targetId: user.id,
        },
        m,
      );
      return {
        user: { id: user.id, email: user.email, name: user.name, role: user.role },
        token: session.token,
        expiresAt: session.expiresAt,
      };
    });
  }

  /** Revokes the session behind the cookie (if any is live) and audits it. Idempotent. */
  async logout(token: unknown, meta: LoginMeta): Promise<void> {
    const revoked = await this.sessions.revokeByToken(token);
    if (revoked) {
      await this.audit.record({
        action: 'auth.logout',
        actor: { userId: revoked.userId, email: revoked.email, ip: meta.ip },
        targetType: 'user',
        targetId: revoked.userId,
      });
    }
  }
}
