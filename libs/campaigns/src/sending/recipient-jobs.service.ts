import { JobName, JobProducer, QueueName } from '@app/queue';
import type { JobsOptions } from 'bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { sendJobId } from './send-job-id';

const CHUNK = 1000;
const PAGE = 10_000;

/**
 * Send jobs are only triggers: the claim in PostgreSQL decides who sends. They are removed when done so that
 * the same id can be enqueued again later (after a pause, or by the reconciler); while one waits or runs,
 * BullMQ ignores a second add with its id. BullMQ's own retries cover errors before the claim (database
 * unreachable); after the claim a re-run finds nothing to do.
 */
const SEND_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: true,
};

export interface SendableRow {
  id: string;
  attempts: number;
  nextAttemptAt: Date | null;
}

@Injectable()
export class RecipientJobs {
  constructor(
    private readonly jobs: JobProducer,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * One job per row with its deterministic id, delayed until the row's next attempt; addBulk per 1000, a few
   * chunks in flight at once (they pipeline on the one Redis connection).
   */
  async enqueue(rows: SendableRow[]): Promise<void> {
    const now = Date.now();
    const chunks: Promise<void>[] = [];
    for (let i = 0; i < rows.length; i += CHUNK) {
      chunks.push(
        this.jobs.enqueueBulk(
          JobName.SendCampaignMessage,
          rows.slice(i, i + CHUNK).map((r) => ({
            data: { recipientId: r.id },
            jobId: sendJobId(r.id, r.attempts),
            delay: r.nextAttemptAt ? Math.max(0, r.nextAttemptAt.getTime() - now) : undefined,
          })),
          SEND_JOB_OPTIONS,
        ),
      );
    }
    await Promise.all(chunks);
  }

  /**
   * Enqueues every pending and failed_temporary row of one campaign, paging by id so memory stays flat. A
   * campaign with its own rate_limit_per_minute gets its jobs spread out in time (row i not before
   * i · 60 s / rate from now); the transport-wide SEND_RATE_PER_MINUTE applies on top.
   */
  async enqueueCampaign(campaignId: string): Promise<number> {
    const [campaign]: { rate_limit_per_minute: number | null }[] = await this.dataSource.query(
      `SELECT rate_limit_per_minute FROM campaigns WHERE id = $1`,
      [campaignId],
    );
    const spacingMs = campaign?.rate_limit_per_minute ? 60_000 / campaign.rate_limit_per_minute : 0;
    const start = Date.now();
    let after = '0';
    let total = 0;
    for (;;) {
      const rows: { id: string; attempts: number; next_attempt_at: Date | null }[] =
        await this.dataSource.query(
          `SELECT id, attempts, next_attempt_at FROM campaign_recipients
          WHERE campaign_id = $1 AND status IN ('pending', 'failed_temporary') AND id > $2
          ORDER BY id LIMIT ${PAGE}`,
          [campaignId, after],
        );
      if (rows.length === 0) return total;
      await this.enqueue(
        rows.map((r, i) => {
          const paced = spacingMs ? new Date(start + Math.round((total + i) * spacingMs)) : null;
          const nextAttemptAt =
            paced && (!r.next_attempt_at || r.next_attempt_at < paced) ? paced : r.next_attempt_at;
          return { id: r.id, attempts: r.attempts, nextAttemptAt };
        }),
      );
      total += rows.length;
      after = rows[rows.length - 1].id;
    }
  }

  /** Jobs waiting, delayed or running in the sending queue: the reconciler compares this with the ledger. */
  async queuedSendJobs(): Promise<number> {
    const counts = await this.jobs
      .queue(QueueName.Sending)
      .getJobCounts('waiting', 'delayed', 'active', 'prioritized');
    return Object.values(counts).reduce((a, b) => a + b, 0);
  }
}
