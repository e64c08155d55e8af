import { JobName, JobProducer, QueueName } from '@app/queue';
import type { JobsOptions } from 'bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SEND_BLOCK_SIZE, sendBlockJobId, sendBlockOf, sendJobId } from './send-job-ids';

const CHUNK = 1000;
const PAGE = 10_000;

/**
 * Send jobs are only triggers: the claim in PostgreSQL decides who sends. They are removed when done so that
 * the same id can be enqueued again later (after a pause, or by the reconciler); while one waits or runs,
 * BullMQ ignores a second add with its id. BullMQ's own retries cover errors outside a message (database
 * unreachable); a re-run finds the rows already sent and claims nothing.
 */
const SEND_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: true,
};

/** A row waiting for a retry: its own job, delayed until its next attempt. */
export interface RetryRow {
  id: string;
  campaignId: string;
  attempts: number;
  nextAttemptAt: Date;
}

@Injectable()
export class RecipientJobs {
  constructor(
    private readonly jobs: JobProducer,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** One job per row, delayed until its next attempt, with an id naming the attempt. */
  async enqueueRetries(rows: RetryRow[]): Promise<void> {
    const now = Date.now();
    await this.addInChunks(
      rows.map((r) => ({
        data: { campaignId: r.campaignId, firstId: r.id, lastId: r.id },
        jobId: sendJobId(r.id, r.attempts),
        delay: Math.max(0, r.nextAttemptAt.getTime() - now),
      })),
    );
  }

  /**
   * Enqueues everything of one campaign that can still be sent: one job per block of SEND_BLOCK_SIZE ids that
   * has pending rows (deterministic ids, so a block already queued is not doubled), and a retry job per
   * failed_temporary row. Pages by id, so memory stays flat. Returns how many rows the jobs cover.
   */
  async enqueueCampaign(campaignId: string): Promise<number> {
    let after = '0';
    let total = 0;
    for (;;) {
      const rows: { id: string; status: string; attempts: number; next_attempt_at: Date | null }[] =
        await this.dataSource.query(
          `SELECT id, status, attempts, next_attempt_at FROM campaign_recipients
            WHERE campaign_id = $1 AND status IN ('pending', 'failed_temporary') AND id > $2
            ORDER BY id LIMIT ${PAGE}`,
          [campaignId, after],
        );
      if (rows.length === 0) return total;
      const blocks = new Map<string, string>();
      const retries: RetryRow[] = [];
      for (const r of rows) {
        if (r.status === 'pending') {
          const { firstId, lastId } = sendBlockOf(r.id);
          blocks.set(firstId, lastId);
        } else {
          retries.push({
            id: r.id,
            campaignId,
            attempts: r.attempts,
            nextAttemptAt: r.next_attempt_at ?? new Date(),
          });
        }
      }
      await this.addInChunks(
        [...blocks].map(([firstId, lastId]) => ({
          data: { campaignId, firstId, lastId },
          jobId: sendBlockJobId(campaignId, firstId),
        })),
      );
      await this.enqueueRetries(retries);
      total += rows.length;
      after = rows[rows.length - 1].id;
    }
  }

  /**
   * The send jobs the ledger calls for that are not in the queue (waiting, delayed or running): one per block
   * with pending rows and one per row waiting for a retry, over every sending campaign. Compared by job id, so
   * exact however many jobs other campaigns have queued. Enqueues those and answers how many it added.
   */
  async enqueueMissing(): Promise<number> {
    const blocks: { campaign_id: string; first_id: string }[] = await this.dataSource.query(
      `SELECT r.campaign_id, (r.id / ${SEND_BLOCK_SIZE}) * ${SEND_BLOCK_SIZE} AS first_id
         FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id AND c.status = 'sending'
        WHERE r.status = 'pending'
        GROUP BY 1, 2`,
    );
    const retries: { id: string; campaign_id: string; attempts: number; next_attempt_at: Date | null }[] =
      await this.dataSource.query(
        `SELECT r.id, r.campaign_id, r.attempts, r.next_attempt_at
           FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id AND c.status = 'sending'
          WHERE r.status = 'failed_temporary'`,
      );
    if (blocks.length === 0 && retries.length === 0) return 0;
    const queued = new Set(
      await this.jobs
        .queue(QueueName.Sending)
        .getRanges(['waiting', 'delayed', 'active', 'prioritized'], 0, -1),
    );
    const missingBlocks = blocks.filter((b) => !queued.has(sendBlockJobId(b.campaign_id, b.first_id)));
    const missingRetries = retries.filter((r) => !queued.has(sendJobId(r.id, r.attempts)));
    await this.addInChunks(
      missingBlocks.map((b) => ({
        data: { campaignId: b.campaign_id, ...sendBlockOf(b.first_id) },
        jobId: sendBlockJobId(b.campaign_id, b.first_id),
      })),
    );
    await this.enqueueRetries(
      missingRetries.map((r) => ({
        id: r.id,
        campaignId: r.campaign_id,
        attempts: r.attempts,
        nextAttemptAt: r.next_attempt_at ?? new Date(),
      })),
    );
    return missingBlocks.length + missingRetries.length;
  }

  /** addBulk per 1000, a few chunks in flight at once (they pipeline on the one Redis connection). */
  private async addInChunks(
    items: { data: { campaignId: string; firstId: string; lastId: string }; jobId: string; delay?: number }[],
  ): Promise<void> {
    const chunks: Promise<void>[] = [];
    for (let i = 0; i < items.length; i += CHUNK) {
      chunks.push(
        this.jobs.enqueueBulk(JobName.SendCampaignMessages, items.slice(i, i + CHUNK), SEND_JOB_OPTIONS),
      );
    }
    await Promise.all(chunks);
  }
}
