import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inbound mail: every message received (bounces, complaints, auto-replies, replies, and what could not be read),
 * and on the ledger row what came back for it (a bounce or a complaint).
 */
export class InboundMail1764230400920 implements MigrationInterface {
  name = 'InboundMail1764230400920';

  async up(q: QueryRunner): Promise<void> {
    // What came back for a sent message; a hard bounce is never overwritten by a later soft one.
    await q.query(`ALTER TABLE mailing_recipients
                     ADD COLUMN bounce text CHECK (bounce IN ('hard', 'soft', 'complaint')),
                     ADD COLUMN bounce_status text,
                     ADD COLUMN bounced_at timestamptz`);
    // A reply or bounce names the message it answers by its Message-ID.
    await q.query(
      `CREATE INDEX mailing_recipients_message_id_idx ON mailing_recipients (message_id) WHERE message_id IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE inbound_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('hard_bounce', 'soft_bounce', 'complaint', 'auto_reply', 'reply', 'unreadable')),
        origin text NOT NULL CHECK (origin IN ('imap', 'smtp', 'api')),
        origin_key text,
        message_id text,
        size integer NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        from_address text,
        from_name text,
        subject text,
        text text,
        html text,
        attachments jsonb NOT NULL DEFAULT '[]',
        reason text,
        bounce_status text,
        failed_recipient text,
        matched_by text NOT NULL DEFAULT 'none' CHECK (matched_by IN ('verp', 'message_id', 'address', 'none')),
        recipient_id bigint REFERENCES mailing_recipients(id) ON DELETE SET NULL,
        mailing_id uuid REFERENCES mailings(id) ON DELETE SET NULL,
        contact_id uuid REFERENCES contacts(id) ON DELETE SET NULL,
        purpose text,
        scope_type text,
        scope_id uuid,
        campaign_id uuid,
        meeting_id uuid,
        handled boolean NOT NULL DEFAULT false,
        handled_at timestamptz,
        handled_by uuid REFERENCES users(id) ON DELETE SET NULL,
        converted_to text CHECK (converted_to IN ('host_answer', 'rsvp'))
      )`);
    // Duplicates: the same message taken in twice (by the same origin, or by its Message-ID) is one row.
    await q.query(
      `CREATE UNIQUE INDEX inbound_messages_origin_key_idx ON inbound_messages (origin_key) WHERE origin_key IS NOT NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX inbound_messages_message_id_idx ON inbound_messages (message_id) WHERE message_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX inbound_messages_list_idx ON inbound_messages (received_at DESC, id DESC)`);
    await q.query(`CREATE INDEX inbound_messages_contact_idx ON inbound_messages (contact_id, received_at)`);
    await q.query(`CREATE INDEX inbound_messages_campaign_idx ON inbound_messages (campaign_id, kind)`);
    await q.query(`CREATE INDEX inbound_messages_meeting_idx ON inbound_messages (meeting_id, kind)`);
    await q.query(`CREATE INDEX inbound_messages_failed_idx ON inbound_messages (failed_recipient)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE inbound_messages`);
    await q.query(`DROP INDEX mailing_recipients_message_id_idx`);
    await q.query(
      `ALTER TABLE mailing_recipients DROP COLUMN bounce, DROP COLUMN bounce_status, DROP COLUMN bounced_at`,
    );
  }
}
