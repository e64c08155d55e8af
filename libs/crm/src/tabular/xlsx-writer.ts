import type { Writable } from 'node:stream';
import { ZipEntryWriter, ZipWriter } from './zip-writer';

/** A column of an exported sheet: its heading and its width in characters. */
export interface XlsxColumn {
  header: string;
  width: number;
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DOCUMENT_RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const CONTENT_TYPES =
  XML_DECLARATION +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
  '</Types>';

const ROOT_RELS =
  XML_DECLARATION +
  `<Relationships xmlns="${RELATIONSHIPS}">` +
  `<Relationship Id="rId1" Type="${DOCUMENT_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>` +
  '</Relationships>';

const WORKBOOK_RELS =
  XML_DECLARATION +
  `<Relationships xmlns="${RELATIONSHIPS}">` +
  `<Relationship Id="rId1" Type="${DOCUMENT_RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>` +
  `<Relationship Id="rId2" Type="${DOCUMENT_RELATIONSHIPS}/styles" Target="styles.xml"/>` +
  '</Relationships>';

/** Two cell formats: 0 plain, 1 bold (the heading row). Every cell is text. */
const STYLES =
  XML_DECLARATION +
  `<styleSheet xmlns="${MAIN}">` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

/** Characters XML 1.0 cannot hold at all (C0 controls but tab, LF, CR; U+FFFE and U+FFFF). */
const NOT_XML = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;
/** What a cell's text needs done to it before it goes into the sheet. */
const NEEDS_WORK = /[&<>\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|_x[0-9A-Fa-f]{4}_/;
/** Excel reads _xHHHH_ in a cell's text as the character HHHH: such text is kept by escaping its "_". */
const EXCEL_ESCAPE = /_(x[0-9A-Fa-f]{4}_)/g;
const EDGE_SPACE = /^\s|\s$/;
/** Rows compressed at a time: about 100 bytes a cell, 14 cells a row, so well under 128 KB of text. */
const ROWS_PER_PIECE = 80;

/** A cell's text as sheet XML. Characters XML cannot hold are written as Excel writes them (_x0001_). */
export function xlsxText(text: string): string {
  if (NEEDS_WORK.test(text)) {
    text = text
      .replace(EXCEL_ESCAPE, '_x005F_$1')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(NOT_XML, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
  }
  return EDGE_SPACE.test(text) ? `<t xml:space="preserve">${text}</t>` : `<t>${text}</t>`;
}

function attribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(NOT_XML, '');
}

/** A sheet's name as Excel allows it: at most 31 characters, none of : \ / ? * [ ]. */
function sheetName(name: string): string {
  const clean = name
    .replace(/[:\\/?*[\]]/g, ' ')
    .trim()
    .slice(0, 31);
  return clean || 'Blad1';
}

/** Column letters A, B, …, Z, AA, … for column index i (0-based). */
function columnLetters(i: number): string {
  let letters = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/**
 * A one-sheet workbook of text cells streamed to `out` as rows come: the heading row in bold and frozen, the
 * columns at the widths given, every other cell plain text (inline strings: no shared-string table to hold in
 * memory). Nothing is kept but the piece being compressed, so memory is flat however many rows.
 */
export class XlsxSheetWriter {
  private row = 1;
  private readonly letters: string[];

  private constructor(
    private readonly zip: ZipWriter,
    private readonly sheet: ZipEntryWriter,
    columns: readonly XlsxColumn[],
  ) {
    this.letters = columns.map((_, i) => columnLetters(i));
  }

  /** Writes the workbook's fixed parts and the heading row. */
  static async start(
    out: Writable,
    options: { sheetName: string; columns: readonly XlsxColumn[] },
  ): Promise<XlsxSheetWriter> {
    const zip = new ZipWriter(out);
    await zip.addFile('[Content_Types].xml', CONTENT_TYPES);
    await zip.addFile('_rels/.rels', ROOT_RELS);
    await zip.addFile(
      'xl/workbook.xml',
      XML_DECLARATION +
        `<workbook xmlns="${MAIN}" xmlns:r="${DOCUMENT_RELATIONSHIPS}"><sheets>` +
        `<sheet name="${attribute(sheetName(options.sheetName))}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    );
    await zip.addFile('xl/_rels/workbook.xml.rels', WORKBOOK_RELS);
    await zip.addFile('xl/styles.xml', STYLES);
    const sheet = zip.openEntry('xl/worksheets/sheet1.xml');
    const writer = new XlsxSheetWriter(zip, sheet, options.columns);
    const cols = options.columns
      .map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`)
      .join('');
    await sheet.write(
      XML_DECLARATION +
        `<worksheet xmlns="${MAIN}" xmlns:r="${DOCUMENT_RELATIONSHIPS}">` +
        '<sheetViews><sheetView workbookViewId="0">' +
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
        `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>` +
        writer.rowsXml([options.columns.map((c) => c.header)], ' s="1"'),
    );
    return writer;
  }

  /** Adds rows (as many cells as columns; an empty string is an empty cell). */
  async addRows(rows: readonly (readonly string[])[]): Promise<void> {
    // In pieces small enough that their text dies young (V8's young generation takes objects up to 128 KB):
    // memory stays flat without waiting for a full collection.
    for (let i = 0; i < rows.length; i += ROWS_PER_PIECE)
      await this.sheet.write(this.rowsXml(rows.slice(i, i + ROWS_PER_PIECE), ''));
  }

  /** Ends the sheet and the workbook; ends `out`. */
  async finish(): Promise<void> {
    await this.sheet.write('</sheetData></worksheet>');
    await this.sheet.close();
    await this.zip.finish();
  }

  private rowsXml(rows: readonly (readonly string[])[], style: string): string {
    const letters = this.letters;
    let xml = '';
    for (const cells of rows) {
      const r = this.row++;
      xml += `<row r="${r}">`;
      for (let i = 0; i < cells.length && i < letters.length; i++) {
        const cell = cells[i];
        if (cell !== '')
          xml += `<c r="${letters[i]}${r}" t="inlineStr"${style}><is>${xlsxText(cell)}</is></c>`;
      }
      xml += '</row>';
    }
    return xml;
  }
}
