/**
 * A file read a slice at a time, wherever it is kept (the imports keep theirs in PostgreSQL): a reader holds one
 * slice, not the file, so its memory is the same for any size of file.
 */
export interface ByteSource {
  readonly size: number;
  /** `length` bytes from `offset`, fewer only at the end of the file. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** Bytes read from a source per step. */
export const SOURCE_SLICE_BYTES = 1024 * 1024;

/** A file already in memory (uploads being checked, tests). */
export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: async (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)),
  };
}

/** The whole file at once (an XLSX archive, which is read from its end). */
export async function readAll(source: ByteSource): Promise<Uint8Array> {
  if (source.size === 0) return new Uint8Array(0);
  const whole = await source.read(0, source.size);
  if (whole.length !== source.size) throw new Error('Filen tog slut tidigare än väntat');
  return whole;
}

/**
 * The slices of the source from `from` to its end, in order, the next one read while the caller works on the
 * current one.
 */
export async function* slicesOf(
  source: ByteSource,
  from = 0,
  sliceBytes = SOURCE_SLICE_BYTES,
): AsyncGenerator<Uint8Array> {
  let next = from < source.size ? source.read(from, sliceBytes) : null;
  for (let at = from; next; at += sliceBytes) {
    const current = await next;
    const following = at + sliceBytes;
    next = following < source.size ? source.read(following, sliceBytes) : null;
    // Keeps a failed read-ahead from being reported as unhandled before it is awaited.
    next?.catch(() => undefined);
    if (current.length === 0) throw new Error('Filen tog slut tidigare än väntat');
    yield current;
  }
}

/**
 * The source with its beginning, already read, kept: the first look at a file (what kind it is, its separator)
 * and the reading that follows take those bytes from here instead of reading them twice.
 */
export function withHead(source: ByteSource, head: Uint8Array): ByteSource {
  return {
    size: source.size,
    read: (offset, length) =>
      offset + length <= head.length || head.length === source.size
        ? Promise.resolve(head.subarray(offset, Math.min(head.length, offset + length)))
        : source.read(offset, length),
  };
}
