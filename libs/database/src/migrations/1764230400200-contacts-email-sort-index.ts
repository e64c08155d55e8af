import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keyset paging sorted by email (GET /api/contacts?sort=email) walks this index in either direction; the partial
 * unique index cannot serve it because it leaves out contacts without an address.
 */
export class ContactsEmailSortIndex1764230400200 implements MigrationInterface {
  name = 'ContactsEmailSortIndex1764230400200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS contacts_email_sort_idx ON contacts (email, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS contacts_email_sort_idx`);
  }
}
