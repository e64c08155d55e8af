import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

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

  /** The manager for reads outside a transaction. */
  protected get manager(): EntityManager {
    return this.dataSource.manager;
  }
}
