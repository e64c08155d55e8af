import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMigrations, startEmbeddedPostgres, StartedPostgres } from '../../libs/database/src';
import { freePort } from './free-port';
import type { TestDatabase } from './test-database';

/**
 * A PostgreSQL server of one test's own (embedded, in a temporary folder, migrated), for tests that stop and
 * start the database itself, which the run's shared server must never be.
 */
export interface PrivatePostgres {
  /** For createTestApp's `database`: nothing to drop, the folder goes at `remove`. */
  database: TestDatabase;
  stop(): Promise<void>;
  /** Starts the stopped server again, same folder, port and credentials. */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  remove(): Promise<void>;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-private-pg-'));
  const port = await freePort();
  let server: StartedPostgres | null = await startEmbeddedPostgres({ dataDir, port, database: 'postgres' });
  await runMigrations(server.url);
  const url = server.url;
  const stop = async () => {
    await server?.stop();
    server = null;
  };
  return {
    database: { url, name: 'postgres', drop: async () => undefined },
    stop,
    start: async () => {
      server ??= await startEmbeddedPostgres({ dataDir, port, database: 'postgres' });
    },
    remove: async () => {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
