import iconv from 'iconv-lite';
import { decodeText } from './decode-text';
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
