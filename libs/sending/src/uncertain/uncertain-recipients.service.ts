import { AuditActor, AuditService } from '@app/audit';
import { AppException, Clock } from '@app/common';
import { MailTransport, OutboxQueryService } from '@app/mail';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MessageComposer } from '../compose/message-composer';
import { LedgerRepository, UncertainRowView } from '../ledger/ledger.repository';
import { UncertainResolution } from '../ledger/mailing-recipient.entity';
import { MailingLifecycle } from '../lifecycle/mailing-lifecycle.service';

/** An uncertain row with what is known about it, for staff to decide. */
export interface UncertainRecipient extends UncertainRowView {
  /** The Message-ID the message carried (or would have): search the relay's log for it. */
  expectedMessageId: string | null;
  /** With the built-in outbox: whether it kept the message (then it was handed over). Null with SMTP. */
  inOutbox: boolean | null;
}

export interface UncertainPage {
  items: UncertainRecipient[];
  nextCursor: string | null;
}

const PAGE_MAX = 500;

/**
 * Rows whose message may or may not have arrived (a worker died mid-send, or the connection dropped after the
 * message was handed over). The engine never resends them by itself; staff settle each one: marked as sent
 * (they know it arrived), or sent once more. Both are audited.
 */
@Injectable()
export class UncertainRecipients {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerRepository,
    private readonly lifecycle: MailingLifecycle,
    private readonly composer: MessageComposer,
    private readonly transport: MailTransport,
    private readonly outbox: OutboxQueryService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(mailingId: string, options: { cursor?: string; limit?: number } = {}): Promise<UncertainPage> {
    await this.mailingOrNotFound(mailingId);
    if (options.cursor !== undefined && !/^\d{1,19}$/.test(options.cursor))
      throw AppException.validation('cursor: ogiltig markör', { field: 'cursor' });
    const limit = Math.min(Math.max(options.limit ?? 50, 1), PAGE_MAX);
    const rows = await this.ledger.uncertainRows(mailingId, options.cursor ?? null, limit + 1);
    const page = rows.slice(0, limit);
    const withOutbox = this.transport.name === 'outbox';
    const items = await Promise.all(
      page.map(async (r) => ({
        ...r,
        expectedMessageId:
          r.messageId ?? (r.contactId ? this.composer.messageIdFor(mailingId, r.contactId) : null),
        inOutbox: withOutbox ? await this.outbox.hasMessageFor(r.id) : null,
      })),
    );
    return { items, nextCursor: rows.length > limit ? page[page.length - 1].id : null };
  }

  /**
   * Settles one uncertain row: `marked_sent` records it as sent; `marked_failed` as not arrived, never to be
   * sent again (a person who has left, say); `resent` puts it back in the queue once (a
   * finished mailing sends again for it, and its feature hears the mailing reopened). Only while the row is
   * uncertain, so two staff deciding at once settle it once.
   */
  async resolve(
    mailingId: string,
    recipientId: string,
    resolution: UncertainResolution,
    actor: AuditActor,
  ): Promise<{
    recipientId: string;
    status: 'sent' | 'failed_permanent' | 'pending';
    resolution: UncertainResolution;
  }> {
    const requeue = await this.dataSource.transaction(async (m) => {
      await this.lifecycle.lockScopeOf(m, mailingId);
      const mailing = await this.ledger.lockMailing(m, mailingId);
      if (!mailing) throw AppException.notFound('Utskicket', mailingId);
      const row = await this.ledger.rowOfMailing(recipientId, mailingId);
      if (!row) throw AppException.notFound('Mottagaren', recipientId);
      if (row.status !== 'uncertain')
        throw AppException.conflict('Mottagaren är inte osäker (längre) och kan inte avgöras', {
          status: row.status,
        });
      if (resolution === 'resent' && mailing.status === 'cancelled')
        throw AppException.conflict('Utskicket är avbrutet: inget skickas igen', { status: mailing.status });
      const done = await this.ledger.resolveUncertain(
        m,
        recipientId,
        mailingId,
        resolution,
        actor.userId ?? null,
        this.clock.now(),
      );
      if (done.reopened) await this.lifecycle.tell(mailing, { kind: 'reopened' }, m);
      await this.audit.record(
        {
          action: 'mailing.uncertain_resolved',
          actor,
          targetType: 'mailing',
          targetId: mailingId,
          details: { recipientId, resolution },
        },
        m,
      );
      return resolution === 'resent';
    });
    if (requeue) await this.lifecycle.enqueue(mailingId);
    const status = requeue ? 'pending' : resolution === 'marked_failed' ? 'failed_permanent' : 'sent';
    return { recipientId, status, resolution };
  }

  private async mailingOrNotFound(mailingId: string): Promise<void> {
    if (!(await this.ledger.findMailing(mailingId))) throw AppException.notFound('Utskicket', mailingId);
  }
}
