import { AuditActor, AuditService } from '@app/audit';
import { AppException } from '@app/common';
import { AudienceService } from '@app/crm';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RECIPIENT_STATUSES, RecipientStatus } from '../campaign-recipient.entity';
import { CampaignAudience, CampaignStatus } from '../campaign.entity';
import { audienceQuery, snapshotAudience } from './audience-snapshot';
import { RecipientJobs } from './recipient-jobs.service';

export interface CampaignProgress {
  status: CampaignStatus;
  counts: Record<RecipientStatus, number>;
  total: number;
}

interface LockedCampaign {
  id: string;
  status: CampaignStatus;
  audience: CampaignAudience;
  template_id: string;
  template_version_id: string | null;
}

const STATUS_SV: Record<CampaignStatus, string> = {
  draft: 'utkast',
  scheduled: 'schemalagt',
  sending: 'skickas',
  paused: 'pausat',
  sent: 'skickat',
  cancelled: 'avbrutet',
};

/**
 * Starting, pausing, resuming and cancelling a campaign. Every state change happens under a row lock on the
 * campaign (SELECT … FOR UPDATE), so two staff pressing "send" at once produce one snapshot: the second call
 * waits for the first, then finds the campaign already sending and returns its progress.
 */
@Injectable()
export class CampaignSendingService {
  private readonly logger = new Logger('CampaignSending');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audiences: AudienceService,
    private readonly audit: AuditService,
    private readonly recipientJobs: RecipientJobs,
  ) {}

  /**
   * draft/scheduled → sending: pins the template version (the one chosen on the campaign, else the template's
   * current one), snapshots the audience into the ledger, then (after commit) enqueues one job per pending
   * row. If the process dies between commit and enqueue, the reconciler enqueues them.
   */
  async start(campaignId: string, actor: AuditActor): Promise<CampaignProgress> {
    const started = await this.dataSource.transaction(async (m) => {
      const campaign = await this.lock(m, campaignId);
      if (campaign.status === 'sending' || campaign.status === 'sent') return false;
      if (campaign.status !== 'draft' && campaign.status !== 'scheduled') {
        throw AppException.conflict(
          `Kampanjen är ${STATUS_SV[campaign.status]} och kan inte startas${campaign.status === 'paused' ? '; återuppta den i stället' : ''}`,
          { status: campaign.status },
        );
      }
      const [template]: { current_version_id: string | null }[] = await m.query(
        `SELECT current_version_id FROM templates WHERE id = $1`,
        [campaign.template_id],
      );
      const versionId = campaign.template_version_id ?? template?.current_version_id ?? null;
      if (!versionId) throw AppException.conflict('Kampanjens mall har ingen sparad version att skicka');
      const counts = await snapshotAudience(
        m,
        campaignId,
        await audienceQuery(this.audiences, campaign.audience, m),
      );
      await m.query(
        `UPDATE campaigns SET status = 'sending', template_version_id = $2, started_at = now(), pause_reason = NULL,
                consecutive_failures = 0, updated_at = now()
          WHERE id = $1`,
        [campaignId, versionId],
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
    if (started) await this.recipientJobs.enqueueCampaign(campaignId);
    return this.progress(campaignId);
  }

  /** sending → paused. Messages already handed to a worker finish; no new row can be claimed. */
  async pause(campaignId: string, actor: AuditActor, reason?: string): Promise<CampaignProgress> {
    await this.dataSource.transaction(async (m) => {
      const campaign = await this.lock(m, campaignId);
      if (campaign.status === 'paused') return;
      if (campaign.status !== 'sending') {
        throw AppException.conflict(`Kampanjen är ${STATUS_SV[campaign.status]} och kan inte pausas`, {
          status: campaign.status,
        });
      }
      const why = reason?.trim() || 'Pausad av personal';
      await m.query(
        `UPDATE campaigns SET status = 'paused', pause_reason = $2, updated_at = now() WHERE id = $1`,
        [campaignId, why],
      );
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
      if (campaign.status !== 'paused') {
        throw AppException.conflict(`Kampanjen är ${STATUS_SV[campaign.status]} och kan inte återupptas`, {
          status: campaign.status,
        });
      }
      await m.query(
        `UPDATE campaigns SET status = 'sending', pause_reason = NULL, consecutive_failures = 0, updated_at = now()
          WHERE id = $1`,
        [campaignId],
      );
      await this.audit.record(
        { action: 'campaign.resumed', actor, targetType: 'campaign', targetId: campaignId },
        m,
      );
    });
    await this.recipientJobs.enqueueCampaign(campaignId);
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
      await m.query(
        `UPDATE campaigns SET status = 'cancelled', finished_at = now(), updated_at = now() WHERE id = $1`,
        [campaignId],
      );
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

  async progress(campaignId: string): Promise<CampaignProgress> {
    const [campaign]: { status: CampaignStatus }[] = await this.dataSource.query(
      `SELECT status FROM campaigns WHERE id = $1`,
      [campaignId],
    );
    if (!campaign) throw AppException.notFound('Kampanjen', campaignId);
    const rows: { status: RecipientStatus; n: string }[] = await this.dataSource.query(
      `SELECT status, count(*) AS n FROM campaign_recipients WHERE campaign_id = $1 GROUP BY status`,
      [campaignId],
    );
    const counts = Object.fromEntries(RECIPIENT_STATUSES.map((s) => [s, 0])) as Record<
      RecipientStatus,
      number
    >;
    for (const r of rows) counts[r.status] = Number(r.n);
    return { status: campaign.status, counts, total: rows.reduce((sum, r) => sum + Number(r.n), 0) };
  }

  /**
   * sending → sent once no row can still be sent (none pending, sending or failed_temporary). One statement, so
   * two workers finishing the last two rows at once cannot both miss it. Cheap: index probes on (campaign, status).
   */
  async finishIfDone(campaignId: string): Promise<boolean> {
    const [rows]: [{ id: string }[], number] = await this.dataSource.query(
      `UPDATE campaigns c SET status = 'sent', finished_at = now(), updated_at = now()
        WHERE c.id = $1 AND c.status = 'sending'
          AND NOT EXISTS (SELECT 1 FROM campaign_recipients r
                           WHERE r.campaign_id = c.id AND r.status IN ('pending', 'sending', 'failed_temporary'))
        RETURNING c.id`,
      [campaignId],
    );
    if (rows.length === 0) return false;
    const { counts } = await this.progress(campaignId);
    await this.audit.record({
      action: 'campaign.finished',
      targetType: 'campaign',
      targetId: campaignId,
      details: counts,
    });
    this.logger.log({ campaignId, counts }, 'Kampanjen är skickad');
    return true;
  }

  /** The automatic pause after a run of failures; only if still sending (a person may have paused it already). */
  async pauseAutomatically(campaignId: string, reason: string): Promise<boolean> {
    const [rows]: [{ id: string }[], number] = await this.dataSource.query(
      `UPDATE campaigns SET status = 'paused', pause_reason = $2, updated_at = now()
        WHERE id = $1 AND status = 'sending' RETURNING id`,
      [campaignId, reason],
    );
    if (rows.length === 0) return false;
    await this.audit.record({
      action: 'campaign.paused',
      targetType: 'campaign',
      targetId: campaignId,
      details: { reason, automatic: true },
    });
    this.logger.warn({ campaignId, reason }, 'Kampanjen pausades automatiskt');
    return true;
  }

  private async lock(m: EntityManager, campaignId: string): Promise<LockedCampaign> {
    const [campaign]: LockedCampaign[] = await m.query(
      `SELECT id, status, audience, template_id, template_version_id FROM campaigns WHERE id = $1 FOR UPDATE`,
      [campaignId],
    );
    if (!campaign) throw AppException.notFound('Kampanjen', campaignId);
    return campaign;
  }
}
