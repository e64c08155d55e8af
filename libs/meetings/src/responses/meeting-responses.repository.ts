import { foldForSearch } from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Attendance, ResponseCause, ResponseState, RsvpAnswer } from './meeting-response.entity';

/** One change of a contact's answer or attendance, with its meeting, as the contact timeline reads it. */
export interface ContactResponseEvent {
  key: string;
  at: Date;
  meetingId: string;
  meetingTitle: string;
  meetingStartsAt: Date;
  fromState: ResponseState | null;
  toState: ResponseState;
  cause: ResponseCause;
  note: string | null;
}

/** A response row as check-in reads and changes it. */
export interface ResponseAttendance {
  answer: RsvpAnswer | null;
  attendance: Attendance | null;
  state: ResponseState;
  invited: boolean;
  walkIn: boolean;
}

/** One person on the evening's list: who they are, what they answered, what they need. */
export interface AttendanceRow {
  contactId: string;
  firstName: string;
  lastName: string;
  email: string | null;
  organizationId: string | null;
  organizationName: string | null;
  organizationKind: string | null;
  answer: RsvpAnswer | null;
  attendance: Attendance | null;
  state: ResponseState;
  diet: string | null;
  accessibility: string | null;
  comment: string | null;
  companions: string[];
  invited: boolean;
  walkIn: boolean;
  answeredAt: Date | null;
}

/** The same words, with "%", "_" and "\\" taken literally in LIKE. */
function likeWords(folded: string): string[] {
  return folded
    .split(' ')
    .filter(Boolean)
    .slice(0, 8)
    .map((w) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}

/**
 * Owns the SQL on meeting_responses and meeting_response_events: every invitee's answer and attendance, and
 * their history. Other parts of the lib (sends, check-in, reports) ask through it.
 */
@Injectable()
export class MeetingResponsesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Records the invitees of a meeting (in the transaction that starts the invitation): a row `invited` for
   * each contact not yet there, with its history line. Answers the number added.
   */
  async recordInvited(m: EntityManager, meetingId: string, contactIds: string[]): Promise<number> {
    if (contactIds.length === 0) return 0;
    const rows: unknown[] = await m.query(
      `WITH added AS (
         INSERT INTO meeting_responses (meeting_id, contact_id)
         SELECT $1, unnest($2::uuid[])
         ON CONFLICT (meeting_id, contact_id) DO NOTHING
         RETURNING meeting_id, contact_id
       )
       INSERT INTO meeting_response_events (meeting_id, contact_id, from_state, to_state, cause)
       SELECT meeting_id, contact_id, NULL, 'invited', 'invited' FROM added
       RETURNING 1`,
      [meetingId, contactIds],
    );
    return rows.length;
  }

  /**
   * A contact's answer and attendance history for the contact timeline, newest first, with each meeting's
   * title and start; keyset-paged like every timeline source: (time to the millisecond, id zero-padded).
   */
  async eventsOfContact(
    contactId: string,
    before: { at: Date; key: string } | null,
    limit: number,
  ): Promise<ContactResponseEvent[]> {
    return this.manager.query(
      `SELECT t.* FROM (
         SELECT lpad(e.id::text, 20, '0') AS key, date_trunc('milliseconds', e.created_at) AS at,
                e.meeting_id AS "meetingId", m.title AS "meetingTitle", m.starts_at AS "meetingStartsAt",
                e.from_state AS "fromState", e.to_state AS "toState", e.cause, e.note
           FROM meeting_response_events e JOIN meetings m ON m.id = e.meeting_id
          WHERE e.contact_id = $1
       ) t
        WHERE $2::timestamptz IS NULL OR t.at < $2 OR (t.at = $2 AND t.key < $3 COLLATE "C")
        ORDER BY t.at DESC, t.key COLLATE "C" DESC
        LIMIT $4`,
      [contactId, before?.at ?? null, before?.key ?? '', limit],
    );
  }

  async countEventsOfContact(contactId: string): Promise<number> {
    const [{ n }]: { n: number }[] = await this.manager.query(
      `SELECT count(*)::int AS n FROM meeting_response_events WHERE contact_id = $1`,
      [contactId],
    );
    return n;
  }

  /**
   * A contact's state at a meeting now (null: not on its list), asked once per reminder message just before it
   * goes out (one probe of the primary key).
   */
  async stateOf(meetingId: string, contactId: string): Promise<ResponseState | null> {
    const [row]: { state: ResponseState }[] = await this.manager.query(
      `SELECT state FROM meeting_responses WHERE meeting_id = $1 AND contact_id = $2`,
      [meetingId, contactId],
    );
    return row?.state ?? null;
  }

  /** The manager for reads outside a transaction. */
  protected get manager(): EntityManager {
    return this.dataSource.manager;
  }

  // ── check-in (the evening's list and attendance) ──────────────────────────────────────────────────────

  /**
   * The people expected at a meeting (answered yes, maybe or waitlisted) and everyone whose attendance is
   * already recorded (walk-ins, no-shows), by name. `q`: free text, each word of which must occur in the
   * contact's search text (name, e-mail, organisation; case- and diacritic-insensitive as the contact list).
   */
  async attendanceList(meetingId: string, q = ''): Promise<AttendanceRow[]> {
    const patterns = likeWords(foldForSearch(q));
    const filters = patterns.map((_, i) => `AND c.search_text LIKE $${i + 2}`).join(' ');
    return this.manager.query(
      `SELECT r.contact_id AS "contactId", c.first_name AS "firstName", c.last_name AS "lastName", c.email,
              o.id AS "organizationId", o.name AS "organizationName", o.kind AS "organizationKind",
              r.answer, r.attendance, r.state, r.diet, r.accessibility, r.comment, r.companions,
              r.invited, r.walk_in AS "walkIn", r.answered_at AS "answeredAt"
         FROM meeting_responses r
         JOIN contacts c ON c.id = r.contact_id
         LEFT JOIN organizations o ON o.id = c.organization_id
        WHERE r.meeting_id = $1
          AND (r.answer IN ('yes', 'maybe', 'waitlisted') OR r.attendance IS NOT NULL)
          ${filters}
        ORDER BY c.last_name, c.first_name, c.id`,
      [meetingId, ...patterns],
    );
  }

  /** The response row locked for a change of attendance (null: the person is not on the meeting's list). */
  async lockForAttendance(
    m: EntityManager,
    meetingId: string,
    contactId: string,
  ): Promise<ResponseAttendance | null> {
    const [row]: ResponseAttendance[] = await m.query(
      `SELECT answer, attendance, state, invited, walk_in AS "walkIn" FROM meeting_responses
        WHERE meeting_id = $1 AND contact_id = $2 FOR UPDATE`,
      [meetingId, contactId],
    );
    return row ?? null;
  }

  /**
   * Records attendance on an existing row, with its history line when the state changes. `walkIn` marks a
   * person who came without having said yes (kept on the row, the invitation is not undone).
   */
  async setAttendance(
    m: EntityManager,
    change: {
      meetingId: string;
      contactId: string;
      attendance: Attendance;
      cause: ResponseCause;
      actorUserId: string | null;
      from: ResponseState;
      walkIn?: boolean;
    },
  ): Promise<ResponseAttendance> {
    const [[row]]: [ResponseAttendance[], number] = await m.query(
      `UPDATE meeting_responses
          SET attendance = $3, walk_in = walk_in OR $4, updated_at = clock_timestamp()
        WHERE meeting_id = $1 AND contact_id = $2
        RETURNING answer, attendance, state, invited, walk_in AS "walkIn"`,
      [change.meetingId, change.contactId, change.attendance, change.walkIn === true],
    );
    if (row.state !== change.from) {
      await this.recordEvent(m, change.meetingId, change.contactId, change.from, row.state, change.cause, {
        actorUserId: change.actorUserId,
      });
    }
    return row;
  }

  /**
   * A walk-in who was not on the list: a row that was never an invitation (invited = false, walk_in = true),
   * attended, with its history line. Answers null if the person has a row already (use setAttendance then).
   */
  async addWalkIn(
    m: EntityManager,
    meetingId: string,
    contactId: string,
    actorUserId: string | null,
  ): Promise<ResponseAttendance | null> {
    const [row]: ResponseAttendance[] = await m.query(
      `INSERT INTO meeting_responses (meeting_id, contact_id, attendance, invited, walk_in)
       VALUES ($1, $2, 'attended', false, true)
       ON CONFLICT (meeting_id, contact_id) DO NOTHING
       RETURNING answer, attendance, state, invited, walk_in AS "walkIn"`,
      [meetingId, contactId],
    );
    if (!row) return null;
    await this.recordEvent(m, meetingId, contactId, null, row.state, 'walk_in', { actorUserId });
    return row;
  }

  private async recordEvent(
    m: EntityManager,
    meetingId: string,
    contactId: string,
    from: ResponseState | null,
    to: ResponseState,
    cause: ResponseCause,
    extra: { actorUserId?: string | null; note?: string | null } = {},
  ): Promise<void> {
    await m.query(
      `INSERT INTO meeting_response_events (meeting_id, contact_id, from_state, to_state, cause, actor_user_id, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [meetingId, contactId, from, to, cause, extra.actorUserId ?? null, extra.note ?? null],
    );
  }

  // ── personal data ─────────────────────────────────────────────────────────────────────────────────────

  /** A person's answers and attendance at every meeting, with what they told us (GDPR export). */
  async ofContact(
    m: EntityManager,
    contactId: string,
  ): Promise<
    {
      meetingId: string;
      meetingTitle: string;
      startsAt: Date;
      answer: RsvpAnswer | null;
      attendance: Attendance | null;
      diet: string | null;
      accessibility: string | null;
      comment: string | null;
      companions: string[];
      invited: boolean;
      walkIn: boolean;
      answeredAt: Date | null;
    }[]
  > {
    return m.query(
      `SELECT r.meeting_id AS "meetingId", mt.title AS "meetingTitle", mt.starts_at AS "startsAt", r.answer,
              r.attendance, r.diet, r.accessibility, r.comment, r.companions, r.invited, r.walk_in AS "walkIn",
              r.answered_at AS "answeredAt"
         FROM meeting_responses r JOIN meetings mt ON mt.id = r.meeting_id
        WHERE r.contact_id = $1 ORDER BY mt.starts_at, r.meeting_id`,
      [contactId],
    );
  }

  /** Erasure: what the person told us goes (the rows themselves go with the contact, ON DELETE CASCADE). */
  async scrubContact(m: EntityManager, contactId: string): Promise<void> {
    await m.query(
      `UPDATE meeting_responses SET diet = NULL, accessibility = NULL, comment = NULL, companions = '{}'
        WHERE contact_id = $1`,
      [contactId],
    );
    await m.query(`UPDATE meeting_response_events SET note = NULL WHERE contact_id = $1`, [contactId]);
  }
}
