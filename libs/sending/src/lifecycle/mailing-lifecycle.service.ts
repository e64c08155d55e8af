import { AppException, Clock } from '@app/common';
import { AudienceService } from '@app/crm';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { LedgerRepository, MailingSpec, SnapshotCounts, StatusCounts } from '../ledger/ledger.repository';
import { Mailing, MailingStatus } from '../ledger/mailing.entity';
import { RECIPIENT_STATUSES, RecipientStatus } from '../ledger/mailing-recipient.entity';
import { AudienceSource, EngineTransition, SendingPorts } from '../ports/sending-ports';
import { SendJobs } from '../send/send-jobs.service';

export interface MailingProgress {
  status: MailingStatus;
  counts: StatusCounts;
  total: number;
}

const STATUS_SV: Record<MailingStatus, string> = {
  sending: 'skickas',
  paused: 'pausat',
  finished: 'skickat',
  cancelled: 'avbrutet',
};

/**
 * The one owner of a mailing's state: started (with its ledger snapshot), paused, resumed, cancelled,
 * finished, paused by itself after a run of failures. Changes staff ask for run inside the feature's own
 * transaction (the feature locks its record, checks its rules, then calls these with its EntityManager);
 * changes the engine makes by itself are told to the feature through its MailingHooks, in the same
 * transaction.
 */
@Injectable()
export class MailingLifecycle {
  private readonly logger = new Logger('MailingLifecycle');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly jobs: SendJobs,
    private readonly ports: SendingPorts,
    private readonly audiences: AudienceService,
    private readonly clock: Clock,
  ) {}

  /**
   * Creates the mailing and snapshots its audience into the ledger, in the caller's transaction. Nothing is
   * queued yet: call `enqueue` after the commit (if the process dies in between, the reconciler enqueues).
   */
  async start(
    m: EntityManager,
    spec: MailingSpec,
    audience: AudienceSource,
  ): Promise<{ mailingId: string; counts: SnapshotCounts }> {
    const mailingId = await this.ledger.createMailing(m, spec, this.clock.now());
    const counts = await this.ledger.snapshot(m, mailingId, this.audiences.snapshotSql(await audience(m)));
    return { mailingId, counts };
  }

  /** Queues what the mailing can still send (deterministic job ids: calling it twice adds nothing twice). */
  enqueue(mailingId: string): Promise<number> {
    return this.jobs.enqueueMailing(mailingId);
  }

  /**
   * A message to one contact (a confirmation, a notice): a mailing of one row, through the same ledger, claim
   * and worker as any other, queued at once. The row is `suppressed` if the address is.
   */
  async sendOne(
    spec: MailingSpec,
    contact: { id: string; email: string },
  ): Promise<{ mailingId: string; recipientId: string; status: RecipientStatus }> {
    const { mailingId, recipientId } = await this.dataSource.transaction((m) =>
      this.addOne(m, spec, contact),
    );
    await this.enqueue(mailingId);
    const counts = await this.ledger.counts(mailingId);
    return { mailingId, recipientId, status: counts.suppressed > 0 ? 'suppressed' : 'pending' };
  }

  /**
   * As sendOne, in the caller's transaction (the message is then part of what the caller records, say an
   * answer and its confirmation, or neither): call `enqueue` after the commit; if the process dies first, the
   * reconciler queues it.
   */
  async addOne(
    m: EntityManager,
    spec: MailingSpec,
    contact: { id: string; email: string },
  ): Promise<{ mailingId: string; recipientId: string }> {
    return this.ledger.createOneOff(m, spec, this.clock.now(), contact);
  }

  /** As addOne for several one-offs at once, in one statement; answered in the order given. */
  async addMany(
    m: EntityManager,
    items: { spec: MailingSpec; contact: { id: string; email: string } }[],
  ): Promise<{ mailingId: string; recipientId: string }[]> {
    return this.ledger.createOneOffs(m, items, this.clock.now());
  }

  /**
   * Queues the one row `addOne` wrote (its block's deterministic job id, as `enqueue` would make it), without
   * reading the ledger again: for callers that answer a person while the message follows.
   */
  enqueueOne(oneOff: { mailingId: string; recipientId: string }): Promise<void> {
    return this.jobs.enqueueRow(oneOff.mailingId, oneOff.recipientId);
  }

  /** sending → paused, in the caller's transaction; claims stop at once, queued jobs find nothing to claim. */
  async pause(m: EntityManager, mailingId: string, reason: string): Promise<void> {
    const mailing = await this.locked(m, mailingId);
    if (mailing.status === 'paused') return;
    this.assertStatus(mailing, ['sending'], 'pausas');
    await this.ledger.setMailingStatus(m, mailingId, 'paused', { pauseReason: reason });
  }

  /** paused → sending, in the caller's transaction; call `enqueue` after the commit. */
  async resume(m: EntityManager, mailingId: string): Promise<void> {
    const mailing = await this.locked(m, mailingId);
    if (mailing.status === 'sending') return;
    this.assertStatus(mailing, ['paused'], 'återupptas');
    await this.ledger.setMailingStatus(m, mailingId, 'sending', { pauseReason: null, resetFailures: true });
  }

  /**
   * → cancelled, in the caller's transaction. Rows not yet sent stay `pending` (or failed_temporary) for the
   * record: the ledger shows who never got the mailing; their jobs find nothing to claim.
   */
  async cancel(m: EntityManager, mailingId: string): Promise<void> {
    const mailing = await this.locked(m, mailingId);
    if (mailing.status === 'cancelled') return;
    this.assertStatus(mailing, ['sending', 'paused'], 'avbrytas');
    await this.ledger.setMailingStatus(m, mailingId, 'cancelled', { finishedAt: this.clock.now() });
  }

  /**
   * sending → finished once nothing is left to send; the feature hears of it. Answers whether it finished.
   * Asked after every block, so the common answer ("rows are still open") costs one index probe and no lock.
   */
  async finishIfDone(mailingId: string): Promise<boolean> {
    if (await this.ledger.hasOpenRows(mailingId)) return false;
    const finished = await this.dataSource.transaction(async (m) => {
      if (!(await this.lockScopeOf(m, mailingId))) return null;
      const mailing = await this.ledger.finishIfDone(m, mailingId, this.clock.now());
      if (!mailing) return null;
      const counts = await this.ledger.counts(mailingId, m);
      await this.tell(mailing, { kind: 'finished', counts }, m);
      return counts;
    });
    if (finished) this.logger.log({ mailingId, counts: finished }, 'Utskicket är klart');
    return finished !== null;
  }

  /** The automatic pause after a run of failures, or a template that cannot render; only if still sending. */
  async pauseAutomatically(mailingId: string, reason: string): Promise<boolean> {
    const paused = await this.dataSource.transaction(async (m) => {
      if (!(await this.lockScopeOf(m, mailingId))) return false;
      const mailing = await this.ledger.pauseIfSending(m, mailingId, reason);
      if (mailing) await this.tell(mailing, { kind: 'paused', reason }, m);
      return mailing !== null;
    });
    if (paused) this.logger.warn({ mailingId, reason }, 'Utskicket pausades automatiskt');
    return paused;
  }

  /**
   * For a change the engine makes by itself: locks the feature's record first (MailingHooks.lockScope), the
   * same order staff changes take. Answers the mailing if it is still sending.
   */
  async lockScopeOf(m: EntityManager, mailingId: string): Promise<Mailing | null> {
    const mailing = await this.ledger.findMailing(mailingId, m);
    if (!mailing) return null;
    await this.ports.hooksFor(mailing.scopeType)?.lockScope(mailing, m);
    return mailing;
  }

  /** Tells the feature that owns the mailing's scope (if it has hooks) what the engine did. */
  async tell(mailing: Mailing, transition: EngineTransition, m: EntityManager): Promise<void> {
    await this.ports.hooksFor(mailing.scopeType)?.onTransition(mailing, transition, m);
  }

  async progress(mailingId: string): Promise<MailingProgress> {
    const mailing = await this.ledger.findMailing(mailingId);
    if (!mailing) throw AppException.notFound('Utskicket', mailingId);
    const counts = await this.ledger.counts(mailingId);
    return { status: mailing.status, counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
  }

  /** Zero for every recipient status: the progress of something not started. */
  emptyCounts(): StatusCounts {
    return Object.fromEntries(RECIPIENT_STATUSES.map((s) => [s, 0])) as StatusCounts;
  }

  private async locked(m: EntityManager, mailingId: string): Promise<Mailing> {
    const mailing = await this.ledger.lockMailing(m, mailingId);
    if (!mailing) throw AppException.notFound('Utskicket', mailingId);
    return mailing;
  }

  private assertStatus(mailing: Mailing, allowed: MailingStatus[], verb: string): void {
    if (!allowed.includes(mailing.status)) {
      throw AppException.conflict(`Utskicket är ${STATUS_SV[mailing.status]} och kan inte ${verb}`, {
        status: mailing.status,
      });
    }
  }
}
