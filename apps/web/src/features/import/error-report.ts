/**
 * The import's error report as a CSV file made in the browser, in the dialect Swedish Excel opens by
 * double-click: UTF-8 with a BOM, ";" between cells, CRLF between rows, and formula-safe (a cell that begins
 * with = + - @, a tab or a carriage return gets a leading apostrophe, so Excel never runs it).
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[;"\r\n]/;

export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toExcelCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(';'));
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

export interface ReportRow {
  line: number;
  field: string | null;
  reason: string;
  kind: 'skipped' | 'warning';
}

/** Rad;Fält;Orsak;Följd: `fieldLabel` and `kindLabel` give the words in the staff member's language. */
export function errorReportCsv(
  errors: ReportRow[],
  labels: {
    header: [string, string, string, string];
    field: (field: string | null) => string;
    kind: (kind: ReportRow['kind']) => string;
  },
): string {
  return toExcelCsv(
    labels.header,
    errors.map((e) => [e.line, labels.field(e.field), e.reason, labels.kind(e.kind)]),
  );
}

/** "importfel-medlemmar.csv" from "medlemmar.xlsx". */
export function reportFileName(importedName: string, prefix: string): string {
  const base =
    importedName
      .replace(/\.[^.]+$/, '')
      .replace(/[^\p{L}\p{N}_ -]+/gu, '_')
      .trim() || 'import';
  return `${prefix}-${base}.csv`;
}
