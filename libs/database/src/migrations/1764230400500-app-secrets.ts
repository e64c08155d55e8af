import { MigrationInterface, QueryRunner } from 'typeorm';

/** Installation-wide secrets generated on first start (e.g. the public-link HMAC key) when not configured. */
export class AppSecrets1764230400500 implements MigrationInterface {
  name = 'AppSecrets1764230400500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE app_secrets (
        name text PRIMARY KEY,
        value text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE app_secrets`);
  }
}
