import type { Schemas } from '../api/client';

type Contact = Schemas['ContactResponseDto'];
export type ContactRole = Contact['roles'][number];
export type ContactLanguage = Contact['language'];
export type OrganizationKind = Schemas['OrganizationResponseDto']['kind'];

/** The API's vocabularies, typed from its document (a value the API drops fails the type check here). */
export const CONTACT_ROLES: readonly ContactRole[] = [
  'kulturchef',
  'kulturdirektör',
  'förvaltningschef',
  'kulturstrateg',
  'kulturutvecklare',
  'handläggare',
  'nämndens ordförande',
  'ledamot',
  'regionråd',
  'medlem',
  'annan',
];
export const CONTACT_LANGUAGES: readonly ContactLanguage[] = ['sv', 'en'];
export const ORGANIZATION_KINDS: readonly OrganizationKind[] = ['member', 'partner', 'region', 'other'];

export function fullName(contact: { firstName: string; lastName: string }): string {
  return `${contact.firstName} ${contact.lastName}`.trim();
}
