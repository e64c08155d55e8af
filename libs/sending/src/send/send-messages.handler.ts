import { HandlesJob, JobContext, JobHandler, JobName, JobOf } from '@app/queue';
import { Injectable } from '@nestjs/common';
import { MessageSender, RangeReport } from './message-sender.service';

/**
 * A block of ledger rows (or one row's retry): sent one after the other. Put back in the queue if the worker
 * stops, or delayed if the mailing's pace has no slot for a while.
 */
@Injectable()
@HandlesJob(JobName.SendMessages)
export class SendMessagesHandler implements JobHandler<JobName.SendMessages> {
  constructor(private readonly sender: MessageSender) {}

  async handle(range: JobOf<JobName.SendMessages>, context: JobContext): Promise<RangeReport> {
    const report = await this.sender.sendRange(range, context.signal);
    // The rows not reached are still pending: the same job, back in the queue, sends them.
    if (report.interrupted) return context.putBack();
    if (report.deferredMs !== undefined) return context.putBack(report.deferredMs);
    return report;
  }
}
