import { JobName, JobOf, JobProducer, QueueName } from '@app/queue';
import { Injectable } from '@nestjs/common';
import type { JobsOptions } from 'bullmq';
import { LedgerRepository, RetryRow } from '../ledger/ledger.repository';
import { sendBlockJobId, sendBlockOf, sendJobId } from './send-job-ids';

const CHUNK = 1000;

/** How long a one-off's job waits for others to go to Redis with (a message a few ms later costs nothing). */
const ROW_BATCH_MS = 10;
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

type SendJob = { data: JobOf<JobName.SendMessages>; jobId: string; delay?: number };

/** The send jobs the ledger calls for: per block of pending rows, per row waiting for its retry. */
@Injectable()
export class SendJobs {
  constructor(
    private readonly jobs: JobProducer,
    private readonly ledger: LedgerRepository,
  ) {}

  /** One job per row, delayed until its next attempt, with an id naming the attempt. */
  async enqueueRetries(rows: RetryRow[], now: number = Date.now()): Promise<void> {
    await this.addInChunks(
      rows.map((r) => ({
        data: { mailingId: r.mailingId, firstId: r.id, lastId: r.id },
        jobId: sendJobId(r.id, r.attempts),
        delay: Math.max(0, r.nextAttemptAt.getTime() - now),
      })),
    );
  }

  /**
   * The job for one pending row: its block's, so a row already covered by a queued block adds nothing. Rows
   * asked for within ROW_BATCH_MS of each other (fifty people answering at once) go to Redis in one bulk add;
   * each caller's promise settles with it.
   */
  enqueueRow(mailingId: string, recipientId: string): Promise<void> {
    const { firstId, lastId } = sendBlockOf(recipientId);
    return new Promise((resolve, reject) => {
      this.pendingRows.push({
        job: { data: { mailingId, firstId, lastId }, jobId: sendBlockJobId(mailingId, firstId) },
        settle: (err) => (err ? reject(err) : resolve()),
      });
      if (this.pendingRows.length === 1) setTimeout(() => void this.flushRows(), ROW_BATCH_MS);
    });
  }

  private pendingRows: { job: SendJob; settle: (err?: unknown) => void }[] = [];

  private async flushRows(): Promise<void> {
    const batch = this.pendingRows;
    this.pendingRows = [];
    const jobs = new Map(batch.map((b) => [b.job.jobId, b.job]));
    try {
      await this.addInChunks([...jobs.values()]);
      for (const b of batch) b.settle();
    } catch (err) {
      for (const b of batch) b.settle(err ?? new Error('enqueue failed'));
    }
  }

  /**
   * Enqueues everything of one mailing that can still be sent: one job per block of SEND_BLOCK_SIZE ids that
   * has pending rows (deterministic ids, so a block already queued is not doubled), and a retry job per
   * failed_temporary row. Pages by id, so memory stays flat. Returns how many rows the jobs cover.
   */
  async enqueueMailing(mailingId: string): Promise<number> {
    let after = '0';
    let total = 0;
    for (;;) {
      const rows = await this.ledger.openRowsPage(mailingId, after, PAGE);
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
            mailingId,
            attempts: r.attempts,
            nextAttemptAt: r.nextAttemptAt ?? new Date(0),
          });
        }
      }
      await this.addInChunks(
        [...blocks].map(([firstId, lastId]) => ({
          data: { mailingId, firstId, lastId },
          jobId: sendBlockJobId(mailingId, firstId),
        })),
      );
      await this.enqueueRetries(retries);
      total += rows.length;
      after = rows[rows.length - 1].id;
    }
  }

  /**
   * The send jobs the ledger calls for that are not in the queue (waiting, delayed or running): one per block
   * with pending rows and one per row waiting for a retry, over every sending mailing. Compared by job id, so
   * exact however many jobs other mailings have queued. Enqueues those and answers how many it added.
   */
  async enqueueMissing(): Promise<number> {
    const { blocks, retries } = await this.ledger.openWork();
    if (blocks.length === 0 && retries.length === 0) return 0;
    const queued = new Set(
      await this.jobs
        .queue(QueueName.Sending)
        .getRanges(['waiting', 'delayed', 'active', 'prioritized'], 0, -1),
    );
    const missingBlocks = blocks.filter((b) => !queued.has(sendBlockJobId(b.mailingId, b.firstId)));
    const missingRetries = retries.filter((r) => !queued.has(sendJobId(r.id, r.attempts)));
    await this.addInChunks(
      missingBlocks.map((b) => ({
        data: { mailingId: b.mailingId, ...sendBlockOf(b.firstId) },
        jobId: sendBlockJobId(b.mailingId, b.firstId),
      })),
    );
    await this.enqueueRetries(missingRetries);
    return missingBlocks.length + missingRetries.length;
  }

  /** addBulk per 1000, a few chunks in flight at once (they pipeline on the one Redis connection). */
  private async addInChunks(items: SendJob[]): Promise<void> {
    const chunks: Promise<void>[] = [];
    for (let i = 0; i < items.length; i += CHUNK) {
      chunks.push(this.jobs.enqueueBulk(JobName.SendMessages, items.slice(i, i + CHUNK), SEND_JOB_OPTIONS));
    }
    await Promise.all(chunks);
  }
}
