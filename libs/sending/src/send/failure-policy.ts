import { suppressionForFailure, SuppressionReason } from '@app/crm';
import type { SendFailure } from '@app/mail';
import { retryDelayMs } from './retry-backoff';

export interface FailurePolicySettings {
  /** SEND_MAX_ATTEMPTS: attempts for temporary failures before giving up. */
  maxAttempts: number;
  /** SEND_RETRY_BASE_MS: the first retry's delay, doubled per attempt. */
  retryBaseMs: number;
}

/** What becomes of a ledger row whose send failed, and what else follows. */
export type FailureDecision = (
  | { status: 'failed_temporary'; nextAttemptAt: Date }
  | { status: 'uncertain' }
  | { status: 'failed_permanent'; suppress: SuppressionReason | null }
) & {
  lastError: string;
  smtpResponse: string | null;
  /**
   * Whether the failure counts towards the mailing's automatic pause: a bounce for one unknown address says
   * nothing about the system, every other failure may.
   */
  countsTowardsPause: boolean;
};

/**
 * The sender's failure policy, with no side effects (the sender records what it decides):
 * - temporary (4xx, no connection) with attempts left → retried after an exponential, jittered delay;
 * - uncertain (the connection died after the message was handed over) → never resent automatically;
 * - permanent (5xx), or temporary with no attempts left → failed for good; if the failure says the address is
 *   dead (the CRM's suppressionForFailure), the address is suppressed too.
 */
export function decideFailure(
  failure: SendFailure,
  attempts: number,
  now: Date,
  settings: FailurePolicySettings,
  random: () => number = Math.random,
): FailureDecision {
  const smtpResponse = failure.smtp.response ?? null;
  if (failure.kind === 'temporary' && attempts < settings.maxAttempts) {
    const delay = retryDelayMs(attempts, settings.retryBaseMs, random);
    return {
      status: 'failed_temporary',
      nextAttemptAt: new Date(now.getTime() + delay),
      lastError: failure.message,
      smtpResponse,
      countsTowardsPause: true,
    };
  }
  if (failure.kind === 'uncertain') {
    return { status: 'uncertain', lastError: failure.message, smtpResponse, countsTowardsPause: true };
  }
  const suppress = suppressionForFailure({
    permanent: failure.kind === 'permanent',
    enhancedCode: failure.smtp.enhancedCode,
    responseCode: failure.smtp.responseCode,
    diagnostic: failure.smtp.response,
  });
  return {
    status: 'failed_permanent',
    suppress,
    lastError:
      failure.kind === 'temporary'
        ? `${failure.message} (gav upp efter ${attempts} försök)`
        : failure.message,
    smtpResponse,
    countsTowardsPause: suppress === null,
  };
}
