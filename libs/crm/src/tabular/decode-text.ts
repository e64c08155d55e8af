import iconv from 'iconv-lite';
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /** Whether the bytes started with a byte-order mark (removed from `text`). */
  bom: boolean;
}

export interface DetectedEncoding {
  encoding: TextEncoding;
  /** Bytes of the byte-order mark at the start (0 without one). */
  bomLength: number;
}

/** Bytes decoded per step when a file is decoded as a stream. */
const CHUNK_BYTES = 256 * 1024;

/**
 * How the bytes of a text file are encoded. UTF-8 with or without BOM as today's Excel saves "CSV UTF-8"; UTF-16
 * with BOM as Excel's "Unicode text"; anything that is not valid UTF-8 is read as Windows-1252, as older Swedish
 * Excel saves plain "CSV" (a byte like 0xE5 for "å" can never be valid UTF-8 on its own, so the guess is safe in
 * practice). The UTF-8 check is native and takes milliseconds even for a file of the largest allowed size.
 */
export function detectEncoding(bytes: Uint8Array): DetectedEncoding {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { encoding: isUtf8(bytes.subarray(3)) ? 'utf-8' : 'windows-1252', bomLength: 3 };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return { encoding: 'utf-16le', bomLength: 2 };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return { encoding: 'utf-16be', bomLength: 2 };
  return { encoding: isUtf8(bytes) ? 'utf-8' : 'windows-1252', bomLength: 0 };
}

/**
 * The text of the bytes, decoded a piece at a time (a few milliseconds each) so that a large file never holds
 * the event loop: the caller awaits between pieces. At most `maxBytes` bytes are decoded.
 */
export function* decodeChunks(
  bytes: Uint8Array,
  { encoding, bomLength }: DetectedEncoding,
  maxBytes = Infinity,
): Generator<string> {
  const end = Math.min(bytes.length, bomLength + maxBytes);
  if (encoding === 'windows-1252') {
    for (let at = bomLength; at < end; at += CHUNK_BYTES) {
      yield iconv.decode(Buffer.from(bytes.subarray(at, Math.min(at + CHUNK_BYTES, end))), 'win1252');
    }
    return;
  }
  // ignoreBOM: the BOM is already skipped; a second one would be content.
  const decoder = new TextDecoder(encoding, { ignoreBOM: true });
  for (let at = bomLength; at < end; at += CHUNK_BYTES) {
    const last = at + CHUNK_BYTES >= end;
    yield decoder.decode(bytes.subarray(at, Math.min(at + CHUNK_BYTES, end)), { stream: !last });
  }
}

/** The whole text at once (small files and tests; imports decode with decodeChunks). */
export function decodeText(bytes: Uint8Array): DecodedText {
  const detected = detectEncoding(bytes);
  return {
    text: [...decodeChunks(bytes, detected)].join(''),
    encoding: detected.encoding,
    bom: detected.bomLength > 0,
  };
}
