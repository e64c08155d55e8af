import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff may settle an uncertain row a third way: it did not arrive and is not to be sent again
 * (`marked_failed`: the row ends failed_permanent). Only the CHECK on mailing_recipients.resolution changes.
 */
export class UncertainMarkedFailed1764230400910 implements MigrationInterface {
  name = 'UncertainMarkedFailed1764230400910';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mailing_recipients
                     DROP CONSTRAINT mailing_recipients_resolution_check,
                     ADD CONSTRAINT mailing_recipients_resolution_check
                       CHECK (resolution IN ('marked_sent', 'resent', 'marked_failed'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The old resolutions have no "marked_failed": the row stays failed, its resolution is forgotten.
    await q.query(`UPDATE mailing_recipients SET resolution = NULL WHERE resolution = 'marked_failed'`);
    await q.query(`ALTER TABLE mailing_recipients
                     DROP CONSTRAINT mailing_recipients_resolution_check,
                     ADD CONSTRAINT mailing_recipients_resolution_check CHECK (resolution IN ('marked_sent', 'resent'))`);
  }
}
