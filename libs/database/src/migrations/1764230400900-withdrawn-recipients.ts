import { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = `'pending', 'sending', 'sent', 'failed_temporary', 'failed_permanent', 'suppressed', 'uncertain'`;

/**
 * A ledger row may end `withdrawn`: not sent because, when its turn came, the feature said it no longer applied
 * (a reminder to someone who had answered since the reminder started). Final, like `suppressed`. Only the
 * CHECK on mailing_recipients.status lists the statuses; the partial indexes name `sending` and `uncertain`
 * only, so they stay as they are.
 */
export class WithdrawnRecipients1764230400900 implements MigrationInterface {
  name = 'WithdrawnRecipients1764230400900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mailing_recipients
                     DROP CONSTRAINT mailing_recipients_status_check,
                     ADD CONSTRAINT mailing_recipients_status_check CHECK (status IN (${BEFORE}, 'withdrawn'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The old statuses have no "withdrawn": such a row was not sent, and stays final, as `suppressed` (its reason
    // stays in last_error).
    await q.query(`UPDATE mailing_recipients SET status = 'suppressed' WHERE status = 'withdrawn'`);
    await q.query(`ALTER TABLE mailing_recipients
                     DROP CONSTRAINT mailing_recipients_status_check,
                     ADD CONSTRAINT mailing_recipients_status_check CHECK (status IN (${BEFORE}))`);
  }
}
