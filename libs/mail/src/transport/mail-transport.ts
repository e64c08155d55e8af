import type { MessagePurpose } from '../templates/template-variables';

/** A file sent with a message, e.g. a meeting's `.ics` (contentType `text/calendar; method=REQUEST`). */
export interface MessageAttachment {
  filename: string;
  contentType: string;
  /** Text as UTF-8, or bytes. */
  content: string | Buffer;
}

/**
 * A fully rendered message, ready for a transport: the one model for every purpose, the SMTP transport and
 * the outbox alike.
 */
export interface OutgoingMessage {
  from: { name: string; address: string };
  to: string;
  replyTo?: string;
  /**
   * The SMTP envelope sender (MAIL FROM), where bounces go, when it is not the From address: a VERP address
   * naming the ledger row (studs+TOKEN@REPLY_DOMAIN). The From header stays as it is.
   */
  envelopeFrom?: string;
  subject: string;
  html: string;
  text: string;
  /** Without angle brackets, e.g. "m123.c456@crm.example.se". Stable per (mailing, contact). */
  messageId: string;
  /** The Message-ID this one answers (a reminder threads under its invitation), without angle brackets. */
  inReplyTo?: string;
  /** The thread's Message-IDs, oldest first, without angle brackets. */
  references?: string[];
  /** Extra headers such as List-Unsubscribe; set verbatim. */
  headers: Record<string, string>;
  attachments?: MessageAttachment[];
  /** What the message is for. */
  purpose: MessagePurpose;
  /** The mailing and ledger row it belongs to (none for a test send); the outbox keeps them. */
  mailingId?: string;
  recipientId?: string;
  /** The contact it was made for, if any (a test send may use a contact's data): erasure finds copies by it. */
  contactId?: string;
}

export interface SendResult {
  /** The server's final reply, e.g. "250 2.0.0 Ok: queued as 4F2". */
  response: string;
  messageId: string;
}

/**
 * What the sending state machine does with a failure:
 * - temporary: 4xx or no connection; retry with backoff.
 * - permanent: 5xx; never retry. Whether it also means "suppress the address" is the CRM's decision
 *   (suppressionForFailure), from the codes kept in `smtp`.
 * - uncertain: the message may have been delivered (the connection dropped after DATA); never resend automatically.
 */
export type SendFailureKind = 'temporary' | 'permanent' | 'uncertain';

export class SendFailure extends Error {
  constructor(
    readonly kind: SendFailureKind,
    message: string,
    readonly smtp: { responseCode?: number; enhancedCode?: string; response?: string } = {},
  ) {
    super(message);
    this.name = 'SendFailure';
  }
}

/** Implemented by the SMTP transport and the outbox. */
export abstract class MailTransport {
  abstract readonly name: string;
  abstract send(message: OutgoingMessage): Promise<SendResult>;
  abstract close(): Promise<void>;
}
