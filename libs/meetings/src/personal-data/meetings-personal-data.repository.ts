import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * The person's data in the rounds and meetings tables that have no repository of their own in this lib yet
 * (host answers, region history, representatives): read for the GDPR export and scrubbed for erasure, in the
 * CRM's transaction. Answers and attendance are read and scrubbed by MeetingResponsesRepository, check-in
 * operations by CheckInOperationsRepository.
 */
@Injectable()
export class MeetingsPersonalDataRepository {
  async hostResponses(
    m: EntityManager,
    contactId: string,
  ): Promise<
    {
      roundId: string;
      roundName: string;
      regionId: number;
      answer: string;
      comment: string | null;
      suggestedDates: string | null;
      contactPerson: string | null;
      answeredAt: Date;
    }[]
  > {
    return m.query(
      `SELECT h.round_id AS "roundId", r.name AS "roundName", h.region_id AS "regionId", h.answer, h.comment,
              h.suggested_dates AS "suggestedDates", h.contact_person AS "contactPerson",
              h.answered_at AS "answeredAt"
         FROM host_responses h JOIN rounds r ON r.id = h.round_id
        WHERE h.contact_id = $1 ORDER BY h.answered_at, h.round_id`,
      [contactId],
    );
  }

  async representativeParts(
    m: EntityManager,
    contactId: string,
  ): Promise<{ meetingId: string; meetingTitle: string; part: string }[]> {
    return m.query(
      `SELECT mr.meeting_id AS "meetingId", mt.title AS "meetingTitle", mr.part
         FROM meeting_representatives mr JOIN meetings mt ON mt.id = mr.meeting_id
        WHERE mr.contact_id = $1 ORDER BY mt.starts_at, mr.meeting_id`,
      [contactId],
    );
  }

  async regionEvents(
    m: EntityManager,
    contactId: string,
  ): Promise<
    { roundId: string; regionId: number; toStatus: string; note: string | null; createdAt: Date }[]
  > {
    return m.query(
      `SELECT round_id AS "roundId", region_id AS "regionId", to_status AS "toStatus", note,
              created_at AS "createdAt"
         FROM round_region_events WHERE contact_id = $1 ORDER BY id`,
      [contactId],
    );
  }

  /**
   * Erasure: the free text the person wrote or that was written about them goes. The rows themselves go with
   * the contact (ON DELETE CASCADE) except the region history, which keeps its line without the note and, by
   * ON DELETE SET NULL, without the person.
   */
  async scrub(m: EntityManager, contactId: string): Promise<void> {
    await m.query(
      `UPDATE host_responses SET comment = NULL, suggested_dates = NULL, contact_person = NULL
        WHERE contact_id = $1`,
      [contactId],
    );
    await m.query(`UPDATE round_region_events SET note = NULL WHERE contact_id = $1`, [contactId]);
  }
}
