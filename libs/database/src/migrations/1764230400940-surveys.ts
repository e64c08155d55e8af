import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Surveys (an evaluation after a meeting, the annual member survey) and their answers. The questions are the
 * survey's own JSON (they change only while nobody has answered). An answer is keyed by a hash of the person's
 * signed link (respondent_key): one answer per link, changeable, and for an anonymous survey no contact id at
 * all.
 */
export class Surveys1764230400940 implements MigrationInterface {
  name = 'Surveys1764230400940';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE surveys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('evaluation', 'member')),
        meeting_id uuid REFERENCES meetings(id) ON DELETE CASCADE,
        title_sv text NOT NULL,
        title_en text,
        intro_sv text,
        intro_en text,
        anonymous boolean NOT NULL DEFAULT false,
        questions jsonb NOT NULL DEFAULT '[]',
        closes_at timestamptz,
        closed_at timestamptz,
        template_id uuid REFERENCES templates(id),
        from_name text,
        from_address text,
        reply_to text,
        subject text,
        audience jsonb,
        mailing_id uuid UNIQUE REFERENCES mailings(id),
        send_status text CHECK (send_status IN ('sending', 'sent', 'paused', 'cancelled')),
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CHECK ((kind = 'evaluation') = (meeting_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX surveys_meeting_idx ON surveys (meeting_id) WHERE meeting_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE survey_responses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        survey_id uuid NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
        respondent_key text NOT NULL,
        -- Null for an anonymous survey, always.
        contact_id uuid REFERENCES contacts(id) ON DELETE CASCADE,
        answers jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (survey_id, respondent_key)
      )`);
    await q.query(
      `CREATE INDEX survey_responses_contact_idx ON survey_responses (contact_id) WHERE contact_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS survey_responses`);
    await q.query(`DROP TABLE IF EXISTS surveys`);
  }
}
