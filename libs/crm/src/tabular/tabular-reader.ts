import { parse } from 'csv-parse';
import { Readable } from 'node:stream';
import { decodeChunks, DetectedEncoding, detectEncoding, TextEncoding } from './decode-text';
import { CsvDelimiter, detectDelimiter } from './detect-delimiter';
import { MAX_CELL_CHARS, MAX_COLUMNS, MAX_HEADER_CHARS } from './tabular-limits';
import { RawRow, ReadBudget, ReadBudgetExceeded, XlsxWorkbook } from './xlsx-reader';

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

/** Bytes of a CSV file the upload's preview decodes: its header and first rows are always within them. */
export const CSV_PREVIEW_BYTES = 256 * 1024;
/** Bytes looked at to find the separator (it is judged from the header line). */
const DELIMITER_SNIFF_BYTES = 64 * 1024;

/**
 * Opens a CSV file (already known not to be binary) for streaming: encoding and separator detected, the text
 * decoded and parsed a piece at a time, so that neither step holds the event loop however large the file.
 */
export async function openCsv(bytes: Uint8Array): Promise<TabularFile> {
  const detected = detectEncoding(bytes);
  const delimiter = detectDelimiter([...decodeChunks(bytes, detected, DELIMITER_SNIFF_BYTES)].join(''));
  const iterator = csvRecords(lfChunks(decodeChunks(bytes, detected)), delimiter)[Symbol.asyncIterator]();
  let first = await iterator.next();
  while (!first.done && first.value.error) first = await iterator.next();
  const header = first.done ? [] : headerOf(first.value.cells);
  const records = await countRecords(bytes, detected);
  return {
    format: 'csv',
    encoding: detected.encoding,
    delimiter,
    header,
    estimatedRows: records === undefined ? undefined : Math.max(0, records - 1),
    rows: { [Symbol.asyncIterator]: () => iterator },
  };
}

/**
 * The header and up to `dataRows` rows of a CSV file, decoding only its first CSV_PREVIEW_BYTES. Null when those
 * bytes hold no complete data row although the file goes on (a record longer than that): the import job then
 * checks the file in full.
 */
export async function previewCsv(bytes: Uint8Array, dataRows = 1): Promise<TabularPreview | null> {
  const detected = detectEncoding(bytes);
  const whole = bytes.length - detected.bomLength <= CSV_PREVIEW_BYTES;
  let text = [...decodeChunks(bytes, detected, CSV_PREVIEW_BYTES)].join('').replace(/\r\n?/g, '\n');
  // A cut file ends at its last complete line: a half record would be read as a short one.
  if (!whole) text = text.slice(0, text.lastIndexOf('\n') + 1);
  const found: TabularRow[] = [];
  for await (const row of csvRecords([text], detectDelimiter(text))) {
    if (found.length === 0 && row.error) continue;
    found.push(row);
    if (found.length > dataRows) break;
  }
  if (found.length <= dataRows && !whole) return null;
  return { format: 'csv', header: found.length ? headerOf(found[0].cells) : [], rows: found.slice(1) };
}

/** One line-break convention before parsing (csv-parse miscounts lines for CRLF inside quoted cells). */
async function* lfChunks(chunks: Iterable<string>): AsyncGenerator<string> {
  let carry = '';
  for (const chunk of chunks) {
    let text = carry + chunk;
    carry = '';
    // A CR at the end may be the first half of a CRLF split between two chunks.
    if (text.endsWith('\r')) {
      carry = '\r';
      text = text.slice(0, -1);
    }
    yield text.replace(/\r\n?/g, '\n');
  }
  if (carry) yield '\n';
}

/** Why csv-parse skipped a record, in Swedish and without the record's content (it may hold personal data). */
function csvProblem(code: string | undefined): string {
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'ett citattecken stängs aldrig';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'ett citattecken står på fel ställe';
    case 'CSV_MAX_RECORD_SIZE':
      return 'raden är för lång';
    default:
      return 'okänt fel';
  }
}

async function* csvRecords(
  chunks: AsyncIterable<string> | Iterable<string>,
  delimiter: CsvDelimiter,
): AsyncGenerator<TabularRow> {
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
      skipped.push({ line, cells: [], error: `Raden kunde inte läsas som CSV (${csvProblem(err?.code)})` });
    },
  });
  const source = Readable.from(chunks);
  source.pipe(parser);
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      // info.lines is the line where the record ends; a quoted cell may span lines.
      let breaks = 0;
      for (const cell of item.record)
        for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) breaks++;
      const line = item.info.lines - breaks;
      // The parser may report a skip before records that come earlier in the file: keep the file's order.
      while (skipped.length && skipped[0].line < line) yield skipped.shift()!;
      yield { line, cells: cappedCells(item.record) };
    }
    while (skipped.length) yield skipped.shift()!;
  } finally {
    source.destroy();
  }
}

/** At most MAX_COLUMNS cells, each cut at MAX_CELL_CHARS (Excel's own limit). */
function cappedCells(cells: string[]): string[] {
  const kept = cells.length > MAX_COLUMNS ? cells.slice(0, MAX_COLUMNS) : cells;
  return kept.some((c) => c.length > MAX_CELL_CHARS) ? kept.map((c) => c.slice(0, MAX_CELL_CHARS)) : kept;
}

/** Bytes scanned per step when counting records. */
const COUNT_STEP_BYTES = 1024 * 1024;

/**
 * Non-empty records, counting line breaks inside quotes as part of the record. Counted on the bytes (in UTF-8 and
 * Windows-1252 a quote or line break is always that one byte), a megabyte per step with a pause between, so a
 * large file never holds the event loop. Undefined for UTF-16, where the estimate is not worth a second decoding.
 */
async function countRecords(
  bytes: Uint8Array,
  { encoding, bomLength }: DetectedEncoding,
): Promise<number | undefined> {
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return undefined;
  let records = 0;
  let quoted = false;
  let lineHasContent = false;
  for (let step = bomLength; step < bytes.length; step += COUNT_STEP_BYTES) {
    const end = Math.min(step + COUNT_STEP_BYTES, bytes.length);
    for (let i = step; i < end; i++) {
      const c = bytes[i];
      if (c === 34 /* " */) quoted = !quoted;
      if (c === 10 /* \n */ && !quoted) {
        if (lineHasContent) records++;
        lineHasContent = false;
      } else if (c !== 13 /* \r */ || quoted) {
        lineHasContent = true;
      }
    }
    if (end < bytes.length) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return lineHasContent ? records + 1 : records;
}

/** Opens the first worksheet of an XLSX workbook for streaming; its first non-empty row is the header. */
export async function openXlsx(bytes: Uint8Array): Promise<TabularFile> {
  const book = await XlsxWorkbook.open(bytes);
  const strings = await book.sharedStrings();
  const iterator = resolveRows(book.rawRows(), strings)[Symbol.asyncIterator]();
  const first = await iterator.next();
  return {
    format: 'xlsx',
    header: first.done ? [] : headerOf(first.value.cells),
    rows: { [Symbol.asyncIterator]: () => iterator },
  };
}

/** The header and the first rows of a file: what the upload checks, read within a budget. */
export interface TabularPreview {
  format: 'csv' | 'xlsx';
  header: string[];
  rows: TabularRow[];
}

/** What the upload's preview of an XLSX file may unpack: its first rows never need more in a real workbook. */
export const XLSX_PREVIEW_BUDGET_BYTES = 16 * 1024 * 1024;

/**
 * The header and up to `dataRows` rows of an XLSX file, unpacking at most XLSX_PREVIEW_BUDGET_BYTES in all: the
 * relationship and workbook parts, the worksheet up to those rows, then the shared strings they use. Null when that is not enough (a workbook whose
 * first cells use strings far down a huge string table): the import job then checks the file in full.
 */
export async function previewXlsx(bytes: Uint8Array, dataRows = 1): Promise<TabularPreview | null> {
  const budget = new ReadBudget(XLSX_PREVIEW_BUDGET_BYTES);
  try {
    const book = await XlsxWorkbook.open(bytes, budget);
    const raw: RawRow[] = [];
    for await (const row of book.rawRows(budget)) {
      raw.push(row);
      if (raw.length > dataRows) break;
    }
    let needed = -1;
    for (const row of raw) {
      for (const cell of row.cells) if (typeof cell !== 'string') needed = Math.max(needed, cell.shared);
    }
    const strings = await book.sharedStrings(needed, budget);
    const rows = raw.map((r) => resolveRow(r, strings));
    return { format: 'xlsx', header: rows.length ? headerOf(rows[0].cells) : [], rows: rows.slice(1) };
  } catch (err) {
    if (err instanceof ReadBudgetExceeded) return null;
    throw err;
  }
}

async function* resolveRows(rows: AsyncIterable<RawRow>, strings: string[]): AsyncGenerator<TabularRow> {
  for await (const row of rows) yield resolveRow(row, strings);
}

function resolveRow(row: RawRow, strings: string[]): TabularRow {
  return {
    line: row.line,
    cells: row.cells.map((c) => (typeof c === 'string' ? c : (strings[c.shared] ?? ''))),
  };
}

/** Header cells trimmed and cut at MAX_HEADER_CHARS: no real header is longer, and headers are echoed back. */
function headerOf(cells: string[]): string[] {
  return cells.map((h) => h.trim().slice(0, MAX_HEADER_CHARS));
}
