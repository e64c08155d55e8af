import { AppConfig } from '@app/config';
import { SuppressionsService } from '@app/crm';
import { MailTransport, OutgoingMessage, SendFailure, SendResult } from '@app/mail';
import { Rate, SharedRateLimiter, sleep } from '@app/queue';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, QueryResultRow } from 'pg';
import { DataSource } from 'typeorm';
import { RECIPIENT_DATA_COLUMNS, RECIPIENT_DATA_JOINS, RecipientRow } from '../recipient-data';
import { SQL_EMAIL_HASH } from './audience-snapshot';
import { CampaignMessageRenderer, RenderError } from './campaign-message-renderer';
import { CampaignSendingService } from './campaign-sending.service';
import { RecipientJobs } from './recipient-jobs.service';
import { retryDelayMs } from './retry-backoff';

/** What the claim returns: the recipient row as claimed plus what the message needs from its campaign. */
interface ClaimedRecipient {
  id: string;
  campaign_id: string;
  contact_id: string | null;
  email: string;
  attempts: number;
  template_version_id: string;
  subject: string | null;
  from_name: string;
  from_address: string;
  reply_to: string | null;
  /** The address is on the suppression list now (checked in the claim statement). */
  suppressed: boolean;
  /** The contact's data for the template, loaded with the claim; null if the contact is gone. */
  recipient: RecipientRow | null;
}

/** The claim's row as PostgreSQL returns it: the recipient's columns flat, `contact_found` saying if any. */
type ClaimRow = Omit<ClaimedRecipient, 'recipient' | 'email'> &
  RecipientRow & { ledger_email: string; contact_found: boolean };

/** A delivered message whose `sent` record has not been written yet (it goes with the next claim). */
interface Delivered {
  id: string;
  attempts: number;
  campaignId: string;
  smtpResponse: string;
  messageId: string;
}

/** One message's outcome, and the delivery still to be recorded when it was sent. */
interface Attempt {
  outcome: SendOutcome;
  delivered?: Delivered;
}

/**
 * The claim as SQL, for the statement parameter `$n` holding the row id: the conditional UPDATE as a CTE named
 * `claimed`, then the SELECT of what the message needs. The one-second slack: a delayed retry job may fire a
 * moment before next_attempt_at by PostgreSQL's clock.
 */
const CLAIM_CTE = (n: number) => `claimed AS (
         UPDATE campaign_recipients r
            SET status = 'sending', claimed_at = now(), attempts = r.attempts + 1, updated_at = now()
           FROM campaigns c
          WHERE r.id = $${n} AND c.id = r.campaign_id AND c.status = 'sending'
            AND r.status IN ('pending', 'failed_temporary')
            AND (r.next_attempt_at IS NULL OR r.next_attempt_at <= now() + interval '1 second')
        RETURNING r.id, r.campaign_id, r.contact_id, r.email, r.attempts, c.template_version_id, c.subject,
                  c.from_name, c.from_address, c.reply_to)`;
const CLAIM_SELECT = `SELECT cl.id, cl.campaign_id, cl.contact_id, cl.email AS ledger_email, cl.attempts,
              cl.template_version_id, cl.subject, cl.from_name, cl.from_address, cl.reply_to,
              EXISTS (SELECT 1 FROM suppressions s WHERE s.email_hash = ${SQL_EMAIL_HASH('cl.email')}) AS suppressed,
              c.id IS NOT NULL AS contact_found, ${RECIPIENT_DATA_COLUMNS}
         FROM claimed cl
         LEFT JOIN contacts c ON c.id = cl.contact_id
         ${RECIPIENT_DATA_JOINS}`;
/** Records a delivery ($1 row, $2 attempt, $3 SMTP answer, $4 Message-ID) and resets the failure run. */
const RECORD_SENT_CTES = `recorded AS (
         UPDATE campaign_recipients
            SET status = 'sent', smtp_response = $3, message_id = $4, sent_at = now(), last_error = NULL,
                next_attempt_at = NULL, updated_at = now()
          WHERE id = $1 AND attempts = $2 AND status IN ('sending', 'uncertain')
         RETURNING campaign_id),
       reset AS (
         UPDATE campaigns SET consecutive_failures = 0
          WHERE id IN (SELECT campaign_id FROM recorded) AND consecutive_failures <> 0)`;

/** `nothing`: the row was not sendable (already claimed or done); `not-sending`: its campaign is not sending. */
export type SendOutcome =
  'nothing' | 'not-sending' | 'sent' | 'suppressed' | 'retry' | 'failed' | 'uncertain' | 'not-rendered';

/** What became of a run over a range of ledger rows. */
export interface RangeReport {
  /** Per outcome, how many rows. */
  outcomes: Partial<Record<SendOutcome, number>>;
  /** True if the worker is stopping and rows of the range were left for another run. */
  interrupted: boolean;
  /** Set if a rate's next slot was too far off: the rest of the range should be tried again in this many ms. */
  deferredMs?: number;
}

/**
 * The longest a send job waits in its worker for a rate's slot. A slot further off puts the job back in the
 * queue, delayed until then, so a slowly paced campaign never holds every worker while others wait to send.
 */
export const MAX_RATE_WAIT_MS = 2000;

/** What pacing decided for the next row. */
type Pace = { go: true } | { go: false; stopped: true } | { go: false; stopped: false; deferredMs: number };

/**
 * Sends campaign messages: claim, check suppression, render, send, record, one message at a time. The claim is
 * one conditional UPDATE, so whatever sends a row twice (BullMQ's at-least-once delivery, a stalled job, the
 * reconciler, two worker processes) sends at most once: the second run claims nothing and moves on. A row is
 * claimed only just before its message is sent, so a crash leaves at most one row per running job in `sending`.
 *
 * Retries are our own, not BullMQ's: a temporary failure records `failed_temporary` with next_attempt_at and
 * enqueues a new delayed job for that row whose id carries the attempt count. The ledger is then always right
 * about what happens next, and the reconciler can restore that job from the ledger alone if Redis loses it.
 */
@Injectable()
export class CampaignMessageSender {
  private readonly logger = new Logger('CampaignMessageSender');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly renderer: CampaignMessageRenderer,
    private readonly transport: MailTransport,
    private readonly suppressions: SuppressionsService,
    private readonly sending: CampaignSendingService,
    private readonly recipientJobs: RecipientJobs,
    private readonly rateLimiter: SharedRateLimiter,
  ) {}

  /**
   * Sends the campaign's sendable rows with ids firstId..lastId in id order, each paced by the transport's
   * rate (SEND_RATE_PER_MINUTE) and the campaign's own. Stops early when the campaign is no longer sending or
   * its template cannot render; when `signal` aborts it stops after the message in flight and says so.
   *
   * A delivery is recorded in the same statement that claims the next row when no rate makes the next row
   * wait: one round trip and one commit per message instead of two. Both happen or neither, so a crash in
   * between still leaves at most this job's one row in `sending`, as before.
   */
  async sendRange(
    range: { campaignId: string; firstId: string; lastId: string },
    signal?: AbortSignal,
  ): Promise<RangeReport> {
    const rows: { id: string; rate_limit_per_minute: number | null }[] = await this.dataSource.query(
      `SELECT r.id, c.rate_limit_per_minute
         FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id AND c.status = 'sending'
        WHERE r.campaign_id = $1 AND r.id BETWEEN $2 AND $3
          AND (r.status = 'pending'
               OR (r.status = 'failed_temporary' AND r.next_attempt_at <= now() + interval '1 second'))
        ORDER BY r.id`,
      [range.campaignId, range.firstId, range.lastId],
    );
    const report: RangeReport = { outcomes: {}, interrupted: false };
    // The campaign's own rate first: a slot of the shared transport rate is taken only once that one has come.
    const rates: Rate[] = [
      { key: `campaign:${range.campaignId}`, perMinute: rows[0]?.rate_limit_per_minute ?? 0 },
      { key: 'transport', perMinute: this.config.SEND_RATE_PER_MINUTE },
    ];
    let unrecorded: Delivered | undefined;
    // A delivery is not kept unrecorded while this job waits for a slot.
    const recordNow = async () => {
      if (unrecorded) await this.recordSent(unrecorded);
      unrecorded = undefined;
    };
    try {
      for (const { id } of rows) {
        const pace = await this.pace(rates, signal, recordNow);
        if (!pace.go) {
          if (pace.stopped) report.interrupted = true;
          else report.deferredMs = pace.deferredMs;
          break;
        }
        const claimed = unrecorded ? await this.recordSentAndClaim(unrecorded, id) : await this.claim(id);
        unrecorded = undefined;
        const attempt = await this.deliver(claimed, id);
        unrecorded = attempt.delivered;
        report.outcomes[attempt.outcome] = (report.outcomes[attempt.outcome] ?? 0) + 1;
        // Paused, cancelled or a broken template: the other rows wait for a resume, which enqueues them again.
        if (attempt.outcome === 'not-rendered' || attempt.outcome === 'not-sending') break;
      }
    } finally {
      // Also when the loop failed (the database, for a moment): the delivery is worth recording on its own.
      if (unrecorded) await this.recordSent(unrecorded);
    }
    if (!report.interrupted && report.deferredMs === undefined && rows.length > 0)
      await this.sending.finishIfDone(range.campaignId);
    return report;
  }

  /** Waits for a slot of each rate in turn, unless the worker stops or a slot is too far off to wait for. */
  private async pace(
    rates: Rate[],
    signal: AbortSignal | undefined,
    beforeWaiting: () => Promise<void>,
  ): Promise<Pace> {
    for (const rate of rates) {
      if (signal?.aborted) return { go: false, stopped: true };
      const slot = await this.rateLimiter.reserve(rate, MAX_RATE_WAIT_MS);
      if (!slot.reserved) return { go: false, stopped: false, deferredMs: slot.waitMs };
      if (slot.waitMs <= 0) continue;
      await beforeWaiting();
      if (!(await sleep(slot.waitMs, signal))) return { go: false, stopped: true };
    }
    return signal?.aborted ? { go: false, stopped: true } : { go: true };
  }

  /**
   * One row on its own, outside a job: claim, check, render, send, record. Jobs use sendRange (a retry is a
   * range of one row); the ledger tests drive single rows through this, in the order they choose.
   */
  async sendOne(recipientId: string): Promise<SendOutcome> {
    const claimed = await this.claim(recipientId);
    const attempt = await this.deliver(claimed, recipientId);
    if (attempt.delivered) await this.recordSent(attempt.delivered);
    if (claimed) await this.sending.finishIfDone(claimed.campaign_id);
    return attempt.outcome;
  }

  /**
   * After the claim: check, render, send. Failures, suppression and a template that cannot render are
   * recorded here; a delivery is returned for the caller to record. Whether the campaign is done is the
   * caller's question, asked once it has recorded (sendOne per row, sendRange per block).
   */
  private async deliver(claimed: ClaimedRecipient | null, recipientId: string): Promise<Attempt> {
    if (claimed === null) {
      return { outcome: (await this.campaignIsSending(recipientId)) ? 'nothing' : 'not-sending' };
    }
    const r = claimed;

    let message: OutgoingMessage;
    try {
      // Checked again now, not only at snapshot: someone who unsubscribed mid-campaign gets nothing more.
      if (r.contact_id === null || r.suppressed) {
        await this.record(r, 'suppressed', {
          attempts: r.attempts - 1,
          last_error:
            r.contact_id === null ? 'Kontakten är borttagen' : 'Adressen är spärrad (vid utskicket)',
        });
        return { outcome: 'suppressed' };
      }
      message = await this.renderer.render(
        {
          campaignId: r.campaign_id,
          templateVersionId: r.template_version_id,
          subject: r.subject,
          fromName: r.from_name,
          fromAddress: r.from_address,
          replyTo: r.reply_to,
          email: r.email,
        },
        r.contact_id,
        r.recipient,
      );
      message.recipientId = r.id; // the outbox keeps which ledger row a stored message belongs to
    } catch (err) {
      // Nothing reached the transport, so the row goes back to pending: nobody is skipped.
      const reason = `Brevet kunde inte skapas: ${err instanceof Error ? err.message : String(err)}`;
      await this.record(r, 'pending', { attempts: r.attempts - 1, last_error: reason });
      // Anything else (the database for a moment): BullMQ retries this job, which claims the row again.
      if (!(err instanceof RenderError)) throw err;
      // A template that cannot render fails every recipient alike: stop the campaign and say why.
      await this.sending.pauseAutomatically(r.campaign_id, reason);
      return { outcome: 'not-rendered' };
    }

    // Only the hand-over to the transport is caught: a failure to record a delivered message must not look
    // like a failed send (that would retry it). It leaves the row in `sending`, which becomes `uncertain`.
    let result: SendResult;
    try {
      result = await this.transport.send(message);
    } catch (err) {
      const failure = err instanceof SendFailure ? err : new SendFailure('temporary', String(err));
      return { outcome: await this.recordFailure(r, failure) };
    }
    return {
      outcome: 'sent',
      delivered: {
        id: r.id,
        attempts: r.attempts,
        campaignId: r.campaign_id,
        smtpResponse: result.response,
        messageId: message.messageId,
      },
    };
  }

  private async recordSent(d: Delivered): Promise<void> {
    await this.prepared('campaign-send-record-sent', `WITH ${RECORD_SENT_CTES} SELECT 1`, [
      d.id,
      d.attempts,
      d.smtpResponse,
      d.messageId,
    ]);
  }

  /**
   * The conditional claim, and in the same statement (one round trip) what the message needs: the suppression
   * check made now (not only at snapshot: someone who unsubscribed mid-campaign gets nothing more) and the
   * contact's data for the template. The SELECT around the UPDATE reads contacts and suppressions as committed
   * when the statement began, as separate queries right after the claim would.
   */
  private async claim(recipientId: string): Promise<ClaimedRecipient | null> {
    return this.claimed(
      await this.prepared<ClaimRow>('campaign-send-claim', `WITH ${CLAIM_CTE(1)} ${CLAIM_SELECT}`, [
        recipientId,
      ]),
    );
  }

  /** The previous row's delivery recorded and the next row claimed, in one statement and one commit. */
  private async recordSentAndClaim(d: Delivered, nextId: string): Promise<ClaimedRecipient | null> {
    return this.claimed(
      await this.prepared<ClaimRow>(
        'campaign-send-record-and-claim',
        `WITH ${RECORD_SENT_CTES}, ${CLAIM_CTE(5)} ${CLAIM_SELECT}`,
        [d.id, d.attempts, d.smtpResponse, d.messageId, nextId],
      ),
    );
  }

  private claimed(rows: ClaimRow[]): ClaimedRecipient | null {
    const row = rows[0];
    if (!row) return null;
    const {
      contactId,
      firstName,
      lastName,
      email,
      title,
      language,
      organizationName,
      organizationShortName,
      regionName,
      contact_found,
      ledger_email,
      ...claimed
    } = row;
    return {
      ...claimed,
      // The ledger's snapshot is where the message goes (the contact's own address may have changed since).
      email: ledger_email,
      recipient: contact_found
        ? {
            contactId,
            firstName,
            lastName,
            email,
            title,
            language,
            organizationName,
            organizationShortName,
            regionName,
          }
        : null,
    };
  }

  /** Only asked when a claim found nothing: whether the row's campaign is sending at all. */
  private async campaignIsSending(recipientId: string): Promise<boolean> {
    const [row]: { status: string }[] = await this.dataSource.query(
      `SELECT c.status FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id WHERE r.id = $1`,
      [recipientId],
    );
    return row?.status === 'sending';
  }

  /**
   * The statements every message runs (claim, record, or both at once) as named prepared statements on the
   * pool TypeORM uses: parsed and planned once per connection instead of once per message, which was most of their cost in
   * PostgreSQL. The text must be constant per name.
   */
  private async prepared<T extends QueryResultRow>(
    name: string,
    text: string,
    values: unknown[],
  ): Promise<T[]> {
    // TypeORM's PostgresDriver keeps its pg Pool as `master`; should that change, plain queries still work.
    const pool = (this.dataSource.driver as unknown as { master?: Pool }).master;
    if (!pool || typeof pool.query !== 'function') return this.dataSource.query(text, values);
    return (await pool.query<T>({ name, text, values })).rows;
  }

  private async recordFailure(r: ClaimedRecipient, failure: SendFailure): Promise<SendOutcome> {
    const smtpResponse = failure.smtp.response ?? null;
    let outcome: SendOutcome;
    if (failure.kind === 'temporary' && r.attempts < this.config.SEND_MAX_ATTEMPTS) {
      const delay = retryDelayMs(r.attempts, this.config.SEND_RETRY_BASE_MS);
      const nextAttemptAt = new Date(Date.now() + delay);
      await this.record(r, 'failed_temporary', {
        last_error: failure.message,
        smtp_response: smtpResponse,
        next_attempt_at: nextAttemptAt,
      });
      await this.recipientJobs.enqueueRetries([
        { id: r.id, campaignId: r.campaign_id, attempts: r.attempts, nextAttemptAt },
      ]);
      outcome = 'retry';
    } else if (failure.kind === 'uncertain') {
      // The server may have the message: never resent automatically, listed for staff.
      await this.record(r, 'uncertain', { last_error: failure.message, smtp_response: smtpResponse });
      outcome = 'uncertain';
    } else {
      const lastError =
        failure.kind === 'temporary'
          ? `${failure.message} (gav upp efter ${r.attempts} försök)`
          : failure.message;
      await this.record(r, 'failed_permanent', {
        last_error: lastError,
        smtp_response: smtpResponse,
        next_attempt_at: null,
      });
      if (failure.noSuchUser) {
        const code = failure.smtp.enhancedCode ?? String(failure.smtp.responseCode ?? '5xx');
        await this.suppressions.suppress(r.email, 'bounced', `smtp:${code}`);
      }
      outcome = 'failed';
    }
    this.logger.warn({
      recipientId: r.id,
      campaignId: r.campaign_id,
      kind: failure.kind,
      err: failure.message,
    });
    // A bounce for one unknown address says nothing about the system; any other failure counts towards the pause.
    if (!failure.noSuchUser) await this.countFailure(r.campaign_id, failure.message);
    return outcome;
  }

  private async countFailure(campaignId: string, lastError: string): Promise<void> {
    const [rows]: [{ consecutive_failures: number }[], number] = await this.dataSource.query(
      `UPDATE campaigns SET consecutive_failures = consecutive_failures + 1 WHERE id = $1
        RETURNING consecutive_failures`,
      [campaignId],
    );
    const failures = rows[0]?.consecutive_failures ?? 0;
    if (failures >= this.config.SEND_PAUSE_AFTER_FAILURES) {
      await this.sending.pauseAutomatically(
        campaignId,
        `Pausad automatiskt efter ${failures} misslyckade utskick i rad. Senaste fel: ${lastError}`,
      );
    }
  }

  /**
   * Writes the outcome of this attempt, only if the row is still ours (same attempt). A row the maintenance job
   * already called uncertain (claim too old) may still get its real answer.
   */
  private async record(
    r: ClaimedRecipient,
    status: string,
    fields: Record<string, string | number | Date | null>,
  ): Promise<void> {
    const sets = ['status = $3', 'updated_at = now()'];
    const values: unknown[] = [r.id, r.attempts, status];
    for (const [column, value] of Object.entries(fields)) {
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    }
    await this.dataSource.query(
      `UPDATE campaign_recipients SET ${sets.join(', ')}
        WHERE id = $1 AND attempts = $2 AND status IN ('sending', 'uncertain')`,
      values,
    );
  }
}
