import { parse as parseSync } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { CSV_PREVIEW_BYTES, openCsv, openXlsx, previewCsv, TabularRow } from './tabular-reader';

async function all(rows: AsyncIterable<TabularRow>): Promise<TabularRow[]> {
  const out: TabularRow[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

describe('openCsv', () => {
  it('reports the physical line where each record starts, across quoted line breaks and blank lines', async () => {
    const text = '\ufeffE-post;Anteckning\r\na@b.se;"två\r\nrader"\r\n\r\nc@d.se;x\r\ne@f.se\r\n';
    const file = await openCsv(Buffer.from(text, 'utf8'));
    expect(file.header).toEqual(['E-post', 'Anteckning']);
    expect(file.delimiter).toBe(';');
    expect(file.estimatedRows).toBe(3);
    const rows = await all(file.rows);
    expect(rows.map((r) => r.line)).toEqual([2, 5, 6]);
    expect(rows[0].cells).toEqual(['a@b.se', 'två\nrader']);
    expect(rows[2].cells).toEqual(['e@f.se']); // short rows are fine (relax_column_count)
  });

  it('keeps formula and script cells as the exact text given', async () => {
    const file = await openCsv(
      Buffer.from('E-post,Förnamn\na@b.se,"=HYPERLINK(""http://x"")"\nc@d.se,<script>alert(1)</script>\n'),
    );
    const rows = await all(file.rows);
    expect(rows[0].cells[1]).toBe('=HYPERLINK("http://x")');
    expect(rows[1].cells[1]).toBe('<script>alert(1)</script>');
  });
});

describe('openCsv reads as csv-parse does', () => {
  /** What csv-parse alone makes of the text (line breaks LF), as the reader used it before reading by hand. */
  function reference(text: string, delimiter: string): TabularRow[] {
    const skipped: TabularRow[] = [];
    const records = parseSync(text, {
      delimiter,
      record_delimiter: '\n',
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      info: true,
      on_skip: (err) => {
        skipped.push({ line: Number(err?.lines), cells: [], error: expect.any(String) as unknown as string });
      },
    }) as unknown as { record: string[]; info: { lines: number } }[];
    const rows: TabularRow[] = records.map(({ record, info }) => ({
      line: info.lines - record.join('').split('\n').length + 1,
      cells: record,
    }));
    return [...rows, ...skipped].sort((a, b) => a.line - b.line);
  }

  /** A deterministic list: cells with Swedish letters, separators, spaces, empty cells and lines, short rows. */
  function list(lines: number, seed: number, quoteFrom: number | null): string {
    let x = seed;
    const next = (n: number) => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x % n;
    };
    const words = ['Åsa', 'Öberg', '', ' ', 'a@b.se', 'x,y', 'Hållén ', 'tab\there', '€', '🙂'];
    const quoted = ['"två\nrader; ""citat"""', 'a"b', '"stängs inte'];
    const out = ['E-post;Förnamn;Efternamn;Taggar'];
    for (let i = 0; i < lines; i++) {
      if (next(20) === 0) {
        out.push('');
        continue;
      }
      const cells = Array.from({ length: 1 + next(5) }, () => words[next(words.length)]);
      if (quoteFrom !== null && i >= quoteFrom && next(4) === 0) cells[0] = quoted[next(quoted.length)];
      out.push(cells.join(';'));
    }
    return out.join('\n');
  }

  it('splits text without quotes by hand exactly as csv-parse reads it, across pieces and slices', async () => {
    for (const [lines, seed] of [
      [30, 1],
      [40_000, 2],
    ]) {
      for (const end of ['', '\n', '\n\n']) {
        const text = list(lines, seed, null) + end;
        const file = await openCsv(Buffer.from(text, 'utf8'));
        const expected = reference(text, ';');
        expect(file.header).toEqual(expected[0].cells);
        expect(await all(file.rows)).toEqual(expected.slice(1));
      }
    }
  });

  it('hands the rest to csv-parse from the first quote on, lines still counted from the start', async () => {
    for (const [lines, quoteFrom] of [
      [30, 10],
      [40_000, 25_000],
    ]) {
      const text = list(lines, 3, quoteFrom) + '\n';
      expect(text.indexOf('"')).toBeGreaterThan(0);
      const file = await openCsv(Buffer.from(text, 'utf8'));
      const expected = reference(text, ';');
      expect(file.header).toEqual(expected[0].cells);
      expect(await all(file.rows)).toEqual(expected.slice(1));
    }
  });
});

describe('CSV limits and the upload preview', () => {
  it('cuts cells at 32,767 characters and headers at 200 while reading', async () => {
    const header = `E-post;${'R'.repeat(5000)}`;
    const file = await openCsv(Buffer.from(`${header}\na@b.se;${'x'.repeat(100_000)}\n`));
    expect(file.header).toEqual(['E-post', 'R'.repeat(200)]);
    const [row] = await all(file.rows);
    expect(row.cells[1]).toHaveLength(32_767);
  });

  it('reports a record it cannot read by line, without repeating its content', async () => {
    const file = await openCsv(Buffer.from('E-post;Namn\na@b.se;Anna\nhemlig@exempel.se;"Berit Hemlig\n'));
    const rows = await all(file.rows);
    expect(rows[1]).toEqual({
      line: 3,
      cells: [],
      error: 'Raden kunde inte läsas som CSV (ett citattecken stängs aldrig)',
    });
  });

  it('previews the header and first row from the beginning of the file only', async () => {
    const big = Buffer.from(`E-post;Förnamn\r\n${'a@b.se;Åsa\r\n'.repeat(300_000)}`, 'utf8');
    expect(big.length).toBeGreaterThan(10 * CSV_PREVIEW_BYTES);
    expect(await previewCsv(big)).toEqual({
      format: 'csv',
      header: ['E-post', 'Förnamn'],
      rows: [{ line: 2, cells: ['a@b.se', 'Åsa'] }],
    });
    expect(await previewCsv(Buffer.from('\ufeffE-post;Förnamn\r\n'))).toEqual({
      format: 'csv',
      header: ['E-post', 'Förnamn'],
      rows: [],
    });
    // A first record longer than the preview: the job, which reads everything, decides.
    expect(await previewCsv(Buffer.from(`E-post;${'x'.repeat(CSV_PREVIEW_BYTES)}\na@b.se;y\n`))).toBeNull();
  });
});

describe('openXlsx', () => {
  it('streams the first worksheet with row numbers, formulas as formula text', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Lista');
    ws.addRow(['Förnamn', 'E-post']);
    ws.addRow(['Åsa', 'asa@exempel.se']);
    ws.addRow([]);
    ws.addRow([{ formula: 'HYPERLINK("http://x")', result: 'x' }, 'b@exempel.se']);
    wb.addWorksheet('Annat').addRow(['ignoreras']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const file = await openXlsx(bytes);
    expect(file.header).toEqual(['Förnamn', 'E-post']);
    const rows = await all(file.rows);
    expect(rows).toEqual([
      { line: 2, cells: ['Åsa', 'asa@exempel.se'] },
      { line: 4, cells: ['=HYPERLINK("http://x")', 'b@exempel.se'] },
    ]);
  });

  it('reads a workbook whose worksheet comes before xl/workbook.xml in the zip', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Lista');
    ws.addRow(['Förnamn', 'E-post', 'Roll']);
    ws.addRow(['Åsa', 'asa@exempel.se', 'Kulturchef']);
    const written = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    // The same entries with the workbook last, after the worksheet (which comes after the relationships and
    // shared strings, so it is read at once): exceljs itself writes them in varying order.
    const names = Object.keys(written.files).filter((n) => !written.files[n].dir);
    const order = [
      ...names.filter((n) => n !== 'xl/worksheets/sheet1.xml' && n !== 'xl/workbook.xml'),
      'xl/worksheets/sheet1.xml',
      'xl/workbook.xml',
    ];
    const reordered = new JSZip();
    for (const name of order) reordered.file(name, await written.file(name)!.async('uint8array'));
    const bytes = await reordered.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    const file = await openXlsx(bytes);
    expect(file.header).toEqual(['Förnamn', 'E-post', 'Roll']);
    expect(await all(file.rows)).toEqual([{ line: 2, cells: ['Åsa', 'asa@exempel.se', 'Kulturchef'] }]);
  });
});
