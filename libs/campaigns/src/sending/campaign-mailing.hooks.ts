import { AuditService } from '@app/audit';
import {
  DueSendsSource,
  EngineTransition,
  Mailing,
  MailingHooks,
  RenderExtras,
  RenderSource,
  SendingPorts,
} from '@app/sending';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, LessThanOrEqual } from 'typeorm';
import { Campaign } from '../campaign.entity';
import { CAMPAIGN_SCOPE, CampaignSendingService } from './campaign-sending.service';

/**
 * Campaigns as the first user of the engine's ports: a newsletter needs nothing beyond the recipient and link
 * variables; the campaign's status follows what the engine does by itself (finished, paused after failures,
 * reopened for a resend); scheduled campaigns start when the maintenance job finds them due.
 */
@Injectable()
export class CampaignMailingHooks implements MailingHooks, RenderSource, DueSendsSource, OnModuleInit {
  readonly scopeType = CAMPAIGN_SCOPE;
  readonly purpose = 'newsletter' as const;
  readonly name = 'scheduled-campaigns';
  private readonly logger = new Logger('CampaignSchedule');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ports: SendingPorts,
    private readonly sending: CampaignSendingService,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.ports.registerHooks(this);
    this.ports.registerRenderSource(this);
    this.ports.registerDueSends(this);
  }

  extras(): RenderExtras {
    return {};
  }

  async lockScope(mailing: Mailing, m: EntityManager): Promise<void> {
    await m.query(`SELECT 1 FROM campaigns WHERE id = $1 FOR UPDATE`, [mailing.scopeId]);
  }

  async onTransition(mailing: Mailing, transition: EngineTransition, m: EntityManager): Promise<void> {
    const campaigns = m.getRepository(Campaign);
    const target = { targetType: 'campaign', targetId: mailing.scopeId };
    switch (transition.kind) {
      case 'finished':
        await campaigns.update(
          { id: mailing.scopeId, status: 'sending' },
          { status: 'sent', finishedAt: mailing.finishedAt },
        );
        await this.audit.record({ action: 'campaign.finished', ...target, details: transition.counts }, m);
        return;
      case 'paused':
        await campaigns.update(
          { id: mailing.scopeId, status: 'sending' },
          { status: 'paused', pauseReason: transition.reason },
        );
        await this.audit.record(
          { action: 'campaign.paused', ...target, details: { reason: transition.reason, automatic: true } },
          m,
        );
        return;
      case 'reopened':
        await campaigns.update(
          { id: mailing.scopeId, status: 'sent' },
          { status: 'sending', finishedAt: null },
        );
        await this.audit.record({ action: 'campaign.reopened', ...target }, m);
        return;
    }
  }

  /** Scheduled campaigns whose time has come; `start` locks and re-checks, so a race with staff is harmless. */
  async startDue(now: Date): Promise<string[]> {
    const due = await this.dataSource.getRepository(Campaign).find({
      where: { status: 'scheduled', scheduledAt: LessThanOrEqual(now) },
      order: { scheduledAt: 'ASC' },
      select: { id: true },
    });
    const started: string[] = [];
    for (const { id } of due) {
      try {
        await this.sending.start(id, {});
        started.push(id);
      } catch (err) {
        // Left scheduled: staff see it did not start; the next run tries again.
        this.logger.error(
          { campaignId: id, err: err instanceof Error ? err.message : String(err) },
          'Schemalagd kampanj kunde inte starta',
        );
      }
    }
    return started;
  }
}
