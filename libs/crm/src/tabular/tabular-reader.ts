import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { decodeText, TextEncoding } from './decode-text';
import { CsvDelimiter, detectDelimiter } from './detect-delimiter';

/** One data row of a CSV or XLSX file, with the line (CSV: physical line where the record starts; XLSX: row number). */
export interface TabularRow {
  line: number;
  cells: string[];
  /** Set when the row could not be read at all (broken quoting); `cells` is empty then. */
  error?: string;
}

export interface TabularFile {
  format: 'csv' | 'xlsx';
  encoding?: TextEncoding;
  delimiter?: CsvDelimiter;
  header: string[];
  /** Number of data rows when it is cheap to know up front (CSV); undefined for XLSX. */
  estimatedRows?: number;
  /** The data rows after the header, streamed. Iterate once. */
  rows: AsyncIterable<TabularRow>;
}

const CHUNK_CHARS = 64 * 1024;

/** Opens a CSV file (already known not to be binary) for streaming: decoded, separator detected. */
export async function openCsv(bytes: Uint8Array): Promise<TabularFile> {
  const decoded = decodeText(bytes);
  // One line-break convention before parsing: csv-parse miscounts lines for CRLF inside quoted cells.
  const text = decoded.text.replace(/\r\n?/g, '\n');
  const delimiter = detectDelimiter(text);
  const iterator = csvRecords(text, delimiter)[Symbol.asyncIterator]();
  let first = await iterator.next();
  while (!first.done && first.value.error) first = await iterator.next();
  const header = first.done ? [] : first.value.cells.map((h) => h.trim());
  const estimatedRows = Math.max(0, countRecords(text) - 1);
  return {
    format: 'csv',
    encoding: decoded.encoding,
    delimiter,
    header,
    estimatedRows,
    rows: { [Symbol.asyncIterator]: () => iterator },
  };
}

async function* csvRecords(text: string, delimiter: CsvDelimiter): AsyncGenerator<TabularRow> {
  const skipped: TabularRow[] = [];
  const parser = parse({
    delimiter,
    record_delimiter: '\n',
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
    on_skip: (err) => {
      const line = err && typeof err.lines === 'number' ? err.lines : 0;
      skipped.push({
        line,
        cells: [],
        error: `Raden kunde inte läsas som CSV (${err?.message ?? 'okänt fel'})`,
      });
    },
  });
  Readable.from(chunks(text)).pipe(parser);
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    while (skipped.length) yield skipped.shift()!;
    // info.lines is the line where the record ends; a quoted cell may span lines.
    let breaks = 0;
    for (const cell of item.record)
      for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) breaks++;
    yield { line: item.info.lines - breaks, cells: item.record };
  }
  while (skipped.length) yield skipped.shift()!;
}

function* chunks(text: string): Generator<string> {
  for (let i = 0; i < text.length; i += CHUNK_CHARS) yield text.slice(i, i + CHUNK_CHARS);
}

/** Non-empty records, counting line breaks inside quotes as part of the record (LF-normalised text). */
function countRecords(text: string): number {
  let records = 0;
  let quoted = false;
  let lineHasContent = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) quoted = !quoted;
    if (c === 10 /* \n */ && !quoted) {
      if (lineHasContent) records++;
      lineHasContent = false;
    } else {
      lineHasContent = true;
    }
  }
  return lineHasContent ? records + 1 : records;
}

/** Opens the first worksheet of an XLSX workbook for streaming; its first non-empty row is the header. */
export async function openXlsx(bytes: Uint8Array): Promise<TabularFile> {
  const iterator = xlsxRows(bytes)[Symbol.asyncIterator]();
  const first = await iterator.next();
  return {
    format: 'xlsx',
    header: first.done ? [] : first.value.cells.map((h) => h.trim()),
    rows: { [Symbol.asyncIterator]: () => iterator },
  };
}

async function* xlsxRows(bytes: Uint8Array): AsyncGenerator<TabularRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(Buffer.from(bytes)), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  // exceljs's stream reader fails on a worksheet that comes before xl/workbook.xml in the zip: it reads
  // `model.sheets` and `properties.model` before either is set. The order is up to the program that wrote the
  // file (exceljs itself varies it), so both start empty; xl/workbook.xml replaces them when it comes.
  const early = reader as unknown as { model?: object; properties?: object };
  early.model ??= { sheets: [] };
  early.properties ??= {};
  for await (const worksheet of reader) {
    for await (const row of worksheet) {
      const values = row.values as ExcelJS.CellValue[];
      const cells: string[] = [];
      for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
      if (cells.some((c) => c.trim() !== '')) yield { line: row.number, cells };
    }
    return; // only the first worksheet
  }
}

/** A cell as the text a person typed. Formulas come back as their formula text, never their computed result. */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('formula' in value && typeof value.formula === 'string') return `=${value.formula}`;
  if ('sharedFormula' in value && typeof value.sharedFormula === 'string') {
    return typeof value.result === 'string' || typeof value.result === 'number' ? String(value.result) : '';
  }
  if ('hyperlink' in value) {
    const text: unknown = value.text;
    if (typeof text === 'string') return text;
    if (text && typeof text === 'object' && 'richText' in text) {
      return (text as ExcelJS.CellRichTextValue).richText.map((t) => t.text).join('');
    }
    return value.hyperlink;
  }
  if ('error' in value) return String(value.error);
  return '';
}
