import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import IORedis from 'ioredis';
// Relative, not '@app/common': test/support/global-setup.ts loads this lib with plain Node resolution, which
// knows no path aliases.
import { AppException } from '../../common/src';
import { JobName, JobOf, QUEUE_OF_JOB, QueueName } from './job-contract';
import { REDIS_URL } from './redis-connection';

/**
 * How long an enqueue may wait for Redis. BullMQ's connections wait for a lost Redis for ever (they must, for
 * the workers), so without this a frozen or stopped Redis holds an upload or a campaign start for ever.
 */
export const ENQUEUE_TIMEOUT_MS = 2000;

const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * The only way domain code enqueues work: type-checked name and payload, queue chosen by the contract. When
 * Redis does not answer within ENQUEUE_TIMEOUT_MS it throws a 503 AppException (SERVICE_UNAVAILABLE) instead
 * of waiting; a job handed over just before may still be added once Redis is back.
 */
@Injectable()
export class JobProducer implements OnApplicationShutdown {
  private readonly logger = new Logger('JobProducer');
  private readonly queues: Record<QueueName, Queue>;
  private lastErrorLoggedAt = 0;
  private probe?: IORedis;
  private lastAnsweredAt = 0;

  constructor(
    @InjectQueue(QueueName.Imports) imports: Queue,
    @InjectQueue(QueueName.Sending) sending: Queue,
    @InjectQueue(QueueName.Maintenance) maintenance: Queue,
    /** For the PING before a bulk enqueue; without it (a benchmark building this by hand) there is none. */
    @Optional() @Inject(REDIS_URL) private readonly redisUrl?: string,
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
    const job = await this.withinTimeout(
      this.queues[QUEUE_OF_JOB[name]].add(name, data, { ...DEFAULT_JOB_OPTIONS, ...options }),
      name,
    );
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
    // Not a timeout on the add itself: a large audience goes in many chunks pipelined on one connection, and a
    // late chunk legitimately waits behind the others. Instead Redis must answer a PING on a connection of its
    // own first.
    await this.redisAnswers(name);
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

  onApplicationShutdown(): void {
    this.probe?.disconnect();
  }

  private probeConnecting: Promise<void> | undefined;

  private async redisAnswers(name: JobName): Promise<void> {
    if (!this.redisUrl || Date.now() - this.lastAnsweredAt < 1000) return;
    // A connection of its own that fails at once instead of queueing commands until Redis is back.
    this.probe ??= new IORedis(this.redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: ENQUEUE_TIMEOUT_MS,
    }).on('error', () => undefined); // answered by the 503 below; the queues' listener logs the outage
    const probe = this.probe;
    try {
      await this.withinTimeout(
        (async () => {
          // One connect for everyone asking at once (a second connect() on a connecting client throws).
          if (probe.status === 'wait') this.probeConnecting ??= probe.connect();
          if (this.probeConnecting) await this.probeConnecting;
          await probe.ping();
        })(),
        name,
      );
    } catch (err) {
      if (err instanceof AppException) throw err;
      throw this.unavailable(name);
    }
    this.lastAnsweredAt = Date.now();
  }

  private unavailable(name: JobName): AppException {
    return AppException.unavailable(
      'Jobbkön (Redis) svarar inte just nu, så arbetet kunde inte läggas i kö. Försök igen om en stund.',
      { job: name },
    );
  }

  private withinTimeout<T>(work: Promise<T>, name: JobName): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.logger.warn(`Redis svarade inte inom ${ENQUEUE_TIMEOUT_MS} ms: jobbet ${name} kunde inte köas`);
        reject(this.unavailable(name));
      }, ENQUEUE_TIMEOUT_MS);
    });
    work.catch(() => undefined); // a late failure after the timeout has nobody to tell
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }
}
