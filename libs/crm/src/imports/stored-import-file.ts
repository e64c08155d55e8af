import type { DataSource } from 'typeorm';
import type { ByteSource } from '../tabular/byte-source';

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
  return {
    size: Number(row.size),
    read: async (offset, length) => {
      const [part]: { bytes: Buffer }[] = await dataSource.query(
        `SELECT substring(content FROM $2 FOR $3) AS bytes FROM import_files WHERE import_id = $1`,
        [importId, offset + 1, length],
      );
      if (!part) throw new Error('Importens fil finns inte längre');
      return part.bytes;
    },
  };
}
