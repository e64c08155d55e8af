import { MigrationInterface, QueryRunner } from 'typeorm';

const HOSTING_STATUSES = `'not_asked', 'asked', 'interested', 'agreed', 'declined', 'no_answer', 'meeting_scheduled', 'meeting_held'`;

/**
 * Meetings: outreach rounds with the hosting status of every region (and its history), host answers,
 * meetings with their regional representatives, the sends that belong to them (a host request, an invitation)
 * with their reminder policy and due reminders, every invitee's answer and attendance (and its history), and
 * the client-made ids that make check-in safe to send twice.
 */
export class Meetings1764230400800 implements MigrationInterface {
  name = 'Meetings1764230400800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rounds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        description text,
        -- Host answers are awaited until the end of this day (Stockholm); regions asked and silent are then
        -- "no answer".
        response_deadline date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX rounds_name_key ON rounds (lower(name))`);

    await q.query(`
      CREATE TABLE round_regions (
        round_id uuid NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
        region_id smallint NOT NULL REFERENCES regions(id),
        status text NOT NULL DEFAULT 'not_asked' CHECK (status IN (${HOSTING_STATUSES})),
        -- The contact the host request went to (the last one asked, or the one who answered).
        asked_contact_id uuid REFERENCES contacts(id) ON DELETE SET NULL,
        note text,
        last_activity_at timestamptz,
        PRIMARY KEY (round_id, region_id)
      )`);
    await q.query(`
      CREATE TABLE round_region_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        round_id uuid NOT NULL,
        region_id smallint NOT NULL,
        from_status text,
        to_status text NOT NULL CHECK (to_status IN (${HOSTING_STATUSES})),
        cause text NOT NULL CHECK (cause IN ('request_sent', 'answer', 'staff', 'deadline', 'meeting')),
        contact_id uuid REFERENCES contacts(id) ON DELETE SET NULL,
        note text,
        actor_user_id uuid,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        FOREIGN KEY (round_id, region_id) REFERENCES round_regions(round_id, region_id) ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX round_region_events_region_idx ON round_region_events (round_id, region_id, id)`,
    );
    await q.query(
      `CREATE INDEX round_region_events_contact_idx ON round_region_events (contact_id) WHERE contact_id IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE host_responses (
        round_id uuid NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
        contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        region_id smallint NOT NULL REFERENCES regions(id),
        answer text NOT NULL CHECK (answer IN ('yes', 'maybe', 'no')),
        comment text,
        suggested_dates text,
        contact_person text,
        answered_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (round_id, contact_id)
      )`);
    await q.query(`CREATE INDEX host_responses_contact_idx ON host_responses (contact_id)`);

    await q.query(`
      CREATE TABLE meetings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        round_id uuid NOT NULL REFERENCES rounds(id),
        region_id smallint NOT NULL REFERENCES regions(id),
        host_organization_id uuid REFERENCES organizations(id) ON DELETE SET NULL,
        title text NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        venue text,
        address text,
        city text,
        capacity integer CHECK (capacity > 0),
        rsvp_deadline timestamptz,
        description text,
        agenda text,
        status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'invited', 'held', 'cancelled')),
        -- The calendar event's SEQUENCE: raised whenever time or place changes (RFC 5545 3.8.7.4).
        calendar_sequence integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at)
      )`);
    await q.query(`CREATE INDEX meetings_round_idx ON meetings (round_id, starts_at)`);
    await q.query(`CREATE INDEX meetings_region_idx ON meetings (region_id)`);

    await q.query(`
      CREATE TABLE meeting_representatives (
        meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        part text NOT NULL CHECK (part IN ('elected', 'civil_servant')),
        PRIMARY KEY (meeting_id, contact_id)
      )`);
    await q.query(`CREATE INDEX meeting_representatives_contact_idx ON meeting_representatives (contact_id)`);

    // A host request (to a round's regions) or an invitation (to a meeting): what staff set up and start, with
    // its reminder policy. Its sends are mailings of the engine: the first one, then one per reminder.
    await q.query(`
      CREATE TABLE outreach_sends (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('host_request', 'invitation')),
        round_id uuid NOT NULL REFERENCES rounds(id),
        meeting_id uuid REFERENCES meetings(id),
        title text NOT NULL,
        template_id uuid NOT NULL REFERENCES templates(id),
        reminder_template_id uuid REFERENCES templates(id),
        subject text,
        from_name text NOT NULL,
        from_address text NOT NULL,
        reply_to text,
        -- host_request: {"roles": [...], "regionIds": [...]}; invitation: lists, segments, filters, contacts.
        audience jsonb NOT NULL DEFAULT '{}'::jsonb,
        remind_after_days integer CHECK (remind_after_days BETWEEN 1 AND 60),
        max_reminders integer NOT NULL DEFAULT 0 CHECK (max_reminders BETWEEN 0 AND 5),
        remind_attending_days_before integer CHECK (remind_attending_days_before BETWEEN 1 AND 60),
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sending', 'sent', 'paused', 'cancelled')),
        mailing_id uuid UNIQUE REFERENCES mailings(id),
        started_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'invitation') = (meeting_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX outreach_sends_round_idx ON outreach_sends (round_id)`);
    await q.query(
      `CREATE INDEX outreach_sends_meeting_idx ON outreach_sends (meeting_id) WHERE meeting_id IS NOT NULL`,
    );

    // A reminder is a row from the moment its send starts: the maintenance job starts it when due (claiming the
    // row by setting mailing_id in the same transaction), so it survives restarts and is never sent twice.
    await q.query(`
      CREATE TABLE due_reminders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        send_id uuid NOT NULL REFERENCES outreach_sends(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('no_answer', 'attending')),
        sequence smallint NOT NULL CHECK (sequence > 0),
        due_at timestamptz NOT NULL,
        mailing_id uuid UNIQUE REFERENCES mailings(id),
        started_at timestamptz,
        -- Why it was not sent (the send was cancelled, the meeting moved past it …).
        skipped_reason text,
        UNIQUE (send_id, kind, sequence)
      )`);
    await q.query(
      `CREATE INDEX due_reminders_due_idx ON due_reminders (due_at) WHERE mailing_id IS NULL AND skipped_reason IS NULL`,
    );

    // One row per invitee: the answer (the RSVP) and the attendance are kept apart, so a "yes" who came still
    // counts as a yes; the state is the one word staff see.
    await q.query(`
      CREATE TABLE meeting_responses (
        meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        contact_id uuid NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        answer text CHECK (answer IN ('yes', 'no', 'maybe', 'waitlisted', 'cancelled')),
        attendance text CHECK (attendance IN ('attended', 'no_show')),
        state text GENERATED ALWAYS AS (coalesce(attendance, answer, 'invited')) STORED,
        diet text,
        accessibility text,
        comment text,
        companions text[] NOT NULL DEFAULT '{}',
        invited boolean NOT NULL DEFAULT true,
        walk_in boolean NOT NULL DEFAULT false,
        answered_at timestamptz,
        -- Order of the waiting list.
        waitlisted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (meeting_id, contact_id)
      )`);
    await q.query(`CREATE INDEX meeting_responses_contact_idx ON meeting_responses (contact_id)`);
    await q.query(`CREATE INDEX meeting_responses_state_idx ON meeting_responses (meeting_id, state)`);
    await q.query(`
      CREATE TABLE meeting_response_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        meeting_id uuid NOT NULL,
        contact_id uuid NOT NULL,
        from_state text,
        to_state text NOT NULL,
        cause text NOT NULL CHECK (cause IN ('invited', 'link', 'staff', 'waitlist', 'check_in', 'walk_in')),
        actor_user_id uuid,
        note text,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        FOREIGN KEY (meeting_id, contact_id) REFERENCES meeting_responses(meeting_id, contact_id) ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX meeting_response_events_contact_idx ON meeting_response_events (contact_id, id)`,
    );
    await q.query(
      `CREATE INDEX meeting_response_events_meeting_idx ON meeting_response_events (meeting_id, id)`,
    );

    // A check-in or walk-in keyed by the id its client made: sent again (an offline phone's queue), it is
    // answered from here and done once.
    await q.query(`
      CREATE TABLE check_in_operations (
        client_id uuid PRIMARY KEY,
        meeting_id uuid NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('check_in', 'walk_in')),
        contact_id uuid REFERENCES contacts(id) ON DELETE CASCADE,
        result jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'check_in_operations',
      'meeting_response_events',
      'meeting_responses',
      'due_reminders',
      'outreach_sends',
      'meeting_representatives',
      'meetings',
      'host_responses',
      'round_region_events',
      'round_regions',
      'rounds',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
