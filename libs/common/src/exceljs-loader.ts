import type ExcelJS from 'exceljs';

let loading: Promise<typeof ExcelJS> | undefined;

/**
 * exceljs, loaded when the first workbook is written rather than when the process starts: requiring it (with
 * jszip, archiver and unzipper) takes about a second of CPU, which every start of the API and the worker paid
 * before answering, for a file staff download now and then.
 */
export function loadExcelJs(): Promise<typeof ExcelJS> {
  loading ??= import('exceljs').then((m) => m.default);
  return loading;
}
