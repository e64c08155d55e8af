import type { PageQuery } from '@app/common';
import type { OrganizationKind } from './organization.entity';

/** What staff (or an import) may set on an organisation. Absent fields are left unchanged on update. */
export interface OrganizationInput {
  kind?: OrganizationKind;
  name?: string;
  shortName?: string | null;
  regionId?: number | null;
  website?: string | null;
  notes?: string | null;
}

/** Filters of the organisation list, and its paging (by name). */
export interface OrganizationListQuery extends PageQuery {
  kind?: OrganizationKind;
  regionId?: number;
  /** Name or short name, case- and diacritic-insensitive. */
  q?: string;
}

/** How an organisation is shown: its region inlined and how many contacts it has. */
export interface OrganizationView {
  id: string;
  kind: OrganizationKind;
  name: string;
  shortName: string | null;
  regionId: number | null;
  region: { id: number; code: string; name: string } | null;
  website: string | null;
  notes: string | null;
  contactCount: number;
  createdAt: Date;
  updatedAt: Date;
}
