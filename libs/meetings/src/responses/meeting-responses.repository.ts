import {
  decodeKeysetCursor,
  foldForSearch,
  encodeKeysetCursor,
  invalidCursor,
  Page,
  pageLimit,
  PageQuery,
  pageTotal,
  takePage,
} from '@app/common';
import { Contact } from '@app/crm';
import type { Meeting } from '../meetings/meeting.entity';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import {
  Attendance,
  MeetingResponse,
  RESPONSE_STATES,
  ResponseCause,
  ResponseState,
  RsvpAnswer,
} from './meeting-response.entity';

/** An invitee as staff see them in a meeting's list of answers. */
export interface ResponseRow {
  contactId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  organizationName: string | null;
  state: ResponseState;
  answer: RsvpAnswer | null;
  diet: string | null;
  accessibility: string | null;
  comment: string | null;
  companions: string[];
  invited: boolean;
  walkIn: boolean;
  answeredAt: Date | null;
  waitlistedAt: Date | null;
  updatedAt: Date;
}

export interface ResponseListQuery extends PageQuery {
  state?: ResponseState;
}

/** What an answer writes besides the answer itself. */
export interface AnswerDetails {
  diet: string | null;
  accessibility: string | null;
  comment: string | null;
  companions: string[];
}

export type StateCounts = Record<ResponseState, number>;

/** The history line an answer writes with it (meeting_response_events). */
export interface AnswerEvent {
  fromState: ResponseState | null;
  toState: ResponseState;
  cause: ResponseCause;
  actorUserId: string | null;
  note: string | null;
}

/** What the answer page shows of the meeting. */
export type AnswerPageMeeting = Pick<
  Meeting,
  | 'id'
  | 'title'
  | 'startsAt'
  | 'endsAt'
  | 'venue'
  | 'address'
  | 'city'
  | 'capacity'
  | 'rsvpDeadline'
  | 'description'
  | 'agenda'
  | 'status'
>;

/** Everything the answer page (/r/TOKEN) reads, in one query: the meeting, the person's row, the person. */
export interface AnswerPageData {
  meeting: AnswerPageMeeting;
  /** Null when the person is not invited. */
  response: Pick<
    MeetingResponse,
    'answer' | 'attendance' | 'diet' | 'accessibility' | 'comment' | 'companions'
  > | null;
  contact: { firstName: string | null; language: string } | null;
  waitlistPosition: number | null;
}

/** A person's row as a batch of link answers locks it, with what the answer page shows of the person. */
export interface LockedAnswerRow extends MeetingResponse {
  email: string | null;
  contactFound: boolean;
  firstName: string | null;
  language: string | null;
}

/** One answer through the link as `writeLinkAnswers` stores it. */
export interface LinkAnswerWrite {
  meetingId: string;
  contactId: string;
  answer: RsvpAnswer;
  details: AnswerDetails;
  fromState: ResponseState | null;
  toState: ResponseState;
  /** Puts the person last on the waiting list (else they leave it, if they were on it). */
  joinsQueue: boolean;
}

/** The key of a person's answer to a meeting, as `lockForAnswers` keys its map. */
export function answerKey(meetingId: string, contactId: string): string {
  return `${meetingId}|${contactId}`;
}

/** What the answer page shows of a person, from their answer's and contact's columns. */
export interface AnswerPagePerson {
  answer: RsvpAnswer | null;
  attendance: MeetingResponse['attendance'];
  diet: string | null;
  accessibility: string | null;
  comment: string | null;
  companions: string[] | null;
  contactFound: boolean;
  firstName: string | null;
  language: string | null;
}

/** The answer page's data but the place on the waiting list (which the caller reads or knows). */
export type AnswerPageParts = Omit<AnswerPageData, 'waitlistPosition'>;

export function answerPageParts(
  meeting: AnswerPageMeeting,
  person: AnswerPagePerson,
  invited: boolean,
): AnswerPageParts {
  return {
    meeting: {
      id: meeting.id,
      title: meeting.title,
      startsAt: meeting.startsAt,
      endsAt: meeting.endsAt,
      venue: meeting.venue,
      address: meeting.address,
      city: meeting.city,
      capacity: meeting.capacity,
      rsvpDeadline: meeting.rsvpDeadline,
      description: meeting.description,
      agenda: meeting.agenda,
      status: meeting.status,
    },
    response: invited
      ? {
          answer: person.answer,
          attendance: person.attendance,
          diet: person.diet,
          accessibility: person.accessibility,
          comment: person.comment,
          companions: person.companions ?? [],
        }
      : null,
    contact: person.contactFound ? { firstName: person.firstName, language: person.language ?? 'sv' } : null,
  };
}

/** The place on the waiting list (1 = next) of the row aliased r, who must be waitlisted. */
const WAITLIST_POSITION = `(SELECT count(*)::int FROM meeting_responses o
  WHERE o.meeting_id = r.meeting_id AND o.answer = 'waitlisted'
    AND (o.waitlisted_at, o.contact_id) <= (r.waitlisted_at, r.contact_id))`;

/** meeting_responses (aliased r) as a MeetingResponse, for plain SQL. */
const RESPONSE_COLUMNS = `r.meeting_id AS "meetingId", r.contact_id AS "contactId", r.answer, r.attendance, r.state,
  r.diet, r.accessibility, r.comment, r.companions, r.invited, r.walk_in AS "walkIn", r.answered_at AS "answeredAt",
  r.waitlisted_at AS "waitlistedAt", r.created_at AS "createdAt", r.updated_at AS "updatedAt"`;

/** The state staff see for an answer and attendance (as the generated column computes it). */
export function stateOf(row: Pick<MeetingResponse, 'answer' | 'attendance'> | null): ResponseState | null {
  if (!row) return null;
  return row.attendance ?? row.answer ?? 'invited';
}

const NAME_KEY = `lower(coalesce(c.last_name, '') || ' ' || coalesce(c.first_name, ''))`;

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
 * their history. Other parts of the lib (sends, check-in, reports) ask through it. Writes happen in the
 * caller's transaction, under the meeting's row lock (MeetingsRepository.lock).
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
   * The people recorded as attended at a meeting (walk-ins included), as an audience: a contacts query aliased
   * `c` for the sending engine's snapshot (an evaluation survey goes to exactly these).
   */
  attendeesAudience(m: EntityManager, meetingId: string): SelectQueryBuilder<Contact> {
    return m
      .getRepository(Contact)
      .createQueryBuilder('c')
      .where(
        `c.id IN (SELECT ar.contact_id FROM meeting_responses ar
                   WHERE ar.meeting_id = :attendeesOfMeeting AND ar.attendance = 'attended')`,
        { attendeesOfMeeting: meetingId },
      );
  }

  find(meetingId: string, contactId: string, m?: EntityManager): Promise<MeetingResponse | null> {
    return (m ?? this.manager).getRepository(MeetingResponse).findOne({ where: { meetingId, contactId } });
  }

  /**
   * The rows a batch of link answers changes, locked, with what the answer page shows of each person; keyed
   * `meetingId|contactId` (see `answerKey`). A pair without a row (not invited) is missing.
   */
  async lockForAnswers(
    m: EntityManager,
    pairs: { meetingId: string; contactId: string }[],
  ): Promise<Map<string, LockedAnswerRow>> {
    const rows: LockedAnswerRow[] = await m.query(
      `SELECT ${RESPONSE_COLUMNS}, c.email, c.id IS NOT NULL AS "contactFound", c.first_name AS "firstName",
              c.language
         FROM meeting_responses r LEFT JOIN contacts c ON c.id = r.contact_id
        WHERE (r.meeting_id, r.contact_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))
        ORDER BY r.meeting_id, r.contact_id
          FOR UPDATE OF r`,
      [pairs.map((p) => p.meetingId), pairs.map((p) => p.contactId)],
    );
    return new Map(rows.map((row) => [answerKey(row.meetingId, row.contactId), row]));
  }

  /**
   * Places taken (answers `yes`) of those of the meetings given that have a capacity; a meeting without one, or
   * with none taken, is missing. Meant to run after the meetings are locked (their capacity then holds).
   */
  async placesTaken(m: EntityManager, meetingIds: string[]): Promise<Map<string, number>> {
    const rows: { meetingId: string; n: number }[] = await m.query(
      `SELECT r.meeting_id AS "meetingId", count(*)::int AS n
         FROM meeting_responses r JOIN meetings mt ON mt.id = r.meeting_id AND mt.capacity IS NOT NULL
        WHERE r.meeting_id = ANY($1::uuid[]) AND r.answer = 'yes'
        GROUP BY r.meeting_id`,
      [meetingIds],
    );
    return new Map(rows.map((row) => [row.meetingId, row.n]));
  }

  /**
   * Answers through the link that leave or keep nobody waiting (see MeetingResponsesService), with their details
   * and history lines: one statement for a whole batch, under the meetings' and rows' locks.
   */
  async writeLinkAnswers(m: EntityManager, answers: LinkAnswerWrite[], now: Date): Promise<void> {
    if (answers.length === 0) return;
    // Those joining a meeting's waiting list queue in the order given, each a millisecond after the one before,
    // after whoever is there already (the subquery reads the queue as it was before this statement).
    const queued = new Map<string, number>();
    const input = answers.map((a, ord) => {
      const place = a.joinsQueue ? (queued.get(a.meetingId) ?? 0) : null;
      if (place !== null) queued.set(a.meetingId, place + 1);
      return {
        ord,
        meeting_id: a.meetingId,
        contact_id: a.contactId,
        answer: a.answer,
        diet: a.details.diet,
        accessibility: a.details.accessibility,
        comment: a.details.comment,
        companions: a.details.companions,
        from_state: a.fromState,
        to_state: a.toState,
        queue_place: place,
      };
    });
    await m.query(
      `WITH i AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(ord int, meeting_id uuid, contact_id uuid, answer text,
                diet text, accessibility text, comment text, companions text[], from_state text, to_state text,
                queue_place int)),
       changed AS (
         UPDATE meeting_responses r
            SET answer = i.answer, updated_at = $2, answered_at = $2, diet = i.diet,
                accessibility = i.accessibility, comment = i.comment, companions = i.companions,
                waitlisted_at = CASE WHEN i.queue_place IS NULL THEN NULL
                  ELSE GREATEST($2::timestamptz, (SELECT max(w.waitlisted_at) + interval '1 millisecond'
                                                    FROM meeting_responses w WHERE w.meeting_id = i.meeting_id))
                       + i.queue_place * interval '1 millisecond' END
           FROM i WHERE r.meeting_id = i.meeting_id AND r.contact_id = i.contact_id
         RETURNING r.meeting_id, r.contact_id)
       INSERT INTO meeting_response_events (meeting_id, contact_id, from_state, to_state, cause)
       SELECT i.meeting_id, i.contact_id, i.from_state, i.to_state, 'link'
         FROM i JOIN changed USING (meeting_id, contact_id) ORDER BY i.ord`,
      [JSON.stringify(input), now],
    );
  }

  /** The places on the waiting list (1 = next) of those given who are on it, keyed as `answerKey`. */
  async waitlistPositions(
    m: EntityManager,
    people: { meeting: { id: string }; contactId: string }[],
  ): Promise<Map<string, number>> {
    const rows: { meetingId: string; contactId: string; position: number }[] = await m.query(
      `SELECT r.meeting_id AS "meetingId", r.contact_id AS "contactId", ${WAITLIST_POSITION} AS position
         FROM meeting_responses r
        WHERE (r.meeting_id, r.contact_id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))
          AND r.answer = 'waitlisted'`,
      [people.map((p) => p.meeting.id), people.map((p) => p.contactId)],
    );
    return new Map(rows.map((row) => [answerKey(row.meetingId, row.contactId), row.position]));
  }

  /** A row for someone staff add by hand who was never invited (invited = false), without history yet. */
  async insertUninvited(m: EntityManager, meetingId: string, contactId: string): Promise<void> {
    await m.query(
      `INSERT INTO meeting_responses (meeting_id, contact_id, invited) VALUES ($1, $2, false)
       ON CONFLICT (meeting_id, contact_id) DO NOTHING`,
      [meetingId, contactId],
    );
  }

  /** Places taken: answers `yes` (attendance recorded or not). */
  async countYes(m: EntityManager, meetingId: string): Promise<number> {
    const [{ n }]: { n: number }[] = await m.query(
      `SELECT count(*)::int AS n FROM meeting_responses WHERE meeting_id = $1 AND answer = 'yes'`,
      [meetingId],
    );
    return n;
  }

  /** The first `n` on the waiting list, in the order they were put there. */
  async firstWaitlisted(m: EntityManager, meetingId: string, n: number): Promise<MeetingResponse[]> {
    if (n <= 0) return [];
    const limit = Math.min(n, 100_000);
    return m
      .getRepository(MeetingResponse)
      .createQueryBuilder('r')
      .where('r.meeting_id = :meetingId AND r.answer = :waitlisted', { meetingId, waitlisted: 'waitlisted' })
      .orderBy('r.waitlisted_at', 'ASC')
      .addOrderBy('r.contact_id', 'ASC')
      .limit(limit)
      .getMany();
  }

  /**
   * The answer page's data in one round trip (it is opened and posted by many at once after an invitation);
   * null when the meeting is gone.
   */
  async answerPage(meetingId: string, contactId: string): Promise<AnswerPageData | null> {
    const [row]: (AnswerPageMeeting &
      AnswerPagePerson & { invited: string | null; position: number | null })[] = await this.dataSource.query(
      `SELECT mt.id, mt.title, mt.starts_at AS "startsAt", mt.ends_at AS "endsAt", mt.venue, mt.address, mt.city,
              mt.capacity, mt.rsvp_deadline AS "rsvpDeadline", mt.description, mt.agenda, mt.status,
              r.contact_id AS invited, r.answer, r.attendance, r.diet, r.accessibility, r.comment, r.companions,
              c.id IS NOT NULL AS "contactFound", c.first_name AS "firstName", c.language,
              CASE WHEN r.answer = 'waitlisted' THEN ${WAITLIST_POSITION} END AS position
         FROM meetings mt
         LEFT JOIN meeting_responses r ON r.meeting_id = mt.id AND r.contact_id = $2
         LEFT JOIN contacts c ON c.id = $2
        WHERE mt.id = $1`,
      [meetingId, contactId],
    );
    if (!row) return null;
    return { ...answerPageParts(row, row, row.invited !== null), waitlistPosition: row.position };
  }

  /** A person's place on the waiting list (1 = next), or null when not on it. */
  async waitlistPosition(m: EntityManager, meetingId: string, contactId: string): Promise<number | null> {
    const [row]: { position: number | null }[] = await m.query(
      `SELECT ${WAITLIST_POSITION} AS position
         FROM meeting_responses r
        WHERE r.meeting_id = $1 AND r.contact_id = $2 AND r.answer = 'waitlisted'`,
      [meetingId, contactId],
    );
    return row?.position ?? null;
  }

  /**
   * Writes an answer (and, when given, the details that came with it). `waitlist: 'join'` puts the person last
   * on the waiting list: at `now`, or just after the last one there if that is later (two answers in the same
   * millisecond still queue in the order they were recorded; the caller holds the meeting's lock).
   */
  async writeAnswer(
    m: EntityManager,
    meetingId: string,
    contactId: string,
    change: {
      answer: RsvpAnswer | null;
      waitlist: 'join' | 'keep' | 'leave';
      answeredAt?: Date;
      details?: AnswerDetails;
    },
    now: Date,
    event: AnswerEvent,
  ): Promise<AnswerDetails> {
    const waitlistedAt =
      change.waitlist === 'join'
        ? `GREATEST($3::timestamptz, (SELECT max(w.waitlisted_at) + interval '1 millisecond'
                                        FROM meeting_responses w WHERE w.meeting_id = $1))`
        : change.waitlist === 'leave'
          ? 'NULL'
          : 'waitlisted_at';
    const d = change.details;
    // The answer and its history line in one statement: one round trip under the meeting's lock.
    const [row]: AnswerDetails[] = await m.query(
      `WITH changed AS (
         UPDATE meeting_responses
            SET answer = $4, waitlisted_at = ${waitlistedAt}, updated_at = $3,
                answered_at = coalesce($5, answered_at),
                diet = CASE WHEN $6 THEN $7 ELSE diet END,
                accessibility = CASE WHEN $6 THEN $8 ELSE accessibility END,
                comment = CASE WHEN $6 THEN $9 ELSE comment END,
                companions = CASE WHEN $6 THEN $10::text[] ELSE companions END
          WHERE meeting_id = $1 AND contact_id = $2
          RETURNING diet, accessibility, comment, companions),
       logged AS (
         INSERT INTO meeting_response_events (meeting_id, contact_id, from_state, to_state, cause, actor_user_id, note)
         SELECT $1, $2, $11, $12, $13, $14, $15 FROM changed)
       SELECT diet, accessibility, comment, companions FROM changed`,
      [
        meetingId,
        contactId,
        now,
        change.answer,
        change.answeredAt ?? null,
        d !== undefined,
        d?.diet ?? null,
        d?.accessibility ?? null,
        d?.comment ?? null,
        d?.companions ?? [],
        event.fromState,
        event.toState,
        event.cause,
        event.actorUserId,
        event.note,
      ],
    );
    return row;
  }

  async recordEvent(
    m: EntityManager,
    event: {
      meetingId: string;
      contactId: string;
      fromState: ResponseState | null;
      toState: ResponseState;
      cause: ResponseCause;
      actorUserId: string | null;
      note: string | null;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO meeting_response_events (meeting_id, contact_id, from_state, to_state, cause, actor_user_id, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        event.meetingId,
        event.contactId,
        event.fromState,
        event.toState,
        event.cause,
        event.actorUserId,
        event.note,
      ],
    );
  }

  /** How the person's latest "yes" came about: `waitlist` when they were moved up from the waiting list. */
  async latestYesCause(meetingId: string, contactId: string): Promise<ResponseCause | null> {
    const [row]: { cause: ResponseCause }[] = await this.manager.query(
      `SELECT cause FROM meeting_response_events
        WHERE meeting_id = $1 AND contact_id = $2 AND to_state = 'yes'
        ORDER BY id DESC LIMIT 1`,
      [meetingId, contactId],
    );
    return row?.cause ?? null;
  }

  /** The contacts whose answer is one of `answers`, as an audience for the sending engine (aliased `c`). */
  audience(m: EntityManager, meetingId: string, answers: RsvpAnswer[]): SelectQueryBuilder<Contact> {
    return m
      .getRepository(Contact)
      .createQueryBuilder('c')
      .where(
        `c.id IN (SELECT r.contact_id FROM meeting_responses r
                   WHERE r.meeting_id = :noticeMeetingId AND r.answer = ANY(CAST(:noticeAnswers AS text[])))`,
        { noticeMeetingId: meetingId, noticeAnswers: answers },
      );
  }

  /** Per meeting, how many invitees are in each state. */
  async stateCounts(meetingIds: string[]): Promise<Map<string, StateCounts>> {
    const out = new Map<string, StateCounts>();
    for (const id of meetingIds)
      out.set(id, Object.fromEntries(RESPONSE_STATES.map((s) => [s, 0])) as StateCounts);
    if (meetingIds.length === 0) return out;
    const rows: { meetingId: string; state: ResponseState; n: number }[] = await this.manager.query(
      `SELECT meeting_id AS "meetingId", state, count(*)::int AS n FROM meeting_responses
        WHERE meeting_id = ANY($1::uuid[]) GROUP BY meeting_id, state`,
      [meetingIds],
    );
    for (const r of rows) out.get(r.meetingId)![r.state] = r.n;
    return out;
  }

  /** Per meeting, the places taken (answers `yes`). */
  async yesCounts(meetingIds: string[]): Promise<Map<string, number>> {
    const out = new Map(meetingIds.map((id) => [id, 0]));
    if (meetingIds.length === 0) return out;
    const rows: { meetingId: string; n: number }[] = await this.manager.query(
      `SELECT meeting_id AS "meetingId", count(*)::int AS n FROM meeting_responses
        WHERE meeting_id = ANY($1::uuid[]) AND answer = 'yes' GROUP BY meeting_id`,
      [meetingIds],
    );
    for (const r of rows) out.set(r.meetingId, r.n);
    return out;
  }

  /**
   * A meeting's invitees, filtered by state, keyset-paged: by name, or (the waiting list) in waiting order.
   */
  async list(meetingId: string, query: ResponseListQuery): Promise<Page<ResponseRow>> {
    const limit = pageLimit(query.limit);
    const params: unknown[] = [meetingId];
    let where = `r.meeting_id = $1`;
    if (query.state) {
      params.push(query.state);
      where += ` AND r.state = $${params.length}`;
    }
    const byWaitlist = query.state === 'waitlisted';
    const key = byWaitlist ? `r.waitlisted_at` : NAME_KEY;
    const from = `FROM meeting_responses r JOIN contacts c ON c.id = r.contact_id
                  LEFT JOIN organizations o ON o.id = c.organization_id`;
    const filtered = `SELECT 1 ${from} WHERE ${where}`;
    const totalParams = [...params];
    let pageWhere = where;
    if (query.cursor) {
      const [k, id] = decodeKeysetCursor(query.cursor, ['text', 'uuid']);
      if (byWaitlist && Number.isNaN(Date.parse(k))) throw invalidCursor();
      params.push(k, id);
      pageWhere += byWaitlist
        ? ` AND (r.waitlisted_at, r.contact_id) > (CAST($${params.length - 1} AS timestamptz), CAST($${params.length} AS uuid))`
        : ` AND (${NAME_KEY}, r.contact_id) > ($${params.length - 1}, CAST($${params.length} AS uuid))`;
    }
    params.push(limit + 1);
    const [rows, total] = await Promise.all([
      this.manager.query(
        `SELECT r.contact_id AS "contactId", c.first_name AS "firstName", c.last_name AS "lastName", c.email,
                o.name AS "organizationName", r.state, r.answer, r.diet, r.accessibility, r.comment,
                r.companions, r.invited, r.walk_in AS "walkIn", r.answered_at AS "answeredAt",
                r.waitlisted_at AS "waitlistedAt", r.updated_at AS "updatedAt", ${key} AS sort_key
           ${from} WHERE ${pageWhere}
          ORDER BY ${key}, r.contact_id LIMIT $${params.length}`,
        params,
      ) as Promise<(ResponseRow & { sort_key: string | Date })[]>,
      pageTotal(this.manager, filtered, totalParams),
    ]);
    const page = takePage(rows, limit, (last) =>
      encodeKeysetCursor([
        last.sort_key instanceof Date ? last.sort_key.toISOString() : String(last.sort_key),
        last.contactId,
      ]),
    );
    return {
      items: page.rows.map(({ sort_key: _key, ...row }) => row),
      nextCursor: page.nextCursor,
      ...total,
    };
  }

  /** The manager for reads outside a transaction. */
  get readManager(): EntityManager {
    return this.dataSource.manager;
  }

  protected get manager(): EntityManager {
    return this.dataSource.manager;
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
      await this.recordEvent(m, {
        meetingId: change.meetingId,
        contactId: change.contactId,
        fromState: change.from,
        toState: row.state,
        cause: change.cause,
        actorUserId: change.actorUserId,
        note: null,
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
    await this.recordEvent(m, {
      meetingId,
      contactId,
      fromState: null,
      toState: row.state,
      cause: 'walk_in',
      actorUserId,
      note: null,
    });
    return row;
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
