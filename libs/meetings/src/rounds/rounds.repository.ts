import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { HostAnswer, HostingCause, HostingStatus } from './hosting-status';

export interface RoundRow {
  id: string;
  name: string;
  description: string | null;
  /** yyyy-mm-dd, or null. */
  responseDeadline: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface RegionStateRow {
  status: HostingStatus;
  askedContactId: string | null;
  note: string | null;
}

export interface RegionEventRow {
  id: string;
  fromStatus: HostingStatus | null;
  toStatus: HostingStatus;
  cause: HostingCause;
  contactId: string | null;
  contactName: string | null;
  note: string | null;
  actorUserId: string | null;
  actorName: string | null;
  createdAt: Date;
}

/** One region of the board as read from the database (labels and dates are added by the service). */
export interface BoardRow {
  regionId: number;
  code: string;
  name: string;
  status: HostingStatus;
  note: string | null;
  lastActivityAt: Date | null;
  askedContactId: string | null;
  askedFirstName: string | null;
  askedLastName: string | null;
  askedOrganization: string | null;
  answerContactId: string | null;
  answerFirstName: string | null;
  answerLastName: string | null;
  answer: HostAnswer | null;
  answerComment: string | null;
  answerSuggestedDates: string | null;
  answerContactPerson: string | null;
  answeredAt: Date | null;
  meetingId: string | null;
  meetingStartsAt: Date | null;
  meetingCity: string | null;
  meetingStatus: string | null;
}

export interface HostResponseRow {
  roundId: string;
  contactId: string;
  firstName: string | null;
  lastName: string | null;
  organizationName: string | null;
  regionId: number;
  regionName: string;
  answer: HostAnswer;
  comment: string | null;
  suggestedDates: string | null;
  contactPerson: string | null;
  answeredAt: Date;
  updatedAt: Date;
}

/** The person behind a host-answer link, as the page needs them. */
export interface HostAnswerer {
  contactId: string;
  firstName: string;
  lastName: string;
  language: string;
  organizationName: string | null;
  regionId: number | null;
  regionName: string | null;
  /** Whether a host request of the round went (or is going) to this person. */
  asked: boolean;
}

const ROUND_COLUMNS = `r.id, r.name, r.description, r.response_deadline::text AS "responseDeadline",
       r.created_at AS "createdAt", r.updated_at AS "updatedAt"`;

/** A contact's region: their own, else their organisation's. */
export const CONTACT_REGION_SQL = (c: string, o: string) => `coalesce(${c}.region_id, ${o}.region_id)`;

/**
 * Owns the SQL on rounds, round_regions, round_region_events and host_responses (and the board's read of a
 * round's meetings). Every change of a region's status goes through HostingStatusService, which writes here.
 */
@Injectable()
export class RoundsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private mgr(m?: EntityManager): EntityManager {
    return m ?? this.dataSource.manager;
  }

  // ── rounds ────────────────────────────────────────────────────────────────────────────────────────────

  /** The round and a row `not_asked` for every region, in the caller's transaction. */
  async insertRound(
    m: EntityManager,
    round: { name: string; description: string | null; responseDeadline: string | null },
  ): Promise<string> {
    const [row]: { id: string }[] = await m.query(
      `INSERT INTO rounds (name, description, response_deadline) VALUES ($1, $2, $3::date) RETURNING id`,
      [round.name, round.description, round.responseDeadline],
    );
    await m.query(`INSERT INTO round_regions (round_id, region_id) SELECT $1, id FROM regions`, [row.id]);
    return row.id;
  }

  async findRound(id: string, m?: EntityManager): Promise<RoundRow | null> {
    const [row]: RoundRow[] = await this.mgr(m).query(
      `SELECT ${ROUND_COLUMNS} FROM rounds r WHERE r.id = $1`,
      [id],
    );
    return row ?? null;
  }

  async lockRound(m: EntityManager, id: string): Promise<RoundRow | null> {
    const [row]: RoundRow[] = await m.query(
      `SELECT ${ROUND_COLUMNS} FROM rounds r WHERE r.id = $1 FOR UPDATE`,
      [id],
    );
    return row ?? null;
  }

  async listRounds(): Promise<RoundRow[]> {
    return this.dataSource.query(`SELECT ${ROUND_COLUMNS} FROM rounds r ORDER BY r.created_at DESC, r.id`);
  }

  async updateRound(
    m: EntityManager,
    id: string,
    round: { name: string; description: string | null; responseDeadline: string | null },
  ): Promise<void> {
    await m.query(
      `UPDATE rounds SET name = $2, description = $3, response_deadline = $4::date, updated_at = now()
        WHERE id = $1`,
      [id, round.name, round.description, round.responseDeadline],
    );
  }

  /** What hangs on a round besides its regions: its sends and meetings. */
  async usage(m: EntityManager, id: string): Promise<{ sends: number; meetings: number }> {
    const [row]: { sends: number; meetings: number }[] = await m.query(
      `SELECT (SELECT count(*)::int FROM outreach_sends WHERE round_id = $1) AS sends,
              (SELECT count(*)::int FROM meetings WHERE round_id = $1) AS meetings`,
      [id],
    );
    return row;
  }

  /** The round with its regions, history and answers (they cascade). */
  async deleteRound(m: EntityManager, id: string): Promise<void> {
    await m.query(`DELETE FROM rounds WHERE id = $1`, [id]);
  }

  // ── regions of a round ────────────────────────────────────────────────────────────────────────────────

  /** The region's row locked for a status change (SELECT … FOR UPDATE); null if there is none. */
  async lockRegion(m: EntityManager, roundId: string, regionId: number): Promise<RegionStateRow | null> {
    const [row]: RegionStateRow[] = await m.query(
      `SELECT status, asked_contact_id AS "askedContactId", note FROM round_regions
        WHERE round_id = $1 AND region_id = $2 FOR UPDATE`,
      [roundId, regionId],
    );
    return row ?? null;
  }

  async setRegion(
    m: EntityManager,
    roundId: string,
    regionId: number,
    fields: { status: HostingStatus; at: Date; askedContactId?: string; note?: string },
  ): Promise<void> {
    await m.query(
      `UPDATE round_regions
          SET status = $3, last_activity_at = $4,
              asked_contact_id = CASE WHEN $5::uuid IS NULL THEN asked_contact_id ELSE $5::uuid END,
              note = CASE WHEN $6::text IS NULL THEN note ELSE $6::text END
        WHERE round_id = $1 AND region_id = $2`,
      [roundId, regionId, fields.status, fields.at, fields.askedContactId ?? null, fields.note ?? null],
    );
  }

  async insertRegionEvent(
    m: EntityManager,
    event: {
      roundId: string;
      regionId: number;
      from: HostingStatus | null;
      to: HostingStatus;
      cause: HostingCause;
      contactId: string | null;
      note: string | null;
      actorUserId: string | null;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO round_region_events (round_id, region_id, from_status, to_status, cause, contact_id, note,
                                        actor_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        event.roundId,
        event.regionId,
        event.from,
        event.to,
        event.cause,
        event.contactId,
        event.note,
        event.actorUserId,
      ],
    );
  }

  /** A region's history in a round, oldest first, with the names of the contact and the staff member. */
  async regionHistory(roundId: string, regionId: number): Promise<RegionEventRow[]> {
    return this.dataSource.query(
      `SELECT e.id::text AS id, e.from_status AS "fromStatus", e.to_status AS "toStatus", e.cause,
              e.contact_id AS "contactId",
              CASE WHEN c.id IS NULL THEN NULL ELSE btrim(c.first_name || ' ' || c.last_name) END AS "contactName",
              e.note, e.actor_user_id AS "actorUserId", u.name AS "actorName", e.created_at AS "createdAt"
         FROM round_region_events e
         LEFT JOIN contacts c ON c.id = e.contact_id
         LEFT JOIN users u ON u.id = e.actor_user_id
        WHERE e.round_id = $1 AND e.region_id = $2
        ORDER BY e.id`,
      [roundId, regionId],
    );
  }

  /** Whether a region with this id exists at all. */
  async regionExists(regionId: number): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM regions WHERE id = $1`, [regionId]);
    return rows.length > 0;
  }

  /**
   * All regions of a round in county-code order: status, who was asked, the latest answer from the region,
   * and the round's meeting there (the first one not cancelled, else the latest cancelled one).
   */
  async board(roundId: string): Promise<BoardRow[]> {
    return this.dataSource.query(
      `SELECT rg.id AS "regionId", rg.code, rg.name, rr.status, rr.note, rr.last_activity_at AS "lastActivityAt",
              rr.asked_contact_id AS "askedContactId", ac.first_name AS "askedFirstName",
              ac.last_name AS "askedLastName", ao.name AS "askedOrganization",
              hr.contact_id AS "answerContactId", hc.first_name AS "answerFirstName",
              hc.last_name AS "answerLastName", hr.answer, hr.comment AS "answerComment",
              hr.suggested_dates AS "answerSuggestedDates", hr.contact_person AS "answerContactPerson",
              hr.updated_at AS "answeredAt",
              mt.id AS "meetingId", mt.starts_at AS "meetingStartsAt", mt.city AS "meetingCity",
              mt.status AS "meetingStatus"
         FROM round_regions rr
         JOIN regions rg ON rg.id = rr.region_id
         LEFT JOIN contacts ac ON ac.id = rr.asked_contact_id
         LEFT JOIN organizations ao ON ao.id = ac.organization_id
         LEFT JOIN LATERAL (
           SELECT h.* FROM host_responses h
            WHERE h.round_id = rr.round_id AND h.region_id = rr.region_id
            ORDER BY h.updated_at DESC, h.contact_id LIMIT 1) hr ON true
         LEFT JOIN contacts hc ON hc.id = hr.contact_id
         LEFT JOIN LATERAL (
           SELECT m.id, m.starts_at, m.city, m.status FROM meetings m
            WHERE m.round_id = rr.round_id AND m.region_id = rr.region_id
            ORDER BY (m.status = 'cancelled'), m.starts_at LIMIT 1) mt ON true
        WHERE rr.round_id = $1
        ORDER BY rg.code`,
      [roundId],
    );
  }

  /** Regions still `asked` in rounds whose answer deadline has ended by `now` (end of the day, Stockholm). */
  async silentAfterDeadline(now: Date): Promise<{ roundId: string; regionId: number }[]> {
    return this.dataSource.query(
      `SELECT rr.round_id AS "roundId", rr.region_id AS "regionId"
         FROM round_regions rr JOIN rounds r ON r.id = rr.round_id
        WHERE rr.status = 'asked' AND r.response_deadline IS NOT NULL
          AND ((r.response_deadline + 1)::timestamp AT TIME ZONE 'Europe/Stockholm') <= $1
        ORDER BY rr.round_id, rr.region_id`,
      [now],
    );
  }

  /** The region's row locked if it is still `asked` and no other worker holds it (SKIP LOCKED). */
  async lockAskedRegion(m: EntityManager, roundId: string, regionId: number): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `SELECT 1 FROM round_regions WHERE round_id = $1 AND region_id = $2 AND status = 'asked'
          FOR UPDATE SKIP LOCKED`,
      [roundId, regionId],
    );
    return rows.length > 0;
  }

  // ── host answers ──────────────────────────────────────────────────────────────────────────────────────

  /** The person of a host-answer link, with their region and whether the round asked them. */
  async answerer(roundId: string, contactId: string): Promise<HostAnswerer | null> {
    const [row]: HostAnswerer[] = await this.dataSource.query(
      `SELECT c.id AS "contactId", c.first_name AS "firstName", c.last_name AS "lastName", c.language,
              o.name AS "organizationName", rg.id AS "regionId", rg.name AS "regionName",
              EXISTS (SELECT 1 FROM mailing_recipients mr
                        JOIN mailings ml ON ml.id = mr.mailing_id AND ml.scope_type = 'host_request'
                        JOIN outreach_sends s ON s.id = ml.scope_id
                       WHERE s.round_id = $1 AND mr.contact_id = c.id) AS asked
         FROM contacts c
         LEFT JOIN organizations o ON o.id = c.organization_id
         LEFT JOIN regions rg ON rg.id = ${CONTACT_REGION_SQL('c', 'o')}
        WHERE c.id = $2`,
      [roundId, contactId],
    );
    return row ?? null;
  }

  /**
   * Whether a host request still waits for this person: have they answered, and the status of their region
   * (their own, else their organisation's; null: no region, or none in the round). The same rule as the
   * no-answer reminder's audience, asked once per reminder message just before it goes out (primary keys only).
   */
  async hostRequestStanding(
    roundId: string,
    contactId: string,
  ): Promise<{ answered: boolean; regionStatus: HostingStatus | null }> {
    const [row]: { answered: boolean; regionStatus: HostingStatus | null }[] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM host_responses h WHERE h.round_id = $1 AND h.contact_id = $2) AS answered,
              (SELECT rr.status FROM contacts c
                 LEFT JOIN organizations o ON o.id = c.organization_id
                 JOIN round_regions rr ON rr.round_id = $1 AND rr.region_id = ${CONTACT_REGION_SQL('c', 'o')}
                WHERE c.id = $2) AS "regionStatus"`,
      [roundId, contactId],
    );
    return row;
  }

  async hostResponse(roundId: string, contactId: string, m?: EntityManager): Promise<HostResponseRow | null> {
    const rows = await this.hostResponseRows(this.mgr(m), roundId, contactId);
    return rows[0] ?? null;
  }

  async hostResponses(roundId: string): Promise<HostResponseRow[]> {
    return this.hostResponseRows(this.dataSource.manager, roundId, null);
  }

  private hostResponseRows(
    m: EntityManager,
    roundId: string,
    contactId: string | null,
  ): Promise<HostResponseRow[]> {
    return m.query(
      `SELECT h.round_id AS "roundId", h.contact_id AS "contactId", c.first_name AS "firstName",
              c.last_name AS "lastName", o.name AS "organizationName", h.region_id AS "regionId",
              rg.name AS "regionName", h.answer, h.comment, h.suggested_dates AS "suggestedDates",
              h.contact_person AS "contactPerson", h.answered_at AS "answeredAt", h.updated_at AS "updatedAt"
         FROM host_responses h
         JOIN regions rg ON rg.id = h.region_id
         LEFT JOIN contacts c ON c.id = h.contact_id
         LEFT JOIN organizations o ON o.id = c.organization_id
        WHERE h.round_id = $1 AND ($2::uuid IS NULL OR h.contact_id = $2::uuid)
        ORDER BY rg.code, h.updated_at`,
      [roundId, contactId],
    );
  }

  /** The answer as given now (a second answer replaces the first; answered_at keeps the first time). */
  async upsertHostResponse(
    m: EntityManager,
    answer: {
      roundId: string;
      contactId: string;
      regionId: number;
      answer: HostAnswer;
      comment: string | null;
      suggestedDates: string | null;
      contactPerson: string | null;
      at: Date;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO host_responses (round_id, contact_id, region_id, answer, comment, suggested_dates,
                                   contact_person, answered_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
       ON CONFLICT (round_id, contact_id) DO UPDATE
          SET region_id = excluded.region_id, answer = excluded.answer, comment = excluded.comment,
              suggested_dates = excluded.suggested_dates, contact_person = excluded.contact_person,
              updated_at = excluded.updated_at`,
      [
        answer.roundId,
        answer.contactId,
        answer.regionId,
        answer.answer,
        answer.comment,
        answer.suggestedDates,
        answer.contactPerson,
        answer.at,
      ],
    );
  }
}
