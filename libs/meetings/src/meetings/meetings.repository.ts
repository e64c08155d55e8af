import {
  decodeKeysetCursor,
  encodeKeysetCursor,
  invalidCursor,
  Page,
  pageLimit,
  PageQuery,
  pageTotalOf,
  takePage,
} from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Meeting, MeetingRepresentative, MeetingStatus, RepresentativePart } from './meeting.entity';

export interface MeetingListQuery extends PageQuery {
  roundId?: string;
  regionId?: number;
  status?: MeetingStatus;
}

/** A representative with the contact's name, as staff see it. */
export interface RepresentativeRow {
  meetingId: string;
  contactId: string;
  part: RepresentativePart;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  organizationName: string | null;
}

/** The values a meeting row is written with (everything but ids, status bookkeeping and timestamps). */
export type MeetingValues = Pick<
  Meeting,
  | 'roundId'
  | 'regionId'
  | 'hostOrganizationId'
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
>;

/**
 * Owns the SQL on meetings and meeting_representatives. Answers go through MeetingResponsesRepository; the one
 * read of outreach_sends here is how an invitation's mailing finds its meeting.
 */
/** meetings (aliased mt) as a Meeting, for plain SQL. */
const MEETING_COLUMNS = `mt.id, mt.round_id AS "roundId", mt.region_id AS "regionId",
  mt.host_organization_id AS "hostOrganizationId", mt.title, mt.starts_at AS "startsAt", mt.ends_at AS "endsAt",
  mt.venue, mt.address, mt.city, mt.capacity, mt.rsvp_deadline AS "rsvpDeadline", mt.description, mt.agenda,
  mt.status, mt.calendar_sequence AS "calendarSequence", mt.created_at AS "createdAt", mt.updated_at AS "updatedAt"`;

@Injectable()
export class MeetingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(m?: EntityManager) {
    return (m ?? this.dataSource.manager).getRepository(Meeting);
  }

  async insert(m: EntityManager, values: MeetingValues): Promise<Meeting> {
    const repo = this.repo(m);
    return repo.save(repo.create({ ...values, status: 'planned', calendarSequence: 0 }));
  }

  find(id: string, m?: EntityManager): Promise<Meeting | null> {
    return this.repo(m).findOne({ where: { id } });
  }

  /**
   * The meeting row locked (SELECT … FOR UPDATE) for the rest of the caller's transaction: every change of the
   * meeting and every answer to it takes this lock first, so answers count capacity one at a time and a
   * change and an answer never interleave.
   */
  lock(m: EntityManager, id: string): Promise<Meeting | null> {
    return this.repo(m)
      .createQueryBuilder('mt')
      .where('mt.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  /**
   * The meeting share-locked (a check-in): such changes run side by side, while a change of the meeting or a
   * batch of answers, which lock it more strongly, waits for them and they for it.
   */
  async lockShared(m: EntityManager, id: string): Promise<Meeting | null> {
    const [row]: Meeting[] = await m.query(
      `SELECT ${MEETING_COLUMNS} FROM meetings mt WHERE mt.id = $1 FOR SHARE`,
      [id],
    );
    return row ?? null;
  }

  /**
   * The meetings a batch of answers goes to, locked against each other's batches and staff changes (FOR NO
   * KEY UPDATE: rows that refer to a meeting can still be added meanwhile), in id order so that two batches
   * never wait for each other crosswise. Meetings that are gone are missing from the map.
   */
  async lockAllForAnswers(m: EntityManager, ids: string[]): Promise<Map<string, Meeting>> {
    const rows: Meeting[] = await m.query(
      `SELECT ${MEETING_COLUMNS} FROM meetings mt WHERE mt.id = ANY($1::uuid[]) ORDER BY mt.id FOR NO KEY UPDATE`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }

  async update(m: EntityManager, id: string, patch: Partial<Meeting>): Promise<void> {
    if (Object.keys(patch).length > 0) await this.repo(m).update({ id }, patch);
  }

  /** Deletes a meeting (its answers and representatives go with it); the caller checks it may. */
  async remove(m: EntityManager, id: string): Promise<void> {
    await this.repo(m).delete({ id });
  }

  /** Whether the region has another meeting in the round that is not cancelled (`exceptId` left out). */
  async othersScheduled(
    m: EntityManager,
    roundId: string,
    regionId: number,
    exceptId: string,
  ): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `SELECT 1 FROM meetings
        WHERE round_id = $1 AND region_id = $2 AND id <> $3 AND status <> 'cancelled' LIMIT 1`,
      [roundId, regionId, exceptId],
    );
    return rows.length > 0;
  }

  /** Whether any invitation send names this meeting (then it cannot be deleted, only cancelled). */
  async hasSends(m: EntityManager, id: string): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM outreach_sends WHERE meeting_id = $1 LIMIT 1`, [id]);
    return rows.length > 0;
  }

  /** The meeting an invitation send (outreach_sends.id, the scope of its mailings) is for. */
  async findForInvitationSend(sendId: string): Promise<Meeting | null> {
    return this.repo()
      .createQueryBuilder('mt')
      .innerJoin('outreach_sends', 's', 's.meeting_id = mt.id')
      .where('s.id = :sendId', { sendId })
      .getOne();
  }

  /** The sender of the meeting's latest invitation send, if it has one. */
  async invitationSender(
    m: EntityManager,
    meetingId: string,
  ): Promise<{ fromName: string; fromAddress: string; replyTo: string | null } | null> {
    const [row]: { fromName: string; fromAddress: string; replyTo: string | null }[] = await m.query(
      `SELECT from_name AS "fromName", from_address AS "fromAddress", reply_to AS "replyTo"
         FROM outreach_sends WHERE meeting_id = $1 AND kind = 'invitation'
        ORDER BY started_at DESC NULLS LAST, created_at DESC LIMIT 1`,
      [meetingId],
    );
    return row ?? null;
  }

  /** Meetings in start order (then id), filtered, keyset-paged. */
  async list(query: MeetingListQuery): Promise<Page<Meeting>> {
    const limit = pageLimit(query.limit);
    const all = this.repo().createQueryBuilder('mt');
    if (query.roundId) all.andWhere('mt.round_id = :roundId', { roundId: query.roundId });
    if (query.regionId !== undefined) all.andWhere('mt.region_id = :regionId', { regionId: query.regionId });
    if (query.status) all.andWhere('mt.status = :status', { status: query.status });
    const qb = all
      .clone()
      .orderBy('mt.starts_at', 'ASC')
      .addOrderBy('mt.id', 'ASC')
      .limit(limit + 1);
    if (query.cursor) {
      const [at, id] = decodeKeysetCursor(query.cursor, ['text', 'uuid']);
      if (Number.isNaN(Date.parse(at))) throw invalidCursor();
      qb.andWhere('(mt.starts_at, mt.id) > (CAST(:at AS timestamptz), CAST(:id AS uuid))', { at, id });
    }
    const [rows, total] = await Promise.all([qb.getMany(), pageTotalOf(all)]);
    const page = takePage(rows, limit, (last) => encodeKeysetCursor([last.startsAt.toISOString(), last.id]));
    return { items: page.rows, nextCursor: page.nextCursor, ...total };
  }

  // ── representatives ───────────────────────────────────────────────────────────────────────────────────

  async representatives(meetingIds: string[], m?: EntityManager): Promise<RepresentativeRow[]> {
    if (meetingIds.length === 0) return [];
    return (m ?? this.dataSource.manager).query(
      `SELECT r.meeting_id AS "meetingId", r.contact_id AS "contactId", r.part,
              c.first_name AS "firstName", c.last_name AS "lastName", c.email, o.name AS "organizationName"
         FROM meeting_representatives r
         JOIN contacts c ON c.id = r.contact_id
         LEFT JOIN organizations o ON o.id = c.organization_id
        WHERE r.meeting_id = ANY($1::uuid[])
        ORDER BY r.part, c.last_name NULLS LAST, c.first_name NULLS LAST, r.contact_id`,
      [meetingIds],
    );
  }

  /** Adds a representative or changes their part; answers whether anything changed. */
  async upsertRepresentative(
    m: EntityManager,
    meetingId: string,
    contactId: string,
    part: RepresentativePart,
  ): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO meeting_representatives (meeting_id, contact_id, part) VALUES ($1, $2, $3)
       ON CONFLICT (meeting_id, contact_id) DO UPDATE SET part = EXCLUDED.part
         WHERE meeting_representatives.part IS DISTINCT FROM EXCLUDED.part
       RETURNING 1`,
      [meetingId, contactId, part],
    );
    return rows.length > 0;
  }

  async removeRepresentative(m: EntityManager, meetingId: string, contactId: string): Promise<boolean> {
    const result = await m.getRepository(MeetingRepresentative).delete({ meetingId, contactId });
    return (result.affected ?? 0) > 0;
  }

  async clearRepresentatives(m: EntityManager, meetingId: string): Promise<void> {
    await m.getRepository(MeetingRepresentative).delete({ meetingId });
  }

  // ── what a meeting refers to ──────────────────────────────────────────────────────────────────────────

  async regionNames(
    ids: number[],
    m?: EntityManager,
  ): Promise<Map<number, { id: number; code: string; name: string }>> {
    if (ids.length === 0) return new Map();
    const rows: { id: number; code: string; name: string }[] = await (m ?? this.dataSource.manager).query(
      `SELECT id, code, name FROM regions WHERE id = ANY($1::smallint[])`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  async organizationNames(
    ids: string[],
    m?: EntityManager,
  ): Promise<Map<string, { id: string; name: string }>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await (m ?? this.dataSource.manager).query(
      `SELECT id, name FROM organizations WHERE id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** What a public page needs of a contact: the name to greet and the language to write in. */
  async contactForPage(
    id: string,
  ): Promise<{ firstName: string | null; lastName: string | null; language: string } | null> {
    const [row]: { firstName: string | null; lastName: string | null; language: string }[] =
      await this.dataSource.query(
        `SELECT first_name AS "firstName", last_name AS "lastName", language FROM contacts WHERE id = $1`,
        [id],
      );
    return row ?? null;
  }

  /** Of the given contact ids, those that exist. */
  async existingContacts(ids: string[], m?: EntityManager): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await (m ?? this.dataSource.manager).query(
      `SELECT id FROM contacts WHERE id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
    return new Set(rows.map((r) => r.id));
  }
}
