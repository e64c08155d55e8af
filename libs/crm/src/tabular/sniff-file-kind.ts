export type FileKind = 'csv' | 'xlsx' | 'xls' | 'binary' | 'empty';

/** How many leading bytes are looked at to tell text from binary. */
const SNIFF_BYTES = 8192;

/**
 * What kind of file the bytes are, by content (never by name: people rename files). XLSX is a ZIP archive;
 * old .xls is an OLE2 compound file; a NUL byte in the first 8 KB means binary unless a UTF-16 byte-order
 * mark explains it; a file of only whitespace counts as empty.
 */
export function sniffFileKind(bytes: Uint8Array): FileKind {
  if (bytes.length === 0) return 'empty';
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return 'xlsx';
  }
  if (bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    return 'xls';
  }
  const utf16 =
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  const head = bytes.subarray(0, SNIFF_BYTES);
  if (!utf16 && head.includes(0)) return 'binary';
  return isBlank(bytes) ? 'empty' : 'csv';
}

/** Whitespace, the UTF-8 BOM bytes, UTF-16 BOM bytes and NUL (the high bytes of UTF-16 whitespace). */
const BLANK = new Uint8Array(256);
for (const b of [0x20, 0x09, 0x0a, 0x0d, 0xef, 0xbb, 0xbf, 0xff, 0xfe, 0x00]) BLANK[b] = 1;

function isBlank(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (!BLANK[bytes[i]]) return false;
  return true;
}
