import { DataSource } from 'typeorm';
import { MIGRATIONS } from './migrations';

/** Any constant works; it only has to be the same in every process of this system. */
const MIGRATION_LOCK_KEY = 7_246_310_001;

/**
 * Runs pending migrations under a PostgreSQL advisory lock so that several API and worker processes starting
 * at once do not race. The lock is session-level and held on one dedicated connection for the whole run.
 */
export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: databaseUrl,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    logging: false,
  });
  await dataSource.initialize();
  const lockRunner = dataSource.createQueryRunner();
  try {
    await lockRunner.connect();
    await lockRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await lockRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lockRunner.release();
    await dataSource.destroy();
  }
}
