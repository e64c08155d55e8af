import { Clock } from '@app/common';
import { SuppressionsService } from '@app/crm';
import { InboundLedgerRow, LedgerRepository, RowTokenService, TokenPurpose } from '@app/sending';
import { Injectable, Logger } from '@nestjs/common';
import sanitizeHtml from 'sanitize-html';
import { QueryFailedError } from 'typeorm';
import { Classified, classifyMail, referencedMessageIds, replyTextOf } from './inbound-classifier';
import { InboundKind, InboundMailSink, InboundOrigin, InboundOutcome } from './inbound-mail-sink';
import { InboundMatch, InboundMessagesRepository, NewInboundMessage } from './inbound-messages.repository';
import { ReadMail, readMail, UnreadableMail } from './read-mail';
import { ReplyScopes } from './reply-scopes';

/** The largest message taken in (the API answers 413 above it; a transport's larger one is stored unreadable). */
export const INBOUND_MAX_BYTES = 10 * 1024 * 1024;
/** Soft bounces in this many different mailings suppress the address. */
export const SOFT_BOUNCES_TO_SUPPRESS = 3;
/** A campaign is one mailing whose scope is the campaign itself. */
const CAMPAIGN_SCOPE = 'campaign';

/** Header fields a VERP address may be found in (the recipient as the receiving servers recorded it). */
const RECIPIENT_FIELDS = [
  'to',
  'cc',
  'delivered-to',
  'x-original-to',
  'envelope-to',
  'x-envelope-to',
  'x-rcpt-to',
];
const VERP = /\b(svar|studs)\+([a-z2-7]{40})@/gi;

/** Only what cannot fetch anything or run: no scripts, no remote images (data: only), no forms or frames. */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'font', 'center'],
  allowedAttributes: {
    '*': ['style', 'align', 'dir', 'lang', 'title'],
    a: ['href', 'name'],
    img: ['src', 'alt', 'width', 'height'],
    td: ['colspan', 'rowspan', 'width', 'valign'],
    th: ['colspan', 'rowspan', 'width', 'valign'],
    table: ['width', 'border', 'cellpadding', 'cellspacing'],
    font: ['color', 'size', 'face'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['data'] },
  allowProtocolRelative: false,
  // A CSS url() could fetch: styles that name one are dropped with their element's style.
  allowedStyles: undefined,
  exclusiveFilter: (frame) => /url\s*\(/i.test(frame.attribs?.style ?? ''),
};

/** The same message taken in again: its origin (IMAP folder, UIDVALIDITY and UID) names it. */
function originKeyOf(origin: InboundOrigin): string | null {
  return origin.kind === 'imap' ? `imap:${origin.mailbox}:${origin.uidValidity}:${origin.uid}` : null;
}

/** Whether an error is the database's (then nothing could be stored, and receive must throw). */
function isDatabaseError(err: unknown): boolean {
  // Class 22 (data exception): a value from the message PostgreSQL will not take; that is the message's fault.
  if (err instanceof QueryFailedError)
    return !String((err.driverError as { code?: unknown } | undefined)?.code ?? '').startsWith('22');
  return err instanceof Error && /ECONNREFUSED|Connection terminated|timeout/i.test(err.message);
}

/**
 * The one handler every inbound transport feeds (IMAP, SMTP, POST /api/inbound): reads the message, recognises
 * duplicates, classifies it, finds the ledger row it answers (the VERP token, else the Message-IDs it refers to,
 * else for a bounce the failed address), does what follows (suppression, the row's bounce, the soft-bounce
 * count) and stores it. What follows is idempotent and is done before the message is stored, so a message
 * whose storing failed is simply taken again.
 */
@Injectable()
export class InboundMailService extends InboundMailSink {
  private readonly logger = new Logger('InboundMail');

  constructor(
    private readonly messages: InboundMessagesRepository,
    private readonly ledger: LedgerRepository,
    private readonly rowTokens: RowTokenService,
    private readonly suppressions: SuppressionsService,
    private readonly scopes: ReplyScopes,
    private readonly clock: Clock,
  ) {
    super();
  }

  async receive(raw: Buffer, origin: InboundOrigin): Promise<InboundOutcome> {
    const originKey = originKeyOf(origin);
    const base = { origin: origin.kind, originKey, size: raw.length, receivedAt: this.clock.now() };
    if (raw.length > INBOUND_MAX_BYTES)
      return this.store({
        ...base,
        ...unreadable(`Meddelandet är för stort (${raw.length} byte, högst ${INBOUND_MAX_BYTES})`),
      });
    let mail: ReadMail;
    try {
      mail = await readMail(raw);
    } catch (err) {
      const reason =
        err instanceof UnreadableMail ? err.message : `Meddelandet kunde inte läsas: ${String(err)}`;
      const duplicate = await this.messages.findDuplicate(originKey, null);
      if (duplicate) return { ...duplicate, duplicate: true };
      return this.store({ ...base, ...unreadable(reason) });
    }
    const duplicate = await this.messages.findDuplicate(originKey, mail.messageId);
    if (duplicate) return { ...duplicate, duplicate: true };
    try {
      return await this.take(mail, origin, base);
    } catch (err) {
      if (isDatabaseError(err)) throw err;
      // A message that trips the classifier is still kept, in the "could not read" list, with the reason.
      this.logger.warn({ msg: 'Inbound message could not be classified', err: String(err) });
      return this.store({
        ...base,
        ...unreadable(`Meddelandet kunde inte tolkas: ${err instanceof Error ? err.message : String(err)}`),
        messageId: mail.messageId,
      });
    }
  }

  private async take(
    mail: ReadMail,
    origin: InboundOrigin,
    base: Pick<NewInboundMessage, 'origin' | 'originKey' | 'size' | 'receivedAt'>,
  ): Promise<InboundOutcome> {
    const classified = classifyMail(mail.facts);
    const { row, matchedBy } = await this.match(mail, origin, classified);
    const failedRecipient =
      classified.kind === 'hard_bounce' ||
      classified.kind === 'soft_bounce' ||
      classified.kind === 'complaint'
        ? (row?.email.toLowerCase() ?? classified.recipients[0] ?? null)
        : null;
    await this.act(classified, row, failedRecipient);
    const links = row ? await this.linksOf(row) : { campaignId: null, meetingId: null };
    const isReply = classified.kind === 'reply' || classified.kind === 'auto_reply';
    return this.store({
      ...base,
      kind: classified.kind,
      messageId: mail.messageId,
      sentAt: mail.date,
      fromAddress: mail.fromAddress,
      fromName: mail.fromName,
      subject: mail.subject,
      text: classified.kind === 'reply' ? replyTextOf(mail.text) : mail.text,
      html: isReply && mail.html ? sanitizeHtml(mail.html, SANITIZE) : null,
      attachments: mail.attachments,
      reason:
        classified.kind === 'auto_reply'
          ? classified.reason
          : classified.kind === 'hard_bounce' || classified.kind === 'soft_bounce'
            ? (classified.diagnostic?.slice(0, 1000) ?? null)
            : classified.kind === 'complaint'
              ? classified.feedbackType
              : null,
      bounceStatus:
        classified.kind === 'hard_bounce' || classified.kind === 'soft_bounce' ? classified.status : null,
      failedRecipient,
      matchedBy,
      recipientId: row?.id ?? null,
      mailingId: row?.mailingId ?? null,
      contactId: row?.contactId ?? null,
      purpose: row?.purpose ?? null,
      scopeType: row?.scopeType ?? null,
      scopeId: row?.scopeId ?? null,
      ...links,
    });
  }

  /**
   * The ledger row the message is about: a valid VERP token among its recipients (or, for a bounce or a
   * complaint, in the returned original), else a Message-ID it refers to. A forged or altered token names
   * nothing, and the next way is tried.
   */
  private async match(
    mail: ReadMail,
    origin: InboundOrigin,
    classified: Classified,
  ): Promise<{ row: InboundLedgerRow | null; matchedBy: InboundMatch }> {
    const report =
      classified.kind === 'hard_bounce' ||
      classified.kind === 'soft_bounce' ||
      classified.kind === 'complaint';
    const places = [
      ...RECIPIENT_FIELDS.flatMap((f) => mail.facts.headers.get(f) ?? []),
      ...(origin.kind === 'smtp' ? origin.recipients : []),
      ...(report ? [mail.facts.body.slice(0, 64 * 1024)] : []),
    ].join('\n');
    for (const [, box, token] of places.matchAll(VERP)) {
      const purpose = box.toLowerCase() === 'svar' ? TokenPurpose.Reply : TokenPurpose.Bounce;
      const rowId = this.rowTokens.verify(token, purpose);
      const row = rowId ? await this.ledger.inboundRow(rowId) : null;
      if (row) return { row, matchedBy: 'verp' };
    }
    const byId = await this.ledger.inboundRowByMessageId(referencedMessageIds(mail.facts));
    if (byId) return { row: byId, matchedBy: 'message_id' };
    if (report && classified.recipients.length > 0) return { row: null, matchedBy: 'address' };
    return { row: null, matchedBy: 'none' };
  }

  /** Suppression and the ledger row's bounce. Idempotent: taking the same message twice changes nothing more. */
  private async act(
    classified: Classified,
    row: InboundLedgerRow | null,
    address: string | null,
  ): Promise<void> {
    const now = this.clock.now();
    if (classified.kind === 'hard_bounce') {
      if (row) await this.ledger.markBounce(row.id, 'hard', classified.status, now);
      if (address)
        await this.suppressions.suppress(address, 'bounced', `inbound:${classified.status ?? '5xx'}`);
    } else if (classified.kind === 'soft_bounce') {
      // Counted on the ledger row: a soft bounce that names no row says nothing about which mailing it was.
      if (!row) return;
      await this.ledger.markBounce(row.id, 'soft', classified.status, now);
      const mailings = await this.ledger.softBouncedMailings(row.contactId, row.email);
      if (mailings >= SOFT_BOUNCES_TO_SUPPRESS)
        await this.suppressions.suppress(row.email, 'bounced', `inbound:soft-bounces:${mailings}`);
    } else if (classified.kind === 'complaint') {
      if (row) await this.ledger.markBounce(row.id, 'complaint', null, now);
      if (address) await this.suppressions.suppress(address, 'complained', 'inbound:complaint');
    }
  }

  private async linksOf(
    row: InboundLedgerRow,
  ): Promise<{ campaignId: string | null; meetingId: string | null }> {
    const scope = { type: row.scopeType, id: row.scopeId };
    return {
      campaignId: row.scopeType === CAMPAIGN_SCOPE ? row.scopeId : null,
      meetingId: (await this.scopes.linksOf(scope)).meetingId,
    };
  }

  /** Stores the message; one taken in at the same moment by another process is that one's duplicate. */
  private async store(message: NewInboundMessage): Promise<InboundOutcome> {
    const id = await this.messages.insert(withoutNul(message));
    if (id) return { id, kind: message.kind, duplicate: false };
    const existing = await this.messages.findDuplicate(message.originKey, message.messageId);
    if (!existing) throw new Error('Inkommande meddelande kunde varken sparas eller hittas');
    return { ...existing, duplicate: true };
  }
}

/** PostgreSQL text (and jsonb) cannot hold NUL, which mail from anywhere may contain: it is dropped. */
function withoutNul(message: NewInboundMessage): NewInboundMessage {
  const clean = <T extends string | null>(v: T): T => (v === null ? v : (v.replace(/\u0000/g, '') as T));
  return {
    ...message,
    originKey: clean(message.originKey),
    messageId: clean(message.messageId),
    fromAddress: clean(message.fromAddress),
    fromName: clean(message.fromName),
    subject: clean(message.subject),
    text: clean(message.text),
    html: clean(message.html),
    reason: clean(message.reason),
    bounceStatus: clean(message.bounceStatus),
    failedRecipient: clean(message.failedRecipient),
    attachments: message.attachments.map((a) => ({
      ...a,
      filename: clean(a.filename),
      contentType: clean(a.contentType),
    })),
  };
}

/** A message stored as unreadable: only the reason and where it came from. */
function unreadable(reason: string): Omit<NewInboundMessage, 'origin' | 'originKey' | 'size' | 'receivedAt'> {
  return {
    kind: 'unreadable' as InboundKind,
    messageId: null,
    sentAt: null,
    fromAddress: null,
    fromName: null,
    subject: null,
    text: null,
    html: null,
    attachments: [],
    reason: reason.slice(0, 1000),
    bounceStatus: null,
    failedRecipient: null,
    matchedBy: 'none',
    recipientId: null,
    mailingId: null,
    contactId: null,
    purpose: null,
    scopeType: null,
    scopeId: null,
    campaignId: null,
    meetingId: null,
  };
}
