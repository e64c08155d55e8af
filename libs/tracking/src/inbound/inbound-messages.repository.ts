import {
  decodeKeysetCursor,
  encodeKeysetCursor,
  Page,
  pageLimit,
  PageQuery,
  pageTotal,
  takePage,
} from '@app/common';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { InboundKind } from './inbound-mail-sink';
import type { AttachmentInfo } from './read-mail';

export const INBOUND_ORIGINS = ['imap', 'smtp', 'api'] as const;
export type InboundOriginKind = (typeof INBOUND_ORIGINS)[number];
export const INBOUND_MATCHES = ['verp', 'message_id', 'address', 'none'] as const;
export type InboundMatch = (typeof INBOUND_MATCHES)[number];
export const REPLY_CONVERSIONS = ['host_answer', 'rsvp'] as const;
export type ReplyConversion = (typeof REPLY_CONVERSIONS)[number];

/** One received message as it is stored. */
export interface NewInboundMessage {
  kind: InboundKind;
  origin: InboundOriginKind;
  originKey: string | null;
  messageId: string | null;
  size: number;
  sentAt: Date | null;
  fromAddress: string | null;
  fromName: string | null;
  subject: string | null;
  text: string | null;
  html: string | null;
  attachments: AttachmentInfo[];
  /** Why it is unreadable; why it is an auto-reply; a bounce's diagnostic. */
  reason: string | null;
  bounceStatus: string | null;
  failedRecipient: string | null;
  matchedBy: InboundMatch;
  recipientId: string | null;
  mailingId: string | null;
  contactId: string | null;
  purpose: string | null;
  scopeType: string | null;
  scopeId: string | null;
  campaignId: string | null;
  meetingId: string | null;
  receivedAt: Date;
}

/** A received message in the staff lists (without its text). */
export interface InboundSummary {
  id: string;
  kind: InboundKind;
  origin: InboundOriginKind;
  receivedAt: Date;
  fromAddress: string | null;
  fromName: string | null;
  subject: string | null;
  reason: string | null;
  bounceStatus: string | null;
  matchedBy: InboundMatch;
  contactId: string | null;
  contactName: string | null;
  mailingId: string | null;
  mailingTitle: string | null;
  purpose: string | null;
  campaignId: string | null;
  meetingId: string | null;
  handled: boolean;
  handledAt: Date | null;
  convertedTo: ReplyConversion | null;
  hasHtml: boolean;
  attachments: AttachmentInfo[];
}

/** One message with its text. */
export interface InboundDetail extends InboundSummary {
  messageId: string | null;
  sentAt: Date | null;
  text: string | null;
  failedRecipient: string | null;
  recipientId: string | null;
  scopeType: string | null;
  scopeId: string | null;
  handledBy: string | null;
}

export interface InboundListQuery extends PageQuery {
  kind?: InboundKind;
  campaignId?: string;
  meetingId?: string;
  contactId?: string;
  handled?: boolean;
}

const SUMMARY = `i.id, i.kind, i.origin, i.received_at AS "receivedAt", i.from_address AS "fromAddress",
       i.from_name AS "fromName", i.subject, i.reason, i.bounce_status AS "bounceStatus", i.matched_by AS "matchedBy",
       i.contact_id AS "contactId",
       nullif(trim(concat_ws(' ', c.first_name, c.last_name)), '') AS "contactName",
       i.mailing_id AS "mailingId", m.title AS "mailingTitle", i.purpose, i.campaign_id AS "campaignId",
       i.meeting_id AS "meetingId", i.handled, i.handled_at AS "handledAt", i.converted_to AS "convertedTo",
       (i.html IS NOT NULL) AS "hasHtml", i.attachments`;
const FROM = `FROM inbound_messages i
  LEFT JOIN contacts c ON c.id = i.contact_id
  LEFT JOIN mailings m ON m.id = i.mailing_id`;

/** The `inbound_messages` table: every statement on it is here. */
@Injectable()
export class InboundMessagesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The message already taken in by this origin key or Message-ID, if any. */
  async findDuplicate(
    originKey: string | null,
    messageId: string | null,
  ): Promise<{ id: string; kind: InboundKind } | null> {
    if (originKey === null && messageId === null) return null;
    const [row]: { id: string; kind: InboundKind }[] = await this.dataSource.query(
      // Two plain equalities, each on its own unique index (an OR of both would read the whole table).
      `(SELECT id, kind FROM inbound_messages WHERE origin_key = $1::text)
       UNION ALL (SELECT id, kind FROM inbound_messages WHERE message_id = $2::text)
       LIMIT 1`,
      [originKey, messageId],
    );
    return row ?? null;
  }

  /**
   * Stores a message; null when another took it in at the same moment (the unique origin key or Message-ID):
   * the caller then answers with that one.
   */
  async insert(message: NewInboundMessage, m?: EntityManager): Promise<string | null> {
    const rows: { id: string }[] = await (m ?? this.dataSource.manager).query(
      `INSERT INTO inbound_messages (kind, origin, origin_key, message_id, size, sent_at, from_address, from_name,
                                     subject, text, html, attachments, reason, bounce_status, failed_recipient,
                                     matched_by, recipient_id, mailing_id, contact_id, purpose, scope_type, scope_id,
                                     campaign_id, meeting_id, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13, $14, $15, $16, $17, $18, $19, $20,
               $21, $22, $23, $24, $25)
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [
        message.kind,
        message.origin,
        message.originKey,
        message.messageId,
        message.size,
        message.sentAt,
        message.fromAddress,
        message.fromName,
        message.subject,
        message.text,
        message.html,
        JSON.stringify(message.attachments),
        message.reason,
        message.bounceStatus,
        message.failedRecipient,
        message.matchedBy,
        message.recipientId,
        message.mailingId,
        message.contactId,
        message.purpose,
        message.scopeType,
        message.scopeId,
        message.campaignId,
        message.meetingId,
        message.receivedAt,
      ],
    );
    return rows[0]?.id ?? null;
  }

  /** A page of messages, newest first, keyset-paged on (received_at, id). */
  async list(query: InboundListQuery): Promise<Page<InboundSummary>> {
    const limit = pageLimit(query.limit);
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.kind) add('i.kind = ?', query.kind);
    if (query.campaignId) add('i.campaign_id = ?', query.campaignId);
    if (query.meetingId) add('i.meeting_id = ?', query.meetingId);
    if (query.contactId) add('i.contact_id = ?', query.contactId);
    if (query.handled !== undefined) add('i.handled = ?', query.handled);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const pageWhere = [...where];
    const pageParams = [...params];
    if (query.cursor) {
      const [at, id] = decodeKeysetCursor(query.cursor, ['text', 'uuid']);
      pageParams.push(at, id);
      pageWhere.push(
        `(i.received_at, i.id) < ($${pageParams.length - 1}::timestamptz, $${pageParams.length}::uuid)`,
      );
    }
    pageParams.push(limit + 1);
    const [rows, total] = await Promise.all([
      this.dataSource.query(
        `SELECT ${SUMMARY} ${FROM} ${pageWhere.length ? `WHERE ${pageWhere.join(' AND ')}` : ''}
          ORDER BY i.received_at DESC, i.id DESC LIMIT $${pageParams.length}`,
        pageParams,
      ) as Promise<InboundSummary[]>,
      pageTotal(this.dataSource, `SELECT 1 FROM inbound_messages i ${filter}`, params),
    ]);
    const page = takePage(rows, limit, (last) =>
      encodeKeysetCursor([new Date(last.receivedAt).toISOString(), last.id]),
    );
    return { items: page.rows, nextCursor: page.nextCursor, ...total };
  }

  async find(id: string, m?: EntityManager): Promise<InboundDetail | null> {
    const [row]: InboundDetail[] = await (m ?? this.dataSource.manager).query(
      `SELECT ${SUMMARY}, i.message_id AS "messageId", i.sent_at AS "sentAt", i.text,
              i.failed_recipient AS "failedRecipient", i.recipient_id::text AS "recipientId",
              i.scope_type AS "scopeType", i.scope_id AS "scopeId", i.handled_by AS "handledBy"
         ${FROM} WHERE i.id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** The stored (already sanitised) HTML of a message. */
  async html(id: string): Promise<string | null> {
    const [row]: { html: string | null }[] = await this.dataSource.query(
      `SELECT html FROM inbound_messages WHERE id = $1`,
      [id],
    );
    return row?.html ?? null;
  }

  /** Answers whether the flag changed. */
  async setHandled(
    m: EntityManager,
    id: string,
    handled: boolean,
    userId: string | null,
    at: Date,
  ): Promise<boolean> {
    const [rows]: [unknown[], number] = await m.query(
      `UPDATE inbound_messages SET handled = $2, handled_at = CASE WHEN $2 THEN $4::timestamptz END,
              handled_by = CASE WHEN $2 THEN $3::uuid END
        WHERE id = $1 AND handled <> $2 RETURNING id`,
      [id, handled, userId, at],
    );
    return rows.length > 0;
  }

  /** A reply turned into an answer: it is then handled, and says into what. */
  async markConverted(
    m: EntityManager,
    id: string,
    to: ReplyConversion,
    userId: string | null,
    at: Date,
  ): Promise<void> {
    await m.query(
      `UPDATE inbound_messages SET converted_to = $2, handled = true, handled_at = coalesce(handled_at, $4),
              handled_by = coalesce(handled_by, $3::uuid)
        WHERE id = $1`,
      [id, to, userId, at],
    );
  }

  /** How many people replied to each campaign (replies only, not auto-replies), by campaign id. */
  async repliedByCampaign(campaignIds: string[]): Promise<Map<string, number>> {
    if (campaignIds.length === 0) return new Map();
    const rows: { campaignId: string; n: number }[] = await this.dataSource.query(
      `SELECT campaign_id AS "campaignId", count(DISTINCT coalesce(contact_id::text, from_address, id::text))::int AS n
         FROM inbound_messages WHERE campaign_id = ANY($1::uuid[]) AND kind = 'reply'
        GROUP BY campaign_id`,
      [campaignIds],
    );
    return new Map(rows.map((r) => [r.campaignId, r.n]));
  }

  /**
   * A contact's replies and auto-replies for the timeline, newest first, keyset-paged as the timeline sources
   * are ($2/$3 the position to continue after): the key is the id, a uuid.
   */
  async timelineOfContact(
    contactId: string,
    before: { at: Date; key: string } | null,
    limit: number,
  ): Promise<
    {
      key: string;
      at: Date;
      kind: InboundKind;
      subject: string | null;
      mailingId: string | null;
      mailingTitle: string | null;
      purpose: string | null;
      scopeType: string | null;
      scopeId: string | null;
    }[]
  > {
    return this.dataSource.query(
      `SELECT t.* FROM (
         SELECT i.id::text AS key, date_trunc('milliseconds', i.received_at) AS at, i.kind, i.subject,
                i.mailing_id AS "mailingId", m.title AS "mailingTitle", i.purpose, i.scope_type AS "scopeType",
                i.scope_id AS "scopeId"
           FROM inbound_messages i LEFT JOIN mailings m ON m.id = i.mailing_id
          WHERE i.contact_id = $1 AND i.kind IN ('reply', 'auto_reply')
       ) t
        WHERE $2::timestamptz IS NULL OR t.at < $2 OR (t.at = $2 AND t.key < $3 COLLATE "C")
        ORDER BY t.at DESC, t.key COLLATE "C" DESC
        LIMIT $4`,
      [contactId, before?.at ?? null, before?.key ?? '', limit],
    );
  }

  async countOfContact(contactId: string): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM inbound_messages WHERE contact_id = $1 AND kind IN ('reply', 'auto_reply')`,
      [contactId],
    );
    return n;
  }

  /** A contact's messages for the GDPR export, oldest first. */
  async ofContact(
    m: EntityManager,
    contactId: string,
  ): Promise<
    {
      kind: InboundKind;
      receivedAt: Date;
      fromAddress: string | null;
      subject: string | null;
      text: string | null;
      mailingTitle: string | null;
    }[]
  > {
    return m.query(
      `SELECT i.kind, i.received_at AS "receivedAt", i.from_address AS "fromAddress", i.subject, i.text,
              mm.title AS "mailingTitle"
         FROM inbound_messages i LEFT JOIN mailings mm ON mm.id = i.mailing_id
        WHERE i.contact_id = $1 ORDER BY i.received_at, i.id`,
      [contactId],
    );
  }

  /**
   * Erasure: the person's messages (linked to them, or sent from or bounced for their address) keep their
   * kind and time, and lose everything that says who or what (sender, subject, text, HTML, attachment names).
   */
  async scrubContact(m: EntityManager, contactId: string, email: string | null): Promise<void> {
    await m.query(
      `UPDATE inbound_messages
          SET from_address = NULL, from_name = NULL, subject = NULL, text = NULL, html = NULL,
              attachments = '[]'::jsonb, failed_recipient = NULL, reason = NULL, contact_id = NULL
        WHERE contact_id = $1
           OR ($2::text IS NOT NULL AND (lower(from_address) = lower($2) OR failed_recipient = lower($2)))`,
      [contactId, email],
    );
  }
}
