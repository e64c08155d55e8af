import type { DataSource } from 'typeorm';
import type { ByteSource } from '../tabular/byte-source';

/**
 * Bytes per row of a slice's answer. The bytes come as hex text, twice their size: kept under V8's large-object
 * size (128 kB), each part is short-lived garbage the young generation sweeps away, where one string of a
 * whole slice would sit in the old generation until a full collection, and the import's memory would grow with
 * the file.
 */
const PART_BYTES = 32 * 1024;

/**
 * An upload as the import job reads it: a slice at a time out of import_files, on a connection of its own (the
 * import's transaction is busy writing meanwhile). The column is stored uncompressed (migration
 * 1764230400950), so a slice costs the bytes it holds, not a decompression from the file's start.
 * Null when the import has no file.
 */
export async function storedImportFile(dataSource: DataSource, importId: string): Promise<ByteSource | null> {
  const [row]: { size: number }[] = await dataSource.query(
    `SELECT octet_length(content) AS size FROM import_files WHERE import_id = $1`,
    [importId],
  );
  if (!row) return null;
  const size = Number(row.size);
  return {
    size,
    read: async (offset, length) => {
      const wanted = Math.max(0, Math.min(length, size - offset));
      const parts: { part: Buffer }[] = await dataSource.query(
        `SELECT substring(f.content FROM $2 + n * $4 FOR least($4, $3 - n * $4)) AS part
           FROM import_files f, generate_series(0, ($3 - 1) / $4) AS n
          WHERE f.import_id = $1
          ORDER BY n`,
        [importId, offset + 1, wanted, PART_BYTES],
      );
      if (parts.length === 0 && wanted > 0) throw new Error('Importens fil finns inte längre');
      return parts.length === 1 ? parts[0].part : Buffer.concat(parts.map((p) => p.part));
    },
  };
}
