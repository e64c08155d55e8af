import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { ReceiverClosedError } from './backpressure';
import { openXlsx, TabularRow } from './tabular-reader';
import { XlsxSheetWriter, xlsxText } from './xlsx-writer';

/** Everything written to a stream, as one buffer once it ends. */
function collect(): { out: PassThrough; bytes: Promise<Buffer> } {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (b: Buffer) => parts.push(b));
  const bytes = new Promise<Buffer>((resolve) => out.on('end', () => resolve(Buffer.concat(parts))));
  return { out, bytes };
}

async function workbookOf(rows: string[][], columns = ['Förnamn', 'Efternamn', 'E-post']) {
  const { out, bytes } = collect();
  const writer = await XlsxSheetWriter.start(out, {
    sheetName: 'Kontakter',
    columns: columns.map((header) => ({ header, width: header === 'E-post' ? 32 : 18 })),
  });
  // In pieces, as an export writes its chunks.
  for (let i = 0; i < rows.length; i += 700) await writer.addRows(rows.slice(i, i + 700));
  await writer.finish();
  return bytes;
}

/** Text as Excel shows it: _xHHHH_ is the character HHHH (exceljs leaves it as written). */
const asExcelShowsIt = (text: string): string =>
  text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

async function readBack(file: Buffer): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(file as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) {
      const v = row.getCell(c).value;
      cells.push(
        v === null || v === undefined ? '' : typeof v === 'string' ? asExcelShowsIt(v) : JSON.stringify(v),
      );
    }
    rows.push(cells);
  });
  return rows;
}

describe('XlsxSheetWriter', () => {
  const tricky = [
    ['Åsa', 'Öberg-Ärlig', 'asa@exempel.se'],
    ['<b>Ada</b> & "Bo"', '\'=HYPERLINK("http://x")', ''],
    ['  mellanslag  ', 'rad ett\nrad två', 'tab\there'],
    ['styr\u0001tecken\u001f', 'literal _x0041_ kvar', '😀 emoji'],
    ['', '', 'bara@epost.se'],
  ];

  it('writes a workbook that Excel readers open: every text back as written, heading first', async () => {
    const file = await workbookOf(tricky);
    const rows = await readBack(file);
    expect(rows[0]).toEqual(['Förnamn', 'Efternamn', 'E-post']);
    expect(rows.slice(1, 3)).toEqual(tricky.slice(0, 2));
    expect(rows[3]).toEqual(tricky[2]);
    // Characters XML cannot hold come back as Excel writes them; a literal _xHHHH_ stays literal.
    expect(rows[4]).toEqual(['styr\u0001tecken\u001f', 'literal _x0041_ kvar', '😀 emoji']);
    expect(rows[5]).toEqual(['', '', 'bara@epost.se']);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet.name).toBe('Kontakter');
    expect(sheet.getColumn(3).width).toBe(32);
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.getCell('A2').font?.bold).toBeFalsy();
  });

  it('reads back through the import reader too, many rows across many compressed pieces', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => [
      `Förnamn${i}`,
      `Efternamn ${i} & co`,
      `p${i}@exempel.se`,
    ]);
    const file = await workbookOf(rows);
    const book = await openXlsx(file);
    expect(book.header).toEqual(['Förnamn', 'Efternamn', 'E-post']);
    const back: TabularRow[] = [];
    for await (const row of book.rows) back.push(row);
    expect(back).toHaveLength(5000);
    expect(back[4999].cells).toEqual(rows[4999]);
    expect(back.map((r) => r.cells[1])).toEqual(rows.map((r) => r[1]));
  });

  it('is a sound ZIP archive by another reader too (Python zipfile checks every CRC and size)', async () => {
    const file = await workbookOf(tricky);
    const dir = mkdtempSync(join(tmpdir(), 'xlsx-'));
    try {
      writeFileSync(join(dir, 'a.xlsx'), file);
      const check = [
        'import sys, zipfile',
        'z = zipfile.ZipFile(sys.argv[1])',
        'print(z.testzip())',
        'print(" ".join(z.namelist()))',
      ].join('\n');
      const [bad, names] = execFileSync('python3', ['-c', check, join(dir, 'a.xlsx')])
        .toString()
        .trim()
        .split('\n');
      expect(bad).toBe('None');
      expect(names.split(' ')).toEqual([
        '[Content_Types].xml',
        '_rels/.rels',
        'xl/workbook.xml',
        'xl/_rels/workbook.xml.rels',
        'xl/styles.xml',
        'xl/worksheets/sheet1.xml',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops with ReceiverClosedError when the receiver goes away', async () => {
    const out = new Writable({ write: (_chunk, _enc, done) => done() });
    const writer = await XlsxSheetWriter.start(out, {
      sheetName: 'X',
      columns: [{ header: 'A', width: 10 }],
    });
    out.destroy();
    await expect(
      (async () => {
        for (let i = 0; i < 5; i++) await writer.addRows([['text']]);
        await writer.finish();
      })(),
    ).rejects.toBeInstanceOf(ReceiverClosedError);
  });

  it('escapes cell text for XML and keeps edge spaces', () => {
    expect(xlsxText('a & <b>')).toBe('<t>a &amp; &lt;b&gt;</t>');
    expect(xlsxText(' x')).toBe('<t xml:space="preserve"> x</t>');
    expect(xlsxText('a\u0002b')).toBe('<t>a_x0002_b</t>');
    expect(xlsxText('_x00e5_')).toBe('<t>_x005F_x00e5_</t>');
  });
});
