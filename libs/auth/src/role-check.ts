import type { UserRole } from './users/user.entity';

/**
 * The role rule of the session guard: no @Roles means any logged-in role; otherwise the role must be listed.
 * Admin may do everything.
 */
export function roleAllows(required: readonly UserRole[] | undefined, role: UserRole): boolean {
  if (role === 'admin') return true;
  if (!required || required.length === 0) return true;
  return required.includes(role);
}
