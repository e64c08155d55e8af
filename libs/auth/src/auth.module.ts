import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEntry } from './audit/audit-entry.entity';
import { AuditQueryService } from './audit/audit-query.service';
import { AuditService } from './audit/audit.service';
import { PasswordHasher } from './passwords/password-hasher';
import { LoginThrottleService } from './sessions/login-throttle.service';
import { LoginService } from './sessions/login.service';
import { SessionsService } from './sessions/sessions.service';
import { InitialAdminService } from './users/initial-admin.service';
import { UsersService } from './users/users.service';
import { LoginAttempt } from './sessions/login-attempt.entity';
import { Session } from './sessions/session.entity';
import { User } from './users/user.entity';

const AUTH_SERVICES = [
  AuditService,
  AuditQueryService,
  PasswordHasher,
  SessionsService,
  LoginThrottleService,
  LoginService,
  UsersService,
  InitialAdminService,
];

/** Global so every domain lib can write to the audit log. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([User, Session, LoginAttempt, AuditEntry])],
  providers: AUTH_SERVICES,
  exports: AUTH_SERVICES,
})
export class AuthModule {}
