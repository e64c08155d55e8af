import { PUBLIC_TOKEN_PREFIXES } from '@app/common';

/** What a viewer sees instead of a personal link's token. */
export const HIDDEN_TOKEN = 'dold-for-lasbehorighet';

/**
 * A public link (/u unsubscribe, /v view, later /r and /s) on any host: whoever holds one acts as the recipient
 * (one POST to /u unsubscribes them), so staff who may only read do not get them. Matched on any host because
 * PUBLIC_BASE_URL may have changed since the message was stored.
 */
const PUBLIC_LINK = new RegExp(
  `(https?://[^\\s"'<>/]+/(?:${PUBLIC_TOKEN_PREFIXES.join('|')})/)[A-Za-z0-9_~.%-]+`,
  'gi',
);

export function withoutPublicLinkTokens(text: string): string {
  return text.replace(PUBLIC_LINK, (_m, prefix: string) => `${prefix}${HIDDEN_TOKEN}`);
}

export function headersWithoutPublicLinkTokens(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, withoutPublicLinkTokens(v)]));
}
