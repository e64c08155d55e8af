/**
 * The one typed job contract (after Immich's JobItem union): queue names, job names and payloads in one place.
 * Payloads carry ids only; handlers load the rest from PostgreSQL, which is the truth.
 */
export enum QueueName {
  Imports = 'imports',
}

export enum JobName {
  ContactImport = 'contact-import',
}

export type JobItem = { name: JobName.ContactImport; data: { importId: string } };

export type JobOf<N extends JobName> = Extract<JobItem, { name: N }>['data'];

export const QUEUE_OF_JOB: Record<JobName, QueueName> = {
  [JobName.ContactImport]: QueueName.Imports,
};

export const ALL_QUEUES: QueueName[] = Object.values(QueueName);

/** How many jobs of each queue one worker process runs at once. */
export const QUEUE_CONCURRENCY: Record<QueueName, number> = {
  [QueueName.Imports]: 1,
};
