import { SetMetadata } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobName, JobOf } from './job-contract';

export const JOB_HANDLER_METADATA = 'crm:job-handler';

/** Progress reporting for long jobs, without handing BullMQ types to domain code. */
export interface JobContext {
  attempt: number;
  reportProgress(progress: number | object): Promise<void>;
}

export interface JobHandler<N extends JobName> {
  handle(data: JobOf<N>, context: JobContext): Promise<unknown>;
}

/** Marks a provider as the handler of one job name; the worker refuses to start if a job name has none. */
export const HandlesJob = (name: JobName): ClassDecorator => SetMetadata(JOB_HANDLER_METADATA, name);

export function jobContextOf(job: Job): JobContext {
  return {
    attempt: job.attemptsMade + 1,
    reportProgress: (progress) => job.updateProgress(progress),
  };
}
