import { useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../../api/client';
import { useApi } from '../../api/context';
import { ApiError } from '../../api/errors';
import type { Schemas } from '../../api/client';

export type SessionUser = Schemas['SessionUserDto'];

export const SESSION_KEY = ['session'] as const;

const REMEMBERED_KEY = 'crm.session.v1';

/**
 * Who was logged in on this browser, kept for one case only: the app opened without a network (a check-in
 * phone at a door with no signal, the app itself from the service worker). Then the session cannot be asked
 * for, and the app shows as the person it last showed, whose requests simply wait for the network; the API
 * decides again on every request. Only what the shell shows (name, e-mail, role), gone at logout and at a 401.
 */
export function rememberSession(user: SessionUser | null): void {
  try {
    if (user) localStorage.setItem(REMEMBERED_KEY, JSON.stringify(user));
    else localStorage.removeItem(REMEMBERED_KEY);
  } catch {
    // Private browsing without storage: the app then needs the network to open, as before.
  }
}

function rememberedSession(): SessionUser | null {
  try {
    const kept = localStorage.getItem(REMEMBERED_KEY);
    return kept ? (JSON.parse(kept) as SessionUser) : null;
  } catch {
    return null;
  }
}

/**
 * The logged-in staff member, or null when there is no session (GET /api/auth/me answers 401). When the API
 * cannot be reached at all (no network: not an answer of the API's), the remembered one, if there is one.
 */
export function useSession() {
  const api = useApi();
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async (): Promise<SessionUser | null> => {
      try {
        const user = (await unwrap(api.GET('/api/auth/me'))).user;
        rememberSession(user);
        return user;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) {
          rememberSession(null);
          return null;
        }
        const remembered = err instanceof ApiError && err.status === 0 ? rememberedSession() : null;
        if (remembered) return remembered;
        throw err;
      }
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function useSetSession() {
  const queryClient = useQueryClient();
  return (user: SessionUser | null) => {
    rememberSession(user);
    queryClient.setQueryData(SESSION_KEY, user);
  };
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
