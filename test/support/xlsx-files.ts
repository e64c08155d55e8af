import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

/** One part of a hand-made ZIP archive. */
export interface ZipPart {
  name: string;
  /** Packed bytes as stored (raw DEFLATE, or the bytes themselves with `stored`). */
  packed: Buffer;
  crc: number;
  /** What the archive's directory says the part unpacks to (a bomb's directory may lie). */
  declaredSize: number;
  /** What it says the packed size is (defaults to the real one). */
  declaredPackedSize?: number;
  stored?: boolean;
}

/** A part from its text, deflated, with honest sizes. */
export function part(name: string, text: string | Buffer): ZipPart {
  const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return { name, packed: deflateRawSync(data), crc: crc32(data), declaredSize: data.length };
}

/**
 * A part whose text is `before`, then `count` times the character `fill`, then `after`, deflated as a stream:
 * 200 MB of "a" become about 200 KB without ever being in memory at once.
 */
export async function runPart(
  name: string,
  before: string,
  fill: string,
  count: number,
  after: string,
): Promise<ZipPart> {
  const deflate = createDeflateRaw({ level: 9 });
  const packed: Buffer[] = [];
  deflate.on('data', (c: Buffer) => packed.push(c));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  let crc = 0;
  let size = 0;
  const write = async (chunk: Buffer): Promise<void> => {
    crc = crc32(chunk, crc);
    size += chunk.length;
    if (!deflate.write(chunk)) await new Promise((r) => deflate.once('drain', r));
  };
  await write(Buffer.from(before, 'utf8'));
  const block = Buffer.alloc(1024 * 1024, fill);
  let left = count;
  while (left > 0) {
    const n = Math.min(left, block.length);
    await write(n === block.length ? block : block.subarray(0, n));
    left -= n;
  }
  await write(Buffer.from(after, 'utf8'));
  deflate.end();
  await done;
  return { name, packed: Buffer.concat(packed), crc, declaredSize: size };
}

/** A ZIP archive of the parts, in the given order (local headers, data, central directory, end record). */
export function zip(parts: ZipPart[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const method = p.stored ? 0 : 8;
    const packedSize = p.declaredPackedSize ?? p.packed.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(p.crc >>> 0, 14);
    local.writeUInt32LE(packedSize, 18);
    local.writeUInt32LE(p.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    chunks.push(local, name, p.packed);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x800, 8);
    entry.writeUInt16LE(method, 10);
    entry.writeUInt32LE(p.crc >>> 0, 16);
    entry.writeUInt32LE(packedSize, 20);
    entry.writeUInt32LE(p.declaredSize, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    offset += 30 + name.length + p.packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, directory, end]);
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
  '</Types>';
const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
  '</Relationships>';
const WORKBOOK =
  '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' +
  '<sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>';
const WORKBOOK_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' +
  '</Relationships>';

export const SST_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';

/** A worksheet part whose rows are given as cell XML (`<c …>…</c>`), numbered from 1. */
export function sheetPart(rows: string[]): ZipPart {
  return part(
    'xl/worksheets/sheet1.xml',
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
      rows.map((cells, i) => `<row r="${i + 1}">${cells}</row>`).join('') +
      '</sheetData></worksheet>',
  );
}

/** A workbook of the usual parts around the given worksheet and shared-string parts. */
export function workbook(sheet: ZipPart, sharedStrings: ZipPart): Buffer {
  return zip([
    part('[Content_Types].xml', CONTENT_TYPES),
    part('_rels/.rels', ROOT_RELS),
    part('xl/workbook.xml', WORKBOOK),
    part('xl/_rels/workbook.xml.rels', WORKBOOK_RELS),
    sharedStrings,
    sheet,
  ]);
}

/**
 * The shared-strings bomb as it was reported: an .xlsx of about 200 KB whose header cell A1 unpacks to a string of
 * `megabytes` MB of "a" (the second header is "E-post", and one contact follows).
 */
export async function sharedStringsBomb(megabytes = 200): Promise<Buffer> {
  const strings = await runPart(
    'xl/sharedStrings.xml',
    `${SST_OPEN}<si><t>`,
    'a',
    megabytes * 1024 * 1024,
    '</t></si><si><t>E-post</t></si><si><t>bomb@exempel.se</t></si></sst>',
  );
  const sheet = sheetPart([
    '<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>',
    '<c r="A2" t="inlineStr"><is><t>x</t></is></c><c r="B2" t="s"><v>2</v></c>',
  ]);
  return workbook(sheet, strings);
}
