import { foldForSearch, isValidEmail, normaliseEmail } from '@app/common';
import {
  CONTACT_LANGUAGES,
  CONTACT_ROLES,
  ContactLanguage,
  ContactRole,
} from '../contacts/contact-vocabulary';
import { toE164 } from '../contacts/phone';
import type { OrganizationKind } from '../organizations/organization.entity';
import type { TabularRow } from '../tabular/tabular-reader';
import type { ColumnMapping, ImportField } from './import-columns';

/**
 * One person as read from a file row. A field that is undefined was empty (or had no column): an import never
 * wipes a stored value with an empty cell.
 */
export interface ImportedContact {
  line: number;
  email: string;
  firstName?: string;
  lastName?: string;
  /** E.164 */
  phone?: string;
  organizationName?: string;
  /** The kind the row states for its organisation; absent: the import's organizationKind applies. */
  organizationKind?: OrganizationKind;
  regionId?: number;
  roles?: ContactRole[];
  elected?: boolean;
  tags?: string[];
  title?: string;
  language?: ContactLanguage;
  notes?: string;
}

/**
 * Why a row was skipped, or a value of it dropped: the reason and the field, never the value itself. Row errors
 * are kept on the import for weeks and must not hold personal data (an address, a phone number) after the person
 * is erased; staff find the value on the row's line in their own file.
 */
export interface RowProblem {
  reason: string;
  field?: ImportField;
}

export type ImportRowResult =
  { ok: true; contact: ImportedContact; warnings: RowProblem[] } | ({ ok: false } & RowProblem);

const LIST_SEPARATORS = /[,;|]/;
const ROLE_BY_KEY = new Map<string, ContactRole>(CONTACT_ROLES.map((r) => [foldForSearch(r), r]));
const LANGUAGE_BY_KEY = new Map<string, ContactLanguage>([
  ['sv', 'sv'],
  ['svenska', 'sv'],
  ['swedish', 'sv'],
  ['se', 'sv'],
  ['en', 'en'],
  ['engelska', 'en'],
  ['english', 'en'],
]);
/** What people write for an organisation's kind, folded (foldForSearch): Swedish first, then English. */
const KIND_BY_KEY = new Map<string, OrganizationKind>([
  ['region', 'region'],
  ['regional', 'region'],
  ['landsting', 'region'],
  ['medlem', 'member'],
  ['medlemsorganisation', 'member'],
  ['member', 'member'],
  ['partner', 'partner'],
  ['samarbetspartner', 'partner'],
  ['samarbetsorganisation', 'partner'],
  ['annan', 'other'],
  ['ovrig', 'other'],
  ['other', 'other'],
]);
const UNKNOWN_KIND_REASON = 'Okänd organisationstyp (region, medlem, partner eller annan)';

/**
 * foldForSearch of a cell that names a role, kind, language or yes/no, remembered: a list repeats the same few
 * words on every row. Bounded, in case a column holds free text instead.
 */
const vocabularyKeys = new Map<string, string>();
function vocabularyKey(text: string): string {
  let key = vocabularyKeys.get(text);
  if (key === undefined) {
    if (vocabularyKeys.size >= 1000) vocabularyKeys.clear();
    key = foldForSearch(text);
    vocabularyKeys.set(text, key);
  }
  return key;
}

const YES = new Set(['ja', 'j', 'yes', 'y', 'true', 'sant', '1', 'x']);
const NO = new Set(['nej', 'n', 'no', 'false', 'falskt', '0']);

/**
 * Reads one data row into a contact, or says why it is skipped. Text is kept exactly as given apart from
 * surrounding whitespace: a cell like `=HYPERLINK("…")` or `<script>` is plain text here and is escaped or
 * neutralised where it is shown or exported, never interpreted on the way in.
 */
export function readImportRow(
  row: TabularRow,
  columns: ColumnMapping,
  matchRegion: (text: string) => { id: number } | null,
): ImportRowResult {
  if (row.error) return { ok: false, reason: row.error };
  const values = collect(row.cells, columns);
  const rawEmail = values.first.email;
  if (!rawEmail) return { ok: false, reason: 'E-postadress saknas', field: 'email' };
  const email = normaliseEmail(rawEmail.replace(/^mailto:/i, ''));
  if (!isValidEmail(email)) return { ok: false, reason: 'Ogiltig e-postadress', field: 'email' };

  const warnings: RowProblem[] = [];
  const first = (field: ImportField): string | undefined => values.first[field];
  const contact: ImportedContact = { line: row.line, email };
  contact.firstName = first('firstName');
  contact.lastName = first('lastName');
  contact.organizationName = first('organization');
  contact.title = first('title');
  contact.notes = first('notes');

  const kindText = first('organizationKind');
  if (kindText !== undefined) {
    const kind = KIND_BY_KEY.get(vocabularyKey(kindText));
    // Skipped, not imported under a guessed kind: the kind decides who counts as a member organisation.
    if (!kind) return { ok: false, reason: UNKNOWN_KIND_REASON, field: 'organizationKind' };
    if (contact.organizationName) contact.organizationKind = kind;
    else
      warnings.push({ reason: 'Organisationstyp utan organisation ignorerades', field: 'organizationKind' });
  }

  const phone = first('phone');
  if (phone !== undefined) {
    const e164 = toE164(phone);
    // Invalid phone: the person is still imported, without the number, and the row gets a warning.
    if (e164) contact.phone = e164;
    else warnings.push({ reason: 'Ogiltigt telefonnummer ignorerades', field: 'phone' });
  }

  const region = first('region');
  if (region !== undefined) {
    const match = matchRegion(region);
    if (match) contact.regionId = match.id;
    else warnings.push({ reason: 'Okänd region ignorerades', field: 'region' });
  }

  const roles = splitList(values.roles);
  if (roles.length > 0)
    contact.roles = unique(roles.map((r) => ROLE_BY_KEY.get(vocabularyKey(r)) ?? 'annan'));

  const tags = splitList(values.tags);
  if (tags.length > 0) contact.tags = unique(tags);

  const language = first('language');
  if (language !== undefined) {
    const lang = LANGUAGE_BY_KEY.get(vocabularyKey(language));
    if (lang && (CONTACT_LANGUAGES as readonly string[]).includes(lang)) contact.language = lang;
    else warnings.push({ reason: 'Okänt språk ignorerades (sv eller en)', field: 'language' });
  }

  const elected = first('elected');
  if (elected !== undefined) {
    const key = vocabularyKey(elected);
    if (YES.has(key)) contact.elected = true;
    else if (NO.has(key)) contact.elected = false;
    else
      warnings.push({
        reason: 'Okänt värde för förtroendevald ignorerades (ja eller nej)',
        field: 'elected',
      });
  }
  return { ok: true, contact, warnings };
}

/** A row's non-empty trimmed values: the first per field, and all of them, in column order, for the lists. */
interface Collected {
  first: Partial<Record<ImportField, string>>;
  roles?: string[];
  tags?: string[];
}

function collect(cells: string[], columns: ColumnMapping): Collected {
  const out: Collected = { first: {} };
  for (let i = 0; i < columns.length; i++) {
    const field = columns[i];
    if (!field) continue;
    const cell = cells[i];
    if (!cell) continue;
    const value = cell.trim();
    if (!value) continue;
    if (field === 'roles' || field === 'tags') {
      const list = out[field];
      if (list) list.push(value);
      else out[field] = [value];
    } else if (out.first[field] === undefined) {
      out.first[field] = value;
    }
  }
  return out;
}

function splitList(values: string[] | undefined): string[] {
  if (!values) return [];
  const out: string[] = [];
  for (const value of values) {
    if (!LIST_SEPARATORS.test(value)) {
      out.push(value); // already trimmed and non-empty
      continue;
    }
    for (const part of value.split(LIST_SEPARATORS)) {
      const item = part.trim();
      if (item) out.push(item);
    }
  }
  return out;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
