import { AppConfig } from '@app/config';
import { Clock } from '@app/common';
import { HandlesJob, JobHandler, JobName } from '@app/queue';
import { Injectable, Logger } from '@nestjs/common';
import { LedgerRepository } from '../ledger/ledger.repository';
import { MailingLifecycle } from '../lifecycle/mailing-lifecycle.service';
import { SendingPorts } from '../ports/sending-ports';
import { SendJobs } from '../send/send-jobs.service';

export interface MaintenanceReport {
  /** What the features' due sends started (scheduled campaigns …). */
  started: string[];
  markedUncertain: number;
  /** Send jobs added by the reconciler. */
  reenqueued: number;
  /** Mailings found finished. */
  finished: string[];
}

export const ABANDONED_CLAIM_ERROR = 'Arbetaren avbröts under utskicket; okänt om brevet levererades';

/**
 * The engine's periodic work, driven only by the database so it is right after any restart and harmless when
 * two workers run it at once: start what the features say is due, call rows abandoned in `sending` uncertain,
 * give rows that lost their job a job again, and mark mailings with nothing left as finished.
 */
@Injectable()
export class SendingMaintenance {
  private readonly logger = new Logger('SendingMaintenance');

  constructor(
    private readonly config: AppConfig,
    private readonly ledger: LedgerRepository,
    private readonly lifecycle: MailingLifecycle,
    private readonly jobs: SendJobs,
    private readonly ports: SendingPorts,
    private readonly clock: Clock,
  ) {}

  async run(): Promise<MaintenanceReport> {
    const started = await this.startDue();
    const markedUncertain = await this.markAbandonedClaimsUncertain();
    const reenqueued = await this.reconcile();
    const finished = await this.finishDone();
    const report = { started, markedUncertain, reenqueued, finished };
    if (started.length || markedUncertain || reenqueued || finished.length)
      this.logger.log(report, 'Underhåll');
    return report;
  }

  /** Each feature's due sends; one that fails is logged and asked again next run. */
  async startDue(): Promise<string[]> {
    const started: string[] = [];
    for (const source of this.ports.allDueSends()) {
      try {
        started.push(...(await source.startDue(this.clock.now())));
      } catch (err) {
        this.logger.error(
          { source: source.name, err: err instanceof Error ? err.message : String(err) },
          'Schemalagda utskick kunde inte startas',
        );
      }
    }
    return started;
  }

  /**
   * A row claimed longer ago than SEND_CLAIM_TIMEOUT_SECONDS belongs to a worker that died mid-send: the message
   * may or may not have reached the server, so it is never resent automatically, only listed for staff.
   */
  markAbandonedClaimsUncertain(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.config.SEND_CLAIM_TIMEOUT_SECONDS * 1000);
    return this.ledger.markAbandonedClaimsUncertain(before, ABANDONED_CLAIM_ERROR);
  }

  /**
   * Rows that can still be sent but have no job: Redis lost it, the process died between the snapshot's commit
   * and its enqueue, or a resume came while the block's previous job was still running (BullMQ then ignores
   * the new one). Answers how many jobs it added; re-running an existing block only finds nothing to claim.
   */
  reconcile(): Promise<number> {
    return this.jobs.enqueueMissing();
  }

  async finishDone(): Promise<string[]> {
    const finished: string[] = [];
    for (const id of await this.ledger.sendingMailingIds())
      if (await this.lifecycle.finishIfDone(id)) finished.push(id);
    return finished;
  }
}

@Injectable()
@HandlesJob(JobName.SendingMaintenance)
export class SendingMaintenanceHandler implements JobHandler<JobName.SendingMaintenance> {
  constructor(private readonly maintenance: SendingMaintenance) {}

  handle(): Promise<MaintenanceReport> {
    return this.maintenance.run();
  }
}
