import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ResponseCause, ResponseState } from './meeting-response.entity';

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

  /** The manager for reads outside a transaction. */
  protected get manager(): EntityManager {
    return this.dataSource.manager;
  }
}
