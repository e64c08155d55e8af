import { TextDecoder } from 'node:util';
import { AppException } from '@app/common';
import { MAX_CELL_CHARS, MAX_COLUMNS, XLSX_LIMITS } from './tabular-limits';
import { attribute, XmlAttributes, XmlHandler, XmlScanner } from './xml-scanner';
import { unreadableXlsx, ZipArchive, ZipEntry } from './zip-archive';

/** A cell as read from the worksheet: its text, or an index into the shared-string table. */
export type RawCell = string | { shared: number };

export interface RawRow {
  /** The row number in the worksheet (1-based, as Excel shows it). */
  line: number;
  cells: RawCell[];
}

/** Thrown when a bounded read (the upload's preview) would have to unpack more than it may. */
export class ReadBudgetExceeded extends Error {}

/** How many unpacked bytes a read may still use. */
export class ReadBudget {
  constructor(private remaining: number) {}

  spend(bytes: number): void {
    this.remaining -= bytes;
    if (this.remaining < 0) throw new ReadBudgetExceeded('Förhandsläsningen fick inte plats i sin budget');
  }
}

const REL_OFFICE_DOCUMENT = /\/officeDocument$/;
const REL_WORKSHEET = /\/worksheet$/;
const REL_SHARED_STRINGS = /\/sharedStrings$/;

/** Text that grows up to a limit and silently drops the rest (a cell longer than Excel allows is cut). */
class CappedText {
  private parts: string[] = [];
  length = 0;

  constructor(private readonly max: number) {}

  add(piece: string): void {
    if (this.length >= this.max) return;
    const taken = piece.length <= this.max - this.length ? piece : piece.slice(0, this.max - this.length);
    this.parts.push(taken);
    this.length += taken.length;
  }

  toString(): string {
    return this.parts.join('');
  }
}

/** OOXML writes characters XML cannot hold (a carriage return, say) as _x000D_. */
function decodeOoxmlEscapes(text: string): string {
  return text.indexOf('_x') === -1
    ? text
    : text.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** "AB12" → 27 (0-based column), or null for a reference that is not one. */
function columnOf(ref: string | undefined): number | null {
  if (!ref) return null;
  const m = /^\$?([A-Za-z]{1,3})\$?\d*$/.exec(ref);
  if (!m) return null;
  let col = 0;
  for (const ch of m[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return col - 1;
}

/**
 * The first worksheet of an XLSX workbook, read from a ZipArchive (whose directory has passed XLSX_LIMITS) with
 * the streaming XmlScanner: every cell is cut at MAX_CELL_CHARS while it is read, cells right of MAX_COLUMNS
 * are skipped, and the shared-string table may hold at most XLSX_LIMITS.maxSharedStringChars characters.
 * Parts are found the way Excel finds them (package relationships → workbook → its first sheet), so the order
 * of the parts inside the archive does not matter.
 */
export class XlsxWorkbook {
  private constructor(
    private readonly zip: ZipArchive,
    private readonly sheet: ZipEntry,
    private readonly sharedStringsPart: ZipEntry | undefined,
  ) {}

  /** Opens the archive and finds the parts; with a budget (the upload's preview) reading them counts against it. */
  static async open(bytes: Uint8Array, budget?: ReadBudget): Promise<XlsxWorkbook> {
    const zip = ZipArchive.open(bytes);
    const rootRels = await readRelationships(zip, '_rels/.rels', budget);
    const workbookName =
      rootRels.find((r) => REL_OFFICE_DOCUMENT.test(r.type))?.target.replace(/^\/+/, '') ?? 'xl/workbook.xml';
    const workbook = zip.entry(workbookName);
    if (!workbook) throw unreadableXlsx('arbetsboken saknas');
    const dir = workbookName.includes('/') ? workbookName.slice(0, workbookName.lastIndexOf('/') + 1) : '';
    const rels = await readRelationships(zip, `${dir}_rels/${workbookName.slice(dir.length)}.rels`, budget);
    const firstSheetRelId = await readFirstSheetRelId(zip, workbook, budget);
    const sheetRel =
      rels.find((r) => r.id === firstSheetRelId && REL_WORKSHEET.test(r.type)) ??
      rels.find((r) => REL_WORKSHEET.test(r.type));
    const sheet = sheetRel
      ? zip.entry(resolvePart(dir, sheetRel.target))
      : zip.entry(`${dir}worksheets/sheet1.xml`);
    if (!sheet) throw unreadableXlsx('arbetsboken har inget kalkylblad');
    const stringsRel = rels.find((r) => REL_SHARED_STRINGS.test(r.type));
    const sharedStrings = stringsRel
      ? zip.entry(resolvePart(dir, stringsRel.target))
      : zip.entry(`${dir}sharedStrings.xml`);
    return new XlsxWorkbook(zip, sheet, sharedStrings);
  }

  /** The shared-string table, or its first `upTo + 1` strings. */
  async sharedStrings(upTo = Infinity, budget?: ReadBudget): Promise<string[]> {
    const strings: string[] = [];
    if (!this.sharedStringsPart || upTo < 0) return strings;
    let current: CappedText | null = null;
    let inPhonetic = 0;
    let inText = false;
    let chars = 0;
    const handler: XmlHandler & { done: boolean } = {
      done: false,
      open: (name) => {
        if (name === 'si') current = new CappedText(MAX_CELL_CHARS);
        else if (name === 'rPh') inPhonetic++;
        else if (name === 't') inText = true;
      },
      close: (name) => {
        if (name === 'si' && current) {
          const text = decodeOoxmlEscapes(current.toString());
          chars += text.length;
          if (chars > XLSX_LIMITS.maxSharedStringChars) {
            throw AppException.validation(
              `Excel-filen har mer text än ${XLSX_LIMITS.maxSharedStringChars / (1024 * 1024)} miljoner tecken ` +
                'i sin strängtabell. Filen importeras inte. Dela upp listan, eller spara den som "CSV UTF-8" och försök igen.',
            );
          }
          strings.push(text);
          current = null;
          if (strings.length > upTo) handler.done = true;
        } else if (name === 'rPh') inPhonetic--;
        else if (name === 't') inText = false;
      },
      text: (text) => {
        if (current && inText && inPhonetic === 0) current.add(text);
      },
    };
    await scanPart(this.zip, this.sharedStringsPart, handler, budget);
    return strings;
  }

  /** The worksheet's non-empty rows, in order, as they are unpacked. */
  async *rawRows(budget?: ReadBudget): AsyncGenerator<RawRow> {
    const sheet = new SheetHandler();
    for await (const _ of scanPartInSteps(this.zip, this.sheet, sheet, budget)) {
      while (sheet.rows.length) yield sheet.rows.shift()!;
    }
    while (sheet.rows.length) yield sheet.rows.shift()!;
  }
}

/** Collects rows of <sheetData>; finished rows wait in `rows` until taken. */
class SheetHandler implements XmlHandler {
  readonly rows: RawRow[] = [];
  private inSheetData = false;
  private line = 0;
  private cells: RawCell[] | null = null;
  private nextColumn = 0;
  private column = 0;
  private type: string | undefined;
  private value: CappedText | null = null;
  private formula: CappedText | null = null;
  private inline: CappedText | null = null;
  private collecting: CappedText | null = null;
  private inPhonetic = 0;

  open(name: string, a: XmlAttributes): void {
    if (name === 'sheetData') {
      this.inSheetData = true;
      return;
    }
    if (!this.inSheetData) return;
    switch (name) {
      case 'row': {
        const r = Number(a.r);
        this.line = Number.isInteger(r) && r > this.line ? r : this.line + 1;
        this.cells = [];
        this.nextColumn = 0;
        break;
      }
      case 'c':
        this.column = columnOf(a.r) ?? this.nextColumn;
        this.type = a.t;
        this.value = this.formula = this.inline = null;
        break;
      case 'v':
        this.value = this.collecting = new CappedText(MAX_CELL_CHARS);
        break;
      case 'f':
        this.formula = this.collecting = new CappedText(MAX_CELL_CHARS);
        break;
      case 'is':
        this.inline = new CappedText(MAX_CELL_CHARS);
        break;
      case 'rPh':
        this.inPhonetic++;
        break;
      case 't':
        if (this.inline && this.inPhonetic === 0) this.collecting = this.inline;
        break;
    }
  }

  close(name: string): void {
    if (name === 'sheetData') {
      this.inSheetData = false;
      return;
    }
    if (!this.inSheetData) return;
    switch (name) {
      case 'v':
      case 'f':
      case 't':
        this.collecting = null;
        break;
      case 'rPh':
        this.inPhonetic--;
        break;
      case 'c':
        if (this.cells && this.column < MAX_COLUMNS) {
          const cell = this.cellValue();
          if (cell !== '') {
            while (this.cells.length < this.column) this.cells.push('');
            this.cells[this.column] = cell;
          }
        }
        this.nextColumn = this.column + 1;
        break;
      case 'row':
        if (this.cells && this.cells.some((c) => typeof c !== 'string' || c.trim() !== '')) {
          this.rows.push({ line: this.line, cells: this.cells });
        }
        this.cells = null;
        break;
    }
  }

  text(text: string): void {
    this.collecting?.add(text);
  }

  /** A cell as the text a person typed: formulas as their formula text, never their computed result. */
  private cellValue(): RawCell {
    const formula = this.formula?.toString() ?? '';
    if (formula.trim() !== '') return `=${formula}`;
    const v = this.value?.toString() ?? '';
    switch (this.type) {
      case 's': {
        const index = Number(v);
        return Number.isInteger(index) && index >= 0 ? { shared: index } : '';
      }
      case 'inlineStr':
        return decodeOoxmlEscapes(this.inline?.toString() ?? '');
      case 'str':
        return decodeOoxmlEscapes(v);
      case 'b':
        return v === '' ? '' : String(v === '1' || v === 'true');
      case 'd':
        return v.slice(0, 10);
      case 'e':
        return v;
      default: {
        if (v === '') return '';
        const n = parseFloat(v);
        return Number.isNaN(n) ? v : String(n);
      }
    }
  }
}

interface Relationship {
  id: string;
  type: string;
  target: string;
}

async function readRelationships(
  zip: ZipArchive,
  name: string,
  budget?: ReadBudget,
): Promise<Relationship[]> {
  const entry = zip.entry(name);
  if (!entry) return [];
  const rels: Relationship[] = [];
  await scanPart(
    zip,
    entry,
    {
      open: (tag, a) => {
        if (tag === 'Relationship' && a.TargetMode !== 'External' && a.Target && rels.length < 10_000) {
          rels.push({ id: a.Id ?? '', type: a.Type ?? '', target: a.Target });
        }
      },
      close: () => undefined,
      text: () => undefined,
    },
    budget,
  );
  return rels;
}

/** The relationship id of the workbook's first sheet (the first tab). */
async function readFirstSheetRelId(
  zip: ZipArchive,
  workbook: ZipEntry,
  budget?: ReadBudget,
): Promise<string | undefined> {
  let found: string | undefined;
  const handler: XmlHandler & { done: boolean } = {
    done: false,
    open: (tag, a) => {
      if (tag === 'sheet' && found === undefined) {
        found = attribute(a, 'id');
        handler.done = true;
      }
    },
    close: () => undefined,
    text: () => undefined,
  };
  await scanPart(zip, workbook, handler, budget);
  return found;
}

/** A relationship target, relative to the folder of the part that names it, as a part name. */
function resolvePart(dir: string, target: string): string {
  const segments = (target.startsWith('/') ? target.slice(1) : dir + target).split('/');
  const out: string[] = [];
  for (const s of segments) {
    if (s === '..') out.pop();
    else if (s !== '.' && s !== '') out.push(s);
  }
  return out.join('/');
}

async function scanPart(
  zip: ZipArchive,
  entry: ZipEntry,
  handler: XmlHandler & { done?: boolean },
  budget?: ReadBudget,
): Promise<void> {
  for await (const _ of scanPartInSteps(zip, entry, handler, budget)) {
    if (handler.done) return;
  }
}

/**
 * Feeds a part through the scanner one unpacked chunk at a time, pausing after each (the caller takes what the
 * handler collected). Returning early, or the handler setting `done`, stops the unpacking.
 */
async function* scanPartInSteps(
  zip: ZipArchive,
  entry: ZipEntry,
  handler: XmlHandler & { done?: boolean },
  budget?: ReadBudget,
): AsyncGenerator<void> {
  const scanner = new XmlScanner(handler, XLSX_LIMITS.maxTagChars);
  let decoder: TextDecoder | undefined;
  for await (const chunk of zip.read(entry)) {
    budget?.spend(chunk.length);
    decoder ??= new TextDecoder(
      chunk[0] === 0xff && chunk[1] === 0xfe
        ? 'utf-16le'
        : chunk[0] === 0xfe && chunk[1] === 0xff
          ? 'utf-16be'
          : 'utf-8',
    );
    scanner.write(decoder.decode(chunk, { stream: true }));
    yield;
    if (handler.done) return;
  }
  scanner.write(decoder?.decode() ?? '');
  scanner.end();
}
