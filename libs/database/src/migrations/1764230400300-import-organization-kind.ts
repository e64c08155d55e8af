import { MigrationInterface, QueryRunner } from 'typeorm';

/** The kind given to organisations an import creates (the request's `organizationKind`, default member). */
export class ImportOrganizationKind1764230400300 implements MigrationInterface {
  name = 'ImportOrganizationKind1764230400300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE imports ADD COLUMN organization_kind text NOT NULL DEFAULT 'member'
        CHECK (organization_kind IN ('member', 'partner', 'region', 'other'))`);
    await q.query(`CREATE INDEX imports_created_idx ON imports (created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS imports_created_idx`);
    await q.query(`ALTER TABLE imports DROP COLUMN IF EXISTS organization_kind`);
  }
}
