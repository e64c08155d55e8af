import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { HostAnswer, HostingStatus } from '../rounds/hosting-status';
import type { BreakdownRow, MeetingNumbers, MeetingSummary, NeedRow, ResponseListRow } from './report-types';

/** The counts of meeting_responses rows, as one SELECT list (alias r). */
const NUMBERS = `
  count(*) FILTER (WHERE r.invited)::int AS invited,
  count(*) FILTER (WHERE r.answer = 'yes')::int AS yes,
  count(*) FILTER (WHERE r.answer = 'no')::int AS no,
  count(*) FILTER (WHERE r.answer = 'maybe')::int AS maybe,
  count(*) FILTER (WHERE r.answer = 'waitlisted')::int AS waitlisted,
  count(*) FILTER (WHERE r.answer = 'cancelled')::int AS cancelled,
  count(*) FILTER (WHERE r.invited AND r.answer IS NULL)::int AS "noAnswer",
  count(*) FILTER (WHERE r.attendance = 'attended')::int AS attended,
  count(*) FILTER (WHERE r.attendance = 'no_show')::int AS "noShow",
  count(*) FILTER (WHERE r.walk_in)::int AS "walkIns"`;

const MEETING_SUMMARY = `m.id, m.round_id AS "roundId", m.title, m.status, m.starts_at AS "startsAt",
  m.ends_at AS "endsAt", m.venue, m.city, m.region_id AS "regionId", g.name AS "regionName"`;

/** Who is expected or came: the people a host plans food and access for. */
const EXPECTED = `(r.answer IN ('yes', 'maybe', 'waitlisted') OR r.attendance = 'attended')`;

/** Expected, or with an attendance recorded: the evening's list. */
const EXPECTED_OR_MARKED = `(r.answer IN ('yes', 'maybe', 'waitlisted') OR r.attendance IS NOT NULL)`;

const RESPONSE_ROW = `r.contact_id AS "contactId", c.first_name AS "firstName", c.last_name AS "lastName",
  c.email, o.name AS "organizationName", o.kind AS "organizationKind",
  coalesce(cg.name, og.name) AS "regionName", r.answer, r.attendance, r.state, r.diet, r.accessibility,
  r.comment, r.companions, r.invited, r.walk_in AS "walkIn", r.answered_at AS "answeredAt"`;
const RESPONSE_JOINS = `JOIN contacts c ON c.id = r.contact_id
  LEFT JOIN organizations o ON o.id = c.organization_id
  LEFT JOIN regions cg ON cg.id = c.region_id
  LEFT JOIN regions og ON og.id = o.region_id`;

/**
 * Read-only SQL for the meeting reports over the meetings tables (and the names in the CRM's contacts,
 * organisations and regions). It writes nothing: the tables are owned by their repositories. A contact's region
 * is its own, else its organisation's.
 */
@Injectable()
export class MeetingReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async meeting(meetingId: string): Promise<MeetingSummary | null> {
    const [row]: MeetingSummary[] = await this.dataSource.query(
      `SELECT ${MEETING_SUMMARY} FROM meetings m JOIN regions g ON g.id = m.region_id WHERE m.id = $1`,
      [meetingId],
    );
    return row ?? null;
  }

  async meetingsOfRound(roundId: string): Promise<MeetingSummary[]> {
    return this.dataSource.query(
      `SELECT ${MEETING_SUMMARY} FROM meetings m JOIN regions g ON g.id = m.region_id
        WHERE m.round_id = $1 ORDER BY m.starts_at, m.id`,
      [roundId],
    );
  }

  /** The numbers of each of the given meetings, in one pass over their rows. */
  async numbersOf(meetingIds: string[]): Promise<Map<string, MeetingNumbers>> {
    const rows: (MeetingNumbers & { meetingId: string })[] = await this.dataSource.query(
      `SELECT r.meeting_id AS "meetingId", ${NUMBERS}
         FROM meeting_responses r WHERE r.meeting_id = ANY($1::uuid[]) GROUP BY r.meeting_id`,
      [meetingIds],
    );
    const out = new Map<string, MeetingNumbers>();
    for (const id of meetingIds) out.set(id, emptyNumbers());
    for (const { meetingId, ...numbers } of rows) out.set(meetingId, numbers);
    return out;
  }

  /** Per organisation of the people on the meeting's list (no organisation: one row with id null). */
  async byOrganization(meetingId: string): Promise<BreakdownRow[]> {
    return this.dataSource.query(
      `SELECT o.id, coalesce(o.name, '') AS name, o.kind,
              count(*) FILTER (WHERE r.invited)::int AS invited,
              count(*) FILTER (WHERE r.answer = 'yes')::int AS yes,
              count(*) FILTER (WHERE r.attendance = 'attended')::int AS attended
         FROM meeting_responses r
         JOIN contacts c ON c.id = r.contact_id
         LEFT JOIN organizations o ON o.id = c.organization_id
        WHERE r.meeting_id = $1
        GROUP BY o.id, o.name, o.kind
        ORDER BY o.name IS NULL, o.name`,
      [meetingId],
    );
  }

  /** Per region of the people on the meeting's list (the contact's region, else its organisation's). */
  async byRegion(meetingId: string): Promise<BreakdownRow[]> {
    const rows: (Omit<BreakdownRow, 'id'> & { id: number | null })[] = await this.dataSource.query(
      `SELECT g.id, coalesce(g.name, '') AS name, NULL AS kind,
              count(*) FILTER (WHERE r.invited)::int AS invited,
              count(*) FILTER (WHERE r.answer = 'yes')::int AS yes,
              count(*) FILTER (WHERE r.attendance = 'attended')::int AS attended
         FROM meeting_responses r
         JOIN contacts c ON c.id = r.contact_id
         LEFT JOIN organizations o ON o.id = c.organization_id
         LEFT JOIN regions g ON g.id = coalesce(c.region_id, o.region_id)
        WHERE r.meeting_id = $1
        GROUP BY g.id, g.name
        ORDER BY g.name IS NULL, g.name`,
      [meetingId],
    );
    return rows.map((r) => ({ ...r, id: r.id === null ? null : String(r.id) }));
  }

  /** The expected and the attended with a diet or accessibility need, by name. */
  async needs(meetingId: string): Promise<NeedRow[]> {
    return this.dataSource.query(
      `SELECT r.contact_id AS "contactId", c.first_name AS "firstName", c.last_name AS "lastName",
              o.name AS "organizationName", r.state, nullif(btrim(r.diet), '') AS diet,
              nullif(btrim(r.accessibility), '') AS accessibility
         FROM meeting_responses r
         JOIN contacts c ON c.id = r.contact_id
         LEFT JOIN organizations o ON o.id = c.organization_id
        WHERE r.meeting_id = $1 AND ${EXPECTED}
          AND (nullif(btrim(r.diet), '') IS NOT NULL OR nullif(btrim(r.accessibility), '') IS NOT NULL)
        ORDER BY c.last_name, c.first_name, c.id`,
      [meetingId],
    );
  }

  /** Each distinct diet among the expected (spaces and case evened out), most common first. */
  async diets(meetingId: string): Promise<{ diet: string; count: number }[]> {
    return this.dataSource.query(
      `SELECT upper(left(d.key, 1)) || substr(d.key, 2) AS diet, count(*)::int AS count
         FROM meeting_responses r
         CROSS JOIN LATERAL (SELECT lower(regexp_replace(btrim(r.diet), '\\s+', ' ', 'g')) AS key) d
        WHERE r.meeting_id = $1 AND ${EXPECTED} AND d.key <> ''
        GROUP BY d.key
        ORDER BY count(*) DESC, d.key`,
      [meetingId],
    );
  }

  /** A meeting's list: everyone (`all`), or those recorded as attended. By name. */
  async responseList(meetingId: string, which: 'all' | 'attended' | 'expected'): Promise<ResponseListRow[]> {
    const filter =
      which === 'attended'
        ? `AND r.attendance = 'attended'`
        : which === 'expected'
          ? `AND ${EXPECTED_OR_MARKED}`
          : '';
    return this.dataSource.query(
      `SELECT ${RESPONSE_ROW} FROM meeting_responses r ${RESPONSE_JOINS}
        WHERE r.meeting_id = $1 ${filter}
        ORDER BY c.last_name, c.first_name, c.id`,
      [meetingId],
    );
  }

  /** The attended of several meetings at once (the round workbook's sheets), by meeting then name. */
  async attendedOf(meetingIds: string[]): Promise<(ResponseListRow & { meetingId: string })[]> {
    return this.dataSource.query(
      `SELECT r.meeting_id AS "meetingId", ${RESPONSE_ROW} FROM meeting_responses r ${RESPONSE_JOINS}
        WHERE r.meeting_id = ANY($1::uuid[]) AND r.attendance = 'attended'
        ORDER BY r.meeting_id, c.last_name, c.first_name, c.id`,
      [meetingIds],
    );
  }

  // ── rounds ────────────────────────────────────────────────────────────────────────────────────────────

  async round(roundId: string): Promise<{
    id: string;
    name: string;
    description: string | null;
    responseDeadline: string | null;
  } | null> {
    const [row] = await this.dataSource.query(
      `SELECT id, name, description, to_char(response_deadline, 'YYYY-MM-DD') AS "responseDeadline"
         FROM rounds WHERE id = $1`,
      [roundId],
    );
    return row ?? null;
  }

  /**
   * Every region of the round with its status, the latest host answer from the region, and its meetings'
   * count and attendance (cancelled meetings left out).
   */
  async roundRegions(roundId: string): Promise<
    {
      regionId: number;
      regionName: string;
      status: HostingStatus;
      hostAnswer: HostAnswer | null;
      lastActivityAt: Date | null;
      meetings: number;
      attended: number;
    }[]
  > {
    return this.dataSource.query(
      `SELECT rr.region_id AS "regionId", g.name AS "regionName", rr.status,
              (SELECT h.answer FROM host_responses h WHERE h.round_id = rr.round_id AND h.region_id = rr.region_id
                ORDER BY h.updated_at DESC LIMIT 1) AS "hostAnswer",
              rr.last_activity_at AS "lastActivityAt",
              (SELECT count(*)::int FROM meetings m
                WHERE m.round_id = rr.round_id AND m.region_id = rr.region_id AND m.status <> 'cancelled') AS meetings,
              (SELECT count(*)::int FROM meetings m JOIN meeting_responses r ON r.meeting_id = m.id
                WHERE m.round_id = rr.round_id AND m.region_id = rr.region_id AND m.status <> 'cancelled'
                  AND r.attendance = 'attended') AS attended
         FROM round_regions rr JOIN regions g ON g.id = rr.region_id
        WHERE rr.round_id = $1
        ORDER BY g.code`,
      [roundId],
    );
  }

  /** Distinct attendees and attendances over the round's meetings (cancelled ones left out). */
  async roundParticipation(roundId: string): Promise<{ distinctParticipants: number; attendances: number }> {
    const [row] = await this.dataSource.query(
      `SELECT count(DISTINCT r.contact_id)::int AS "distinctParticipants", count(*)::int AS attendances
         FROM meetings m JOIN meeting_responses r ON r.meeting_id = m.id
        WHERE m.round_id = $1 AND m.status <> 'cancelled' AND r.attendance = 'attended'`,
      [roundId],
    );
    return row;
  }

  /**
   * Organisations of a kind with whether anyone of theirs attended one of the round's meetings, by name.
   * Attendance counts through the contact's organisation today.
   */
  async organizationsPresent(roundId: string, kind: string): Promise<{ name: string; present: boolean }[]> {
    return this.dataSource.query(
      `WITH present AS (
         SELECT DISTINCT c.organization_id AS id
           FROM meetings m
           JOIN meeting_responses r ON r.meeting_id = m.id AND r.attendance = 'attended'
           JOIN contacts c ON c.id = r.contact_id
          WHERE m.round_id = $1 AND m.status <> 'cancelled' AND c.organization_id IS NOT NULL)
       SELECT o.name, (o.id IN (SELECT id FROM present)) AS present
         FROM organizations o WHERE o.kind = $2
        ORDER BY o.name_key`,
      [roundId, kind],
    );
  }

  // ── sends ─────────────────────────────────────────────────────────────────────────────────────────────

  async send(sendId: string): Promise<{
    id: string;
    kind: 'host_request' | 'invitation';
    title: string;
    roundId: string;
    meetingId: string | null;
    status: string;
    startedAt: Date | null;
    mailingId: string | null;
  } | null> {
    const [row] = await this.dataSource.query(
      `SELECT id, kind, title, round_id AS "roundId", meeting_id AS "meetingId", status,
              started_at AS "startedAt", mailing_id AS "mailingId"
         FROM outreach_sends WHERE id = $1`,
      [sendId],
    );
    return row ?? null;
  }

  /** The reminders of a send that went out (have a mailing), in order. */
  async reminderMailings(
    sendId: string,
  ): Promise<{ mailingId: string; kind: 'no_answer' | 'attending'; sequence: number }[]> {
    return this.dataSource.query(
      `SELECT mailing_id AS "mailingId", kind, sequence FROM due_reminders
        WHERE send_id = $1 AND mailing_id IS NOT NULL ORDER BY due_at, kind, sequence`,
      [sendId],
    );
  }

  /** The answers among the given contacts: to a meeting (meeting_responses) or to a round's host request. */
  async answersAmong(
    target: { meetingId: string } | { roundId: string },
    contactIds: string[],
  ): Promise<Record<string, number>> {
    const rows: { answer: string; n: number }[] =
      'meetingId' in target
        ? await this.dataSource.query(
            `SELECT answer, count(*)::int AS n FROM meeting_responses
              WHERE meeting_id = $1 AND contact_id = ANY($2::uuid[]) AND answer IS NOT NULL GROUP BY answer`,
            [target.meetingId, contactIds],
          )
        : await this.dataSource.query(
            `SELECT answer, count(*)::int AS n FROM host_responses
              WHERE round_id = $1 AND contact_id = ANY($2::uuid[]) GROUP BY answer`,
            [target.roundId, contactIds],
          );
    return Object.fromEntries(rows.map((r) => [r.answer, r.n]));
  }
}

export function emptyNumbers(): MeetingNumbers {
  return {
    invited: 0,
    yes: 0,
    no: 0,
    maybe: 0,
    waitlisted: 0,
    cancelled: 0,
    noAnswer: 0,
    attended: 0,
    noShow: 0,
    walkIns: 0,
  };
}
