import { AppException, AppErrorCode } from '@app/common';
import {
  IS_PUBLIC,
  REQUIRED_ROLES,
  RequestWithStaff,
  roleAllows,
  SESSION_COOKIE,
  SessionsService,
  UserRole,
} from '@app/auth';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

/**
 * Global HTTP guard of the API: every handler needs a live session unless marked @Public(), and a role
 * listed in @Roles(...) when that is present (admin always passes). Registered only by the API, never the worker.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const req = context.switchToHttp().getRequest<RequestWithStaff>();
    const cookies = req.cookies as Record<string, unknown> | undefined;
    const staff = await this.sessions.resolve(cookies?.[SESSION_COOKIE]);
    if (!staff) {
      throw new AppException(
        AppErrorCode.UNAUTHENTICATED,
        'Du är inte inloggad eller så har sessionen gått ut. Logga in igen.',
      );
    }
    req.staff = staff;

    const required = this.reflector.getAllAndOverride<UserRole[] | undefined>(REQUIRED_ROLES, targets);
    if (!roleAllows(required, staff.role)) {
      throw AppException.forbidden(
        `Din roll (${staff.role}) får inte göra detta; det kräver rollen ${required?.join(' eller ')}`,
      );
    }
    return true;
  }
}
