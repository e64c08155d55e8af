/** Where one inbound message came from: the IMAP poller, the SMTP receiver for the reply domain, or the API. */
export type InboundOrigin =
  | { kind: 'imap'; mailbox: string; uidValidity: string; uid: number }
  | { kind: 'smtp'; remoteAddress: string | null; envelopeFrom: string | null; recipients: string[] }
  | { kind: 'api'; userId: string | null };

/**
 * What a message was found to be. `unreadable`: it could not be parsed (it lands in the "could not read" list
 * and stops nothing else).
 */
export const INBOUND_KINDS = [
  'hard_bounce',
  'soft_bounce',
  'complaint',
  'auto_reply',
  'reply',
  'unreadable',
] as const;
export type InboundKind = (typeof INBOUND_KINDS)[number];

/** What the one inbound handler made of a message. */
export interface InboundOutcome {
  /** The stored inbound message's id. */
  id: string;
  kind: InboundKind;
  /** True when the same message (by its origin or its Message-ID) was already taken in: nothing was done again. */
  duplicate: boolean;
}

/**
 * The one handler every way of receiving mail feeds (IMAP, SMTP, `POST /api/inbound`). The transports inject
 * this class as their token; the inbound mail service provides it. It resolves once the message and all it
 * caused (suppression, the ledger row, the reply) are stored, so a transport may then flag or acknowledge it.
 * It throws only when nothing could be stored (the database is down): the transport must then leave the
 * message to be taken again. A message it cannot read is stored as `unreadable` and resolves normally.
 */
export abstract class InboundMailSink {
  abstract receive(raw: Buffer, origin: InboundOrigin): Promise<InboundOutcome>;
}
