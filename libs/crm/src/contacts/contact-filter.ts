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
 * Adds the WHERE clauses of `filter` to a query over contacts aliased `alias`. Parameter names are prefixed
 * so the builder can be combined with others.
 */
export function applyContactFilter<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  filter: ContactFilter,
  alias = 'c',
): SelectQueryBuilder<T> {
  if (filter.q && filter.q.trim()) {
    // Each word must match somewhere; trigram index on search_text serves ILIKE '%…%'.
    foldForSearch(filter.q)
      .split(' ')
      .filter(Boolean)
      .slice(0, 8)
      .forEach((word, i) =>
        qb.andWhere(`${alias}.search_text LIKE :cf_q${i}`, { [`cf_q${i}`]: `%${escapeLike(word)}%` }),
      );
  }
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
