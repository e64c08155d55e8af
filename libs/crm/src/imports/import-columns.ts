import { AppException, foldForSearch } from '@app/common';
import { echo } from '../tabular/tabular-limits';

/** The contact fields an import column can fill. */
export const IMPORT_FIELDS = [
  'email',
  'firstName',
  'lastName',
  'organization',
  'organizationKind',
  'region',
  'phone',
  'roles',
  'elected',
  'tags',
  'title',
  'language',
  'notes',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** In an explicit mapping, "ignore" (or an empty string) drops a column. */
export const IGNORE_COLUMN = 'ignore';

/**
 * Known headers, keyed by headerKey(): Swedish Excel lists, Mailchimp's audience export ("Email Address",
 * "First Name", "Last Name", "Phone Number", "TAGS"), and plain English.
 */
const KNOWN_HEADERS: Record<ImportField, string[]> = {
  email: [
    'E-post',
    'Epost',
    'E-postadress',
    'Epostadress',
    'Mejl',
    'Mejladress',
    'Mail',
    'Mailadress',
    'Email',
    'E-mail',
    'Email Address',
    'E-mail Address',
  ],
  firstName: ['Förnamn', 'First Name', 'Firstname', 'Given Name'],
  lastName: ['Efternamn', 'Last Name', 'Lastname', 'Surname', 'Family Name'],
  organization: [
    'Organisation',
    'Organization',
    'Organisationsnamn',
    'Förening',
    'Förbund',
    'Medlemsorganisation',
    'Company',
  ],
  // The kind of the row's organisation (member, partner, region, other): one file may mix them.
  organizationKind: [
    'Organisationstyp',
    'Typ',
    'Kind',
    'Organisationskategori',
    'Organization type',
    'Organisation type',
  ],
  region: ['Region', 'Län', 'County'],
  phone: [
    'Telefon',
    'Telefonnummer',
    'Tel',
    'Mobil',
    'Mobilnummer',
    'Mobiltelefon',
    'Phone',
    'Phone Number',
    'Mobile',
  ],
  roles: ['Roll', 'Roller', 'Role', 'Roles'],
  elected: ['Förtroendevald', 'Elected'],
  tags: ['Taggar', 'Tagg', 'Tags', 'Tag'],
  title: ['Titel', 'Befattning', 'Title', 'Job Title'],
  language: ['Språk', 'Language'],
  notes: ['Anteckningar', 'Anteckning', 'Kommentar', 'Notes', 'Note'],
};

/** "E-post ", "e-post", "EPOST" and "E post" are one header: folded, letters and digits only. */
export function headerKey(header: string): string {
  return foldForSearch(header).replace(/[^a-z0-9]/g, '');
}

const FIELD_BY_KEY = new Map<string, ImportField>(
  (Object.entries(KNOWN_HEADERS) as [ImportField, string[]][]).flatMap(([field, headers]) =>
    headers.map((h) => [headerKey(h), field] as const),
  ),
);

/** Which field each column fills (null: ignored). Several columns may fill one field; the first non-empty wins. */
export type ColumnMapping = (ImportField | null)[];

/**
 * Maps a file's header row to contact fields. An explicit mapping ({header: field}) from the request wins over
 * recognition; its headers are matched like recognised ones (any case, spaces, diacritics). Columns that are
 * neither recognised nor mapped are ignored (not kept in custom fields: an unknown column is more often noise,
 * such as Mailchimp's MEMBER_RATING or OPTIN_TIME, than data staff want on the person).
 */
export function mapColumns(header: string[], explicit?: Record<string, string> | null): ColumnMapping {
  const explicitByKey = new Map<string, ImportField | null>();
  for (const [h, field] of Object.entries(explicit ?? {})) {
    explicitByKey.set(headerKey(h), parseMappedField(h, field));
  }
  return header.map((h) => {
    const key = headerKey(h);
    if (explicitByKey.has(key)) return explicitByKey.get(key) ?? null;
    return FIELD_BY_KEY.get(key) ?? null;
  });
}

function parseMappedField(header: string, field: string): ImportField | null {
  const f = field.trim();
  if (f === '' || f === IGNORE_COLUMN) return null;
  if ((IMPORT_FIELDS as readonly string[]).includes(f)) return f as ImportField;
  throw AppException.validation(
    `Okänt fält "${echo(field, 60)}" för kolumnen "${echo(header, 60)}" i kolumnmappningen. Tillåtna fält: ${IMPORT_FIELDS.join(', ')} eller ${IGNORE_COLUMN}.`,
    { header: echo(header), field: echo(field) },
  );
}

/** Parses and checks the `mapping` form field: a JSON object of strings, or nothing. */
export function parseMappingJson(raw: string | undefined | null): Record<string, string> | null {
  if (raw === undefined || raw === null || raw.trim() === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw AppException.validation('Kolumnmappningen (fältet "mapping") är inte giltig JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw AppException.validation(
      'Kolumnmappningen (fältet "mapping") måste vara ett JSON-objekt {"rubrik i filen": "fält"}.',
    );
  }
  const out: Record<string, string> = {};
  for (const [header, field] of Object.entries(value)) {
    if (typeof field !== 'string') {
      throw AppException.validation(
        `Kolumnmappningen för "${echo(header, 60)}" måste vara en text (fältnamn).`,
      );
    }
    parseMappedField(header, field);
    out[header] = field;
  }
  return out;
}
