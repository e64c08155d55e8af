import { MigrationInterface, QueryRunner } from 'typeorm';

const PURPOSES = `'newsletter', 'host_request', 'invitation', 'reminder', 'confirmation', 'notice', 'survey'`;

/**
 * The purpose-neutral sending engine: a mailing (one purpose, one scope, one template version and sender) and
 * its recipients ledger. Campaigns that have started become mailings with the campaign's own id, so Message-IDs
 * and links already sent stay valid; `campaign_recipients` becomes `mailing_recipients`. Also: the e-mail hash
 * rule as one SQL function, a purpose per template, and the outbox keeping purpose, contact and attachments.
 */
export class SendingEngine1764230400700 implements MigrationInterface {
  name = 'SendingEngine1764230400700';

  async up(q: QueryRunner): Promise<void> {
    // The one SQL form of the e-mail rule of @app/crm (hashableEmail, emailHash): trim ASCII whitespace,
    // lower-case A–Z only (lower() under the "C" collation touches nothing else), SHA-256 hex. Both sides change
    // only ASCII, so they agree on every input (a test compares them). E'\x0b' is the vertical tab: PostgreSQL
    // strings have no \v.
    await q.query(`
      CREATE FUNCTION hashable_email(address text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT lower(btrim(address, E' \\t\\n\\r\\f\\x0b') COLLATE "C") $$`);
    await q.query(`
      CREATE FUNCTION email_hash(address text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT encode(sha256(convert_to(hashable_email(address), 'UTF8')), 'hex') $$`);

    await q.query(`ALTER TABLE templates ADD COLUMN purpose text NOT NULL DEFAULT 'newsletter'
                     CHECK (purpose IN (${PURPOSES}))`);

    await q.query(`
      CREATE TABLE mailings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        purpose text NOT NULL CHECK (purpose IN (${PURPOSES})),
        scope_type text NOT NULL,
        scope_id uuid NOT NULL,
        title text NOT NULL,
        status text NOT NULL DEFAULT 'sending' CHECK (status IN ('sending', 'paused', 'finished', 'cancelled')),
        template_version_id uuid NOT NULL REFERENCES template_versions(id),
        subject text,
        from_name text NOT NULL,
        from_address text NOT NULL,
        reply_to text,
        rate_limit_per_minute integer CHECK (rate_limit_per_minute IS NULL OR rate_limit_per_minute > 0),
        pause_reason text,
        consecutive_failures integer NOT NULL DEFAULT 0,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX mailings_scope_idx ON mailings (scope_type, scope_id)`);
    await q.query(`CREATE INDEX mailings_sending_idx ON mailings (id) WHERE status = 'sending'`);
    await q.query(`
      INSERT INTO mailings (id, purpose, scope_type, scope_id, title, status, template_version_id, subject,
                            from_name, from_address, reply_to, rate_limit_per_minute, pause_reason,
                            consecutive_failures, started_at, finished_at, created_at, updated_at)
      SELECT id, 'newsletter', 'campaign', id, name,
             CASE status WHEN 'sent' THEN 'finished' WHEN 'sending' THEN 'sending' WHEN 'paused' THEN 'paused'
                         ELSE 'cancelled' END,
             template_version_id, subject, from_name, from_address, reply_to, rate_limit_per_minute, pause_reason,
             consecutive_failures, started_at, finished_at, created_at, updated_at
        FROM campaigns
       WHERE started_at IS NOT NULL AND template_version_id IS NOT NULL`);

    await q.query(`ALTER TABLE campaign_recipients RENAME TO mailing_recipients`);
    await q.query(`ALTER TABLE mailing_recipients RENAME COLUMN campaign_id TO mailing_id`);
    await q.query(`ALTER TABLE mailing_recipients DROP CONSTRAINT campaign_recipients_campaign_id_fkey`);
    await q.query(`ALTER TABLE mailing_recipients ADD CONSTRAINT mailing_recipients_mailing_id_fkey
                     FOREIGN KEY (mailing_id) REFERENCES mailings(id) ON DELETE CASCADE`);
    // One row per (mailing, contact), with the contact first: the same index then finds a person's rows (erasure,
    // the GDPR export, deleting a contact) without a second index to keep up on every claim and record.
    await q.query(
      `ALTER TABLE mailing_recipients DROP CONSTRAINT campaign_recipients_campaign_id_contact_id_key`,
    );
    await q.query(`ALTER TABLE mailing_recipients ADD CONSTRAINT mailing_recipients_contact_mailing_key
                     UNIQUE (contact_id, mailing_id)`);
    await q.query(`ALTER TABLE mailing_recipients RENAME CONSTRAINT campaign_recipients_status_check
                     TO mailing_recipients_status_check`);
    await q.query(`ALTER INDEX campaign_recipients_pkey RENAME TO mailing_recipients_pkey`);
    await q.query(`ALTER TABLE mailing_recipients RENAME CONSTRAINT campaign_recipients_contact_id_fkey
                     TO mailing_recipients_contact_id_fkey`);
    await q.query(`ALTER INDEX campaign_recipients_status_idx RENAME TO mailing_recipients_status_idx`);
    await q.query(`ALTER INDEX campaign_recipients_sending_idx RENAME TO mailing_recipients_sending_idx`);
    await q.query(`ALTER SEQUENCE campaign_recipients_id_seq RENAME TO mailing_recipients_id_seq`);
    // Which worker process claimed the row (host:pid), and how staff settled an uncertain row.
    await q.query(`ALTER TABLE mailing_recipients
                     ADD COLUMN claimed_by text,
                     ADD COLUMN resolution text CHECK (resolution IN ('marked_sent', 'resent')),
                     ADD COLUMN resolved_at timestamptz,
                     ADD COLUMN resolved_by uuid REFERENCES users(id) ON DELETE SET NULL`);
    await q.query(
      `CREATE INDEX mailing_recipients_uncertain_idx ON mailing_recipients (mailing_id, id) WHERE status = 'uncertain'`,
    );

    await q.query(`ALTER TABLE outbox_messages RENAME COLUMN campaign_id TO mailing_id`);
    await q.query(`ALTER TABLE outbox_messages DROP CONSTRAINT outbox_messages_campaign_id_fkey`);
    await q.query(`ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_mailing_id_fkey
                     FOREIGN KEY (mailing_id) REFERENCES mailings(id) ON DELETE SET NULL`);
    await q.query(`ALTER TABLE outbox_messages
                     ADD COLUMN purpose text,
                     ADD COLUMN contact_id uuid,
                     ADD COLUMN attachments jsonb NOT NULL DEFAULT '[]'::jsonb`);
    await q.query(`UPDATE outbox_messages o SET purpose = 'newsletter', contact_id = r.contact_id
                     FROM mailing_recipients r WHERE r.id = o.recipient_id`);
    await q.query(`CREATE INDEX outbox_messages_contact_idx ON outbox_messages (contact_id)`);
    await q.query(`CREATE INDEX outbox_messages_recipient_idx ON outbox_messages (recipient_id)`);

    // The engine owns these now; the campaign keeps its own status as staff see it.
    await q.query(`ALTER TABLE campaigns DROP COLUMN consecutive_failures`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE campaigns ADD COLUMN consecutive_failures integer NOT NULL DEFAULT 0`);
    await q.query(`DROP INDEX IF EXISTS outbox_messages_recipient_idx`);
    await q.query(`DROP INDEX IF EXISTS outbox_messages_contact_idx`);
    await q.query(
      `ALTER TABLE outbox_messages DROP COLUMN attachments, DROP COLUMN contact_id, DROP COLUMN purpose`,
    );
    await q.query(`ALTER TABLE outbox_messages DROP CONSTRAINT outbox_messages_mailing_id_fkey`);
    await q.query(`ALTER TABLE outbox_messages RENAME COLUMN mailing_id TO campaign_id`);
    await q.query(`UPDATE outbox_messages SET campaign_id = NULL
                     WHERE campaign_id NOT IN (SELECT id FROM campaigns)`);
    await q.query(`ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_campaign_id_fkey
                     FOREIGN KEY (campaign_id) REFERENCES campaigns(id) ON DELETE SET NULL`);
    await q.query(`DROP INDEX IF EXISTS mailing_recipients_uncertain_idx`);
    await q.query(`ALTER TABLE mailing_recipients DROP COLUMN claimed_by, DROP COLUMN resolution,
                     DROP COLUMN resolved_at, DROP COLUMN resolved_by`);
    await q.query(`DELETE FROM mailing_recipients WHERE mailing_id NOT IN (SELECT id FROM campaigns)`);
    await q.query(`ALTER SEQUENCE mailing_recipients_id_seq RENAME TO campaign_recipients_id_seq`);
    await q.query(`ALTER INDEX mailing_recipients_sending_idx RENAME TO campaign_recipients_sending_idx`);
    await q.query(`ALTER INDEX mailing_recipients_status_idx RENAME TO campaign_recipients_status_idx`);
    await q.query(`ALTER INDEX mailing_recipients_pkey RENAME TO campaign_recipients_pkey`);
    await q.query(`ALTER TABLE mailing_recipients RENAME CONSTRAINT mailing_recipients_status_check
                     TO campaign_recipients_status_check`);
    await q.query(`ALTER TABLE mailing_recipients DROP CONSTRAINT mailing_recipients_contact_mailing_key`);
    await q.query(`ALTER TABLE mailing_recipients ADD CONSTRAINT campaign_recipients_campaign_id_contact_id_key
                     UNIQUE (mailing_id, contact_id)`);
    await q.query(`ALTER TABLE mailing_recipients DROP CONSTRAINT mailing_recipients_mailing_id_fkey`);
    await q.query(`ALTER TABLE mailing_recipients RENAME COLUMN mailing_id TO campaign_id`);
    await q.query(`ALTER TABLE mailing_recipients ADD CONSTRAINT campaign_recipients_campaign_id_fkey
                     FOREIGN KEY (campaign_id) REFERENCES campaigns(id) ON DELETE CASCADE`);
    await q.query(`ALTER TABLE mailing_recipients RENAME TO campaign_recipients`);
    await q.query(`DROP TABLE mailings`);
    await q.query(`ALTER TABLE templates DROP COLUMN purpose`);
    await q.query(`DROP FUNCTION email_hash(text)`);
    await q.query(`DROP FUNCTION hashable_email(text)`);
  }
}
