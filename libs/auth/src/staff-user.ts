import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { AuditActor } from '@app/audit';
import type { UserRole } from './users/user.entity';

/** The logged-in staff member as the session guard puts it on the request. */
export interface StaffUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  sessionId: string;
}

export type RequestWithStaff = Request & { staff?: StaffUser };

export const IS_PUBLIC = 'crm:is-public';
export const REQUIRED_ROLES = 'crm:roles';

/** No session needed (health, login, public response pages). Everything else requires one. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the handler. Without @Roles, any logged-in role may (read-only endpoints). */
export const Roles = (...roles: UserRole[]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_ROLES, roles);

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): StaffUser | undefined => {
    return ctx.switchToHttp().getRequest<RequestWithStaff>().staff;
  },
);

/** The audit actor of the current request: who and from where. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): AuditActor => {
  const req = ctx.switchToHttp().getRequest<RequestWithStaff>();
  return { userId: req.staff?.id ?? null, email: req.staff?.email ?? null, ip: req.ip ?? null };
});
