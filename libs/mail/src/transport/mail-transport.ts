/** A fully rendered message, ready for a transport. */
export interface OutgoingMessage {
  from: { name: string; address: string };
  to: string;
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  /** Without angle brackets, e.g. "c123.r456@crm.example.se". Stable per (campaign, contact). */
  messageId: string;
  /** Extra headers such as List-Unsubscribe; set verbatim. */
  headers: Record<string, string>;
  /** The campaign and ledger row this message belongs to (none for a test send); the outbox keeps them. */
  campaignId?: string;
  recipientId?: string;
}

export interface SendResult {
  /** The server's final reply, e.g. "250 2.0.0 Ok: queued as 4F2". */
  response: string;
  messageId: string;
}

/**
 * What the sending state machine does with a failure:
 * - temporary: 4xx or no connection; retry with backoff.
 * - permanent: 5xx; never retry. `noSuchUser` (5.1.x) also means: suppress the address.
 * - uncertain: the message may have been delivered (the connection dropped after DATA); never resend automatically.
 */
export type SendFailureKind = 'temporary' | 'permanent' | 'uncertain';

export class SendFailure extends Error {
  constructor(
    readonly kind: SendFailureKind,
    message: string,
    readonly smtp: { responseCode?: number; enhancedCode?: string; response?: string } = {},
    readonly noSuchUser = false,
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
