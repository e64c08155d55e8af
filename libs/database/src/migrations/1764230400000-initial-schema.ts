import { MigrationInterface, QueryRunner } from 'typeorm';

/** Staff, audit, the contact register, lists, segments, suppressions and imports. */
export class InitialSchema1764230400000 implements MigrationInterface {
  name = 'InitialSchema1764230400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL UNIQUE,
        name text NOT NULL DEFAULT '',
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE sessions (
        id text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        ip text,
        user_agent text
      )`);
    await q.query(`CREATE INDEX sessions_user_idx ON sessions (user_id)`);
    await q.query(`
      CREATE TABLE login_attempts (
        id bigserial PRIMARY KEY,
        email text NOT NULL,
        ip text,
        succeeded boolean NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX login_attempts_email_at_idx ON login_attempts (email, at)`);
    await q.query(`CREATE INDEX login_attempts_ip_at_idx ON login_attempts (ip, at)`);
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid,
        actor_email text,
        action text NOT NULL,
        target_type text,
        target_id text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        ip text
      )`);
    await q.query(`CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC)`);
    await q.query(`CREATE INDEX audit_log_action_idx ON audit_log (action, at DESC)`);

    await q.query(`
      CREATE TABLE regions (
        id smallserial PRIMARY KEY,
        code char(2) NOT NULL UNIQUE,
        letter text NOT NULL UNIQUE,
        name text NOT NULL UNIQUE,
        former_names text[] NOT NULL DEFAULT '{}',
        seat text NOT NULL,
        in_kultursamverkansmodellen boolean NOT NULL
      )`);
    await q.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('member', 'partner', 'region', 'other')),
        name text NOT NULL,
        name_key text NOT NULL UNIQUE,
        short_name text,
        region_id smallint REFERENCES regions(id),
        website text,
        notes text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE contacts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        first_name text NOT NULL DEFAULT '',
        last_name text NOT NULL DEFAULT '',
        email text,
        phone text,
        organization_id uuid REFERENCES organizations(id) ON DELETE SET NULL,
        region_id smallint REFERENCES regions(id),
        roles text[] NOT NULL DEFAULT '{}',
        elected boolean NOT NULL DEFAULT false,
        title text,
        language text NOT NULL DEFAULT 'sv' CHECK (language IN ('sv', 'en')),
        tags text[] NOT NULL DEFAULT '{}',
        custom_fields jsonb NOT NULL DEFAULT '{}'::jsonb,
        notes text,
        legal_basis text,
        source text,
        search_text text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT contacts_email_normalised CHECK (email IS NULL OR email = lower(btrim(email)))
      )`);
    await q.query(`CREATE UNIQUE INDEX contacts_email_uq ON contacts (email) WHERE email IS NOT NULL`);
    await q.query(`CREATE INDEX contacts_search_trgm_idx ON contacts USING gin (search_text gin_trgm_ops)`);
    await q.query(`CREATE INDEX contacts_org_idx ON contacts (organization_id, last_name, first_name, id)`);
    await q.query(`CREATE INDEX contacts_region_idx ON contacts (region_id, last_name, first_name, id)`);
    await q.query(`CREATE INDEX contacts_roles_idx ON contacts USING gin (roles)`);
    await q.query(`CREATE INDEX contacts_tags_idx ON contacts USING gin (tags)`);
    await q.query(`CREATE INDEX contacts_name_idx ON contacts (last_name, first_name, id)`);
    await q.query(`CREATE INDEX contacts_created_idx ON contacts (created_at, id)`);
    await q.query(`CREATE INDEX contacts_updated_idx ON contacts (updated_at, id)`);

    await q.query(`
      CREATE TABLE contact_lists (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        description text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE contact_list_members (
        list_id uuid NOT NULL REFERENCES contact_lists(id) ON DELETE CASCADE,
        contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (list_id, contact_id)
      )`);
    await q.query(`CREATE INDEX contact_list_members_contact_idx ON contact_list_members (contact_id)`);
    await q.query(`
      CREATE TABLE segments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        description text,
        filter jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE suppressions (
        email_hash text PRIMARY KEY,
        reason text NOT NULL CHECK (reason IN ('unsubscribed', 'bounced', 'complained', 'manual', 'erased')),
        source text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE imports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        status text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
        filename text NOT NULL,
        size_bytes integer NOT NULL,
        mapping jsonb,
        total integer NOT NULL DEFAULT 0,
        processed integer NOT NULL DEFAULT 0,
        created integer NOT NULL DEFAULT 0,
        updated integer NOT NULL DEFAULT 0,
        skipped integer NOT NULL DEFAULT 0,
        errors jsonb NOT NULL DEFAULT '[]'::jsonb,
        error_message text,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`);
    // The uploaded file lives in PostgreSQL so any worker on any machine can read it; deleted when the import ends.
    await q.query(`
      CREATE TABLE import_files (
        import_id uuid PRIMARY KEY REFERENCES imports(id) ON DELETE CASCADE,
        content bytea NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'import_files',
      'imports',
      'suppressions',
      'segments',
      'contact_list_members',
      'contact_lists',
      'contacts',
      'organizations',
      'regions',
      'audit_log',
      'login_attempts',
      'sessions',
      'users',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
