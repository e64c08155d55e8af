import { Client } from 'pg';

/** Drops the template and every per-file database of this run, then stops what the setup started. */
export default async function globalTeardown(): Promise<void> {
  const template = process.env.CRM_TEST_TEMPLATE_DB;
  const adminUrl = process.env.CRM_TEST_ADMIN_DB_URL;
  if (!template || !adminUrl) return;
  delete process.env.CRM_TEST_TEMPLATE_DB;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
      [template, `crm_test_${process.pid}_%`],
    );
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await globalThis.__crmTestServersStop?.();
}
