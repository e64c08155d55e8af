import type { Schemas } from '../api/client';

/** How many of a mailing's recipients are in each status (campaigns, invitations, host requests alike). */
export type RecipientCounts = Schemas['RecipientCountsDto'];

/** Handled rows of a mailing: sent, or settled another way (suppressed, withdrawn, failed for good, uncertain). */
export function doneOf(progress: { counts: RecipientCounts }): number {
  const c = progress.counts;
  return c.sent + c.failed_permanent + c.suppressed + c.withdrawn + c.uncertain;
}

/** Whole percent handled; 100 only when every recipient is (never rounded up to it). */
export function percentDone(progress: { counts: RecipientCounts; total: number }): number {
  if (progress.total <= 0) return 0;
  const done = doneOf(progress);
  return done >= progress.total ? 100 : Math.min(99, Math.floor((100 * done) / progress.total));
}
