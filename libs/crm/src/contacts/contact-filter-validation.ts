import { AppException } from '@app/common';
import { ORGANIZATION_KINDS, OrganizationKind } from '../organizations/organization.entity';
import type { ContactFilter } from './contact-filter';
import { CONTACT_LANGUAGES, CONTACT_ROLES, ContactLanguage, ContactRole } from './contact-vocabulary';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const CONTACT_FILTER_FIELDS = [
  'q',
  'organizationId',
  'organizationKind',
  'regionId',
  'role',
  'tag',
  'language',
  'elected',
  'listId',
] as const satisfies readonly (keyof ContactFilter)[];

/**
 * Checks a filter that arrives as data (a saved segment, a request body, a stored campaign audience): every
 * field has the right type and vocabulary, and unknown fields are refused rather than silently ignored, because
 * an ignored field would widen an audience without anyone noticing. Errors name the field (`filter.<name>`).
 */
export function parseContactFilter(raw: unknown, path = 'filter'): ContactFilter {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw AppException.validation(`Fältet ${path} måste vara ett objekt`, { field: path });
  }
  const input = raw as Record<string, unknown>;
  const unknown = Object.keys(input).filter((k) => !(CONTACT_FILTER_FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw AppException.validation(`Okända fält i ${path}: ${unknown.join(', ')}`, {
      field: path,
      unknownFields: unknown,
    });
  }
  const bad = (field: string, what: string): AppException =>
    AppException.validation(`Fältet ${path}.${field} ${what}`, { field: `${path}.${field}` });
  const out: ContactFilter = {};
  const str = (field: string): string | undefined => {
    const v = input[field];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw bad(field, 'måste vara text');
    return v;
  };
  const q = str('q');
  if (q !== undefined) {
    if (q.length > 200) throw bad('q', 'får vara högst 200 tecken');
    if (q.trim()) out.q = q.trim();
  }
  for (const field of ['organizationId', 'listId'] as const) {
    const v = str(field);
    if (v !== undefined) {
      if (!UUID_RE.test(v)) throw bad(field, 'måste vara ett UUID');
      out[field] = v.toLowerCase();
    }
  }
  const kind = str('organizationKind');
  if (kind !== undefined) {
    if (!ORGANIZATION_KINDS.includes(kind as OrganizationKind)) {
      throw bad('organizationKind', `måste vara en av ${ORGANIZATION_KINDS.join(', ')}`);
    }
    out.organizationKind = kind as OrganizationKind;
  }
  const role = str('role');
  if (role !== undefined) {
    if (!CONTACT_ROLES.includes(role as ContactRole)) {
      throw bad('role', `måste vara en av ${CONTACT_ROLES.join(', ')}`);
    }
    out.role = role as ContactRole;
  }
  const tag = str('tag');
  if (tag !== undefined && tag.trim()) out.tag = tag.trim();
  const language = str('language');
  if (language !== undefined) {
    if (!CONTACT_LANGUAGES.includes(language as ContactLanguage)) {
      throw bad('language', `måste vara en av ${CONTACT_LANGUAGES.join(', ')}`);
    }
    out.language = language as ContactLanguage;
  }
  const regionId = input.regionId;
  if (regionId !== undefined && regionId !== null) {
    if (typeof regionId !== 'number' || !Number.isInteger(regionId) || regionId < 1 || regionId > 32767) {
      throw bad('regionId', 'måste vara ett heltal');
    }
    out.regionId = regionId;
  }
  const elected = input.elected;
  if (elected !== undefined && elected !== null) {
    if (typeof elected !== 'boolean') throw bad('elected', 'måste vara true eller false');
    out.elected = elected;
  }
  return out;
}
