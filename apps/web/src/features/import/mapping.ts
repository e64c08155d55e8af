import type { Schemas } from '../../api/client';

export type ImportPreview = Schemas['ImportPreviewDto'];
export type PreviewColumn = Schemas['ImportPreviewColumnDto'];
export type ImportField = Schemas['ImportPreviewDto']['fields'][number];
/** What staff choose for a column: a contact field, or "ignore" (the API's IGNORE_COLUMN). */
export type ColumnChoice = ImportField | 'ignore';

export const IGNORE = 'ignore' as const;

/** The fields a column can fill, in the order staff think of them (the API's IMPORT_FIELDS). */
export const IMPORT_FIELDS: readonly ImportField[] = [
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
];

/**
 * The API's own header key (libs/crm import-columns headerKey): "E-post ", "e-post" and "E post" are one header.
 * A mapping is sent per header, so columns whose headers share a key always fill the same field.
 */
export function headerKey(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/gi, 'o')
    .replace(/æ/gi, 'ae')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** The suggestion, pre-filled: the field the API recognised for each column, else "ignore". */
export function initialChoices(columns: PreviewColumn[]): ColumnChoice[] {
  return columns.map((c) => c.suggested ?? IGNORE);
}

/** Chooses `choice` for column `index`, and for every column whose header the API takes for the same one. */
export function choose(
  columns: PreviewColumn[],
  choices: ColumnChoice[],
  index: number,
  choice: ColumnChoice,
): ColumnChoice[] {
  const key = headerKey(columns[index].header);
  return choices.map((current, i) =>
    i === index || headerKey(columns[i].header) === key ? choice : current,
  );
}

/**
 * The `mapping` form field: only the columns whose choice differs from what the API would do unasked (so the
 * request stays small however wide the file), keyed by the header as it is in the file. Null when staff kept
 * the suggestion for every column.
 */
export function mappingToSend(
  columns: PreviewColumn[],
  choices: ColumnChoice[],
): Record<string, string> | null {
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  columns.forEach((column, i) => {
    const key = headerKey(column.header);
    if (seen.has(key)) return;
    seen.add(key);
    if ((column.suggested ?? IGNORE) !== choices[i]) out[column.header] = choices[i];
  });
  return Object.keys(out).length > 0 ? out : null;
}

export type MappingProblem = { kind: 'noEmail' } | { kind: 'twice'; field: ImportField; headers: string[] };

/**
 * What stops an import before it is sent: no column for the e-mail address (the API refuses it), and, as a
 * warning, one field filled from several columns (the first non-empty wins, which is seldom what was meant).
 */
export function mappingProblems(columns: PreviewColumn[], choices: ColumnChoice[]): MappingProblem[] {
  const problems: MappingProblem[] = [];
  if (!choices.includes('email')) problems.push({ kind: 'noEmail' });
  const byField = new Map<ImportField, Set<string>>();
  choices.forEach((choice, i) => {
    if (choice === IGNORE) return;
    const keys = byField.get(choice) ?? new Set<string>();
    keys.add(columns[i].header);
    byField.set(choice, keys);
  });
  for (const [field, headers] of byField) {
    const distinct = new Set([...headers].map(headerKey));
    if (distinct.size > 1) problems.push({ kind: 'twice', field, headers: [...headers] });
  }
  return problems;
}

/** The first values of a column in the preview's rows, empty ones left out. */
export function examplesOf(preview: ImportPreview, index: number): string[] {
  return preview.rows.map((r) => r.cells[index] ?? '').filter((v) => v.trim() !== '');
}
