import { createTransport, Transporter } from 'nodemailer';
import { classifySmtpError } from './classify-smtp-error';
import { buildMimeMessage } from './mime-message';
import { MailTransport, OutgoingMessage, SendResult } from './mail-transport';

export interface DkimSettings {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

export interface SmtpTransportOptions {
  url: string;
  maxConnections?: number;
  dkim?: DkimSettings;
}

/**
 * RFC 6376's recommended fields plus both List-Unsubscribe headers: RFC 8058 one-click only counts when the
 * signature covers List-Unsubscribe-Post too. Stated here rather than relying on nodemailer's default list.
 */
export const DKIM_SIGNED_HEADERS = [
  'From',
  'Sender',
  'Reply-To',
  'Subject',
  'Date',
  'Message-ID',
  'To',
  'Cc',
  'MIME-Version',
  'Content-Type',
  'Content-Transfer-Encoding',
  'In-Reply-To',
  'References',
  'List-Id',
  'List-Unsubscribe',
  'List-Unsubscribe-Post',
].join(':');

/** Pooled SMTP through nodemailer. */
export class SmtpTransport extends MailTransport {
  readonly name = 'smtp';
  private readonly transporter: Transporter;

  constructor(options: SmtpTransportOptions) {
    super();
    this.transporter = createTransport({
      url: options.url,
      pool: true,
      maxConnections: options.maxConnections ?? 5,
      maxMessages: 1000,
      // The pool would otherwise silently resend a message whose connection dropped, possibly after the server
      // took it. With 0 the send fails instead and the ledger marks the recipient uncertain.
      maxRequeues: 0,
      dkim: options.dkim ? { ...options.dkim, headerFieldNames: DKIM_SIGNED_HEADERS } : undefined,
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 60_000,
    } as Parameters<typeof createTransport>[0]);
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    try {
      // Built here, handed over raw: nodemailer still signs it (DKIM) and runs the SMTP session.
      const info = await this.transporter.sendMail({
        // MAIL FROM (a VERP address when there is one) and RCPT TO, the one recipient.
        envelope: { from: message.envelopeFrom ?? message.from.address, to: [message.to] },
        raw: buildMimeMessage(message),
      });
      return { response: String(info.response ?? ''), messageId: message.messageId };
    } catch (err) {
      throw classifySmtpError(err);
    }
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}
