import 'reflect-metadata';
import { AuditEntry, AuditService } from '@app/audit';
import {
  Contact,
  ContactImport,
  ContactImportHandler,
  ContactList,
  ContactListMember,
  Organization,
  Region,
  Segment,
  Suppression,
} from '@app/crm';
import { runMigrations } from '@app/database';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

/** The PostgreSQL the benchmarks use: BENCH_DATABASE_URL's server, or the local one (trust auth). */
export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  url: string;
  dataSource: DataSource;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own (as test/support/test-database.ts does), dropped afterwards. */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `crm_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  await runMigrations(url);
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    entities: [
      Region,
      Organization,
      Contact,
      ContactList,
      ContactListMember,
      Segment,
      Suppression,
      ContactImport,
      AuditEntry,
    ],
    synchronize: false,
    extra: { max: 10 },
  });
  await dataSource.initialize();
  return {
    url,
    dataSource,
    drop: async () => {
      await dataSource.destroy();
      const c = new Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** The real job handler, wired by hand exactly as Nest wires it (DataSource + AuditService). */
export function importHandler(dataSource: DataSource): ContactImportHandler {
  return new ContactImportHandler(dataSource, new AuditService(dataSource.getRepository(AuditEntry)));
}

/** Stores a file as an upload does (imports row + import_files) and runs the job on it; returns seconds taken. */
export async function runImport(
  dataSource: DataSource,
  filename: string,
  content: Buffer,
): Promise<{ seconds: number; importId: string }> {
  const [{ id }] = await dataSource.query(
    `INSERT INTO imports (status, filename, size_bytes) VALUES ('queued', $1, $2) RETURNING id`,
    [filename, content.length],
  );
  await dataSource.query(`INSERT INTO import_files (import_id, content) VALUES ($1, $2)`, [id, content]);
  const started = process.hrtime.bigint();
  await importHandler(dataSource).handle({ importId: id });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, importId: id };
}

/**
 * Stores a file that the database server can read (a bench's own PostgreSQL) as an upload does, without the
 * bench holding it: the server reads it itself (pg_read_binary_file, superuser). Answers the import's id.
 */
export async function storeServerFile(
  dataSource: DataSource,
  filename: string,
  path: string,
): Promise<string> {
  const [{ id }] = await dataSource.query(
    `INSERT INTO imports (status, filename, size_bytes)
     VALUES ('queued', $1, (pg_stat_file($2)).size) RETURNING id`,
    [filename, path],
  );
  await dataSource.query(
    `INSERT INTO import_files (import_id, content) VALUES ($1, pg_read_binary_file($2))`,
    [id, path],
  );
  return id;
}
