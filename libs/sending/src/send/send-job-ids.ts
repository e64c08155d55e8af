/**
 * Ledger rows are sent in blocks of this many consecutive ids, one job per block: a job's overhead in Redis is
 * then shared by up to 25 messages, while each message is still claimed on its own just before it is sent.
 */
export const SEND_BLOCK_SIZE = 25;

/** The block a ledger row belongs to: ids firstId..lastId, fixed by the id alone so any process agrees. */
export function sendBlockOf(recipientId: string): { firstId: string; lastId: string } {
  const first = (BigInt(recipientId) / BigInt(SEND_BLOCK_SIZE)) * BigInt(SEND_BLOCK_SIZE);
  return { firstId: String(first), lastId: String(first + BigInt(SEND_BLOCK_SIZE - 1)) };
}

/**
 * The BullMQ job id of a mailing's block. Deterministic, so enqueueing the same block twice (start racing the
 * reconciler, resume twice) adds one job while one waits or runs. BullMQ forbids ':' in custom ids, hence '-'.
 */
export function sendBlockJobId(mailingId: string, firstId: string): string {
  return `block-${mailingId}-${firstId}`;
}

/**
 * The BullMQ job id of "retry recipient R after A attempts": the attempt count makes each retry a new job,
 * because BullMQ ignores an add whose id is still in the queue, including the job running the current attempt.
 */
export function sendJobId(recipientId: string, attempts: number): string {
  return `send-${recipientId}-${attempts}`;
}
