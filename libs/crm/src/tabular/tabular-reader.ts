import { Parser } from 'csv-parse';
import { TextDecoder } from 'node:util';
import { ByteSource, memorySource, SOURCE_SLICE_BYTES } from './byte-source';
import { byteOrderMark, decodeChunks, detectEncoding, sourceAsUtf8, TextEncoding } from './decode-text';
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

/** Opens a CSV file held in memory; see openCsvSource. */
export function openCsv(bytes: Uint8Array): Promise<TabularFile> {
  return openCsvSource(memorySource(bytes));
}

/**
 * Opens a CSV file (already known not to be binary) for streaming: it is read a slice at a time, once, and
 * decoded and parsed as the rows are asked for, so neither the file nor the event loop is held however large
 * the file. The encoding is found on the way (sourceAsUtf8): iterating the rows may throw NotUtf8AfterAll,
 * after which the file is opened again with the encoding given. The number of rows is counted exactly when the
 * file is one slice, and otherwise estimated from its first slice.
 */
export async function openCsvSource(source: ByteSource, encoding?: TextEncoding): Promise<TabularFile> {
  const head = await source.read(0, SOURCE_SLICE_BYTES);
  const mark = byteOrderMark(head);
  const body = head.subarray(mark.bomLength);
  // The separators, quotes and line breaks the delimiter is judged by are the same bytes in UTF-8 and
  // Windows-1252, so the beginning decoded as UTF-8 will do for that whatever the encoding turns out to be.
  const headText = new TextDecoder(mark.encoding ?? 'utf-8', { ignoreBOM: true }).decode(
    body.subarray(0, DELIMITER_SNIFF_BYTES),
  );
  const delimiter = detectDelimiter(headText);
  let records: number | undefined;
  if (!mark.encoding) {
    const counter = new RecordCounter();
    counter.add(body);
    const whole = head.length >= source.size;
    records = whole
      ? counter.total()
      : Math.round((counter.total() * (source.size - mark.bomLength)) / body.length);
  }
  const iterator = csvRecords(lfBytes(sourceAsUtf8(source, encoding)), delimiter)[Symbol.asyncIterator]();
  let first = await iterator.next();
  while (!first.done && first.value.error) first = await iterator.next();
  const header = first.done ? [] : headerOf(first.value.cells);
  return {
    format: 'csv',
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

const CR = 13;
const LF = 10;

/**
 * One line-break convention before parsing (csv-parse miscounts lines for CRLF inside quoted cells): CRLF and a
 * lone CR become LF, in UTF-8 bytes.
 */
async function* lfBytes(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let carry = false;
  for await (const chunk of chunks) {
    let bytes = carry ? Buffer.concat([Buffer.of(CR), chunk]) : chunk;
    carry = false;
    // A CR at the end may be the first half of a CRLF split between two chunks.
    if (bytes.length > 0 && bytes[bytes.length - 1] === CR) {
      carry = true;
      bytes = bytes.subarray(0, bytes.length - 1);
    }
    yield lineFeeds(bytes);
  }
  if (carry) yield Buffer.of(LF);
}

function lineFeeds(bytes: Buffer): Buffer {
  let cr = bytes.indexOf(CR);
  if (cr === -1) return bytes;
  const out = Buffer.allocUnsafe(bytes.length);
  let length = 0;
  let from = 0;
  while (cr !== -1) {
    length += bytes.copy(out, length, from, cr);
    out[length++] = LF;
    from = bytes[cr + 1] === LF ? cr + 2 : cr + 1;
    cr = bytes.indexOf(CR, from);
  }
  length += bytes.copy(out, length, from);
  return out.subarray(0, length);
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

const QUOTE = 0x22;

/**
 * The records of CSV text (line breaks already LF), with the line where each starts. Text without a quote is
 * split by hand, which reads exactly as csv-parse with these options does (a record per line, empty lines
 * skipped, the cells between separators) and several times faster; from the first piece with a quote on,
 * csv-parse reads the rest, for quoting and its errors.
 */
async function* csvRecords(
  chunks: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  delimiter: CsvDelimiter,
): AsyncGenerator<TabularRow> {
  let parser: CsvRecordParser | null = null;
  /** The lines before the one being read (while splitting by hand). */
  let lines = 0;
  /** The start of a line not yet ended. */
  let partial = '';
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (!parser && bytes.indexOf(QUOTE) !== -1) {
      parser = new CsvRecordParser(delimiter, lines);
      if (partial) parser.parse(Buffer.from(partial, 'utf8'));
      partial = '';
    }
    if (parser) {
      yield* parser.parse(bytes);
      continue;
    }
    const text = partial + bytes.toString('utf8');
    const rows: TabularRow[] = [];
    let from = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
      lines++;
      if (nl > from) rows.push({ line: lines, cells: cappedCells(text.slice(from, nl).split(delimiter)) });
      from = nl + 1;
    }
    partial = text.slice(from);
    yield* rows;
  }
  if (parser) yield* parser.end();
  else if (partial) yield { line: lines + 1, cells: cappedCells(partial.split(delimiter)) };
}

/** csv-parse's parser itself, without its stream around it: records are taken as each piece is parsed. */
interface CsvParserApi {
  info: { lines: number };
  parse(
    bytes: Buffer | undefined,
    end: boolean,
    push: (record: string[]) => void,
    close: () => void,
  ): Error | undefined;
}

/** csv-parse from a line on: `linesBefore` lines of the file were read before it started. */
class CsvRecordParser {
  private readonly api: CsvParserApi;
  private readonly skipped: TabularRow[] = [];
  private parsed: TabularRow[] = [];

  constructor(
    delimiter: CsvDelimiter,
    private readonly linesBefore: number,
  ) {
    this.api = (
      new Parser({
        delimiter,
        record_delimiter: '\n',
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: true,
        skip_records_with_error: true,
        on_skip: (err) => {
          const line = err && typeof err.lines === 'number' ? err.lines + linesBefore : 0;
          this.skipped.push({
            line,
            cells: [],
            error: `Raden kunde inte läsas som CSV (${csvProblem(err?.code)})`,
          });
        },
      }) as unknown as { api: CsvParserApi }
    ).api;
  }

  parse(bytes: Buffer): TabularRow[] {
    const err = this.api.parse(bytes, false, this.push, () => undefined);
    if (err) throw err;
    return this.take();
  }

  end(): TabularRow[] {
    const err = this.api.parse(undefined, true, this.push, () => undefined);
    if (err) throw err;
    return [...this.take(), ...this.skipped.splice(0)];
  }

  private take(): TabularRow[] {
    const rows = this.parsed;
    this.parsed = [];
    return rows;
  }

  private readonly push = (record: string[]): void => {
    // info.lines is the line where the record ends, when it is handed on; a quoted cell may span lines.
    let breaks = 0;
    for (const cell of record)
      for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) breaks++;
    const line = this.api.info.lines + this.linesBefore - breaks;
    // The parser may report a skip before records that come earlier in the file: keep the file's order.
    while (this.skipped.length && this.skipped[0].line < line) this.parsed.push(this.skipped.shift()!);
    this.parsed.push({ line, cells: cappedCells(record) });
  };
}

/** At most MAX_COLUMNS cells, each cut at MAX_CELL_CHARS (Excel's own limit). */
function cappedCells(cells: string[]): string[] {
  const kept = cells.length > MAX_COLUMNS ? cells.slice(0, MAX_COLUMNS) : cells;
  return kept.some((c) => c.length > MAX_CELL_CHARS) ? kept.map((c) => c.slice(0, MAX_CELL_CHARS)) : kept;
}

/**
 * Non-empty records, counting line breaks inside quotes as part of the record, fed the file's bytes (after any
 * byte-order mark). Counted on the bytes: in UTF-8 and Windows-1252 a quote or line break is
 * always that one byte. Not for UTF-16, where the count is not worth a second decoding.
 */
class RecordCounter {
  private records = 0;
  private quoted = false;
  private lineHasContent = false;

  add(bytes: Uint8Array): void {
    let { records, quoted, lineHasContent } = this;
    for (let i = 0; i < bytes.length; i++) {
      const c = bytes[i];
      if (c === 34 /* " */) quoted = !quoted;
      if (c === 10 /* \n */ && !quoted) {
        if (lineHasContent) records++;
        lineHasContent = false;
      } else if (c !== 13 /* \r */ || quoted) {
        lineHasContent = true;
      }
    }
    this.records = records;
    this.quoted = quoted;
    this.lineHasContent = lineHasContent;
  }

  total(): number {
    return this.lineHasContent ? this.records + 1 : this.records;
  }
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
