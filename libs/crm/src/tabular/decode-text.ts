import iconv from 'iconv-lite';
import { isAscii, isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { ByteSource, slicesOf } from './byte-source';

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

/** The byte-order mark at the start of `head` (the file's first bytes), if any, and what it says. */
export function byteOrderMark(head: Uint8Array): { encoding?: TextEncoding; bomLength: number } {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { bomLength: 3 };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  return { bomLength: 0 };
}

/** Where a UTF-8 sequence that `bytes` ends in the middle of begins; `bytes.length` when none is cut. */
function completeUtf8Length(bytes: Uint8Array): number {
  for (let i = bytes.length - 1; i >= 0 && i >= bytes.length - 4; i--) {
    const b = bytes[i];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back for its lead
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return i + length > bytes.length ? i : bytes.length;
  }
  return bytes.length;
}

/**
 * A file read as UTF-8 turned out not to be UTF-8 after text outside ASCII had already been read from it: the
 * whole file is Windows-1252 (detectEncoding's rule), and what was read must be read again as that.
 */
export class NotUtf8AfterAll extends Error {
  constructor() {
    super('Filen visade sig inte vara UTF-8 och läses om som Windows-1252');
    this.name = 'NotUtf8AfterAll';
  }
}

/** Bytes of a slice decoded (and so parsed) at a time: each step a few milliseconds, others' turns between. */
const SOURCE_PIECE_BYTES = 16 * 1024;

/**
 * The text of a file read a slice at a time, as UTF-8 bytes, a piece per SOURCE_PIECE_BYTES, in one pass (a
 * UTF-8 file's own bytes, checked, not decoded: the CSV parser reads bytes). The encoding is detectEncoding()'s,
 * which for a file without a UTF-16 byte-order mark depends on whether every byte is valid UTF-8: that is only
 * known at the end, so the file is read as UTF-8 until a byte says otherwise. If everything before that byte
 * was ASCII, the two encodings read it alike and reading simply goes on as Windows-1252; otherwise
 * NotUtf8AfterAll is thrown and the caller starts again with `encoding` given.
 */
export async function* sourceAsUtf8(source: ByteSource, encoding?: TextEncoding): AsyncGenerator<Buffer> {
  let decoding: TextEncoding | undefined = encoding;
  let utf16: TextDecoder | null = null;
  let nonAscii = false;
  let carry: Buffer | null = null;
  let first = true;
  for await (const slice of slicesOf(source)) {
    let bytes = slice;
    if (first) {
      first = false;
      const mark = byteOrderMark(bytes);
      bytes = bytes.subarray(mark.bomLength);
      if (mark.encoding) decoding = mark.encoding;
      if (decoding === 'utf-16le' || decoding === 'utf-16be') {
        utf16 = new TextDecoder(decoding, { ignoreBOM: true });
      }
    }
    for (let at = 0; at < bytes.length;) {
      let end = Math.min(at + SOURCE_PIECE_BYTES, bytes.length);
      if (!utf16 && decoding !== 'windows-1252' && end < bytes.length) {
        // Pieces end between characters; only the end of a slice may cut one (carried to the next).
        const cut = at + completeUtf8Length(bytes.subarray(at, end));
        if (cut > at) end = cut;
      }
      const piece = bytes.subarray(at, end);
      at = end;
      if (utf16) {
        yield Buffer.from(utf16.decode(piece, { stream: true }), 'utf8');
        continue;
      }
      if (decoding === 'windows-1252') {
        // One byte per character: any cut is a cut between characters.
        yield Buffer.from(iconv.decode(Buffer.from(piece), 'win1252'), 'utf8');
        continue;
      }
      const joined: Buffer = carry
        ? Buffer.concat([carry, piece])
        : Buffer.from(piece.buffer, piece.byteOffset, piece.length);
      // A character cut between two slices is checked and passed on whole, with the next slice.
      const whole = joined.subarray(0, completeUtf8Length(joined));
      if (isUtf8(whole)) {
        if (!nonAscii && !isAscii(whole)) nonAscii = true;
        carry = whole.length < joined.length ? Buffer.from(joined.subarray(whole.length)) : null;
        yield whole;
      } else {
        if (nonAscii) throw new NotUtf8AfterAll();
        decoding = 'windows-1252';
        carry = null;
        yield Buffer.from(iconv.decode(joined, 'win1252'), 'utf8');
      }
    }
  }
  if (utf16) {
    const rest = utf16.decode();
    if (rest) yield Buffer.from(rest, 'utf8');
  } else if (carry) {
    // The file ends in the middle of a character: not UTF-8.
    if (nonAscii) throw new NotUtf8AfterAll();
    yield Buffer.from(iconv.decode(carry, 'win1252'), 'utf8');
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
