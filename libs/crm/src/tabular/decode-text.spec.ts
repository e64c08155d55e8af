import iconv from 'iconv-lite';
import { memorySource } from './byte-source';
import { decodeText, NotUtf8AfterAll, sourceAsUtf8, TextEncoding } from './decode-text';
import { sniffFileKind } from './sniff-file-kind';

describe('decodeText', () => {
  it('reads UTF-8 with a BOM and drops the BOM', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('Förnamn;E-post\r\nÅsa;a@b.se', 'utf8'),
    ]);
    expect(decodeText(bytes)).toEqual({ text: 'Förnamn;E-post\r\nÅsa;a@b.se', encoding: 'utf-8', bom: true });
  });

  it('reads UTF-8 without a BOM', () => {
    expect(decodeText(Buffer.from('Öberg;Ängla', 'utf8'))).toEqual({
      text: 'Öberg;Ängla',
      encoding: 'utf-8',
      bom: false,
    });
  });

  it('reads bytes that are not valid UTF-8 as Windows-1252 (older Swedish Excel)', () => {
    const bytes = iconv.encode('Förnamn;Efternamn\r\nÅsa;Öberg – “citat” €', 'win1252');
    expect(bytes.includes(0xe5) || bytes.includes(0xc5)).toBe(true);
    const decoded = decodeText(bytes);
    expect(decoded.encoding).toBe('windows-1252');
    expect(decoded.text).toBe('Förnamn;Efternamn\r\nÅsa;Öberg – “citat” €');
  });

  it('reads UTF-16LE with a BOM (Excel "Unicode text")', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('E-post\tFörnamn', 'utf16le')]);
    expect(decodeText(bytes).text).toBe('E-post\tFörnamn');
  });
});

describe('sourceAsUtf8 (a file read a slice at a time, in one pass)', () => {
  const read = async (bytes: Uint8Array, encoding?: TextEncoding): Promise<string> => {
    const pieces: Buffer[] = [];
    for await (const piece of sourceAsUtf8(memorySource(bytes), encoding)) pieces.push(piece);
    return Buffer.concat(pieces).toString('utf8');
  };
  // Well over one slice (1 MB) and many pieces, with two- and three-byte characters cut at their edges.
  const long = `\ufeffFörnamn;Efternamn\r\n${'Åsa;Öberg – “€”\r\n'.repeat(80_000)}`;

  it('reads what decodeText reads: UTF-8 with and without a BOM, UTF-16 and Windows-1252', async () => {
    const cases = [
      Buffer.from(long, 'utf8'),
      Buffer.from(long.slice(1), 'utf8'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(long.slice(1), 'utf16le')]),
      iconv.encode(long.slice(1), 'win1252'),
    ];
    expect(cases[0].length).toBeGreaterThan(2 * 1024 * 1024);
    for (const bytes of cases) expect(await read(bytes)).toBe(decodeText(bytes).text);
  });

  it('goes on as Windows-1252 when a byte says so and all before it was ASCII', async () => {
    const bytes = Buffer.concat([
      Buffer.from(`E-post;Namn\n${'a@b.se;Asa\n'.repeat(200_000)}`, 'ascii'),
      iconv.encode('c@d.se;Åsa\n', 'win1252'),
    ]);
    expect(await read(bytes)).toBe(decodeText(bytes).text);
  });

  it('throws NotUtf8AfterAll when text outside ASCII was read as UTF-8 before such a byte', async () => {
    const bytes = Buffer.concat([
      Buffer.from(`E-post;Namn\n${'a@b.se;Åsa\n'.repeat(200_000)}`, 'utf8'),
      iconv.encode('c@d.se;Åsa\n', 'win1252'),
    ]);
    await expect(read(bytes)).rejects.toBeInstanceOf(NotUtf8AfterAll);
    // Read again with the encoding decodeText finds for the whole file.
    expect(decodeText(bytes).encoding).toBe('windows-1252');
    expect(await read(bytes, 'windows-1252')).toBe(decodeText(bytes).text);
  });
});

describe('sniffFileKind', () => {
  it('tells CSV, XLSX, old XLS, binary and empty apart by content', () => {
    expect(sniffFileKind(Buffer.from('E-post\na@b.se'))).toBe('csv');
    expect(sniffFileKind(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2]))).toBe('xlsx');
    expect(sniffFileKind(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]))).toBe('xls');
    expect(sniffFileKind(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]))).toBe('binary');
    expect(sniffFileKind(Buffer.alloc(0))).toBe('empty');
    expect(sniffFileKind(Buffer.from('\ufeff \r\n\r\n', 'utf8'))).toBe('empty');
    expect(sniffFileKind(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('E-post', 'utf16le')]))).toBe(
      'csv',
    );
  });
});
