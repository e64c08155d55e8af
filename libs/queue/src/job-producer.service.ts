import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { JobName, JobOf, QUEUE_OF_JOB, QueueName } from './job-contract';

const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** The only way domain code enqueues work: type-checked name and payload, queue chosen by the contract. */
@Injectable()
export class JobProducer {
  private readonly logger = new Logger('JobProducer');
  private readonly queues: Record<QueueName, Queue>;
  private lastErrorLoggedAt = 0;

  constructor(
    @InjectQueue(QueueName.Imports) imports: Queue,
    @InjectQueue(QueueName.Sending) sending: Queue,
    @InjectQueue(QueueName.Maintenance) maintenance: Queue,
  ) {
    this.queues = {
      [QueueName.Imports]: imports,
      [QueueName.Sending]: sending,
      [QueueName.Maintenance]: maintenance,
    };
    // Without a listener BullMQ prints every reconnect failure; log them once a minute at most instead.
    for (const queue of Object.values(this.queues)) {
      queue.on('error', (err: Error) => {
        if (Date.now() - this.lastErrorLoggedAt < 60_000) return;
        this.lastErrorLoggedAt = Date.now();
        this.logger.warn(`Redis svarar inte för kön ${queue.name}: ${err.message}`);
      });
    }
  }

  async enqueue<N extends JobName>(name: N, data: JobOf<N>, options: JobsOptions = {}): Promise<string> {
    const job = await this.queues[QUEUE_OF_JOB[name]].add(name, data, { ...DEFAULT_JOB_OPTIONS, ...options });
    return job.id ?? '';
  }

  /**
   * One round trip for many jobs. A `jobId` that already exists in the queue (waiting, delayed, active, or kept
   * after completion) is silently skipped by BullMQ: that is what makes re-enqueueing safe.
   */
  async enqueueBulk<N extends JobName>(
    name: N,
    items: { data: JobOf<N>; jobId?: string; delay?: number }[],
    options: JobsOptions = {},
  ): Promise<void> {
    if (items.length === 0) return;
    await this.queues[QUEUE_OF_JOB[name]].addBulk(
      items.map((i) => ({
        name,
        data: i.data,
        opts: { ...DEFAULT_JOB_OPTIONS, ...options, jobId: i.jobId, delay: i.delay },
      })),
    );
  }

  queue(name: QueueName): Queue {
    return this.queues[name];
  }
}
