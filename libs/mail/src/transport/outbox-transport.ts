import { Repository } from 'typeorm';
import { OutboxMessage } from '../outbox/outbox-message.entity';
import { MailTransport, OutgoingMessage, SendResult } from './mail-transport';

export const OUTBOX_RESPONSE = '250 stored in outbox';

/** "Förbundets kansli" <kansli@example.se>, as the From header would show it. */
function formatAddress(from: OutgoingMessage['from']): string {
  if (!from.name) return from.address;
  return `"${from.name.replace(/["\\]/g, '\\$&')}" <${from.address}>`;
}

/**
 * The built-in transport when no SMTP relay is configured: the fully rendered message is stored in
 * `outbox_messages` (viewable at /api/outbox) and nothing leaves the machine. It answers like a server that
 * accepted the message, so the sending state machine treats both transports alike.
 */
export class OutboxTransport extends MailTransport {
  readonly name = 'outbox';

  constructor(private readonly messages: Repository<OutboxMessage>) {
    super();
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    // The headers as a relay would see them, so staff can check Message-ID and List-Unsubscribe in the outbox.
    const headers: Record<string, string> = {
      // Where the relay would send bounces (the envelope sender), as the receiving server records it.
      ...(message.envelopeFrom ? { 'Return-Path': `<${message.envelopeFrom}>` } : {}),
      'Message-ID': `<${message.messageId}>`,
      From: formatAddress(message.from),
      To: message.to,
      ...(message.replyTo ? { 'Reply-To': message.replyTo } : {}),
      Subject: message.subject,
      ...(message.inReplyTo ? { 'In-Reply-To': `<${message.inReplyTo}>` } : {}),
      ...(message.references?.length
        ? { References: message.references.map((id) => `<${id}>`).join(' ') }
        : {}),
      ...message.headers,
    };
    await this.messages.insert({
      mailingId: message.mailingId ?? null,
      recipientId: message.recipientId ?? null,
      purpose: message.purpose,
      contactId: message.contactId ?? null,
      messageId: message.messageId,
      fromAddress: message.from.address,
      toAddress: message.to,
      replyTo: message.replyTo ?? null,
      subject: message.subject,
      html: message.html,
      text: message.text,
      headers,
      attachments: (message.attachments ?? []).map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        contentBase64: Buffer.from(a.content).toString('base64'),
      })),
    });
    return { response: OUTBOX_RESPONSE, messageId: message.messageId };
  }

  async close(): Promise<void> {
    // Nothing to release: the database connection belongs to the application.
  }
}
