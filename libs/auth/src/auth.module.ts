import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEntry } from './audit/audit-entry.entity';
import { LoginAttempt } from './sessions/login-attempt.entity';
import { Session } from './sessions/session.entity';
import { User } from './users/user.entity';

@Module({
  imports: [TypeOrmModule.forFeature([User, Session, LoginAttempt, AuditEntry])],
  providers: [],
  exports: [],
})
export class AuthModule {}
