import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
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
  PasswordHasher,
  SessionsService,
  LoginThrottleService,
  LoginService,
  UsersService,
  InitialAdminService,
];

@Module({
  imports: [AuditModule, TypeOrmModule.forFeature([User, Session, LoginAttempt])],
  providers: AUTH_SERVICES,
  exports: AUTH_SERVICES,
})
export class AuthModule {}
