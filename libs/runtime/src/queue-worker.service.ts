import { AppConfig } from '@app/config';
import {
  ALL_QUEUES,
  JOB_HANDLER_METADATA,
  JobHandler,
  JobName,
  QUEUE_CONCURRENCY,
  QUEUE_OF_JOB,
  QueueName,
  jobContextOf,
  REDIS_URL,
  redisConnection,
  REPEATING_JOBS,
} from '@app/queue';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Queue, Worker, WorkerOptions } from 'bullmq';

/**
 * Runs one BullMQ worker per queue and dispatches each job by name to the provider marked @HandlesJob.
 * Refuses to start if any job name in the contract has no handler. Handler errors reach BullMQ, so its
 * retries and backoff apply.
 */
@Injectable()
export class QueueWorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('QueueWorker');
  private readonly workers: Worker[] = [];
  private schedulers: Promise<void> = Promise.resolve();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly config: AppConfig,
    @Inject(REDIS_URL) private readonly redisUrl: string,
  ) {}

  onApplicationBootstrap(): void {
    const handlers = this.collectHandlers();
    for (const queue of ALL_QUEUES) {
      const worker = new Worker(
        queue,
        // Three parameters: BullMQ then hands each job an AbortSignal (see beforeApplicationShutdown).
        async (job, token, signal) => {
          const handler = handlers.get(job.name as JobName);
          if (!handler || QUEUE_OF_JOB[job.name as JobName] !== queue) {
            throw new Error(`Okänt jobb "${job.name}" i kön ${queue}`);
          }
          return handler.handle(job.data, jobContextOf(job, token, signal));
        },
        {
          connection: redisConnection(this.redisUrl),
          prefix: this.config.QUEUE_PREFIX,
          ...this.optionsFor(queue),
        },
      );
      worker.on('failed', (job, err) =>
        this.logger.warn({ queue, job: job?.name, jobId: job?.id, err: err.message }, 'Jobb misslyckades'),
      );
      // A lost Redis fails every reconnect attempt (several a second over all queues): once a minute per queue.
      let lastErrorAt = 0;
      worker.on('error', (err) => {
        if (Date.now() - lastErrorAt < 60_000) return;
        lastErrorAt = Date.now();
        this.logger.error({ queue, err: err.message }, 'Köfel (upprepas högst en gång i minuten)');
      });
      this.workers.push(worker);
    }
    this.logger.log(`Arbetare startad för köerna: ${ALL_QUEUES.join(', ')}`);
    this.schedulers = this.scheduleRepeatingJobs().catch((err: Error) =>
      this.logger.error({ err: err.message }, 'Kunde inte schemalägga återkommande jobb'),
    );
  }

  /**
   * Sending takes its concurrency from the config. Its rate limit is not BullMQ's limiter, which counts jobs:
   * a send job carries several messages, so the sender paces each message itself (SharedRateLimiter).
   *
   * A send job whose worker died (kill -9, power cut) still holds its unsent rows until BullMQ sees the job
   * stalled, which takes the lock time plus a check: shorter than BullMQ's 30 s + 30 s here, so the rest of a
   * crashed worker's blocks go out within about 15 s. Running a stalled job again is harmless: each row is
   * claimed before it is sent.
   */
  private optionsFor(
    queue: QueueName,
  ): Pick<WorkerOptions, 'concurrency' | 'lockDuration' | 'stalledInterval' | 'maxStalledCount'> {
    if (queue === QueueName.Sending) {
      return {
        concurrency: this.config.SEND_CONCURRENCY,
        lockDuration: 10_000,
        stalledInterval: 5_000,
        maxStalledCount: 3,
      };
    }
    return { concurrency: QUEUE_CONCURRENCY[queue] };
  }

  /** upsertJobScheduler is idempotent: every worker may call it, Redis keeps one scheduler per job name. */
  private async scheduleRepeatingJobs(): Promise<void> {
    for (const [name, every] of Object.entries(REPEATING_JOBS) as [JobName, number][]) {
      const queue = new Queue(QUEUE_OF_JOB[name], {
        connection: redisConnection(this.redisUrl),
        prefix: this.config.QUEUE_PREFIX,
      });
      try {
        await queue.upsertJobScheduler(
          name,
          { every },
          { name, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
        );
      } finally {
        await queue.close();
      }
    }
  }

  private collectHandlers(): Map<JobName, JobHandler<JobName>> {
    const handlers = new Map<JobName, JobHandler<JobName>>();
    for (const wrapper of this.discovery.getProviders()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const name = Reflect.getMetadata(JOB_HANDLER_METADATA, metatype) as JobName | undefined;
      if (!name) continue;
      if (handlers.has(name)) throw new Error(`Jobbet "${name}" har två hanterare`);
      handlers.set(name, instance as JobHandler<JobName>);
    }
    const missing = Object.values(JobName).filter((n) => !handlers.has(n));
    if (missing.length > 0)
      throw new Error(`Arbetaren startar inte: jobb utan hanterare: ${missing.join(', ')}`);
    return handlers;
  }

  /**
   * Stop taking jobs, tell the running ones (their AbortSignal) and wait for them: a send job finishes the
   * message in flight, records it and puts the rest of its rows back in the queue. Before shutdown rather than
   * on it: every onApplicationShutdown hook (closing the SMTP pool, the database) then runs after the last
   * message in flight has been recorded.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.schedulers;
    await Promise.all(
      this.workers.map((w) => {
        // close() stops fetching at once; cancelling after it means no job can start unsignalled in between.
        const closing = w.close();
        w.cancelAllJobs('Arbetaren stängs');
        return closing;
      }),
    );
  }
}
