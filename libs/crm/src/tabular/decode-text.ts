import iconv from 'iconv-lite';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /** Whether the bytes started with a byte-order mark (removed from `text`). */
  bom: boolean;
}

const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Bytes of a text file → text. UTF-8 with or without BOM as today's Excel saves "CSV UTF-8"; UTF-16 with BOM as
 * Excel's "Unicode text"; anything that is not valid UTF-8 is read as Windows-1252, as older Swedish Excel saves
 * plain "CSV" (a byte like 0xE5 for "å" can never be valid UTF-8 on its own, so the guess is safe in practice).
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: decodeUtf8OrCp1252(bytes.subarray(3)).text, encoding: 'utf-8', bom: true };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return {
      text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16le'),
      encoding: 'utf-16le',
      bom: true,
    };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return {
      text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16be'),
      encoding: 'utf-16be',
      bom: true,
    };
  }
  return { ...decodeUtf8OrCp1252(bytes), bom: false };
}

function decodeUtf8OrCp1252(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  try {
    return { text: UTF8_STRICT.decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes), 'win1252'), encoding: 'windows-1252' };
  }
}
