import { runMigrations } from '../../libs/database/src';
import { Client } from 'pg';
import { databaseUrl, startTestServers } from './test-infrastructure';

declare global {
  var __crmTestServersStop: (() => Promise<void>) | undefined;
}

/**
 * Once per test run: find or start PostgreSQL and Redis, migrate a template database. Each test file then
 * clones the template (CREATE DATABASE … TEMPLATE), as Immich's medium tests do.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.CRM_TEST_TEMPLATE_DB) return; // already done for another project of this run
  const servers = await startTestServers((m) => process.stdout.write(`\n${m}\n`));
  globalThis.__crmTestServersStop = servers.stop;
  const template = `crm_test_template_${process.pid}`;
  const admin = new Client({ connectionString: servers.adminDatabaseUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${template}`);
    await admin.query(`CREATE DATABASE ${template}`);
  } finally {
    await admin.end();
  }
  await runMigrations(databaseUrl(servers.adminDatabaseUrl, template));
  process.env.CRM_TEST_ADMIN_DB_URL = servers.adminDatabaseUrl;
  process.env.CRM_TEST_TEMPLATE_DB = template;
  process.env.CRM_TEST_REDIS_URL = servers.redisUrl;
}
