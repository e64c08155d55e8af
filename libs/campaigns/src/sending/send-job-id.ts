/**
 * The BullMQ job id of "send recipient R after A attempts". Deterministic, so enqueueing the same row twice
 * (start racing the reconciler, resume twice) adds one job; the attempt count makes a retry a new job, because
 * BullMQ ignores an add whose id is still in the queue, including the job that is running the current attempt.
 * BullMQ forbids ':' in custom ids, hence '-'.
 */
export function sendJobId(recipientId: string, attempts: number): string {
  return `send-${recipientId}-${attempts}`;
}
