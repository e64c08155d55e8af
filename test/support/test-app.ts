import { loadConfig } from '@app/config';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApiApp, openApiDocumentOf } from '../../apps/api/src/bootstrap';
import { OpenApiContract } from './openapi-contract';
import { createTestDatabase, testRedisUrl, TestDatabase, uniqueQueuePrefix } from './test-database';

export interface TestApp {
  app: INestApplication;
  db: TestDatabase;
  dataSource: DataSource;
  /** The HTTP server to hand to supertest. */
  server: Parameters<typeof import('supertest')>[0];
  close(): Promise<void>;
}

/**
 * The real API (and, by default, the queue worker in-process) on a fresh database and its own queue prefix.
 * `env` overrides environment variables as a user would set them.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  options: { withWorker?: boolean; redisUrl?: string } = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
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
  // bufferLogs holds Nest's log lines until listen(); tests only init(), so flush them (LOG_LEVEL decides the rest).
  app.flushLogs();
  return {
    app,
    db,
    dataSource: app.get(DataSource),
    server: app.getHttpServer(),
    close: async () => {
      await app.close();
      await db.drop();
      contract.assertKept();
    },
  };
}
