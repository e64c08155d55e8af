import type { PageQuery } from '@app/common';
import type { OrganizationKind } from '../organizations/organization.entity';
import type { SuppressionView } from '../suppressions/suppressions.service';
import type { ContactFilter } from './contact-filter';
import type { ContactLanguage, ContactRole } from './contact-vocabulary';

/**
 * What staff may set on a contact. On update, an absent (undefined) field is left unchanged and null clears it.
 * Email and phone are given as typed; the service normalises them.
 */
export interface ContactInput {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  organizationId?: string | null;
  regionId?: number | null;
  roles?: ContactRole[] | null;
  elected?: boolean | null;
  title?: string | null;
  language?: ContactLanguage;
  tags?: string[] | null;
  customFields?: Record<string, unknown> | null;
  notes?: string | null;
  legalBasis?: string | null;
  source?: string | null;
}

export const CONTACT_SORTS = ['name', 'createdAt', 'updatedAt', 'email'] as const;
export type ContactSort = (typeof CONTACT_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

/** `limit` 1–500 (default 50); `cursor` the nextCursor of the previous page. */
export interface ContactPageQuery extends PageQuery {
  filter?: ContactFilter;
  sort?: ContactSort;
  order?: SortOrder;
  /**
   * Count every match exactly, however many there are. Without it the total is exact up to
   * EXACT_TOTAL_THRESHOLD matches and PostgreSQL's estimate above (flagged totalIsEstimate).
   */
  count?: boolean;
}

/** How a contact is shown to staff and exported to the person themself. */
export interface ContactView {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  /** E.164. */
  phone: string | null;
  /** Swedish style, e.g. "070-426 45 31". */
  phoneDisplay: string | null;
  organizationId: string | null;
  organization: { id: string; name: string; kind: OrganizationKind } | null;
  regionId: number | null;
  region: { id: number; code: string; name: string } | null;
  roles: ContactRole[];
  elected: boolean;
  title: string | null;
  language: ContactLanguage;
  tags: string[];
  customFields: Record<string, unknown>;
  notes: string | null;
  legalBasis: string | null;
  source: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** Whether the address may not be mailed, why and since when; null when it may (or there is none). */
  suppression: SuppressionView | null;
}
