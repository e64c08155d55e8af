import { AuditModule } from '@app/audit';
import { AuthModule } from '@app/auth';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditController } from '../audit/audit.controller';
import { UsersController } from '../users/users.controller';
import { AuthController } from './auth.controller';
import { InitialAdminBootstrap } from './initial-admin.bootstrap';
import { SessionGuard } from './session.guard';

/**
 * The HTTP side of staff login: the global session guard, login/logout, user admin, the audit log, and the
 * initial admin. Imported only by the API, so the worker gets no HTTP guard.
 */
@Module({
  imports: [AuthModule, AuditModule],
  controllers: [AuthController, UsersController, AuditController],
  providers: [{ provide: APP_GUARD, useClass: SessionGuard }, InitialAdminBootstrap],
})
export class AuthHttpModule {}
