/**
 * Headers every campaign message carries. List-Unsubscribe with an https URL and the RFC 8058 one-click
 * marker, set as plain headers (nodemailer's `list` option cannot express List-Unsubscribe-Post).
 */
export function unsubscribeHeaders(unsubscribeUrl: string): Record<string, string> {
  return {
    'List-Unsubscribe': `<${unsubscribeUrl}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

/**
 * A Message-ID that is the same every time the same (mailing, contact) is sent: a resend is recognisable, and a
 * later message (a reminder) can name it in In-Reply-To without looking it up.
 */
export function stableMessageId(mailingId: string, contactId: string, domain: string): string {
  return `${mailingId}.${contactId}@${domain}`;
}
