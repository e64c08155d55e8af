import type { SuppressionReason } from './suppression.entity';

/**
 * A message that could not be delivered, as the SMTP conversation or a bounce report (RFC 3464) tells it.
 * `permanent`: a 5xx reply or a 5.x.x status; `enhancedCode`: the RFC 3463 status such as 5.1.1.
 */
export interface DeliveryFailure {
  permanent: boolean;
  enhancedCode?: string;
  responseCode?: number;
  /** The server's words, searched for "user unknown" when there is no enhanced code. */
  diagnostic?: string;
}

const UNKNOWN_RECIPIENT = /user unknown|no such user|does not exist/i;

/**
 * The one place that decides whether a failure means "never mail this address again". Only a permanent
 * failure about the address itself (RFC 3463 class 5.1.x: bad mailbox, bad domain, no such user) does: a full
 * mailbox, a policy block or a greylisting answer says nothing lasting about the address. The sender uses it
 * for SMTP replies; inbound bounce reports are to use it as well.
 */
export function suppressionForFailure(failure: DeliveryFailure): SuppressionReason | null {
  if (!failure.permanent) return null;
  const aboutTheAddress =
    failure.enhancedCode?.startsWith('5.1.') === true || UNKNOWN_RECIPIENT.test(failure.diagnostic ?? '');
  return aboutTheAddress ? 'bounced' : null;
}
