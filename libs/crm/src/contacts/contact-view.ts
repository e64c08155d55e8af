import type { SuppressionView } from '../suppressions/suppressions.service';
import type { Organization } from '../organizations/organization.entity';
import type { Region } from '../regions/region.entity';
import type { Contact } from './contact.entity';
import type { ContactView } from './contact-input';
import { formatSwedishPhone } from './phone';

/** What a contact view is made of: a Contact entity, or a row shaped like one (the list reads its page so). */
export type ContactViewSource = Omit<Contact, 'searchText' | 'organization' | 'region'> & {
  organization?: Pick<Organization, 'id' | 'name' | 'kind'> | null;
  region?: Pick<Region, 'id' | 'code' | 'name'> | null;
};

/**
 * Expects `organization` and `region` to be loaded when the ids are set, and the suppression of the contact's
 * address to be looked up (null: none).
 */
export function toContactView(c: ContactViewSource, suppression: SuppressionView | null): ContactView {
  return {
    id: c.id,
    firstName: c.firstName,
    lastName: c.lastName,
    email: c.email,
    phone: c.phone,
    phoneDisplay: formatSwedishPhone(c.phone),
    organizationId: c.organizationId,
    organization: c.organization
      ? { id: c.organization.id, name: c.organization.name, kind: c.organization.kind }
      : null,
    regionId: c.regionId,
    region: c.region ? { id: c.region.id, code: c.region.code, name: c.region.name } : null,
    roles: c.roles,
    elected: c.elected,
    title: c.title,
    language: c.language,
    tags: c.tags,
    customFields: c.customFields,
    notes: c.notes,
    legalBasis: c.legalBasis,
    source: c.source,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    suppression,
  };
}
