/**
 * The one typed job contract (after Immich's JobItem union): queue names, job names and payloads in one place.
 * Payloads carry ids only; handlers load the rest from PostgreSQL, which is the truth.
 */
export enum QueueName {
  Imports = 'imports',
  Sending = 'sending',
  // Apart from sending so the rate limiter and a long backlog of messages never hold it up.
  Maintenance = 'maintenance',
}

export enum JobName {
  ContactImport = 'contact-import',
  SendMessages = 'send-messages',
  SendingMaintenance = 'sending-maintenance',
  /** Re-queues imports whose job was lost, fails those that cannot run, removes old import files and row errors. */
  ImportsMaintenance = 'imports-maintenance',
}

export type JobItem =
  | { name: JobName.ContactImport; data: { importId: string } }
  /**
   * Send the mailing's sendable ledger rows with ids firstId..lastId, one after the other: a block of rows at
   * snapshot, or a single row (firstId = lastId) for a retry or a one-off message.
   */
  | { name: JobName.SendMessages; data: { mailingId: string; firstId: string; lastId: string } }
  | { name: JobName.SendingMaintenance; data: Record<string, never> }
  | { name: JobName.ImportsMaintenance; data: Record<string, never> };

export type JobOf<N extends JobName> = Extract<JobItem, { name: N }>['data'];

export const QUEUE_OF_JOB: Record<JobName, QueueName> = {
  [JobName.ContactImport]: QueueName.Imports,
  [JobName.SendMessages]: QueueName.Sending,
  [JobName.SendingMaintenance]: QueueName.Maintenance,
  // The imports' own queue: it only needs to run now and then, and waiting behind an import does it no harm.
  [JobName.ImportsMaintenance]: QueueName.Imports,
};

export const ALL_QUEUES: QueueName[] = Object.values(QueueName);

/** How many jobs of each queue one worker process runs at once. */
export const QUEUE_CONCURRENCY: Record<QueueName, number> = {
  [QueueName.Imports]: 1,
  // Default only: the worker takes SEND_CONCURRENCY from the config. A send job handles its messages one at a
  // time, so this is also the number of messages in flight per worker process.
  [QueueName.Sending]: 8,
  [QueueName.Maintenance]: 1,
};

/**
 * Jobs the worker schedules itself (BullMQ job schedulers, one per name however many workers run), with the
 * interval in milliseconds. The handlers are driven by the database, so a missed run is caught up by the next.
 */
export const REPEATING_JOBS: Partial<Record<JobName, number>> = {
  [JobName.SendingMaintenance]: 30_000,
  [JobName.ImportsMaintenance]: 60_000,
};
