import { AppErrorCode, AppException } from '@app/common';
import { ByteSource, readAll, SOURCE_SLICE_BYTES, withHead } from '../tabular/byte-source';
import { NotUtf8AfterAll, TextEncoding } from '../tabular/decode-text';
import { sniffFileKind } from '../tabular/sniff-file-kind';
import { echo, echoList } from '../tabular/tabular-limits';
import {
  openCsvSource,
  openXlsx,
  previewCsv,
  previewXlsx,
  TabularFile,
  TabularPreview,
} from '../tabular/tabular-reader';
import { ColumnMapping, mapColumns } from './import-columns';

export interface OpenedImport {
  file: TabularFile;
  columns: ColumnMapping;
}

type ReadableKind = 'csv' | 'xlsx';

/** Refuses what cannot be an import by its first bytes: empty, binary or old .xls. */
function readableKind(bytes: Uint8Array): ReadableKind {
  const kind = sniffFileKind(bytes);
  if (kind === 'empty') throw AppException.validation('Filen är tom.');
  if (kind === 'binary') {
    throw new AppException(
      AppErrorCode.UNSUPPORTED_FILE,
      'Filen är varken CSV eller Excel (XLSX). Spara listan som "CSV UTF-8" eller "Excel-arbetsbok (.xlsx)" och försök igen.',
    );
  }
  if (kind === 'xls') {
    throw new AppException(
      AppErrorCode.UNSUPPORTED_FILE,
      'Det äldre Excel-formatet .xls stöds inte. Spara filen som "Excel-arbetsbok (.xlsx)" eller "CSV UTF-8" och försök igen.',
    );
  }
  return kind;
}

/** Errors of reading the stored file itself (the database), which say nothing about the file's content. */
const sourceFailures = new WeakSet<object>();

function watched(source: ByteSource): ByteSource {
  return {
    size: source.size,
    read: (offset, length) =>
      source.read(offset, length).catch((err: unknown) => {
        if (typeof err === 'object' && err !== null) sourceFailures.add(err);
        throw err;
      }),
  };
}

/**
 * A reader's own refusals (a decompression bomb, a damaged archive) pass, and so do failures to read the stored
 * file (the job is retried); anything else is "unreadable".
 */
async function reading<T>(kind: ReadableKind, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof AppException || err instanceof NotUtf8AfterAll) throw err;
    if (typeof err === 'object' && err !== null && sourceFailures.has(err)) throw err;
    throw new AppException(
      AppErrorCode.UNSUPPORTED_FILE,
      kind === 'xlsx'
        ? 'Excel-filen kunde inte läsas. Kontrollera att det är en .xlsx-arbetsbok och att den inte är lösenordsskyddad.'
        : 'Filen kunde inte läsas som CSV.',
    );
  }
}

/** The columns of a header row, or why the file cannot be imported with it. Echoes at most MAX_ECHO_CHARS a header. */
function columnsOf(header: string[], mapping?: Record<string, string> | null): ColumnMapping {
  if (header.every((h) => h === '')) throw AppException.validation('Filen är tom.');
  const columns = mapColumns(header, mapping);
  if (!columns.includes('email')) {
    const found = echoList(header.filter(Boolean));
    throw AppException.validation(
      `Filen saknar en kolumn för e-postadress. Rubrikerna som hittades: ${echo(found.join(', '))}. ` +
        'Döp kolumnen till "E-post" eller ange en kolumnmappning.',
      { headers: found },
    );
  }
  return columns;
}

/** Bytes of a file's beginning that tell what kind of file it is. */
const KIND_SNIFF_BYTES = 64 * 1024;

/**
 * Opens a stored file for the import job, streaming, and refuses what cannot be an import with a message staff
 * can act on: empty, binary, old .xls, unreadable or oversized XLSX, or no column for the email address. A CSV
 * file is read a slice at a time and never held whole (see openCsvSource for NotUtf8AfterAll and `encoding`);
 * an XLSX archive is (it is read from its directory at the end, and is a fraction of the size of the same list
 * as CSV).
 */
export async function openImportFile(
  stored: ByteSource,
  mapping?: Record<string, string> | null,
  encoding?: TextEncoding,
): Promise<OpenedImport> {
  const watchedSource = watched(stored);
  const first = await watchedSource.read(0, SOURCE_SLICE_BYTES);
  const source = withHead(watchedSource, first);
  const head = first.subarray(0, KIND_SNIFF_BYTES);
  // A beginning of only whitespace in a longer file is not yet an empty file: the reader decides.
  const kind = head.length < source.size && sniffFileKind(head) === 'empty' ? 'csv' : readableKind(head);
  const file = await reading(kind, async () =>
    kind === 'xlsx' ? openXlsx(await readAll(source)) : openCsvSource(source, encoding),
  );
  return { file, columns: columnsOf(file.header, mapping) };
}

/**
 * The upload check, on the HTTP request: everything openImportFile refuses, plus a file with a header but no
 * rows. It reads only the beginning of the file, within a fixed budget (an XLSX archive's directory, its
 * worksheet up to the first data row and the strings those cells use; a CSV file's first 256 KB), so an upload
 * costs the same few milliseconds however large or hostile the file. When the beginning is not enough to tell,
 * the upload is accepted and the import job, which reads everything, says what is wrong.
 */
export async function checkImportFile(
  bytes: Uint8Array,
  mapping?: Record<string, string> | null,
): Promise<void> {
  const kind = readableKind(bytes);
  const preview: TabularPreview | null = await reading(kind, () =>
    kind === 'xlsx' ? previewXlsx(bytes) : previewCsv(bytes),
  );
  if (!preview) return;
  columnsOf(preview.header, mapping);
  if (preview.rows.length === 0)
    throw AppException.validation('Filen innehåller bara en rubrikrad och inga kontakter.');
}

/** Data rows an import preview shows. */
export const IMPORT_PREVIEW_ROWS = 5;

/** What a file would be imported as, before it is: its columns, what each would fill, and its first rows. */
export interface ImportFilePreview {
  format: 'csv' | 'xlsx';
  header: string[];
  /** The recognised field of each column (null: ignored unless mapped), as the import would map it unasked. */
  suggested: ColumnMapping;
  /** Up to IMPORT_PREVIEW_ROWS data rows, each with one cell per column (cut at MAX_ECHO_CHARS). */
  rows: { line: number; cells: string[] }[];
}

/**
 * The mapping step's preview: the same checks as the upload (empty, binary, old .xls, unreadable, header only),
 * within the same reading budget, except a missing e-mail column, which a mapping may still supply. A file
 * whose first rows do not fit in that budget is refused with a message saying so.
 */
export async function previewImportFile(bytes: Uint8Array): Promise<ImportFilePreview> {
  const kind = readableKind(bytes);
  const preview = await reading(kind, () =>
    kind === 'xlsx' ? previewXlsx(bytes, IMPORT_PREVIEW_ROWS) : previewCsv(bytes, IMPORT_PREVIEW_ROWS),
  );
  if (!preview) {
    throw AppException.validation(
      'Filens första rader är för långa för att kunna förhandsvisas. Kontrollera att det är en kontaktlista.',
    );
  }
  if (preview.header.every((h) => h === '')) throw AppException.validation('Filen är tom.');
  const readable = preview.rows.filter((r) => !r.error);
  if (readable.length === 0)
    throw AppException.validation('Filen innehåller bara en rubrikrad och inga kontakter.');
  const width = preview.header.length;
  return {
    format: preview.format,
    header: preview.header,
    suggested: mapColumns(preview.header),
    rows: readable.slice(0, IMPORT_PREVIEW_ROWS).map((r) => ({
      line: r.line,
      // Cut like an echo: a preview shows what a column holds, not whole notes.
      cells: Array.from({ length: width }, (_, i) => echo(r.cells[i] ?? '')),
    })),
  };
}
