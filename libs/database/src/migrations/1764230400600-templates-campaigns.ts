import { MigrationInterface, QueryRunner } from 'typeorm';

/** Templates with immutable versions, campaigns, the recipients ledger and the outbox. */
export class TemplatesCampaigns1764230400600 implements MigrationInterface {
  name = 'TemplatesCampaigns1764230400600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE templates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        description text,
        built_in_key text UNIQUE,
        current_version_id uuid,
        archived boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A version is never changed after it is written: editing a template adds a version.
    await q.query(`
      CREATE TABLE template_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        template_id uuid NOT NULL REFERENCES templates(id) ON DELETE CASCADE,
        version integer NOT NULL,
        subject_sv text NOT NULL,
        mjml_sv text NOT NULL,
        subject_en text,
        mjml_en text,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (template_id, version),
        CHECK ((subject_en IS NULL) = (mjml_en IS NULL))
      )`);
    await q.query(`
      ALTER TABLE templates ADD CONSTRAINT templates_current_version_fk
        FOREIGN KEY (current_version_id) REFERENCES template_versions(id) DEFERRABLE INITIALLY DEFERRED`);

    await q.query(`
      CREATE TABLE campaigns (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        status text NOT NULL DEFAULT 'draft'
          CHECK (status IN ('draft', 'scheduled', 'sending', 'paused', 'sent', 'cancelled')),
        audience jsonb NOT NULL,
        template_id uuid NOT NULL REFERENCES templates(id),
        template_version_id uuid REFERENCES template_versions(id),
        subject text,
        from_name text NOT NULL,
        from_address text NOT NULL,
        reply_to text,
        scheduled_at timestamptz,
        rate_limit_per_minute integer CHECK (rate_limit_per_minute IS NULL OR rate_limit_per_minute > 0),
        pause_reason text,
        consecutive_failures integer NOT NULL DEFAULT 0,
        started_at timestamptz,
        finished_at timestamptz,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX campaigns_status_idx ON campaigns (status, scheduled_at)`);

    // The ledger: one row per (campaign, contact), the truth about who got what.
    await q.query(`
      CREATE TABLE campaign_recipients (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        campaign_id uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        contact_id uuid REFERENCES contacts(id) ON DELETE SET NULL,
        email text NOT NULL,
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'sending', 'sent', 'failed_temporary', 'failed_permanent', 'suppressed', 'uncertain')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        smtp_response text,
        message_id text,
        claimed_at timestamptz,
        next_attempt_at timestamptz,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (campaign_id, contact_id)
      )`);
    await q.query(
      `CREATE INDEX campaign_recipients_status_idx ON campaign_recipients (campaign_id, status, id)`,
    );
    await q.query(
      `CREATE INDEX campaign_recipients_sending_idx ON campaign_recipients (claimed_at) WHERE status = 'sending'`,
    );

    // Messages the built-in outbox transport keeps instead of sending (no SMTP_URL).
    await q.query(`
      CREATE TABLE outbox_messages (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        campaign_id uuid REFERENCES campaigns(id) ON DELETE SET NULL,
        recipient_id bigint REFERENCES campaign_recipients(id) ON DELETE SET NULL,
        message_id text NOT NULL,
        from_address text NOT NULL,
        to_address text NOT NULL,
        reply_to text,
        subject text NOT NULL,
        html text NOT NULL,
        text text NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX outbox_messages_created_idx ON outbox_messages (created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['outbox_messages', 'campaign_recipients', 'campaigns'])
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    await q.query(`ALTER TABLE templates DROP CONSTRAINT IF EXISTS templates_current_version_fk`);
    for (const t of ['template_versions', 'templates']) await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
