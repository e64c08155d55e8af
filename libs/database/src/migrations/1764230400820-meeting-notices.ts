import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The notices of a meeting (a change of time or place, a cancellation, a waitlist notice): what kind each
 * mailing is, so its render source knows which calendar file to attach after a restart too, and the history of
 * what was said to whom and when.
 */
export class MeetingNotices1764230400820 implements MigrationInterface {
  name = 'MeetingNotices1764230400820';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE meeting_notices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('change', 'cancellation', 'waitlisted')),
        -- Staff's own words; null: the standard sentence in the recipient's language.
        text text,
        mailing_id uuid NOT NULL UNIQUE REFERENCES mailings(id),
        -- The meeting's calendar SEQUENCE when the notice was made.
        calendar_sequence integer NOT NULL,
        actor_user_id uuid,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX meeting_notices_meeting_idx ON meeting_notices (meeting_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS meeting_notices`);
  }
}
