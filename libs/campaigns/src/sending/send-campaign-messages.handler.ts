import { HandlesJob, JobContext, JobHandler, JobName, JobOf } from '@app/queue';
import { Injectable } from '@nestjs/common';
import { CampaignMessageSender, RangeReport } from './campaign-message-sender.service';

/**
 * A block of ledger rows (or one row's retry): sent one after the other. Put back in the queue if the worker
 * stops, or delayed if the campaign's pace has no slot for a while.
 */
@Injectable()
@HandlesJob(JobName.SendCampaignMessages)
export class SendCampaignMessagesHandler implements JobHandler<JobName.SendCampaignMessages> {
  constructor(private readonly sender: CampaignMessageSender) {}

  async handle(range: JobOf<JobName.SendCampaignMessages>, context: JobContext): Promise<RangeReport> {
    const report = await this.sender.sendRange(range, context.signal);
    // The rows not reached are still pending: the same job, back in the queue, sends them.
    if (report.interrupted) return context.putBack();
    if (report.deferredMs !== undefined) return context.putBack(report.deferredMs);
    return report;
  }
}
