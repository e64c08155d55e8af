import type { SuppressionView } from '../suppressions/suppressions.service';
import type { Contact } from './contact.entity';
import type { ContactView } from './contact-input';
import { formatSwedishPhone } from './phone';

/**
 * Expects `organization` and `region` to be loaded when the ids are set, and the suppression of the contact's
 * address to be looked up (null: none).
 */
export function toContactView(c: Contact, suppression: SuppressionView | null): ContactView {
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
