import { PageTotal, pageTotal } from '@app/common';
import { hashableEmailSql, isSuppressedSql, RecipientData, recipientDataSql } from '@app/crm';
import type { MessagePurpose } from '@app/mail';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, QueryResultRow } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { SEND_BLOCK_SIZE } from '../send/send-job-ids';
import { Mailing, MailingScope, MailingStatus } from './mailing.entity';
import {
  RECIPIENT_STATUSES,
  RecipientBounce,
  RecipientStatus,
  UncertainResolution,
} from './mailing-recipient.entity';

/** What starting a mailing fixes: purpose, scope, template version, sender and pace. */
export interface MailingSpec {
  /** Given by a feature whose thing is one mailing (a campaign keeps its own id); generated otherwise. */
  id?: string;
  purpose: MessagePurpose;
  scope: MailingScope;
  title: string;
  templateVersionId: string;
  subject: string | null;
  fromName: string;
  fromAddress: string;
  replyTo: string | null;
  rateLimitPerMinute: number | null;
}

export interface SnapshotCounts {
  pending: number;
  suppressed: number;
}

/** A claimed row with everything its message needs, loaded in the claim's own statement. */
export interface ClaimedRow {
  id: string;
  mailingId: string;
  contactId: string | null;
  /** The address snapshotted in the ledger: where the message goes. */
  email: string;
  attempts: number;
  purpose: MessagePurpose;
  scopeType: string;
  scopeId: string;
  templateVersionId: string;
  subject: string | null;
  fromName: string;
  fromAddress: string;
  replyTo: string | null;
  /** The address is on the suppression list now. */
  suppressed: boolean;
  /** The contact's data as it is now; null if the contact is gone. */
  recipient: RecipientData | null;
}

/** A delivery whose `sent` record is still to be written (it goes with the next claim). */
export interface Delivered {
  id: string;
  attempts: number;
  smtpResponse: string;
  messageId: string;
}

/** The outcome of one attempt other than a delivery, written only if the row is still this attempt's. */
export type AttemptRecord =
  | { status: 'pending'; lastError: string }
  | { status: 'suppressed'; lastError: string }
  | { status: 'withdrawn'; lastError: string }
  | { status: 'failed_temporary'; lastError: string; smtpResponse: string | null; nextAttemptAt: Date }
  | { status: 'failed_permanent'; lastError: string; smtpResponse: string | null }
  | { status: 'uncertain'; lastError: string; smtpResponse: string | null };

/** A row waiting for a retry: its own job, delayed until its next attempt. */
export interface RetryRow {
  id: string;
  mailingId: string;
  attempts: number;
  nextAttemptAt: Date;
}

/** One message to a contact as the contact timeline shows it. */
export interface ContactTimelineMessage {
  /** The row's position key within the ledger: its id, zero-padded. */
  key: string;
  /** sentAt, or when the row was queued; to the millisecond. */
  at: Date;
  recipientId: string;
  mailingId: string;
  title: string;
  purpose: MessagePurpose;
  scopeType: string;
  scopeId: string;
  status: RecipientStatus;
  sentAt: Date | null;
}

/** A ledger row as staff read it, with the contact's name as it is today. */
export interface LedgerRowView {
  id: string;
  contactId: string | null;
  email: string;
  firstName: string | null;
  lastName: string | null;
  organizationName: string | null;
  status: RecipientStatus;
  attempts: number;
  lastError: string | null;
  smtpResponse: string | null;
  messageId: string | null;
  sentAt: Date | null;
}

/** An uncertain row with what is known about it. */
export interface UncertainRowView extends LedgerRowView {
  claimedAt: Date | null;
  claimedBy: string | null;
}

export type StatusCounts = Record<RecipientStatus, number>;

/** A ledger row as inbound mail needs it: who the message went to and what it belonged to. */
export interface InboundLedgerRow {
  id: string;
  mailingId: string;
  contactId: string | null;
  email: string;
  purpose: MessagePurpose;
  scopeType: string;
  scopeId: string;
}

const INBOUND_ROW = `SELECT r.id::text AS id, r.mailing_id AS "mailingId", r.contact_id AS "contactId", r.email,
              m.purpose, m.scope_type AS "scopeType", m.scope_id AS "scopeId"
         FROM mailing_recipients r JOIN mailings m ON m.id = r.mailing_id`;

/** The claimed row of a claim statement's result (none when nothing was claimable), the recipient read back. */
function claimedRow(rows: QueryResultRow[]): ClaimedRow | null {
  const row = rows[0];
  if (!row) return null;
  const recipient = RECIPIENT.take(row);
  return { ...(row as Omit<ClaimedRow, 'recipient'>), recipient };
}

/** The condition every statement uses for "this mailing's rows may be sent now". */
const MAILING_SENDING = `m.status = 'sending'`;
/**
 * Rows that still have a message to go out. The rest are final (sent, failed_permanent, suppressed, withdrawn)
 * or wait for staff (uncertain): a mailing whose rows are all of those is finished.
 */
const OPEN_STATUSES = `('pending', 'sending', 'failed_temporary')`;
/** Rows a worker may claim. */
const CLAIMABLE_STATUSES = `('pending', 'failed_temporary')`;
/** Rows whose attempt is in flight or was cut off: only these may get an attempt's outcome. */
const RECORDABLE_STATUSES = `('sending', 'uncertain')`;

const RECIPIENT = recipientDataSql('cl.contact_id');
const DISPLAY = recipientDataSql('r.contact_id');

/**
 * The claim as SQL, for statement parameters `$n` (row id), `$n+1` (now) and `$n+2` (worker): the conditional
 * UPDATE as a CTE named `claimed`, then the SELECT of what the message needs, in the same round trip: the
 * mailing's template and sender, the suppression check made now (not only at snapshot: someone who
 * unsubscribed mid-mailing gets nothing more) and the contact's data as it is now. The one-second slack: a
 * delayed retry job may fire a moment before next_attempt_at.
 */
const claimCte = (rows: string, now: string, worker: string) => `claimed AS (
         UPDATE mailing_recipients r
            SET status = 'sending', claimed_at = ${now}, claimed_by = ${worker}, attempts = r.attempts + 1,
                updated_at = now()
           FROM mailings m
          WHERE ${rows} AND m.id = r.mailing_id AND ${MAILING_SENDING}
            AND r.status IN ${CLAIMABLE_STATUSES}
            AND (r.next_attempt_at IS NULL OR r.next_attempt_at <= ${now}::timestamptz + interval '1 second')
        RETURNING r.id, r.mailing_id, r.contact_id, r.email, r.attempts, m.purpose, m.scope_type, m.scope_id,
                  m.template_version_id, m.subject, m.from_name, m.from_address, m.reply_to)`;
const CLAIM_CTE = (n: number) => claimCte(`r.id = $${n}`, `$${n + 1}`, `$${n + 2}`);
const CLAIM_SELECT = `SELECT cl.id, cl.mailing_id AS "mailingId", cl.contact_id AS "contactId", cl.email,
              cl.attempts, cl.purpose, cl.scope_type AS "scopeType", cl.scope_id AS "scopeId",
              cl.template_version_id AS "templateVersionId", cl.subject, cl.from_name AS "fromName",
              cl.from_address AS "fromAddress", cl.reply_to AS "replyTo",
              ${isSuppressedSql('cl.email')} AS suppressed, ${RECIPIENT.select}
         FROM claimed cl
         ${RECIPIENT.joins}`;
/**
 * Records deliveries, `rows` a relation of (id, attempts, smtp_response, message_id), at `now`, and resets the
 * failure run of their mailings.
 */
const recordSentCtes = (rows: string, now: string) => `recorded AS (
         UPDATE mailing_recipients r
            SET status = 'sent', smtp_response = d.smtp_response, message_id = d.message_id, sent_at = ${now},
                last_error = NULL, next_attempt_at = NULL, updated_at = now()
           FROM ${rows} AS d(id, attempts, smtp_response, message_id)
          WHERE r.id = d.id AND r.attempts = d.attempts AND r.status IN ${RECORDABLE_STATUSES}
         RETURNING r.mailing_id),
       reset AS (
         UPDATE mailings SET consecutive_failures = 0
          WHERE id IN (SELECT mailing_id FROM recorded) AND consecutive_failures <> 0)`;
/** One delivery: $1 row, $2 attempt, $3 SMTP answer, $4 Message-ID, $5 now. */
const RECORD_SENT_CTES = recordSentCtes(`(VALUES ($1::bigint, $2::int, $3::text, $4::text))`, '$5');

/**
 * Every statement on the sending ledger (`mailings` and `mailing_recipients`): the snapshot, the claim, the
 * outcomes, the state of mailings, what the reconciler compares, and the reads staff make. No other code
 * writes these tables, so each transition of a row or a mailing is in exactly one place here.
 */
/** A mailing row, `sending` from the start; parameters $1..$12 as mailingParams orders them. */
const INSERT_MAILING = `INSERT INTO mailings (id, purpose, scope_type, scope_id, title, status, template_version_id, subject,
                           from_name, from_address, reply_to, rate_limit_per_minute, started_at)
     VALUES (coalesce($1::uuid, gen_random_uuid()), $2, $3, $4, $5, 'sending', $6, $7, $8, $9, $10, $11, $12)`;

function mailingParams(spec: MailingSpec, now: Date): unknown[] {
  return [
    spec.id ?? null,
    spec.purpose,
    spec.scope.type,
    spec.scope.id,
    spec.title,
    spec.templateVersionId,
    spec.subject,
    spec.fromName,
    spec.fromAddress,
    spec.replyTo,
    spec.rateLimitPerMinute,
    now,
  ];
}

@Injectable()
export class LedgerRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // ── mailings ──────────────────────────────────────────────────────────────────────────────────────────

  /** Creates the mailing, `sending` from `now`. Inside the caller's transaction. */
  async createMailing(m: EntityManager, spec: MailingSpec, now: Date): Promise<string> {
    const [row]: { id: string }[] = await m.query(`${INSERT_MAILING} RETURNING id`, mailingParams(spec, now));
    return row.id;
  }

  /**
   * A mailing of one row, in one statement (a one-off is written while the caller holds locks, say an answer
   * under its meeting's lock: one round trip rather than two). The row is `suppressed` if the address is.
   */
  async createOneOff(
    m: EntityManager,
    spec: MailingSpec,
    now: Date,
    contact: { id: string; email: string },
  ): Promise<{ mailingId: string; recipientId: string }> {
    const [made] = await this.createOneOffs(m, [{ spec, contact }], now);
    return made;
  }

  /**
   * Several one-offs (a mailing of one row each) in one statement, answered in the order given: for a feature
   * that records many people's actions in one transaction, say a batch of answers and their confirmations.
   */
  async createOneOffs(
    m: EntityManager,
    items: { spec: MailingSpec; contact: { id: string; email: string } }[],
    now: Date,
  ): Promise<{ mailingId: string; recipientId: string }[]> {
    if (items.length === 0) return [];
    // Ids made here, so that each recipient row finds its mailing without relying on the order of RETURNING.
    const input = items.map(({ spec, contact }, ord) => ({
      ord,
      id: spec.id ?? randomUUID(),
      purpose: spec.purpose,
      scope_type: spec.scope.type,
      scope_id: spec.scope.id,
      title: spec.title,
      template_version_id: spec.templateVersionId,
      subject: spec.subject,
      from_name: spec.fromName,
      from_address: spec.fromAddress,
      reply_to: spec.replyTo,
      rate_limit_per_minute: spec.rateLimitPerMinute,
      contact_id: contact.id,
      email: contact.email,
    }));
    const rows: { mailingId: string; recipientId: string }[] = await m.query(
      `WITH i AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(ord int, id uuid, purpose text, scope_type text,
                scope_id uuid, title text, template_version_id uuid, subject text, from_name text,
                from_address text, reply_to text, rate_limit_per_minute int, contact_id uuid, email text)),
       mailing AS (
         INSERT INTO mailings (id, purpose, scope_type, scope_id, title, status, template_version_id, subject,
                               from_name, from_address, reply_to, rate_limit_per_minute, started_at)
         SELECT id, purpose, scope_type, scope_id, title, 'sending', template_version_id, subject, from_name,
                from_address, reply_to, rate_limit_per_minute, $2 FROM i ORDER BY ord
         RETURNING id)
       INSERT INTO mailing_recipients (mailing_id, contact_id, email, status)
       SELECT i.id, i.contact_id, btrim(i.email),
              CASE WHEN ${isSuppressedSql('i.email')} THEN 'suppressed' ELSE 'pending' END
         FROM i JOIN mailing USING (id) ORDER BY i.ord
       RETURNING mailing_id AS "mailingId", id AS "recipientId"`,
      [JSON.stringify(input), now],
    );
    const byMailing = new Map(rows.map((row) => [row.mailingId, row]));
    return input.map((item) => {
      const row = byMailing.get(item.id);
      if (!row) throw new Error(`The one-off ${item.id} was not written`);
      return row;
    });
  }

  async findMailing(id: string, m?: EntityManager): Promise<Mailing | null> {
    return (m ?? this.dataSource.manager).getRepository(Mailing).findOne({ where: { id } });
  }

  /** The mailing row locked for a state change (SELECT … FOR UPDATE), in the caller's transaction. */
  async lockMailing(m: EntityManager, id: string): Promise<Mailing | null> {
    return m
      .getRepository(Mailing)
      .createQueryBuilder('m')
      .where('m.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  async mailingsOfScope(scope: MailingScope): Promise<Mailing[]> {
    return this.dataSource.getRepository(Mailing).find({
      where: { scopeType: scope.type, scopeId: scope.id },
      order: { startedAt: 'ASC' },
    });
  }

  /** A state change staff asked for (pause, resume, cancel); the caller has locked and checked the mailing. */
  async setMailingStatus(
    m: EntityManager,
    id: string,
    status: MailingStatus,
    fields: { pauseReason?: string | null; finishedAt?: Date | null; resetFailures?: boolean } = {},
  ): Promise<void> {
    const sets = ['status = $2', 'updated_at = now()'];
    const values: unknown[] = [id, status];
    if (fields.pauseReason !== undefined) {
      values.push(fields.pauseReason);
      sets.push(`pause_reason = $${values.length}`);
    }
    if (fields.finishedAt !== undefined) {
      values.push(fields.finishedAt);
      sets.push(`finished_at = $${values.length}`);
    }
    if (fields.resetFailures) sets.push('consecutive_failures = 0');
    await m.query(`UPDATE mailings SET ${sets.join(', ')} WHERE id = $1`, values);
  }

  /**
   * sending → finished once no row can still be sent (none pending, sending or failed_temporary). One
   * statement, so two workers finishing the last two rows at once cannot both miss it. Index probes only.
   */
  async finishIfDone(m: EntityManager, id: string, now: Date): Promise<Mailing | null> {
    const [rows]: [Record<string, unknown>[], number] = await m.query(
      `UPDATE mailings m SET status = 'finished', finished_at = $2, updated_at = now()
        WHERE m.id = $1 AND ${MAILING_SENDING}
          AND NOT EXISTS (SELECT 1 FROM mailing_recipients r
                           WHERE r.mailing_id = m.id AND r.status IN ${OPEN_STATUSES})
        RETURNING m.id`,
      [id, now],
    );
    return rows.length > 0 ? this.findMailing(id, m) : null;
  }

  /** Whether the mailing has rows that can still be sent (a cheap probe before finishIfDone). */
  async hasOpenRows(mailingId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM mailing_recipients WHERE mailing_id = $1 AND status IN ${OPEN_STATUSES} LIMIT 1`,
      [mailingId],
    );
    return rows.length > 0;
  }

  /** sending → paused by the engine itself; only if still sending (a person may have paused it already). */
  async pauseIfSending(m: EntityManager, id: string, reason: string): Promise<Mailing | null> {
    const [rows]: [Record<string, unknown>[], number] = await m.query(
      `UPDATE mailings m SET status = 'paused', pause_reason = $2, updated_at = now()
        WHERE m.id = $1 AND ${MAILING_SENDING} RETURNING m.id`,
      [id, reason],
    );
    return rows.length > 0 ? this.findMailing(id, m) : null;
  }

  /** One more failure in a row for the mailing; answers the run's length. */
  async countFailure(mailingId: string): Promise<number> {
    const [rows]: [{ consecutive_failures: number }[], number] = await this.dataSource.query(
      `UPDATE mailings SET consecutive_failures = consecutive_failures + 1 WHERE id = $1
        RETURNING consecutive_failures`,
      [mailingId],
    );
    return rows[0]?.consecutive_failures ?? 0;
  }

  async sendingMailingIds(): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT m.id FROM mailings m WHERE ${MAILING_SENDING}`,
    );
    return rows.map((r) => r.id);
  }

  async counts(mailingId: string, m?: EntityManager): Promise<StatusCounts> {
    const rows: { status: RecipientStatus; n: string }[] = await (m ?? this.dataSource.manager).query(
      `SELECT status, count(*) AS n FROM mailing_recipients WHERE mailing_id = $1 GROUP BY status`,
      [mailingId],
    );
    const counts = Object.fromEntries(RECIPIENT_STATUSES.map((s) => [s, 0])) as StatusCounts;
    for (const r of rows) counts[r.status] = Number(r.n);
    return counts;
  }

  /** The counts per recipient status of several mailings in one query (zero for a mailing with no rows). */
  async countsByMailing(mailingIds: string[], m?: EntityManager): Promise<Map<string, StatusCounts>> {
    const byMailing = new Map<string, StatusCounts>();
    for (const id of mailingIds)
      byMailing.set(id, Object.fromEntries(RECIPIENT_STATUSES.map((s) => [s, 0])) as StatusCounts);
    if (mailingIds.length === 0) return byMailing;
    const rows: { mailingId: string; status: RecipientStatus; n: number }[] = await (
      m ?? this.dataSource.manager
    ).query(
      `SELECT mailing_id AS "mailingId", status, count(*)::int AS n FROM mailing_recipients
        WHERE mailing_id = ANY($1::uuid[]) GROUP BY mailing_id, status`,
      [mailingIds],
    );
    for (const r of rows) byMailing.get(r.mailingId)![r.status] = r.n;
    return byMailing;
  }

  // ── the snapshot ──────────────────────────────────────────────────────────────────────────────────────

  /**
   * Copies the audience into the ledger with one INSERT … SELECT: of several contacts sharing an address (as
   * the suppression hash sees it) only the first in audience order (created_at, id) is kept, and suppressed
   * addresses go in as `suppressed` so the ledger says why they got nothing. ON CONFLICT DO NOTHING makes a
   * repeated snapshot add nobody twice. The same rules as classifyAudience (the dry run).
   */
  async snapshot(
    m: EntityManager,
    mailingId: string,
    audience: { sql: string; params: unknown[] },
  ): Promise<SnapshotCounts> {
    const mailingParam = `$${audience.params.length + 1}`;
    const rows: { status: string; n: string }[] = await m.query(
      `WITH audience AS (${audience.sql}),
            firsts AS (
              SELECT DISTINCT ON (${hashableEmailSql('a.email')}) a.contact_id, a.email
                FROM audience a
               ORDER BY ${hashableEmailSql('a.email')}, a.created_at, a.contact_id
            ),
            inserted AS (
              INSERT INTO mailing_recipients (mailing_id, contact_id, email, status)
              SELECT ${mailingParam}, f.contact_id, f.email,
                     CASE WHEN ${isSuppressedSql('f.email')} THEN 'suppressed' ELSE 'pending' END
                FROM firsts f
               ORDER BY f.email
              ON CONFLICT (mailing_id, contact_id) DO NOTHING
              RETURNING status
            )
       SELECT status, count(*) AS n FROM inserted GROUP BY status`,
      [...audience.params, mailingId],
    );
    const count = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
    return { pending: count('pending'), suppressed: count('suppressed') };
  }

  /** One row for one contact (a one-off message), `pending` or `suppressed` as the snapshot would put it. */
  async addOne(m: EntityManager, mailingId: string, contactId: string, email: string): Promise<string> {
    const [row]: { id: string }[] = await m.query(
      `INSERT INTO mailing_recipients (mailing_id, contact_id, email, status)
       VALUES ($1, $2, btrim($3), CASE WHEN ${isSuppressedSql('$3')} THEN 'suppressed' ELSE 'pending' END)
       RETURNING id`,
      [mailingId, contactId, email],
    );
    return row.id;
  }

  /** The Message-ID a contact's message of a mailing went out with (a reminder answers in its thread). */
  async messageIdOf(mailingId: string, contactId: string, m?: EntityManager): Promise<string | null> {
    const [row]: { messageId: string | null }[] = await (m ?? this.dataSource.manager).query(
      `SELECT message_id AS "messageId" FROM mailing_recipients WHERE contact_id = $1 AND mailing_id = $2`,
      [contactId, mailingId],
    );
    return row?.messageId ?? null;
  }

  /** Who a mailing's ledger holds, with each row's status (a feature records its invitees from it). */
  async contactsOf(
    m: EntityManager,
    mailingId: string,
  ): Promise<{ contactId: string; status: RecipientStatus }[]> {
    return m.query(
      `SELECT contact_id AS "contactId", status FROM mailing_recipients
        WHERE mailing_id = $1 AND contact_id IS NOT NULL ORDER BY id`,
      [mailingId],
    );
  }

  // ── claim, send, record ───────────────────────────────────────────────────────────────────────────────

  /** The ids of a block that can be sent now, in id order, and the mailing's own rate (none if not sending). */
  async sendableInRange(
    mailingId: string,
    firstId: string,
    lastId: string,
    now: Date,
  ): Promise<{ ids: string[]; rateLimitPerMinute: number | null }> {
    const rows: { id: string; rate_limit_per_minute: number | null }[] = await this.dataSource.query(
      `SELECT r.id, m.rate_limit_per_minute
         FROM mailing_recipients r JOIN mailings m ON m.id = r.mailing_id AND ${MAILING_SENDING}
        WHERE r.mailing_id = $1 AND r.id BETWEEN $2 AND $3
          AND (r.status = 'pending'
               OR (r.status = 'failed_temporary' AND r.next_attempt_at <= $4::timestamptz + interval '1 second'))
        ORDER BY r.id`,
      [mailingId, firstId, lastId, now],
    );
    return { ids: rows.map((r) => r.id), rateLimitPerMinute: rows[0]?.rate_limit_per_minute ?? null };
  }

  /** The conditional claim: the row is ours (and `sending`) only if it was claimable and its mailing sending. */
  async claim(rowId: string, now: Date, worker: string): Promise<ClaimedRow | null> {
    return claimedRow(
      await this.prepared('ledger-claim', `WITH ${CLAIM_CTE(1)} ${CLAIM_SELECT}`, [rowId, now, worker]),
    );
  }

  async recordSent(d: Delivered, now: Date): Promise<void> {
    await this.prepared('ledger-record-sent', `WITH ${RECORD_SENT_CTES} SELECT 1`, [
      d.id,
      d.attempts,
      d.smtpResponse,
      d.messageId,
      now,
    ]);
  }

  /**
   * Deliveries recorded and next rows claimed, in one statement and one commit: each send job's step from one
   * message to the next, for every job of this process that took it meanwhile (LedgerWriteBatcher).
   * Each job still holds at most one claimed row. `claimIds` must not repeat an id: the UPDATE would claim the
   * row once and both askers would read it back as theirs.
   */
  async recordSentAndClaimMany(
    delivered: Delivered[],
    claimIds: string[],
    now: Date,
    worker: string,
  ): Promise<Map<string, ClaimedRow>> {
    const rows = await this.prepared(
      'ledger-record-and-claim-many',
      `WITH ${recordSentCtes('unnest($1::bigint[], $2::int[], $3::text[], $4::text[])', '$5')},
            ${claimCte('r.id = ANY($6::bigint[])', '$5', '$7')}
       ${CLAIM_SELECT}`,
      [
        delivered.map((d) => d.id),
        delivered.map((d) => d.attempts),
        delivered.map((d) => d.smtpResponse),
        delivered.map((d) => d.messageId),
        now,
        claimIds,
        worker,
      ],
    );
    const claimed = new Map<string, ClaimedRow>();
    for (const row of rows) {
      const one = claimedRow([row]);
      if (one) claimed.set(String(one.id), one);
    }
    return claimed;
  }

  /**
   * Writes the outcome of one attempt, only if the row is still that attempt's. A row the maintenance job
   * already called uncertain (its claim too old) may still get its real answer. `pending`, `suppressed` and
   * `withdrawn` (nothing was handed to the transport) give the attempt back.
   */
  async recordAttempt(rowId: string, attempts: number, outcome: AttemptRecord): Promise<void> {
    const giveBack =
      outcome.status === 'pending' || outcome.status === 'suppressed' || outcome.status === 'withdrawn';
    const smtp = 'smtpResponse' in outcome ? outcome.smtpResponse : undefined;
    const nextAttemptAt =
      outcome.status === 'failed_temporary'
        ? outcome.nextAttemptAt
        : outcome.status === 'failed_permanent'
          ? null
          : undefined;
    await this.dataSource.query(
      `UPDATE mailing_recipients
          SET status = $3, last_error = $4, updated_at = now(),
              attempts = CASE WHEN $5 THEN attempts - 1 ELSE attempts END,
              smtp_response = CASE WHEN $6 THEN $7 ELSE smtp_response END,
              next_attempt_at = CASE WHEN $8 THEN $9::timestamptz ELSE next_attempt_at END
        WHERE id = $1 AND attempts = $2 AND status IN ${RECORDABLE_STATUSES}`,
      [
        rowId,
        attempts,
        outcome.status,
        outcome.lastError,
        giveBack,
        smtp !== undefined,
        smtp ?? null,
        nextAttemptAt !== undefined,
        nextAttemptAt ?? null,
      ],
    );
  }

  /** Only asked when a claim found nothing: whether the row's mailing is sending at all. */
  async mailingOfRowIsSending(rowId: string): Promise<boolean> {
    const [row]: { status: MailingStatus }[] = await this.dataSource.query(
      `SELECT m.status FROM mailing_recipients r JOIN mailings m ON m.id = r.mailing_id WHERE r.id = $1`,
      [rowId],
    );
    return row?.status === 'sending';
  }

  // ── what the queue should hold ────────────────────────────────────────────────────────────────────────

  /**
   * One page (by id) of a mailing's rows that can still be sent: pending rows and rows waiting for a retry.
   * Paged so memory stays flat however long the ledger.
   */
  async openRowsPage(
    mailingId: string,
    afterId: string,
    limit: number,
  ): Promise<{ id: string; status: RecipientStatus; attempts: number; nextAttemptAt: Date | null }[]> {
    return this.dataSource.query(
      `SELECT id, status, attempts, next_attempt_at AS "nextAttemptAt" FROM mailing_recipients
        WHERE mailing_id = $1 AND status IN ${CLAIMABLE_STATUSES} AND id > $2
        ORDER BY id LIMIT ${Math.floor(limit)}`,
      [mailingId, afterId],
    );
  }

  /** Over every sending mailing: the blocks with pending rows, and the rows waiting for a retry. */
  async openWork(): Promise<{ blocks: { mailingId: string; firstId: string }[]; retries: RetryRow[] }> {
    const blocks: { mailingId: string; firstId: string }[] = await this.dataSource.query(
      `SELECT r.mailing_id AS "mailingId", ((r.id / ${SEND_BLOCK_SIZE}) * ${SEND_BLOCK_SIZE})::text AS "firstId"
         FROM mailing_recipients r JOIN mailings m ON m.id = r.mailing_id AND ${MAILING_SENDING}
        WHERE r.status = 'pending'
        GROUP BY 1, 2`,
    );
    const retries: (Omit<RetryRow, 'nextAttemptAt'> & { nextAttemptAt: Date | null })[] =
      await this.dataSource.query(
        `SELECT r.id, r.mailing_id AS "mailingId", r.attempts, r.next_attempt_at AS "nextAttemptAt"
           FROM mailing_recipients r JOIN mailings m ON m.id = r.mailing_id AND ${MAILING_SENDING}
          WHERE r.status = 'failed_temporary'`,
      );
    return {
      blocks,
      retries: retries.map((r) => ({ ...r, nextAttemptAt: r.nextAttemptAt ?? new Date(0) })),
    };
  }

  /**
   * Rows claimed before `claimedBefore` and never recorded belong to a worker that died mid-send: the message
   * may or may not have reached the server, so they become `uncertain`. Answers how many.
   */
  async markAbandonedClaimsUncertain(claimedBefore: Date, reason: string): Promise<number> {
    const [rows]: [unknown[], number] = await this.dataSource.query(
      `UPDATE mailing_recipients SET status = 'uncertain', last_error = $2, updated_at = now()
        WHERE status = 'sending' AND claimed_at < $1
      RETURNING id`,
      [claimedBefore, reason],
    );
    return rows.length;
  }

  // ── reads for staff ───────────────────────────────────────────────────────────────────────────────────

  /** One keyset page of a mailing's ledger with today's contact names; `after` is the last id seen. */
  async rows(
    mailingId: string,
    options: { status?: RecipientStatus; after: string | null; limit: number },
    m?: EntityManager,
  ): Promise<LedgerRowView[]> {
    return this.rowQuery(m ?? this.dataSource.manager, mailingId, options, false) as Promise<LedgerRowView[]>;
  }

  /** How many rows a mailing has in the ledger (of one status): exact up to the paging threshold, else estimated. */
  countRows(mailingId: string, status?: RecipientStatus): Promise<PageTotal> {
    return status
      ? pageTotal(this.dataSource, `SELECT 1 FROM mailing_recipients WHERE mailing_id = $1 AND status = $2`, [
          mailingId,
          status,
        ])
      : pageTotal(this.dataSource, `SELECT 1 FROM mailing_recipients WHERE mailing_id = $1`, [mailingId]);
  }

  /** The uncertain rows of a mailing with what is known about each: when and by which worker it was claimed. */
  async uncertainRows(mailingId: string, after: string | null, limit: number): Promise<UncertainRowView[]> {
    return this.rowQuery(
      this.dataSource.manager,
      mailingId,
      { status: 'uncertain', after, limit },
      true,
    ) as Promise<UncertainRowView[]>;
  }

  private async rowQuery(
    m: EntityManager,
    mailingId: string,
    options: { status?: RecipientStatus; after: string | null; limit: number },
    withClaim: boolean,
  ): Promise<(LedgerRowView | UncertainRowView)[]> {
    const params: unknown[] = [mailingId];
    let where = 'r.mailing_id = $1';
    if (options.status) {
      params.push(options.status);
      where += ` AND r.status = $${params.length}`;
    }
    if (options.after !== null) {
      params.push(options.after);
      where += ` AND r.id > $${params.length}`;
    }
    params.push(options.limit);
    const raw: Record<string, unknown>[] = await m.query(
      `SELECT r.id::text AS id, r.contact_id AS "contactId", r.email, r.status, r.attempts,
              r.last_error AS "lastError", r.smtp_response AS "smtpResponse", r.message_id AS "messageId",
              r.sent_at AS "sentAt", r.claimed_at AS "claimedAt", r.claimed_by AS "claimedBy",
              ${DISPLAY.select}
         FROM mailing_recipients r
         ${DISPLAY.joins}
        WHERE ${where}
        ORDER BY r.id
        LIMIT $${params.length}`,
      params,
    );
    return raw.map((row) => {
      const recipient = DISPLAY.take(row);
      const { claimedAt, claimedBy, ...r } = row as unknown as UncertainRowView;
      return {
        ...r,
        sentAt: r.sentAt ? new Date(r.sentAt) : null,
        firstName: recipient?.firstName ?? null,
        lastName: recipient?.lastName ?? null,
        organizationName: recipient?.organizationName ?? null,
        ...(withClaim ? { claimedAt, claimedBy } : {}),
      };
    });
  }

  /** The row a person's view link points at: the mailing's row for the contact, if a message went out. */
  async mailedRow(
    mailingId: string,
    contactId: string,
  ): Promise<{ id: string; email: string; mailing: Mailing } | null> {
    const [row]: { id: string; email: string }[] = await this.dataSource.query(
      `SELECT id::text AS id, email FROM mailing_recipients
        WHERE mailing_id = $1 AND contact_id = $2 AND status IN ('sent', 'uncertain', 'sending')`,
      [mailingId, contactId],
    );
    if (!row) return null;
    const mailing = await this.findMailing(mailingId);
    return mailing ? { ...row, mailing } : null;
  }

  // ── uncertain rows settled by staff ───────────────────────────────────────────────────────────────────

  /**
   * uncertain → sent (staff know it arrived), → failed_permanent (staff know it did not, and it is not to be
   * sent again) or → pending (staff want it sent again, once), only if still uncertain. For a resend, a finished
   * mailing goes back to sending. Answers whether the row was settled and the mailing reopened.
   */
  async resolveUncertain(
    m: EntityManager,
    rowId: string,
    mailingId: string,
    resolution: UncertainResolution,
    by: string | null,
    now: Date,
  ): Promise<{ resolved: boolean; reopened: boolean }> {
    const set: Record<UncertainResolution, string> = {
      marked_sent: `status = 'sent', sent_at = coalesce(claimed_at, $4)`,
      marked_failed: `status = 'failed_permanent', last_error = 'Kom inte fram enligt personalen; skickas inte igen'`,
      resent: `status = 'pending', next_attempt_at = NULL`,
    };
    const [rows]: [unknown[], number] = await m.query(
      `UPDATE mailing_recipients
          SET ${set[resolution]}, resolution = $5, resolved_at = $4, resolved_by = $3, updated_at = now()
        WHERE id = $1 AND mailing_id = $2 AND status = 'uncertain' RETURNING id`,
      [rowId, mailingId, by, now, resolution],
    );
    if (rows.length === 0) return { resolved: false, reopened: false };
    if (resolution !== 'resent') return { resolved: true, reopened: false };
    const [reopened]: [unknown[], number] = await m.query(
      `UPDATE mailings SET status = 'sending', finished_at = NULL, updated_at = now()
        WHERE id = $1 AND status = 'finished' RETURNING id`,
      [mailingId],
    );
    return { resolved: true, reopened: reopened.length > 0 };
  }

  async rowOfMailing(rowId: string, mailingId: string): Promise<{ status: RecipientStatus } | null> {
    if (!/^\d{1,19}$/.test(rowId)) return null;
    const [row]: { status: RecipientStatus }[] = await this.dataSource.query(
      `SELECT status FROM mailing_recipients WHERE id = $1 AND mailing_id = $2`,
      [rowId, mailingId],
    );
    return row ?? null;
  }

  // ── reports ───────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Delivery figures of a group of mailings (a send and its reminders): rows per status for each mailing;
   * `bounced`: distinct addresses of their rows now suppressed as bounced whose row failed permanently or whose
   * suppression names one of the mailings (`mailing:<id>`); `unsubscribed`: suppressions as unsubscribed made
   * through a link in one of them (source `mailing:<id>`).
   */
  async deliveryReport(
    mailingIds: string[],
  ): Promise<{ byMailing: Map<string, StatusCounts>; bounced: number; unsubscribed: number }> {
    const sources = mailingIds.map((id) => `mailing:${id}`);
    const m = this.dataSource.manager;
    const [rows, [bounced], [unsubscribed]]: [
      { mailingId: string; status: RecipientStatus; n: number }[],
      { n: number }[],
      { n: number }[],
    ] = await Promise.all([
      m.query(
        `SELECT mailing_id AS "mailingId", status, count(*)::int AS n FROM mailing_recipients
          WHERE mailing_id = ANY($1::uuid[]) GROUP BY mailing_id, status`,
        [mailingIds],
      ),
      m.query(
        `SELECT count(DISTINCT s.email_hash)::int AS n
           FROM mailing_recipients r JOIN suppressions s ON s.email_hash = email_hash(r.email)
          WHERE r.mailing_id = ANY($1::uuid[]) AND s.reason = 'bounced'
            AND (r.status = 'failed_permanent' OR s.source = ANY($2::text[]))`,
        [mailingIds, sources],
      ),
      m.query(
        `SELECT count(*)::int AS n FROM suppressions WHERE reason = 'unsubscribed' AND source = ANY($1::text[])`,
        [sources],
      ),
    ]);
    const byMailing = new Map<string, StatusCounts>();
    for (const id of mailingIds)
      byMailing.set(id, Object.fromEntries(RECIPIENT_STATUSES.map((s) => [s, 0])) as StatusCounts);
    for (const r of rows) byMailing.get(r.mailingId)![r.status] = r.n;
    return { byMailing, bounced: bounced.n, unsubscribed: unsubscribed.n };
  }

  // ── inbound mail ──────────────────────────────────────────────────────────────────────────────────────

  /** The row a VERP token names. */
  async inboundRow(rowId: string): Promise<InboundLedgerRow | null> {
    const [row]: InboundLedgerRow[] = await this.dataSource.query(`${INBOUND_ROW} WHERE r.id = $1`, [rowId]);
    return row ?? null;
  }

  /** The row whose message went out with one of these Message-IDs (the newest, should several). */
  async inboundRowByMessageId(messageIds: string[]): Promise<InboundLedgerRow | null> {
    if (messageIds.length === 0) return null;
    const [row]: InboundLedgerRow[] = await this.dataSource.query(
      `${INBOUND_ROW} WHERE r.message_id = ANY($1::text[]) ORDER BY r.id DESC LIMIT 1`,
      [messageIds],
    );
    return row ?? null;
  }

  /**
   * Records what came back for a row. A hard bounce or a complaint is not overwritten by a later soft bounce,
   * which says less about the address.
   */
  async markBounce(rowId: string, bounce: RecipientBounce, status: string | null, at: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE mailing_recipients
          SET bounce = $2, bounce_status = $3, bounced_at = $4, updated_at = now()
        WHERE id = $1 AND NOT ($2 = 'soft' AND coalesce(bounce IN ('hard', 'complaint'), false))`,
      [rowId, bounce, status, at],
    );
  }

  /** In how many different mailings messages to this contact (or, without one, this address) soft-bounced. */
  async softBouncedMailings(contactId: string | null, email: string): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      contactId
        ? `SELECT count(DISTINCT mailing_id)::int AS n FROM mailing_recipients WHERE contact_id = $1 AND bounce = 'soft'`
        : `SELECT count(DISTINCT mailing_id)::int AS n FROM mailing_recipients
            WHERE lower(email) = lower($1) AND bounce = 'soft'`,
      [contactId ?? email],
    );
    return n;
  }

  // ── personal data ─────────────────────────────────────────────────────────────────────────────────────

  /** Every ledger row of a contact with its mailing's title and purpose, oldest first (GDPR export). */
  async rowsOfContact(
    m: EntityManager,
    contactId: string,
  ): Promise<
    {
      mailingId: string;
      title: string;
      purpose: MessagePurpose;
      email: string;
      status: RecipientStatus;
      sentAt: Date | null;
    }[]
  > {
    return m.query(
      `SELECT r.mailing_id AS "mailingId", m.title, m.purpose, r.email, r.status, r.sent_at AS "sentAt"
         FROM mailing_recipients r JOIN mailings m ON m.id = r.mailing_id
        WHERE r.contact_id = $1 ORDER BY r.created_at, r.id`,
      [contactId],
    );
  }

  /**
   * A contact's ledger rows for the contact timeline, newest first by when each was sent (unsent: when it was
   * queued), in (time to the millisecond, key) order: the key is the row id zero-padded to 20 digits, so its
   * text order is the number order. With `before`, only the rows after that position in this order (keyset).
   */
  async timelineOfContact(
    contactId: string,
    before: { at: Date; key: string } | null,
    limit: number,
  ): Promise<ContactTimelineMessage[]> {
    return this.dataSource.query(
      `SELECT t.* FROM (
         SELECT lpad(r.id::text, 20, '0') AS key, date_trunc('milliseconds', coalesce(r.sent_at, r.created_at)) AS at,
                r.id::text AS "recipientId", r.mailing_id AS "mailingId", m.title, m.purpose,
                m.scope_type AS "scopeType", m.scope_id AS "scopeId", r.status, r.sent_at AS "sentAt"
           FROM mailing_recipients r JOIN mailings m ON m.id = r.mailing_id
          WHERE r.contact_id = $1
       ) t
        WHERE $2::timestamptz IS NULL OR t.at < $2 OR (t.at = $2 AND t.key < $3 COLLATE "C")
        ORDER BY t.at DESC, t.key COLLATE "C" DESC
        LIMIT $4`,
      [contactId, before?.at ?? null, before?.key ?? '', limit],
    );
  }

  /** How many ledger rows a contact has (the timeline's total). */
  async countOfContact(contactId: string): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM mailing_recipients WHERE contact_id = $1`,
      [contactId],
    );
    return n;
  }

  /** Erasure: the rows keep their shape (who got how many, when) but lose the person. */
  async scrubContact(m: EntityManager, contactId: string): Promise<void> {
    await m.query(
      `UPDATE mailing_recipients SET email = 'raderad', last_error = NULL, smtp_response = NULL
        WHERE contact_id = $1`,
      [contactId],
    );
  }

  /**
   * The statements every message runs (claim, record, or both at once) as named prepared statements on the
   * pool TypeORM uses: parsed and planned once per connection instead of once per message, which was most of
   * their cost in PostgreSQL. The text must be constant per name.
   */
  private async prepared<T extends QueryResultRow = QueryResultRow>(
    name: string,
    text: string,
    values: unknown[],
  ): Promise<T[]> {
    // TypeORM's PostgresDriver keeps its pg Pool as `master`; should that change, plain queries still work.
    const pool = (this.dataSource.driver as unknown as { master?: Pool }).master;
    if (!pool || typeof pool.query !== 'function') return this.dataSource.query(text, values);
    return (await pool.query<T>({ name, text, values })).rows;
  }
}
