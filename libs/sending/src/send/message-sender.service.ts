import { AppConfig } from '@app/config';
import { Clock } from '@app/common';
import { SuppressionsService } from '@app/crm';
import { MailTransport, OutgoingMessage, SendFailure, SendResult } from '@app/mail';
import { Rate, SharedRateLimiter, sleep } from '@app/queue';
import { Injectable, Logger } from '@nestjs/common';
import { MessageComposer, RenderError } from '../compose/message-composer';
import { ClaimedRow, Delivered, LedgerRepository } from '../ledger/ledger.repository';
import { MailingLifecycle } from '../lifecycle/mailing-lifecycle.service';
import { SendingPorts } from '../ports/sending-ports';
import { decideFailure, FailurePolicySettings } from './failure-policy';
import { CLAIMING_WORKER, LedgerWriteBatcher } from './ledger-write-batcher';
import { SendJobs } from './send-jobs.service';

/** `nothing`: the row was not sendable (already claimed or done); `not-sending`: its mailing is not sending. */
export type SendOutcome =
  | 'nothing'
  | 'not-sending'
  | 'sent'
  | 'suppressed'
  | 'withdrawn'
  | 'retry'
  | 'failed'
  | 'uncertain'
  | 'not-rendered';

/** What became of a run over a range of ledger rows. */
export interface RangeReport {
  /** Per outcome, how many rows. */
  outcomes: Partial<Record<SendOutcome, number>>;
  /** True if the worker is stopping and rows of the range were left for another run. */
  interrupted: boolean;
  /** Set if a rate's next slot was too far off: the rest of the range should be tried again in this many ms. */
  deferredMs?: number;
}

/** A range of one mailing's ledger rows, as a send job carries it. */
export interface SendRange {
  mailingId: string;
  firstId: string;
  lastId: string;
}

/**
 * The longest a send job waits in its worker for a rate's slot. A slot further off puts the job back in the
 * queue, delayed until then, so a slowly paced mailing never holds every worker while others wait to send.
 */
export const MAX_RATE_WAIT_MS = 2000;

/** One message's outcome, and the delivery still to be recorded when it was sent. */
interface Attempt {
  outcome: SendOutcome;
  delivered?: Delivered;
}

/** What pacing decided for the next row. */
type Pace = { go: true } | { go: false; stopped: true } | { go: false; stopped: false; deferredMs: number };

/**
 * Sends ledger rows of any purpose: claim, check suppression and whether the feature still wants the message,
 * render, send, record, one message at a time.
 * The claim is one conditional UPDATE, so whatever sends a row twice (BullMQ's at-least-once delivery, a
 * stalled job, the reconciler, two worker processes) sends at most once: the second run claims nothing. A row
 * is claimed only just before its message is sent, so a crash leaves at most one row per running job in
 * `sending`.
 *
 * Retries are the engine's own, not BullMQ's: a temporary failure records `failed_temporary` with
 * next_attempt_at and enqueues a new delayed job for that row whose id carries the attempt count. The ledger
 * is then always right about what happens next, and the reconciler can restore that job from it alone.
 */
@Injectable()
export class MessageSender {
  private readonly logger = new Logger('MessageSender');
  private readonly worker = CLAIMING_WORKER;
  private readonly policy: FailurePolicySettings;

  constructor(
    private readonly config: AppConfig,
    private readonly ledger: LedgerRepository,
    private readonly composer: MessageComposer,
    private readonly transport: MailTransport,
    private readonly suppressions: SuppressionsService,
    private readonly lifecycle: MailingLifecycle,
    private readonly jobs: SendJobs,
    private readonly rateLimiter: SharedRateLimiter,
    private readonly ports: SendingPorts,
    private readonly clock: Clock,
    private readonly writes: LedgerWriteBatcher,
  ) {
    this.policy = { maxAttempts: config.SEND_MAX_ATTEMPTS, retryBaseMs: config.SEND_RETRY_BASE_MS };
  }

  /**
   * Sends the mailing's sendable rows with ids firstId..lastId in id order, each paced by the transport's rate
   * (SEND_RATE_PER_MINUTE) and the mailing's own. Stops early when the mailing is no longer sending or its
   * template cannot render; when `signal` aborts it stops after the message in flight and says so.
   *
   * A delivery is recorded in the same statement that claims the next row when no rate makes the next row
   * wait, and that statement is shared with the other jobs of this process that take the same step meanwhile
   * (LedgerWriteBatcher): one commit per turn of all jobs instead of one per message. Both happen or neither,
   * so a crash in between still leaves at most this job's one row in `sending`.
   */
  async sendRange(range: SendRange, signal?: AbortSignal): Promise<RangeReport> {
    const { ids, rateLimitPerMinute } = await this.ledger.sendableInRange(
      range.mailingId,
      range.firstId,
      range.lastId,
      this.clock.now(),
    );
    const report: RangeReport = { outcomes: {}, interrupted: false };
    // The mailing's own rate first: a slot of the shared transport rate is taken only once that one has come.
    const rates: Rate[] = [
      { key: `mailing:${range.mailingId}`, perMinute: rateLimitPerMinute ?? 0 },
      { key: 'transport', perMinute: this.config.SEND_RATE_PER_MINUTE },
    ];
    let unrecorded: Delivered | undefined;
    // A delivery is not kept unrecorded while this job waits for a slot.
    const recordNow = async () => {
      if (unrecorded) await this.writes.step(unrecorded, undefined);
      unrecorded = undefined;
    };
    try {
      for (const id of ids) {
        const pace = await this.pace(rates, signal, recordNow);
        if (!pace.go) {
          if (pace.stopped) report.interrupted = true;
          else report.deferredMs = pace.deferredMs;
          break;
        }
        const claimed = await this.writes.step(unrecorded, id);
        unrecorded = undefined;
        const attempt = await this.deliver(claimed, id);
        unrecorded = attempt.delivered;
        report.outcomes[attempt.outcome] = (report.outcomes[attempt.outcome] ?? 0) + 1;
        // Paused, cancelled or a broken template: the other rows wait for a resume, which enqueues them again.
        if (attempt.outcome === 'not-rendered' || attempt.outcome === 'not-sending') break;
      }
    } finally {
      // Also when the loop failed (the database, for a moment): the delivery is worth recording on its own.
      if (unrecorded) await this.ledger.recordSent(unrecorded, this.clock.now());
    }
    if (!report.interrupted && report.deferredMs === undefined && ids.length > 0)
      await this.lifecycle.finishIfDone(range.mailingId);
    return report;
  }

  /**
   * One row on its own, outside a job: claim, check, render, send, record. Jobs use sendRange (a retry is a
   * range of one row); the ledger tests drive single rows through this, in the order they choose.
   */
  async sendOne(recipientId: string): Promise<SendOutcome> {
    const claimed = await this.ledger.claim(recipientId, this.clock.now(), this.worker);
    const attempt = await this.deliver(claimed, recipientId);
    if (attempt.delivered) await this.ledger.recordSent(attempt.delivered, this.clock.now());
    if (claimed) await this.lifecycle.finishIfDone(claimed.mailingId);
    return attempt.outcome;
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
   * After the claim: check, render, send. Failures, suppression, a withdrawal and a template that cannot render
   * are recorded here; a delivery is returned for the caller to record. Whether the mailing is done is the
   * caller's question, asked once it has recorded (sendOne per row, sendRange per block).
   */
  private async deliver(claimed: ClaimedRow | null, recipientId: string): Promise<Attempt> {
    if (claimed === null) {
      return { outcome: (await this.ledger.mailingOfRowIsSending(recipientId)) ? 'nothing' : 'not-sending' };
    }
    const r = claimed;

    let message: OutgoingMessage;
    try {
      // Checked again now, not only at snapshot: someone who unsubscribed mid-mailing gets nothing more.
      if (r.contactId === null || r.suppressed) {
        await this.ledger.recordAttempt(r.id, r.attempts, {
          status: 'suppressed',
          lastError: r.contactId === null ? 'Kontakten är borttagen' : 'Adressen är spärrad (vid utskicket)',
        });
        return { outcome: 'suppressed' };
      }
      // Asked now, as suppression is: the audience was snapshotted when the mailing started, and the person
      // may have answered since. Recorded as suppression is, only if the row is still this claim's; a crash
      // before that leaves the row `sending`, then `uncertain`, like any claimed row.
      // Only purposes that can withdraw are asked: a newsletter's message costs no extra turn of the loop.
      const withdrawn = this.ports.renderSourceFor(r.purpose)?.withdrawal
        ? await this.withdrawal(r, r.contactId)
        : null;
      if (withdrawn !== null) {
        await this.ledger.recordAttempt(r.id, r.attempts, { status: 'withdrawn', lastError: withdrawn });
        return { outcome: 'withdrawn' };
      }
      message = await this.composer.compose(
        {
          id: r.mailingId,
          purpose: r.purpose,
          scope: { type: r.scopeType, id: r.scopeId },
          templateVersionId: r.templateVersionId,
          subject: r.subject,
          fromName: r.fromName,
          fromAddress: r.fromAddress,
          replyTo: r.replyTo,
        },
        { contactId: r.contactId, recipientId: r.id, email: r.email, recipient: r.recipient },
      );
    } catch (err) {
      // Nothing reached the transport, so the row goes back to pending: nobody is skipped.
      const reason = `Brevet kunde inte skapas: ${err instanceof Error ? err.message : String(err)}`;
      await this.ledger.recordAttempt(r.id, r.attempts, { status: 'pending', lastError: reason });
      // Anything else (the database for a moment): BullMQ retries this job, which claims the row again.
      if (!(err instanceof RenderError)) throw err;
      // A template that cannot render fails every recipient alike: stop the mailing and say why.
      await this.lifecycle.pauseAutomatically(r.mailingId, reason);
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
        smtpResponse: result.response,
        messageId: message.messageId,
      },
    };
  }

  /** The purpose's answer to "does this message still apply?": null to send, else why not. */
  private async withdrawal(r: ClaimedRow, contactId: string): Promise<string | null> {
    const source = this.ports.renderSourceFor(r.purpose);
    if (!source?.withdrawal) return null;
    const reason = await source.withdrawal({
      purpose: r.purpose,
      mailingId: r.mailingId,
      scope: { type: r.scopeType, id: r.scopeId },
      contactId,
      recipientId: r.id,
    });
    return reason === null ? null : reason.trim() || 'Brevet gällde inte längre när det var dags att skicka';
  }

  /** Records what the failure policy decides, and does what follows from it. */
  private async recordFailure(r: ClaimedRow, failure: SendFailure): Promise<SendOutcome> {
    const decision = decideFailure(failure, r.attempts, this.clock.now(), this.policy);
    await this.ledger.recordAttempt(r.id, r.attempts, decision);
    if (decision.status === 'failed_temporary') {
      await this.jobs.enqueueRetries(
        [{ id: r.id, mailingId: r.mailingId, attempts: r.attempts, nextAttemptAt: decision.nextAttemptAt }],
        this.clock.now().getTime(),
      );
    } else if (decision.status === 'failed_permanent' && decision.suppress) {
      const code = failure.smtp.enhancedCode ?? String(failure.smtp.responseCode ?? '5xx');
      await this.suppressions.suppress(r.email, decision.suppress, `smtp:${code}`);
    }
    this.logger.warn({ recipientId: r.id, mailingId: r.mailingId, kind: failure.kind, err: failure.message });
    if (decision.countsTowardsPause) await this.countFailure(r.mailingId, failure.message);
    const outcomes = {
      failed_temporary: 'retry',
      uncertain: 'uncertain',
      failed_permanent: 'failed',
    } as const;
    return outcomes[decision.status];
  }

  private async countFailure(mailingId: string, lastError: string): Promise<void> {
    const failures = await this.ledger.countFailure(mailingId);
    if (failures >= this.config.SEND_PAUSE_AFTER_FAILURES) {
      await this.lifecycle.pauseAutomatically(
        mailingId,
        `Pausad automatiskt efter ${failures} misslyckade utskick i rad. Senaste fel: ${lastError}`,
      );
    }
  }
}
