import { loadExcelJs, neutraliseFormula } from '@app/common';
import { stringify } from 'csv-stringify/sync';

/** A cell as exported: text (through the formula guard), a whole number, or empty. */
export type Cell = string | number | null;

/** A table of a report: an optional title line, a header row and rows. */
export interface ReportTable {
  title?: string;
  headers: string[];
  rows: Cell[][];
}

/** One worksheet of a workbook: its tables one below the other, a blank row between. */
export interface ReportSheet {
  name: string;
  tables: ReportTable[];
}

export const REPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const UTF8_BOM = '\ufeff';
/** The project's CSV for Swedish Excel, as the contact and recipient exports write it. */
const CSV_OPTIONS = { delimiter: ';', record_delimiter: 'windows' as const };

const FORBIDDEN_IN_SHEET_NAMES = /[[\]:*?/\\]/g;
const MAX_SHEET_NAME = 31;

/**
 * A worksheet name Excel accepts, unique within `used` (which it joins): none of []:*?/\, at most 31
 * characters, not empty, not starting or ending with an apostrophe, not "History" (reserved), compared
 * without case as Excel does; a clash gets " (2)", " (3)" … within the 31.
 */
export function excelSheetName(wanted: string, used: Set<string>): string {
  let base = wanted
    .replace(FORBIDDEN_IN_SHEET_NAMES, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^'+|'+$/g, '')
    .trim();
  if (!base || base.toLowerCase() === 'history') base = base ? `${base} 1` : 'Blad';
  base = [...base].slice(0, MAX_SHEET_NAME).join('').trim();
  let name = base;
  for (let n = 2; used.has(name.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    name = `${[...base]
      .slice(0, MAX_SHEET_NAME - suffix.length)
      .join('')
      .trim()}${suffix}`;
  }
  used.add(name.toLowerCase());
  return name;
}

function textOf(cell: Cell): string {
  if (cell === null) return '';
  return typeof cell === 'number' ? String(cell) : neutraliseFormula(cell);
}

/**
 * The tables as one CSV in the Swedish Excel dialect (UTF-8 with BOM, ";", CRLF), every text cell through the
 * formula guard: each table's title on a line of its own, then its header and rows, a blank line between
 * tables.
 */
export function reportCsv(tables: ReportTable[]): Buffer {
  const records: string[][] = [];
  tables.forEach((table, i) => {
    if (i > 0) records.push([]);
    if (table.title) records.push([textOf(table.title)]);
    records.push(table.headers.map(textOf));
    for (const row of table.rows) records.push(row.map(textOf));
  });
  return Buffer.from(UTF8_BOM + stringify(records, CSV_OPTIONS), 'utf8');
}

/**
 * The sheets as an XLSX workbook to hand on as it is: titles and headers bold, each sheet's first header row
 * frozen, columns as wide as their contents (within reason), numbers as numbers, text through the formula
 * guard (an apostrophe before = + - @, as in the other exports).
 */
export async function reportXlsx(sheets: ReportSheet[]): Promise<Buffer> {
  const ExcelJS = await loadExcelJs();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Utskick och möten';
  workbook.created = new Date();
  const used = new Set<string>();
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(excelSheetName(spec.name, used));
    const widths: number[] = [];
    const measure = (cells: Cell[]) =>
      cells.forEach((c, i) => {
        widths[i] = Math.max(widths[i] ?? 8, Math.min(60, textOf(c).length + 2));
      });
    let frozenAt = 0;
    spec.tables.forEach((table, t) => {
      if (t > 0) sheet.addRow([]);
      if (table.title) {
        const title = sheet.addRow([textOf(table.title)]);
        title.font = { bold: true, size: 12 };
      }
      const header = sheet.addRow(table.headers.map(textOf));
      header.font = { bold: true };
      header.eachCell((cell) => {
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };
        cell.border = { bottom: { style: 'thin' } };
      });
      if (frozenAt === 0) frozenAt = header.number;
      measure(table.headers);
      for (const row of table.rows) {
        sheet.addRow(row.map((c) => (typeof c === 'number' ? c : textOf(c))));
        measure(row);
      }
    });
    widths.forEach((w, i) => (sheet.getColumn(i + 1).width = w));
    if (frozenAt > 0) sheet.views = [{ state: 'frozen', ySplit: frozenAt, xSplit: 0 }];
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
