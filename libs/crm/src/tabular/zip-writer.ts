import type { Writable } from 'node:stream';
import { constants, crc32, createDeflateRaw, type DeflateRaw } from 'node:zlib';
import { drained, ReceiverClosedError } from './backpressure';
import { ZIP_SIGNATURES } from './zip-signatures';

const {
  localHeader: LOCAL_HEADER,
  dataDescriptor: DATA_DESCRIPTOR,
  centralHeader: CENTRAL_HEADER,
  endOfCentralDirectory: EOCD,
} = ZIP_SIGNATURES;
/** Bit 3: sizes and CRC follow the data (it is streamed); bit 11: names are UTF-8. */
const FLAGS = 0x0808;
const DEFLATE = 8;
const VERSION = 20;
/** Without ZIP64 an archive stops at 4 GiB and 65535 entries; an export is far below both. */
const MAX_BYTES = 0xffffffff;

interface WrittenEntry {
  name: Buffer;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

/** The current time as MS-DOS time and date (what a ZIP entry keeps). */
function dosTime(now: Date): { time: number; date: number } {
  return {
    time: (now.getHours() << 11) | (now.getMinutes() << 5) | Math.floor(now.getSeconds() / 2),
    date: ((now.getFullYear() - 1980) << 9) | ((now.getMonth() + 1) << 5) | now.getDate(),
  };
}

/**
 * A ZIP archive written straight to a stream, one entry after the other, with nothing held but the entry being
 * written (its compressed pieces go out as they are made): what an XLSX export needs, and only that (deflate,
 * no ZIP64, no encryption). An entry is one deflate stream; each piece written is flushed to a byte boundary
 * in zlib's thread pool while the caller prepares the next.
 */
export class ZipWriter {
  private offset = 0;
  private readonly entries: WrittenEntry[] = [];
  private readonly stamp = dosTime(new Date());
  private open: ZipEntryWriter | null = null;

  constructor(
    private readonly out: Writable,
    private readonly level: number = constants.Z_DEFAULT_COMPRESSION,
  ) {}

  /** A whole entry at once (the small parts of a workbook). */
  async addFile(name: string, content: string | Buffer): Promise<void> {
    const entry = this.openEntry(name);
    await entry.write(content);
    await entry.close();
  }

  /** An entry written piece by piece; close it before the next one. */
  openEntry(name: string): ZipEntryWriter {
    if (this.open) throw new Error(`The ZIP entry ${this.open.name} is still open`);
    const entry = new ZipEntryWriter(this, name, this.level);
    this.open = entry;
    return entry;
  }

  /** The central directory and the archive's end; ends the stream. */
  async finish(): Promise<void> {
    if (this.open) throw new Error(`The ZIP entry ${this.open.name} is still open`);
    const start = this.offset;
    for (const e of this.entries) {
      const header = Buffer.alloc(46);
      header.writeUInt32LE(CENTRAL_HEADER, 0);
      header.writeUInt16LE(VERSION, 4); // made by
      this.entryFields(header, 6, e);
      // Extra field, comment, disk, internal and external attributes: all zero.
      header.writeUInt32LE(e.offset, 42);
      await this.emit(Buffer.concat([header, e.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(EOCD, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.emit(end);
    this.out.end();
  }

  /**
   * The fields the local and the central header share, in the same order (from "version needed" to the name's
   * length), written at `at`.
   */
  private entryFields(
    header: Buffer,
    at: number,
    e: Pick<WrittenEntry, 'name' | 'crc' | 'compressedSize' | 'size'>,
  ): void {
    header.writeUInt16LE(VERSION, at);
    header.writeUInt16LE(FLAGS, at + 2);
    header.writeUInt16LE(DEFLATE, at + 4);
    header.writeUInt16LE(this.stamp.time, at + 6);
    header.writeUInt16LE(this.stamp.date, at + 8);
    header.writeUInt32LE(e.crc, at + 10);
    header.writeUInt32LE(e.compressedSize, at + 14);
    header.writeUInt32LE(e.size, at + 18);
    header.writeUInt16LE(e.name.length, at + 22);
  }

  /** @internal Bytes to the stream, waiting while the receiver is full. */
  async emit(bytes: Buffer): Promise<void> {
    if (this.out.destroyed) throw new ReceiverClosedError();
    this.offset += bytes.length;
    if (this.offset > MAX_BYTES) throw new Error('The archive would pass 4 GiB (no ZIP64 here)');
    if (!this.out.write(bytes)) await drained(this.out);
  }

  /** @internal The local header of an entry starting now, its offset. */
  async begin(name: Buffer): Promise<number> {
    const offset = this.offset;
    const header = Buffer.alloc(30);
    header.writeUInt32LE(LOCAL_HEADER, 0);
    // CRC and sizes zero here: they are in the data descriptor after the data.
    this.entryFields(header, 4, { name, crc: 0, compressedSize: 0, size: 0 });
    await this.emit(Buffer.concat([header, name]));
    return offset;
  }

  /** @internal An entry is done: its data descriptor, and its line in the central directory to come. */
  async end(entry: WrittenEntry): Promise<void> {
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(DATA_DESCRIPTOR, 0);
    descriptor.writeUInt32LE(entry.crc, 4);
    descriptor.writeUInt32LE(entry.compressedSize, 8);
    descriptor.writeUInt32LE(entry.size, 12);
    await this.emit(descriptor);
    this.entries.push(entry);
    this.open = null;
  }
}

/** One entry of a ZipWriter being written. */
export class ZipEntryWriter {
  private readonly nameBytes: Buffer;
  private started: Promise<number> | null = null;
  private readonly deflate: DeflateRaw;
  /** Compressed bytes made and not yet written out. */
  private output: Buffer[] = [];
  private failure: Error | null = null;
  /** Settles when the last piece written is compressed (flushed to a byte boundary). */
  private compressed: Promise<void> = Promise.resolve();
  private crc = 0;
  private size = 0;
  private compressedSize = 0;

  constructor(
    private readonly zip: ZipWriter,
    readonly name: string,
    level: number,
  ) {
    this.nameBytes = Buffer.from(name, 'utf8');
    this.deflate = createDeflateRaw({ level });
    this.deflate.on('data', (bytes: Buffer) => this.output.push(bytes));
    this.deflate.on('error', (err: Error) => (this.failure = err));
  }

  /** Adds a piece; it is compressed (in zlib's thread pool) while the caller prepares the next. */
  async write(content: string | Buffer): Promise<void> {
    await this.start();
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    this.crc = crc32(bytes, this.crc);
    this.size += bytes.length;
    const deflate = this.deflate;
    deflate.write(bytes);
    const compressed = new Promise<void>((resolve) => deflate.flush(constants.Z_SYNC_FLUSH, () => resolve()));
    // The piece before this one goes out meanwhile; at most two pieces are held at any time.
    await this.compressed;
    this.compressed = compressed;
    await this.writeOut();
  }

  /** The rest of the data and the final deflate block, then the data descriptor. */
  async close(): Promise<void> {
    const offset = await this.start();
    await this.compressed;
    const ended = new Promise<void>((resolve) => {
      this.deflate.once('end', resolve);
      this.deflate.once('error', () => resolve());
    });
    this.deflate.end();
    await ended;
    await this.writeOut();
    await this.zip.end({
      name: this.nameBytes,
      crc: this.crc >>> 0,
      compressedSize: this.compressedSize,
      size: this.size,
      offset,
    });
  }

  private start(): Promise<number> {
    this.started ??= this.zip.begin(this.nameBytes);
    return this.started;
  }

  private async writeOut(): Promise<void> {
    if (this.failure) throw this.failure;
    const parts = this.output;
    this.output = [];
    for (const bytes of parts) {
      this.compressedSize += bytes.length;
      await this.zip.emit(bytes);
    }
  }
}
