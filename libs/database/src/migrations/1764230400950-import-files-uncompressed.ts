import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An import's file is read a slice at a time (substring), so the job never holds it whole. A compressed value
 * is decompressed from its start for every slice, which makes reading a file quadratic in its size; stored
 * uncompressed (out of line, EXTERNAL) a slice reads only the chunks it covers. The file lives only until its
 * import ends, so the space is no loss. Applies to files stored from now on.
 */
export class ImportFilesUncompressed1764230400950 implements MigrationInterface {
  name = 'ImportFilesUncompressed1764230400950';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_files ALTER COLUMN content SET STORAGE EXTERNAL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE import_files ALTER COLUMN content SET STORAGE EXTENDED`);
  }
}
