import { AppConfig } from '@app/config';
import { HandlesJob, JobHandler, JobName } from '@app/queue';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CampaignSendingService } from './campaign-sending.service';
import { RecipientJobs } from './recipient-jobs.service';

export interface MaintenanceReport {
  started: string[];
  markedUncertain: number;
  /** Send jobs added by the reconciler. */
  reenqueued: number;
  finished: string[];
}

/**
 * The sending engine's periodic work, driven only by the database so it is right after any restart and
 * harmless when two workers run it at once: start scheduled campaigns that are due, call rows abandoned in
 * `sending` uncertain, give rows that lost their job a job again, and mark campaigns with nothing left as sent.
 */
@Injectable()
export class CampaignMaintenanceService {
  private readonly logger = new Logger('CampaignMaintenance');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly sending: CampaignSendingService,
    private readonly recipientJobs: RecipientJobs,
  ) {}

  async run(): Promise<MaintenanceReport> {
    const started = await this.startDueCampaigns();
    const markedUncertain = await this.markAbandonedClaimsUncertain();
    const reenqueued = await this.reconcile();
    const finished = await this.finishDone();
    const report = { started, markedUncertain, reenqueued, finished };
    if (started.length || markedUncertain || reenqueued || finished.length)
      this.logger.log(report, 'Underhåll');
    return report;
  }

  /** Scheduled campaigns whose time has come; `start` locks and re-checks, so a race with staff is harmless. */
  async startDueCampaigns(): Promise<string[]> {
    const due: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM campaigns WHERE status = 'scheduled' AND scheduled_at <= now() ORDER BY scheduled_at`,
    );
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

  /**
   * A row claimed longer ago than SEND_CLAIM_TIMEOUT_SECONDS belongs to a worker that died mid-send: the message
   * may or may not have reached the server, so it is never resent automatically, only listed for staff.
   */
  async markAbandonedClaimsUncertain(): Promise<number> {
    const [rows]: [{ campaign_id: string }[], number] = await this.dataSource.query(
      `UPDATE campaign_recipients
          SET status = 'uncertain', updated_at = now(),
              last_error = 'Arbetaren avbröts under utskicket; okänt om brevet levererades'
        WHERE status = 'sending' AND claimed_at < now() - make_interval(secs => $1)
      RETURNING campaign_id`,
      [this.config.SEND_CLAIM_TIMEOUT_SECONDS],
    );
    return rows.length;
  }

  /**
   * Rows that can still be sent but have no job: Redis lost it, the process died between the snapshot's commit
   * and its enqueue, or a resume came while the block's previous job was still running (BullMQ then ignores
   * the new one). Answers how many jobs it added; re-running an existing block only finds nothing to claim.
   */
  reconcile(): Promise<number> {
    return this.recipientJobs.enqueueMissing();
  }

  async finishDone(): Promise<string[]> {
    const sending: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM campaigns WHERE status = 'sending'`,
    );
    const finished: string[] = [];
    for (const { id } of sending) if (await this.sending.finishIfDone(id)) finished.push(id);
    return finished;
  }
}

@Injectable()
@HandlesJob(JobName.CampaignMaintenance)
export class CampaignMaintenanceHandler implements JobHandler<JobName.CampaignMaintenance> {
  constructor(private readonly maintenance: CampaignMaintenanceService) {}

  handle(): Promise<MaintenanceReport> {
    return this.maintenance.run();
  }
}
