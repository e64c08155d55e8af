import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { databaseUrl } from './test-infrastructure';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} saknas: kör testerna med jest så att global-setup körs`);
  return value;
}

/** A fresh, migrated database for one test file, cloned from the run's template. */
export function createTestDatabase(): Promise<TestDatabase> {
  return createDatabase(env('CRM_TEST_TEMPLATE_DB'));
}

/** A fresh database with nothing in it, for testing migrations themselves. */
export function createEmptyTestDatabase(): Promise<TestDatabase> {
  return createDatabase('template0');
}

async function createDatabase(template: string): Promise<TestDatabase> {
  const adminUrl = env('CRM_TEST_ADMIN_DB_URL');
  // The template's creator pid ties the database to this run so teardown can find it.
  const pid = env('CRM_TEST_TEMPLATE_DB').replace('crm_test_template_', '');
  const name = `crm_test_${pid}_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: databaseUrl(adminUrl, name),
    drop: async () => {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export function testRedisUrl(): string {
  return env('CRM_TEST_REDIS_URL');
}

/** A BullMQ key prefix of its own per test file, so files sharing one Redis never see each other's jobs. */
export function uniqueQueuePrefix(): string {
  return `crmtest${randomBytes(4).toString('hex')}`;
}
