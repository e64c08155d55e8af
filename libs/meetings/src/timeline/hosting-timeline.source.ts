import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  HOST_ANSWER_LABELS,
  HOSTING_STATUS_LABELS,
  HostAnswer,
  HostingCause,
  HostingStatus,
} from '../rounds/hosting-status';
import { presentDetails, SourcedItem, TimelineSeek, TimelineSource } from './timeline-source';

/**
 * The keyset page of a timeline query whose rows have `key` and `at` (to the millisecond): $1 the contact, $2
 * and $3 the position to continue after (null: from the newest), $4 the limit.
 */
function pageSql(rows: string): string {
  return `SELECT t.* FROM (${rows}) t
   WHERE $2::timestamptz IS NULL OR t.at < $2 OR (t.at = $2 AND t.key < $3 COLLATE "C")
   ORDER BY t.at DESC, t.key COLLATE "C" DESC
   LIMIT $4`;
}

const paramsOf = (contactId: string, before: TimelineSeek | null, limit: number): unknown[] => [
  contactId,
  before?.at ?? null,
  before?.key ?? '',
  limit,
];

interface HostAnswerRow {
  key: string;
  at: Date;
  roundId: string;
  roundName: string;
  regionId: number;
  regionName: string;
  answer: HostAnswer;
  comment: string | null;
  suggestedDates: string | null;
}

/**
 * The person's answers to host requests (one per round: the latest; answering again replaces it), with the
 * round and the region they answered for. Reads only; the rounds code owns these tables.
 */
@Injectable()
export class HostAnswerTimelineSource implements TimelineSource {
  readonly name = 'host_answers';

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async page(contactId: string, before: TimelineSeek | null, limit: number): Promise<SourcedItem[]> {
    const rows: HostAnswerRow[] = await this.dataSource.query(
      pageSql(`
        SELECT h.round_id::text AS key, date_trunc('milliseconds', h.answered_at) AS at, h.round_id AS "roundId",
               r.name AS "roundName", h.region_id AS "regionId", g.name AS "regionName", h.answer, h.comment,
               h.suggested_dates AS "suggestedDates"
          FROM host_responses h JOIN rounds r ON r.id = h.round_id JOIN regions g ON g.id = h.region_id
         WHERE h.contact_id = $1`),
      paramsOf(contactId, before, limit),
    );
    return rows.map((r) => ({
      key: r.key,
      at: r.at,
      kind: 'hosting',
      title: `Värdskap: ${r.regionName}, ${r.roundName} – svar: ${HOST_ANSWER_LABELS[r.answer]?.sv ?? r.answer}`,
      details: presentDetails({
        roundId: r.roundId,
        roundName: r.roundName,
        regionId: r.regionId,
        regionName: r.regionName,
        hostAnswer: r.answer,
        comment: r.comment,
        suggestedDates: r.suggestedDates,
      }),
    }));
  }

  async count(contactId: string): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM host_responses WHERE contact_id = $1`,
      [contactId],
    );
    return n;
  }
}

interface HostingStatusRow {
  key: string;
  at: Date;
  roundId: string;
  roundName: string;
  regionId: number;
  regionName: string;
  fromStatus: HostingStatus | null;
  toStatus: HostingStatus;
  cause: HostingCause;
  note: string | null;
}

/**
 * Changes of a region's hosting status that name the person (asked, a deadline passed, staff set it, a meeting
 * was planned). Changes caused by an answer are left out: the answer itself is on the timeline (host_answers),
 * with what the person wrote, and would otherwise show twice.
 */
@Injectable()
export class HostingStatusTimelineSource implements TimelineSource {
  readonly name = 'hosting_status';

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async page(contactId: string, before: TimelineSeek | null, limit: number): Promise<SourcedItem[]> {
    const rows: HostingStatusRow[] = await this.dataSource.query(
      pageSql(`
        SELECT lpad(e.id::text, 20, '0') AS key, date_trunc('milliseconds', e.created_at) AS at,
               e.round_id AS "roundId", r.name AS "roundName", e.region_id AS "regionId", g.name AS "regionName",
               e.from_status AS "fromStatus", e.to_status AS "toStatus", e.cause, e.note
          FROM round_region_events e JOIN rounds r ON r.id = e.round_id JOIN regions g ON g.id = e.region_id
         WHERE e.contact_id = $1 AND e.cause <> 'answer'`),
      paramsOf(contactId, before, limit),
    );
    return rows.map((r) => ({
      key: r.key,
      at: r.at,
      kind: 'hosting',
      title: `Värdskap: ${r.regionName}, ${r.roundName} – ${(HOSTING_STATUS_LABELS[r.toStatus] ?? r.toStatus).toLowerCase()}`,
      details: presentDetails({
        roundId: r.roundId,
        roundName: r.roundName,
        regionId: r.regionId,
        regionName: r.regionName,
        hostingStatus: r.toStatus,
        previousHostingStatus: r.fromStatus,
        hostingCause: r.cause,
        note: r.note,
      }),
    }));
  }

  async count(contactId: string): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM round_region_events WHERE contact_id = $1 AND cause <> 'answer'`,
      [contactId],
    );
    return n;
  }
}
