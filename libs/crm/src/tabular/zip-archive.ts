import { AppErrorCode, AppException } from '@app/common';
import { createInflateRaw, crc32 } from 'node:zlib';
import { Readable } from 'node:stream';
import { echo, XLSX_LIMITS } from './tabular-limits';
import { ZIP_SIGNATURES } from './zip-signatures';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const {
  endOfCentralDirectory: EOCD,
  zip64EndLocator: ZIP64_EOCD_LOCATOR,
  zip64End: ZIP64_EOCD,
  centralHeader: CENTRAL_HEADER,
  localHeader: LOCAL_HEADER,
} = ZIP_SIGNATURES;
const MAX_COMMENT = 0xffff;
/** Unpacked bytes handed on at a time: small enough that no step blocks the event loop for long. */
const CHUNK_BYTES = 64 * 1024;

const MB = 1024 * 1024;
const megabytes = (bytes: number): string => (bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0);

/** The file is not a readable archive (damaged, encrypted, an unusual compression): 415 like any unreadable file. */
export function unreadableXlsx(why?: string): AppException {
  return new AppException(
    AppErrorCode.UNSUPPORTED_FILE,
    'Excel-filen kunde inte läsas' +
      (why ? ` (${why})` : '') +
      '. Kontrollera att det är en .xlsx-arbetsbok och att den inte är lösenordsskyddad.',
  );
}

/** The archive would unpack to far more than a contact list does: refused before it is unpacked. */
function tooBig(message: string, details: Record<string, unknown>): AppException {
  return AppException.validation(
    `${message} Filen importeras inte. Dela upp listan, eller spara den som "CSV UTF-8" och försök igen.`,
    details,
  );
}

/**
 * A ZIP archive held in memory, read the careful way round: its central directory first (the sizes every part
 * claims), checked against XLSX_LIMITS before a byte is unpacked; then one part at a time, streamed, stopping as
 * soon as a part unpacks to more than the directory said.
 */
export class ZipArchive {
  private readonly byName = new Map<string, ZipEntry>();

  private constructor(
    private readonly bytes: Buffer,
    readonly entries: ZipEntry[],
  ) {
    for (const e of entries) this.byName.set(normalisePartName(e.name), e);
  }

  /** Reads and checks the directory. Throws an AppException (Swedish) for a damaged archive or a bomb. */
  static open(data: Uint8Array): ZipArchive {
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const entries = readCentralDirectory(bytes);
    checkLimits(entries);
    return new ZipArchive(bytes, entries);
  }

  /** A part by its name (case-insensitive, with or without a leading "/", as OPC part names are). */
  entry(name: string): ZipEntry | undefined {
    return this.byName.get(normalisePartName(name));
  }

  /**
   * The unpacked bytes of a part, in chunks of at most 64 KB. Stops with an AppException when the part unpacks
   * to more than its directory entry says. Breaking out of the loop early stops the unpacking.
   */
  async *read(entry: ZipEntry): AsyncGenerator<Buffer> {
    if (entry.method !== 0 && entry.method !== 8) {
      throw unreadableXlsx(`delen "${echo(entry.name, 60)}" är packad på ett okänt sätt`);
    }
    const data = this.compressedData(entry);
    let produced = 0;
    let crc = 0;
    const take = (chunk: Buffer): void => {
      produced += chunk.length;
      if (produced > entry.uncompressedSize) {
        throw tooBig(
          `Excel-filen är skadad eller gjord för att belasta systemet: delen "${echo(entry.name)}" packas upp ` +
            `till mer än de ${entry.uncompressedSize} byte som filen uppger.`,
          { part: echo(entry.name), declaredBytes: entry.uncompressedSize },
        );
      }
      crc = crc32(chunk, crc);
    };
    if (entry.method === 0) {
      for (let at = 0; at < data.length; at += CHUNK_BYTES) {
        const chunk = data.subarray(at, at + CHUNK_BYTES);
        take(chunk);
        yield chunk;
        // Stored data is already in memory: let other work (HTTP requests) run between chunks.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } else {
      const inflate = createInflateRaw({ chunkSize: CHUNK_BYTES });
      const source = Readable.from([data]).pipe(inflate);
      try {
        for await (const chunk of source as AsyncIterable<Buffer>) {
          take(chunk);
          yield chunk;
        }
      } catch (err) {
        if (err instanceof AppException) throw err;
        throw unreadableXlsx(`delen "${echo(entry.name, 60)}" kunde inte packas upp`);
      } finally {
        inflate.destroy();
      }
    }
    if (produced !== entry.uncompressedSize || crc >>> 0 !== entry.crc) {
      throw unreadableXlsx(`delen "${echo(entry.name, 60)}" är skadad`);
    }
  }

  private compressedData(entry: ZipEntry): Buffer {
    const at = entry.localHeaderOffset;
    if (at + 30 > this.bytes.length || this.bytes.readUInt32LE(at) !== LOCAL_HEADER) {
      throw unreadableXlsx('skadad zip-katalog');
    }
    const start = at + 30 + this.bytes.readUInt16LE(at + 26) + this.bytes.readUInt16LE(at + 28);
    const end = start + entry.compressedSize;
    if (end > this.bytes.length) throw unreadableXlsx('filen är avkortad');
    return this.bytes.subarray(start, end);
  }
}

function normalisePartName(name: string): string {
  return name.replace(/^\/+/, '').toLowerCase();
}

function readCentralDirectory(bytes: Buffer): ZipEntry[] {
  const eocd = findEndOfCentralDirectory(bytes);
  if (eocd < 0) throw unreadableXlsx('ingen zip-katalog');
  let count = bytes.readUInt16LE(eocd + 10);
  let size = bytes.readUInt32LE(eocd + 12);
  let offset = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    // ZIP64: the real figures are in the ZIP64 end record, found through its locator just before.
    const locator = eocd - 20;
    if (locator < 0 || bytes.readUInt32LE(locator) !== ZIP64_EOCD_LOCATOR)
      throw unreadableXlsx('skadad zip-katalog');
    const record = safeNumber(bytes.readBigUInt64LE(locator + 8));
    if (record + 56 > bytes.length || bytes.readUInt32LE(record) !== ZIP64_EOCD) {
      throw unreadableXlsx('skadad zip-katalog');
    }
    count = safeNumber(bytes.readBigUInt64LE(record + 32));
    size = safeNumber(bytes.readBigUInt64LE(record + 40));
    offset = safeNumber(bytes.readBigUInt64LE(record + 48));
  }
  if (count > XLSX_LIMITS.maxEntries) {
    throw tooBig(`Excel-filen består av ${count} delar (högst ${XLSX_LIMITS.maxEntries}).`, {
      entries: count,
      maxEntries: XLSX_LIMITS.maxEntries,
    });
  }
  if (offset + size > bytes.length) throw unreadableXlsx('filen är avkortad');

  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL_HEADER) {
      throw unreadableXlsx('skadad zip-katalog');
    }
    const flags = bytes.readUInt16LE(at + 8);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
    const entry: ZipEntry = {
      name: nameBytes.toString(flags & 0x800 ? 'utf8' : 'latin1'),
      method: bytes.readUInt16LE(at + 10),
      flags,
      crc: bytes.readUInt32LE(at + 16),
      compressedSize: bytes.readUInt32LE(at + 20),
      uncompressedSize: bytes.readUInt32LE(at + 24),
      localHeaderOffset: bytes.readUInt32LE(at + 42),
    };
    applyZip64Extra(entry, bytes.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function findEndOfCentralDirectory(bytes: Buffer): number {
  const lowest = Math.max(0, bytes.length - 22 - MAX_COMMENT);
  for (let at = bytes.length - 22; at >= lowest; at--) {
    if (bytes.readUInt32LE(at) === EOCD) return at;
  }
  return -1;
}

/** The ZIP64 extra field holds, in this order, those of the three values that are 0xFFFFFFFF in the header. */
function applyZip64Extra(entry: ZipEntry, extra: Buffer): void {
  for (let at = 0; at + 4 <= extra.length;) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let field = at + 4;
      const next = (): number => {
        if (field + 8 > at + 4 + length) throw unreadableXlsx('skadad zip-katalog');
        const value = safeNumber(extra.readBigUInt64LE(field));
        field += 8;
        return value;
      };
      if (entry.uncompressedSize === 0xffffffff) entry.uncompressedSize = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
      return;
    }
    at += 4 + length;
  }
}

function safeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw unreadableXlsx('skadad zip-katalog');
  return Number(value);
}

/** The directory's promises against XLSX_LIMITS: each part, all parts, and how far each part unpacks. */
function checkLimits(entries: ZipEntry[]): void {
  let total = 0;
  for (const e of entries) {
    if (e.flags & 0x1) throw unreadableXlsx('filen är krypterad');
    const part = echo(e.name);
    if (e.uncompressedSize > XLSX_LIMITS.maxPartBytes) {
      throw tooBig(
        `Excel-filen packas upp till för mycket: delen "${part}" blir ${megabytes(e.uncompressedSize)} MB ` +
          `(högst ${megabytes(XLSX_LIMITS.maxPartBytes)} MB).`,
        { part, uncompressedBytes: e.uncompressedSize, maxPartBytes: XLSX_LIMITS.maxPartBytes },
      );
    }
    if (
      e.uncompressedSize > XLSX_LIMITS.ratioCheckedAboveBytes &&
      e.uncompressedSize > XLSX_LIMITS.maxRatio * Math.max(e.compressedSize, 1)
    ) {
      const ratio = Math.round(e.uncompressedSize / Math.max(e.compressedSize, 1));
      throw tooBig(
        `Excel-filen ser ut som en dekomprimeringsbomb: delen "${part}" packas upp till ${ratio} gånger sin ` +
          `storlek (${megabytes(e.uncompressedSize)} MB), vilket inget kalkylark gör (högst ${XLSX_LIMITS.maxRatio} gånger).`,
        { part, ratio, uncompressedBytes: e.uncompressedSize, maxRatio: XLSX_LIMITS.maxRatio },
      );
    }
    total += e.uncompressedSize;
  }
  if (total > XLSX_LIMITS.maxTotalBytes) {
    throw tooBig(
      `Excel-filen packas upp till för mycket: ${megabytes(total)} MB sammanlagt ` +
        `(högst ${megabytes(XLSX_LIMITS.maxTotalBytes)} MB).`,
      { uncompressedBytes: total, maxTotalBytes: XLSX_LIMITS.maxTotalBytes },
    );
  }
}
