import { useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../../api/client';
import { useApi } from '../../api/context';
import { ApiError } from '../../api/errors';
import type { Schemas } from '../../api/client';

export type SessionUser = Schemas['SessionUserDto'];

export const SESSION_KEY = ['session'] as const;

/** The logged-in staff member, or null when there is no session (GET /api/auth/me answers 401). */
export function useSession() {
  const api = useApi();
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async (): Promise<SessionUser | null> => {
      try {
        return (await unwrap(api.GET('/api/auth/me'))).user;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function useSetSession() {
  const queryClient = useQueryClient();
  return (user: SessionUser | null) => queryClient.setQueryData(SESSION_KEY, user);
}

/** Where to go after logging in: a path of this app only (never another site: "//evil" or "https://…"). */
export function safeReturnPath(value: string | null): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (value.startsWith('/logga-in')) return '/';
  return value;
}

export function loginPathFor(location: { pathname: string; search: string }): string {
  const back = `${location.pathname}${location.search}`;
  return back === '/' ? '/logga-in' : `/logga-in?till=${encodeURIComponent(back)}`;
}

export type StaffRole = SessionUser['role'];

const RANK: Record<StaffRole, number> = { viewer: 0, editor: 1, admin: 2 };

/** Whether a staff role may do what `needed` may: an admin may do everything, an editor all but admin work. */
export function roleAtLeast(role: StaffRole | undefined, needed: StaffRole): boolean {
  return role !== undefined && RANK[role] >= RANK[needed];
}

/**
 * Whether the logged-in staff member may use a control that needs `needed` (the API checks again; this only keeps
 * a viewer from buttons that would answer 403).
 */
export function useCan(needed: StaffRole): boolean {
  const { data } = useSession();
  return roleAtLeast(data?.role ?? undefined, needed);
}
