import { AppException } from '@app/common';
import ExcelJS from 'exceljs';
import {
  part,
  runPart,
  sharedStringsBomb,
  sheetPart,
  SST_OPEN,
  workbook,
  zip,
} from '../../../../test/support/xlsx-files';
import { MAX_CELL_CHARS, MAX_COLUMNS, MAX_HEADER_CHARS } from './tabular-limits';
import { openXlsx, previewXlsx, TabularRow } from './tabular-reader';
import { XmlHandler, XmlScanner } from './xml-scanner';
import { ZipArchive } from './zip-archive';

async function all(rows: AsyncIterable<TabularRow>): Promise<TabularRow[]> {
  const out: TabularRow[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

async function refusal(promise: Promise<unknown>): Promise<AppException> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppException);
  return err as AppException;
}

const strings = (...texts: string[]) =>
  part('xl/sharedStrings.xml', `${SST_OPEN}${texts.map((t) => `<si><t>${t}</t></si>`).join('')}</sst>`);

describe('XLSX decompression bombs', () => {
  it('refuses the shared-strings bomb from its directory, before unpacking it, with a short Swedish message', async () => {
    const bomb = await sharedStringsBomb(20);
    expect(bomb.length).toBeLessThan(64 * 1024);
    const started = Date.now();
    for (const read of [() => openXlsx(bomb), () => previewXlsx(bomb)]) {
      const err = await refusal(read());
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.message).toMatch(/dekomprimeringsbomb.*"xl\/sharedStrings\.xml".*gånger.*importeras inte/);
      expect(JSON.stringify({ message: err.message, details: err.details }).length).toBeLessThan(600);
    }
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('stops unpacking a part that unpacks to more than the directory says', async () => {
    const honest = await runPart(
      'xl/sharedStrings.xml',
      `${SST_OPEN}<si><t>`,
      'a',
      20 * 1024 * 1024,
      '</t></si></sst>',
    );
    const lying = { ...honest, declaredSize: 4096 };
    const file = workbook(sheetPart(['<c r="A1" t="s"><v>0</v></c>']), lying);
    const started = Date.now();
    const err = await refusal(openXlsx(file));
    expect(err.message).toMatch(/packas upp till mer än de 4096 byte som filen uppger/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses a part, or a whole archive, that would unpack past the limits even at an ordinary ratio', async () => {
    const sheet = sheetPart(['<c r="A1" t="inlineStr"><is><t>E-post</t></is></c>']);
    // Directory entries only: the refusal comes before any of the data is looked at.
    const claims = (name: string, size: number) => ({
      ...part(name, 'x'),
      declaredSize: size,
      declaredPackedSize: size / 10,
    });
    const bigPart = zip([sheet, claims('xl/media/film.bin', 300 * 1024 * 1024)]);
    expect((await refusal(openXlsx(bigPart))).message).toMatch(
      /delen "xl\/media\/film\.bin" blir 300 MB \(högst 256 MB\)/,
    );
    const bigTotal = zip([sheet, ...[1, 2, 3].map((i) => claims(`xl/media/${i}.bin`, 200 * 1024 * 1024))]);
    expect((await refusal(openXlsx(bigTotal))).message).toMatch(/600 MB sammanlagt \(högst 512 MB\)/);
  });

  it('cuts cells at 32,767 characters and headers at 200 while reading, and skips columns past 1000', async () => {
    const longHeader = 'E-post' + 'x'.repeat(1000);
    const longCell = 'b'.repeat(100_000);
    const far = `<c r="${'ALM'}1" t="inlineStr"><is><t>långt bort</t></is></c>`; // column 1001
    const file = workbook(
      sheetPart([
        `<c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Anteckning</t></is></c>${far}`,
        `<c r="A2" t="inlineStr"><is><t>a@b.se</t></is></c><c r="B2" t="s"><v>1</v></c>`,
      ]),
      strings(longHeader, longCell),
    );
    for (const opened of [await openXlsx(file), await previewXlsx(file)]) {
      expect(opened!.header).toEqual([longHeader.slice(0, MAX_HEADER_CHARS), 'Anteckning']);
      const rows = Array.isArray(opened!.rows) ? opened!.rows : await all(opened!.rows);
      expect(rows).toHaveLength(1);
      expect(rows[0].cells[1]).toHaveLength(MAX_CELL_CHARS);
    }
    expect(MAX_COLUMNS).toBe(1000);
  });

  it('reads cell types as the text a person typed: numbers, booleans, errors, inline and rich text, formulas', async () => {
    const file = workbook(
      sheetPart([
        '<c r="A1" t="inlineStr"><is><t>E-post</t></is></c><c r="B1" t="s"><v>0</v></c>',
        '<c r="A2" t="s"><v>1</v></c><c r="B2"><v>46701234567</v></c><c r="C2" t="b"><v>1</v></c>' +
          '<c r="D2" t="e"><v>#N/A</v></c><c r="E2" t="str"><f>A1&amp;"x"</f><v>E-postx</v></c>' +
          '<c r="F2" t="s"><v>2</v></c><c r="H2" t="inlineStr"><is><r><t>Å</t></r><r><t xml:space="preserve">sa </t></r></is></c>',
      ]),
      part(
        'xl/sharedStrings.xml',
        `${SST_OPEN}<si><t>Telefon</t></si><si><t>a&amp;b@exempel.se</t></si>` +
          '<si><r><t>Kultur</t></r><r><rPr><b/></rPr><t>chef</t></r><rPh><t>ふりがな</t></rPh></si></sst>',
      ),
    );
    const opened = await openXlsx(file);
    expect(opened.header).toEqual(['E-post', 'Telefon']);
    expect(await all(opened.rows)).toEqual([
      {
        line: 2,
        cells: ['a&b@exempel.se', '46701234567', 'true', '#N/A', '=A1&"x"', 'Kulturchef', '', 'Åsa '],
      },
    ]);
  });

  it('gives up a preview that would need more than its budget, so the upload leaves the file to the job', async () => {
    // A header that uses the last of 80,000 shared strings (about 20 MB unpacked: past the 16 MB budget).
    const many = Array.from(
      { length: 80_000 },
      (_, i) => `<si><t>sträng nummer ${i} ${'y'.repeat(240)}</t></si>`,
    );
    const file = workbook(
      sheetPart(['<c r="A1" t="s"><v>79999</v></c>', '<c r="A2" t="inlineStr"><is><t>a@b.se</t></is></c>']),
      part('xl/sharedStrings.xml', `${SST_OPEN}${many.join('')}</sst>`),
    );
    expect(await previewXlsx(file)).toBeNull();
    expect((await openXlsx(file)).header).toEqual([
      `sträng nummer 79999 ${'y'.repeat(240)}`.slice(0, MAX_HEADER_CHARS),
    ]);
  });

  it('reads what exceljs writes, finding parts by name in any case', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Lista');
    ws.addRow(['Förnamn', 'E-post']);
    ws.addRow(['Åsa', 'asa@exempel.se']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const archive = ZipArchive.open(bytes);
    expect(archive.entry('/XL/Workbook.xml')).toBeDefined();
    expect(await previewXlsx(bytes)).toEqual({
      format: 'xlsx',
      header: ['Förnamn', 'E-post'],
      rows: [{ line: 2, cells: ['Åsa', 'asa@exempel.se'] }],
    });
  });
});

describe('XmlScanner', () => {
  function events(chunks: string[], maxTag = 1000): string[] {
    const out: string[] = [];
    const handler: XmlHandler = {
      open: (name, a) =>
        out.push(
          `<${name}${Object.entries(a)
            .map(([k, v]) => ` ${k}=${v}`)
            .join('')}>`,
        ),
      close: (name) => out.push(`</${name}>`),
      text: (t) => {
        if (out.length && out[out.length - 1].startsWith('"'))
          out[out.length - 1] = `${out[out.length - 1].slice(0, -1)}${t}"`;
        else out.push(`"${t}"`);
      },
    };
    const scanner = new XmlScanner(handler, maxTag);
    for (const c of chunks) scanner.write(c);
    scanner.end();
    return out;
  }

  it('handles tags, entities and CDATA split anywhere between chunks, and drops namespace prefixes', () => {
    const xml =
      '<?xml version="1.0"?><!-- c --><x:a b="1&amp;2" r:id=\'rId1\'>A &lt; B &#229;&#xE4;<![CDATA[<ok>]]><c/></x:a>';
    const expected = ['<a b=1&2 r:id=rId1>', '"A < B åä<ok>"', '<c>', '</c>', '</a>'];
    expect(events([xml])).toEqual(expected);
    for (let cut = 1; cut < xml.length; cut++)
      expect(events([xml.slice(0, cut), xml.slice(cut)])).toEqual(expected);
  });

  it('refuses a DTD (entity expansion) and a tag longer than its limit', () => {
    expect(() => events(['<!DOCTYPE lol [<!ENTITY lol "lol">]><a>&lol;</a>'])).toThrow(/DTD/);
    expect(() => events([`<a b="${'x'.repeat(2000)}">`])).toThrow(/orimligt lång/);
    expect(() => events(['<a b="', 'x'.repeat(2000)])).toThrow(/orimligt lång/);
  });
});
