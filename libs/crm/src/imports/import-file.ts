import { AppErrorCode, AppException } from '@app/common';
import { sniffFileKind } from '../tabular/sniff-file-kind';
import { openCsv, openXlsx, TabularFile } from '../tabular/tabular-reader';
import { ColumnMapping, mapColumns } from './import-columns';

export interface OpenedImport {
  file: TabularFile;
  columns: ColumnMapping;
}

/**
 * Opens an uploaded file for import and refuses what cannot be one, with a message staff can act on:
 * empty, binary, old .xls, unreadable XLSX, or no column for the email address.
 */
export async function openImportFile(
  bytes: Uint8Array,
  mapping?: Record<string, string> | null,
): Promise<OpenedImport> {
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
  let file: TabularFile;
  try {
    file = kind === 'xlsx' ? await openXlsx(bytes) : await openCsv(bytes);
  } catch {
    throw new AppException(
      AppErrorCode.UNSUPPORTED_FILE,
      kind === 'xlsx'
        ? 'Excel-filen kunde inte läsas. Kontrollera att det är en .xlsx-arbetsbok och att den inte är lösenordsskyddad.'
        : 'Filen kunde inte läsas som CSV.',
    );
  }
  if (file.header.every((h) => h === '')) throw AppException.validation('Filen är tom.');
  const columns = mapColumns(file.header, mapping);
  if (!columns.includes('email')) {
    throw AppException.validation(
      `Filen saknar en kolumn för e-postadress. Rubrikerna som hittades: ${file.header.filter(Boolean).join(', ')}. ` +
        'Döp kolumnen till "E-post" eller ange en kolumnmappning.',
      { headers: file.header },
    );
  }
  return { file, columns };
}

/** The upload check: everything openImportFile refuses, plus a file with a header but no rows. */
export async function checkImportFile(
  bytes: Uint8Array,
  mapping?: Record<string, string> | null,
): Promise<void> {
  const { file } = await openImportFile(bytes, mapping);
  const first = await file.rows[Symbol.asyncIterator]().next();
  if (first.done) throw AppException.validation('Filen innehåller bara en rubrikrad och inga kontakter.');
}
