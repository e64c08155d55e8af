import { AppConfig } from '@app/config';
import { SuppressionsService } from '@app/crm';
import { MailTransport, OutgoingMessage, SendFailure, SendResult } from '@app/mail';
import { HandlesJob, JobHandler, JobName, JobOf } from '@app/queue';
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

/**
 * After a send, the campaign is checked for being done (finishIfDone, a round trip of its own) unless the
 * record statement still saw at least this many rows waiting to be claimed. Each of those rows' own jobs checks
 * again after its record; for all of them to be claimed, sent and recorded while this one short statement runs
 * is not a real case, and the maintenance job (every 30 s) finishes any campaign left over regardless.
 */
const FINISH_CHECK_BACKLOG = 50;

export type SendOutcome =
  'nothing' | 'sent' | 'suppressed' | 'retry' | 'failed' | 'uncertain' | 'not-rendered';

/**
 * Sends one campaign message: claim, check suppression, render, send, record. The claim is one conditional
 * UPDATE, so whatever runs this job twice (BullMQ's at-least-once delivery, a stalled job, the reconciler, two
 * worker processes) sends at most once: the second run claims nothing and returns.
 *
 * Retries are our own, not BullMQ's: a temporary failure records `failed_temporary` with next_attempt_at and
 * enqueues a new delayed job whose id carries the attempt count. The ledger is then always right about what
 * happens next, and the reconciler can restore that job from the ledger alone if Redis loses it.
 */
@Injectable()
@HandlesJob(JobName.SendCampaignMessage)
export class SendCampaignMessageHandler implements JobHandler<JobName.SendCampaignMessage> {
  private readonly logger = new Logger('SendCampaignMessage');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly renderer: CampaignMessageRenderer,
    private readonly transport: MailTransport,
    private readonly suppressions: SuppressionsService,
    private readonly sending: CampaignSendingService,
    private readonly recipientJobs: RecipientJobs,
  ) {}

  async handle({ recipientId }: JobOf<JobName.SendCampaignMessage>): Promise<SendOutcome> {
    const claimed = await this.claim(recipientId);
    if (!claimed) return 'nothing';
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
        await this.sending.finishIfDone(r.campaign_id);
        return 'suppressed';
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
      return 'not-rendered';
    }

    // Only the hand-over to the transport is caught: a failure to record a delivered message must not look
    // like a failed send (that would retry it). It leaves the row in `sending`, which becomes `uncertain`.
    let result: SendResult;
    try {
      result = await this.transport.send(message);
    } catch (err) {
      return this.recordFailure(
        r,
        err instanceof SendFailure ? err : new SendFailure('temporary', String(err)),
      );
    }
    // Recorded and the failure run reset in one statement (one round trip per message saved), which also says
    // whether plenty of rows are still waiting (see FINISH_CHECK_BACKLOG).
    const [{ backlog }] = await this.prepared<{ backlog: boolean }>(
      'campaign-send-record-sent',
      `WITH recorded AS (
         UPDATE campaign_recipients
            SET status = 'sent', smtp_response = $3, message_id = $4, sent_at = now(), last_error = NULL,
                next_attempt_at = NULL, updated_at = now()
          WHERE id = $1 AND attempts = $2 AND status IN ('sending', 'uncertain')
         RETURNING campaign_id),
       reset AS (
         UPDATE campaigns SET consecutive_failures = 0
          WHERE id IN (SELECT campaign_id FROM recorded) AND consecutive_failures <> 0)
       SELECT EXISTS (SELECT 1 FROM campaign_recipients w
                       WHERE w.campaign_id = $5 AND w.status IN ('pending', 'failed_temporary')
                      OFFSET ${FINISH_CHECK_BACKLOG - 1}) AS backlog`,
      [r.id, r.attempts, result.response, message.messageId, r.campaign_id],
    );
    if (!backlog) await this.sending.finishIfDone(r.campaign_id);
    return 'sent';
  }

  /**
   * The conditional claim, and in the same statement (one round trip) what the message needs: the suppression
   * check made now (not only at snapshot: someone who unsubscribed mid-campaign gets nothing more) and the
   * contact's data for the template. The SELECT around the UPDATE reads contacts and suppressions as committed
   * when the statement began, as separate queries right after the claim would.
   */
  private async claim(recipientId: string): Promise<ClaimedRecipient | null> {
    // The one-second slack: a delayed job may fire a moment before next_attempt_at by PostgreSQL's clock.
    const rows = await this.prepared<ClaimRow>(
      'campaign-send-claim',
      `WITH claimed AS (
         UPDATE campaign_recipients r
            SET status = 'sending', claimed_at = now(), attempts = r.attempts + 1, updated_at = now()
           FROM campaigns c
          WHERE r.id = $1 AND c.id = r.campaign_id AND c.status = 'sending'
            AND r.status IN ('pending', 'failed_temporary')
            AND (r.next_attempt_at IS NULL OR r.next_attempt_at <= now() + interval '1 second')
        RETURNING r.id, r.campaign_id, r.contact_id, r.email, r.attempts, c.template_version_id, c.subject,
                  c.from_name, c.from_address, c.reply_to)
       SELECT cl.id, cl.campaign_id, cl.contact_id, cl.email AS ledger_email, cl.attempts, cl.template_version_id,
              cl.subject, cl.from_name, cl.from_address, cl.reply_to,
              EXISTS (SELECT 1 FROM suppressions s WHERE s.email_hash = ${SQL_EMAIL_HASH('cl.email')}) AS suppressed,
              c.id IS NOT NULL AS contact_found, ${RECIPIENT_DATA_COLUMNS}
         FROM claimed cl
         LEFT JOIN contacts c ON c.id = cl.contact_id
         ${RECIPIENT_DATA_JOINS}`,
      [recipientId],
    );
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

  /**
   * The two statements every message runs (claim, record) as named prepared statements on the pool TypeORM
   * uses: parsed and planned once per connection instead of once per message, which was most of their cost in
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
      await this.recipientJobs.enqueue([{ id: r.id, attempts: r.attempts, nextAttemptAt }]);
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
    if (outcome !== 'retry') await this.sending.finishIfDone(r.campaign_id);
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
