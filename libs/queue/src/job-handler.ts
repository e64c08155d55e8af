import { SetMetadata } from '@nestjs/common';
import { DelayedError, type Job, WaitingError } from 'bullmq';
import { JobName, JobOf } from './job-contract';

export const JOB_HANDLER_METADATA = 'crm:job-handler';

/** What a handler may know about its job, without handing BullMQ types to domain code. */
export interface JobContext {
  attempt: number;
  reportProgress(progress: number | object): Promise<void>;
  /** Aborted when the worker process is stopping: a long job stops at a safe point and calls putBack(). */
  signal: AbortSignal;
  /**
   * Returns the job, unchanged and not counted as an attempt, to the queue for any worker to run again (after
   * `delayMs`, if given), and ends this run: `return context.putBack()`.
   */
  putBack(delayMs?: number): Promise<never>;
}

export interface JobHandler<N extends JobName> {
  handle(data: JobOf<N>, context: JobContext): Promise<unknown>;
}

/** Marks a provider as the handler of one job name; the worker refuses to start if a job name has none. */
export const HandlesJob = (name: JobName): ClassDecorator => SetMetadata(JOB_HANDLER_METADATA, name);

export function jobContextOf(job: Job, token?: string, signal?: AbortSignal): JobContext {
  return {
    attempt: job.attemptsMade + 1,
    reportProgress: (progress) => job.updateProgress(progress),
    signal: signal ?? new AbortController().signal,
    putBack: async (delayMs = 0) => {
      // Then BullMQ's way of saying "moved, do not complete or fail it".
      if (delayMs > 0) {
        await job.moveToDelayed(Date.now() + Math.ceil(delayMs), token);
        throw new DelayedError();
      }
      await job.moveToWait(token);
      throw new WaitingError();
    },
  };
}
