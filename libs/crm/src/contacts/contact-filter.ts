import { foldForSearch } from '@app/common';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { OrganizationKind } from '../organizations/organization.entity';
import type { ContactLanguage, ContactRole } from './contact-vocabulary';

/**
 * The one filter over contacts: used by the contact list, exports, saved segments and (later) campaign audiences.
 * Every field is optional; the fields present are combined with AND.
 */
export interface ContactFilter {
  /** Free text: name, email, organisation; case- and diacritic-insensitive ("oberg" finds "Öberg"). */
  q?: string;
  organizationId?: string;
  organizationKind?: OrganizationKind;
  regionId?: number;
  role?: ContactRole;
  tag?: string;
  language?: ContactLanguage;
  elected?: boolean;
  listId?: string;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The free-text part of `filter` as one SQL condition with its parameters, or null when there is none: each
 * word must match somewhere in the folded search_text (the trigram index serves LIKE '%…%').
 */
export function contactSearchCondition(
  filter: ContactFilter,
  alias = 'c',
): { sql: string; params: Record<string, string> } | null {
  if (!filter.q || !filter.q.trim()) return null;
  const words = foldForSearch(filter.q).split(' ').filter(Boolean).slice(0, 8);
  if (words.length === 0) return null;
  const params: Record<string, string> = {};
  words.forEach((word, i) => (params[`cf_q${i}`] = `%${escapeLike(word)}%`));
  return { sql: words.map((_, i) => `${alias}.search_text LIKE :cf_q${i}`).join(' AND '), params };
}

/**
 * Adds the WHERE clauses of `filter` to a query over contacts aliased `alias`. Parameter names are prefixed
 * so the builder can be combined with others. `search: false` leaves the free text out, for a caller that
 * applies contactSearchCondition itself.
 */
export function applyContactFilter<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  filter: ContactFilter,
  alias = 'c',
  options: { search?: boolean } = {},
): SelectQueryBuilder<T> {
  const search = options.search === false ? null : contactSearchCondition(filter, alias);
  if (search) qb.andWhere(search.sql, search.params);
  if (filter.organizationId)
    qb.andWhere(`${alias}.organization_id = :cf_org`, { cf_org: filter.organizationId });
  if (filter.organizationKind) {
    qb.andWhere(
      `EXISTS (SELECT 1 FROM organizations cf_o WHERE cf_o.id = ${alias}.organization_id AND cf_o.kind = :cf_kind)`,
      { cf_kind: filter.organizationKind },
    );
  }
  if (filter.regionId !== undefined)
    qb.andWhere(`${alias}.region_id = :cf_region`, { cf_region: filter.regionId });
  if (filter.role) qb.andWhere(`${alias}.roles @> ARRAY[:cf_role]::text[]`, { cf_role: filter.role });
  if (filter.tag) qb.andWhere(`${alias}.tags @> ARRAY[:cf_tag]::text[]`, { cf_tag: filter.tag });
  if (filter.language) qb.andWhere(`${alias}.language = :cf_lang`, { cf_lang: filter.language });
  if (filter.elected !== undefined)
    qb.andWhere(`${alias}.elected = :cf_elected`, { cf_elected: filter.elected });
  if (filter.listId) {
    qb.andWhere(
      `EXISTS (SELECT 1 FROM contact_list_members cf_m WHERE cf_m.contact_id = ${alias}.id AND cf_m.list_id = :cf_list)`,
      { cf_list: filter.listId },
    );
  }
  return qb;
}

/** The folded text that search matches: kept in contacts.search_text, recomputed on every write. */
export function contactSearchText(parts: {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  organizationName?: string | null;
}): string {
  return foldForSearch(
    [parts.firstName, parts.lastName, parts.email, parts.organizationName].filter(Boolean).join(' '),
  );
}
