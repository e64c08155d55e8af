import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEntry } from './audit/audit-entry.entity';
import { AuditService } from './audit/audit.service';
import { LoginAttempt } from './sessions/login-attempt.entity';
import { Session } from './sessions/session.entity';
import { User } from './users/user.entity';

/** Global so every domain lib can write to the audit log. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([User, Session, LoginAttempt, AuditEntry])],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuthModule {}
