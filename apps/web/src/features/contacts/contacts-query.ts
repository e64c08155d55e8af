import { queryOptions } from '@tanstack/react-query';
import { unwrap } from '../../api/client';
import type { ApiClient } from '../../api/client';
import type { ContactLanguage, ContactRole, OrganizationKind } from '../../lib/vocabulary';

export const CONTACTS_PAGE_SIZE = 50;
export type ContactsSort = 'name' | 'email' | 'createdAt' | 'updatedAt';

export interface ContactsFilter {
  q?: string;
  organizationKind?: OrganizationKind;
  regionId?: number;
  role?: ContactRole;
  tag?: string;
  language?: ContactLanguage;
  sort: ContactsSort;
  order: 'asc' | 'desc';
}

/**
 * The list's filter as the address holds it. The page passes its debounced search and tag (which start as the
 * address's), so its first request is exactly the one the route's loader started.
 */
export function contactsFilterFrom(
  params: URLSearchParams,
  typed: { q?: string; tag?: string } = {},
): ContactsFilter {
  const q = typed.q ?? params.get('q')?.trim();
  const tag = typed.tag ?? params.get('tag')?.trim();
  return {
    q: q || undefined,
    organizationKind: (params.get('organizationKind') as OrganizationKind | null) ?? undefined,
    regionId: params.get('regionId') ? Number(params.get('regionId')) : undefined,
    role: (params.get('role') as ContactRole | null) ?? undefined,
    tag: tag || undefined,
    language: (params.get('language') as ContactLanguage | null) ?? undefined,
    sort: (params.get('sort') as ContactsSort | null) ?? 'name',
    order: params.get('order') === 'desc' ? 'desc' : 'asc',
  };
}

/** One page of the register: shared by the page and the route's loader, which starts it before the page's code. */
export function contactsQuery(api: ApiClient, filter: ContactsFilter, cursor: string | undefined) {
  return queryOptions({
    queryKey: ['contacts', filter, cursor ?? null],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/contacts', {
          params: { query: { ...filter, limit: CONTACTS_PAGE_SIZE, cursor } },
          signal,
        }),
      ),
  });
}
