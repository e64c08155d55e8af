import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The IMAP poller's place per mailbox: the mailbox's UIDVALIDITY and the highest UID whose message the inbound
 * handler has stored. A restart fetches only above it, so no message is taken twice; a new UIDVALIDITY starts the
 * mailbox over (the handler then knows its messages by Message-ID). Also what staff see of the poller on the
 * system status: the last poll, the last error, and counts.
 */
export class ImapHighWater1764230400930 implements MigrationInterface {
  name = 'ImapHighWater1764230400930';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE inbound_imap_mailboxes (
      mailbox text PRIMARY KEY,
      uid_validity text NOT NULL,
      last_uid bigint NOT NULL DEFAULT 0 CHECK (last_uid >= 0),
      messages_taken integer NOT NULL DEFAULT 0,
      messages_truncated integer NOT NULL DEFAULT 0,
      last_poll_at timestamptz,
      last_success_at timestamptz,
      last_error text,
      last_error_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE inbound_imap_mailboxes`);
  }
}
