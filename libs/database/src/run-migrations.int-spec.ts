import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { createEmptyTestDatabase, TestDatabase } from '../../../test/support/test-database';
import { runMigrations } from './run-migrations';
import { MIGRATIONS } from './migrations';

describe('runMigrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createEmptyTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('migrates an empty database, and several processes starting at once do not race', async () => {
    const results = await Promise.all([runMigrations(db.url), runMigrations(db.url), runMigrations(db.url)]);
    // Exactly one of the concurrent runs applied everything; the others found nothing left to do.
    const applied = results.map((r) => r.length).sort();
    expect(applied).toEqual([0, 0, MIGRATIONS.length]);
    expect(await runMigrations(db.url)).toEqual([]);
  });

  it('leaves the 21 regions of test/fixtures/regions.csv, with codes, letters and former names', async () => {
    const csv = readFileSync(resolve(__dirname, '../../../test/fixtures/regions.csv'), 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((line) => line.split(','));
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{
        code: string;
        letter: string;
        name: string;
        former_names: string[];
      }>('SELECT code, letter, name, former_names FROM regions ORDER BY code');
      expect(rows).toHaveLength(21);
      expect(rows.map((r) => [r.code, r.letter, r.name])).toEqual(
        csv.map(([code, letter, name]) => [code, letter, name]),
      );
      expect(rows.find((r) => r.code === '20')?.former_names).toEqual(['Landstinget Dalarna']);
      const ext = await client.query(`SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'`);
      expect(ext.rowCount).toBe(1);
    } finally {
      await client.end();
    }
  });
});
