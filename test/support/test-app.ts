import { loadConfig } from '@app/config';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApiApp, openApiDocumentOf } from '../../apps/api/src/bootstrap';
import { freePort } from './free-port';
import { OpenApiContract } from './openapi-contract';
import { createTestDatabase, testRedisUrl, TestDatabase, uniqueQueuePrefix } from './test-database';

export interface TestApp {
  app: INestApplication;
  db: TestDatabase;
  dataSource: DataSource;
  /** The HTTP server to hand to supertest. */
  server: Parameters<typeof import('supertest')>[0];
  /** With `listen: true`, the address it listens on (PUBLIC_BASE_URL, unless given); otherwise null. */
  url: string | null;
  close(): Promise<void>;
}

/**
 * The real API (and, by default, the queue worker in-process) on a fresh database and its own queue prefix.
 * `env` overrides environment variables as a user would set them. `listen: true` also listens on a free port
 * of 127.0.0.1 (for a browser, which needs a real address); PUBLIC_BASE_URL is then that address unless given,
 * so the links in mail lead to this app.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  options: {
    withWorker?: boolean;
    redisUrl?: string;
    listen?: boolean;
    /** An earlier app's database, to start again on (a restart); it is then not dropped at close. */
    database?: TestDatabase;
  } = {},
): Promise<TestApp> {
  const port = options.listen ? await freePort() : null;
  const url = port === null ? null : `http://127.0.0.1:${port}`;
  if (url && env.PUBLIC_BASE_URL === undefined) env = { ...env, PUBLIC_BASE_URL: url };
  const db = options.database ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    QUEUE_PREFIX: uniqueQueuePrefix(),
    ADMIN_EMAIL: 'admin@example.se',
    ADMIN_PASSWORD: 'admin-losenord-1',
    ...env,
  });
  const app = await createApiApp({
    config,
    databaseUrl: db.url,
    redisUrl: options.redisUrl ?? testRedisUrl(),
    withWorker: options.withWorker ?? true,
  });
  // Every answer is checked against the app's own OpenAPI document; a test file fails if one is not described.
  const contract = new OpenApiContract(openApiDocumentOf(app));
  contract.install(app);
  await app.init();
  // bufferLogs holds Nest's log lines until listen(); most tests only init(), so flush them (LOG_LEVEL decides).
  app.flushLogs();
  if (port !== null) await app.listen(port, '127.0.0.1');
  return {
    app,
    db,
    dataSource: app.get(DataSource),
    server: app.getHttpServer(),
    url,
    close: async () => {
      await app.close();
      if (!options.database) await db.drop();
      contract.assertKept();
    },
  };
}
