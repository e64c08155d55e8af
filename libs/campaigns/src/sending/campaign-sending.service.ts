import { AuditActor, AuditService } from '@app/audit';
import { AppException, Clock } from '@app/common';
import { AudienceService } from '@app/crm';
import { TemplatesService } from '@app/mail';
import { LedgerRepository, MailingLifecycle, StatusCounts } from '@app/sending';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { audienceOf } from '../campaign-audience';
import { Campaign, CampaignStatus } from '../campaign.entity';

export interface CampaignProgress {
  status: CampaignStatus;
  counts: StatusCounts;
  total: number;
}

export const CAMPAIGN_STATUS_SV: Record<CampaignStatus, string> = {
  draft: 'utkast',
  scheduled: 'schemalagt',
  sending: 'skickas',
  paused: 'pausat',
  sent: 'skickat',
  cancelled: 'avbrutet',
};

/** The scope type of a campaign's mailing; its mailing has the campaign's own id. */
export const CAMPAIGN_SCOPE = 'campaign';

/**
 * Starting, pausing, resuming and cancelling a campaign: the campaign's rules and record here, the sending
 * itself in the engine (MailingLifecycle), in the same transaction. Every change happens under a row lock on
 * the campaign (SELECT … FOR UPDATE), so two staff pressing "send" at once produce one snapshot: the second
 * call waits for the first, then finds the campaign already sending and returns its progress.
 */
@Injectable()
export class CampaignSendingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audiences: AudienceService,
    private readonly templates: TemplatesService,
    private readonly lifecycle: MailingLifecycle,
    private readonly ledger: LedgerRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * draft/scheduled → sending: pins the template version (the one chosen on the campaign, else the template's
   * current one), opens the campaign's mailing with the audience snapshotted into its ledger, then (after
   * commit) enqueues it. If the process dies between commit and enqueue, the reconciler enqueues.
   */
  async start(campaignId: string, actor: AuditActor): Promise<CampaignProgress> {
    const started = await this.dataSource.transaction(async (m) => {
      const campaign = await this.lock(m, campaignId);
      if (campaign.status === 'sending' || campaign.status === 'sent') return false;
      if (campaign.status !== 'draft' && campaign.status !== 'scheduled') {
        throw AppException.conflict(
          `Kampanjen är ${CAMPAIGN_STATUS_SV[campaign.status]} och kan inte startas${campaign.status === 'paused' ? '; återuppta den i stället' : ''}`,
          { status: campaign.status },
        );
      }
      const template = await this.templates.findTemplate(campaign.templateId, m);
      const versionId = campaign.templateVersionId ?? template?.currentVersionId ?? null;
      if (!versionId) throw AppException.conflict('Kampanjens mall har ingen sparad version att skicka');
      const { counts } = await this.lifecycle.start(
        m,
        {
          id: campaign.id,
          purpose: 'newsletter',
          scope: { type: CAMPAIGN_SCOPE, id: campaign.id },
          title: campaign.name,
          templateVersionId: versionId,
          subject: campaign.subject,
          fromName: campaign.fromName,
          fromAddress: campaign.fromAddress,
          replyTo: campaign.replyTo,
          rateLimitPerMinute: campaign.rateLimitPerMinute,
        },
        (mm) => this.audiences.queryFor(audienceOf(campaign.audience), mm),
      );
      await m
        .getRepository(Campaign)
        .update(
          { id: campaignId },
          { status: 'sending', templateVersionId: versionId, startedAt: this.clock.now(), pauseReason: null },
        );
      await this.audit.record(
        {
          action: 'campaign.started',
          actor,
          targetType: 'campaign',
          targetId: campaignId,
          details: {
            templateVersionId: versionId,
            recipients: counts.pending,
            suppressed: counts.suppressed,
          },
        },
        m,
      );
      return true;
    });
    if (started) await this.lifecycle.enqueue(campaignId);
    return this.progress(campaignId);
  }

  /** sending → paused. Messages already handed to a worker finish; no new row can be claimed. */
  async pause(campaignId: string, actor: AuditActor, reason?: string): Promise<CampaignProgress> {
    await this.dataSource.transaction(async (m) => {
      const campaign = await this.lock(m, campaignId);
      if (campaign.status === 'paused') return;
      this.assertStatus(campaign, 'sending', 'pausas');
      const why = reason?.trim() || 'Pausad av personal';
      await this.lifecycle.pause(m, campaignId, why);
      await m.getRepository(Campaign).update({ id: campaignId }, { status: 'paused', pauseReason: why });
      await this.audit.record(
        {
          action: 'campaign.paused',
          actor,
          targetType: 'campaign',
          targetId: campaignId,
          details: { reason: why },
        },
        m,
      );
    });
    return this.progress(campaignId);
  }

  /** paused → sending, and every pending or failed_temporary row is enqueued again (deterministic job ids). */
  async resume(campaignId: string, actor: AuditActor): Promise<CampaignProgress> {
    await this.dataSource.transaction(async (m) => {
      const campaign = await this.lock(m, campaignId);
      if (campaign.status === 'sending') return;
      this.assertStatus(campaign, 'paused', 'återupptas');
      await this.lifecycle.resume(m, campaignId);
      await m.getRepository(Campaign).update({ id: campaignId }, { status: 'sending', pauseReason: null });
      await this.audit.record(
        { action: 'campaign.resumed', actor, targetType: 'campaign', targetId: campaignId },
        m,
      );
    });
    await this.lifecycle.enqueue(campaignId);
    return this.progress(campaignId);
  }

  /**
   * → cancelled. Rows not yet sent stay `pending` (or failed_temporary) for the record: the ledger shows who
   * never got the campaign; their jobs find nothing to claim. A sent campaign cannot be cancelled.
   */
  async cancel(campaignId: string, actor: AuditActor): Promise<CampaignProgress> {
    await this.dataSource.transaction(async (m) => {
      const campaign = await this.lock(m, campaignId);
      if (campaign.status === 'cancelled') return;
      if (campaign.status === 'sent') {
        throw AppException.conflict('Kampanjen är redan skickad och kan inte avbrytas', {
          status: campaign.status,
        });
      }
      if (campaign.status === 'sending' || campaign.status === 'paused')
        await this.lifecycle.cancel(m, campaignId);
      await m
        .getRepository(Campaign)
        .update({ id: campaignId }, { status: 'cancelled', finishedAt: this.clock.now() });
      await this.audit.record(
        {
          action: 'campaign.cancelled',
          actor,
          targetType: 'campaign',
          targetId: campaignId,
          details: { previousStatus: campaign.status },
        },
        m,
      );
    });
    return this.progress(campaignId);
  }

  /** The campaign's status as staff see it, and its ledger's counts per recipient status. */
  async progress(campaignId: string): Promise<CampaignProgress> {
    const campaign = await this.dataSource
      .getRepository(Campaign)
      .findOne({ where: { id: campaignId }, select: { id: true, status: true, startedAt: true } });
    if (!campaign) throw AppException.notFound('Kampanjen', campaignId);
    if (campaign.startedAt === null) {
      return { status: campaign.status, counts: this.lifecycle.emptyCounts(), total: 0 };
    }
    const { counts, total } = await this.lifecycle.progress(campaignId);
    return { status: campaign.status, counts, total };
  }

  /**
   * The progress of several campaigns at once (a page of the list): one query for all their ledgers. A campaign
   * that never started has no ledger and counts zero, as in `progress`.
   */
  async progressOfMany(
    campaigns: { id: string; status: CampaignStatus; startedAt: string | Date | null }[],
  ): Promise<Map<string, CampaignProgress>> {
    const started = campaigns.filter((c) => c.startedAt !== null).map((c) => c.id);
    const counts = await this.ledger.countsByMailing(started);
    const out = new Map<string, CampaignProgress>();
    for (const c of campaigns) {
      const own = counts.get(c.id) ?? this.lifecycle.emptyCounts();
      out.set(c.id, { status: c.status, counts: own, total: Object.values(own).reduce((a, b) => a + b, 0) });
    }
    return out;
  }

  private async lock(m: EntityManager, campaignId: string): Promise<Campaign> {
    const campaign = await m
      .getRepository(Campaign)
      .createQueryBuilder('c')
      .where('c.id = :id', { id: campaignId })
      .setLock('pessimistic_write')
      .getOne();
    if (!campaign) throw AppException.notFound('Kampanjen', campaignId);
    return campaign;
  }

  private assertStatus(campaign: Campaign, expected: CampaignStatus, verb: string): void {
    if (campaign.status !== expected) {
      throw AppException.conflict(
        `Kampanjen är ${CAMPAIGN_STATUS_SV[campaign.status]} och kan inte ${verb}`,
        {
          status: campaign.status,
        },
      );
    }
  }
}
