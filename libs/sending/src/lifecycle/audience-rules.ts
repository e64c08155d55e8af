import { AudienceCandidate, hashableEmail, SuppressionReason } from '@app/crm';

export const EXCLUSION_REASONS = [
  'no_email',
  'unsubscribed',
  'bounced',
  'complained',
  'suppressed',
  'duplicate_email',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export interface ClassifiedCandidate extends AudienceCandidate {
  /** null: the contact gets the campaign. */
  excludedBecause: ExclusionReason | null;
}

/** Suppressions keep why the address stopped; staff see the three common reasons, the rest as "suppressed". */
export function exclusionForSuppression(reason: SuppressionReason): ExclusionReason {
  return reason === 'unsubscribed' || reason === 'bounced' || reason === 'complained' ? reason : 'suppressed';
}

/**
 * Who is in and who is out, and why, the same rules the snapshot applies (LedgerRepository.snapshot): no
 * address → out; a suppressed address → out with the suppression's reason; the same address (as the
 * suppression hash sees it) twice → the first contact in audience order is in, the others out. Candidates must
 * come in audience order (created_at, id).
 */
export function classifyAudience(candidates: Iterable<AudienceCandidate>): ClassifiedCandidate[] {
  const seen = new Set<string>();
  const out: ClassifiedCandidate[] = [];
  for (const c of candidates) {
    const email = c.email === null ? '' : hashableEmail(c.email);
    let excludedBecause: ExclusionReason | null = null;
    if (!email) excludedBecause = 'no_email';
    else if (c.suppressionReason) excludedBecause = exclusionForSuppression(c.suppressionReason);
    else if (seen.has(email)) excludedBecause = 'duplicate_email';
    if (email) seen.add(email);
    out.push({ ...c, excludedBecause });
  }
  return out;
}
