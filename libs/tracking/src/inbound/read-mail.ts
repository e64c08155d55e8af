import { simpleParser } from 'mailparser';
import type { AddressObject, ParsedMail } from 'mailparser';
import { MailFacts } from './inbound-classifier';

/** The most of a message's body the classifier reads (reports and their returned headers are small). */
const BODY_SCAN_CHARS = 256 * 1024;
/** The most of a reply's text and HTML kept. */
export const MAX_STORED_TEXT = 100_000;
export const MAX_STORED_HTML = 500_000;

/** An attachment as kept: its name and size, never its content. */
export interface AttachmentInfo {
  filename: string | null;
  contentType: string;
  size: number;
}

/** What was read from a message: the classifier's facts and what a stored reply keeps. */
export interface ReadMail {
  facts: MailFacts;
  messageId: string | null;
  fromAddress: string | null;
  fromName: string | null;
  subject: string;
  date: Date | null;
  text: string;
  html: string | null;
  attachments: AttachmentInfo[];
}

/** Why a message could not be read (Swedish, for the "could not read" list). */
export class UnreadableMail extends Error {}

function firstAddress(
  value: AddressObject | AddressObject[] | undefined,
): { address: string; name: string } | null {
  const object = Array.isArray(value) ? value[0] : value;
  const first = object?.value?.[0];
  if (!first?.address) return null;
  return { address: first.address.toLowerCase(), name: first.name ?? '' };
}

/** The top header block's fields by lower-case name, each value unfolded. */
function headerMap(parsed: ParsedMail): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const { key, line } of parsed.headerLines) {
    const colon = line.indexOf(':');
    const value = (colon >= 0 ? line.slice(colon + 1) : '').replace(/\r?\n[ \t]+/g, ' ').trim();
    const list = map.get(key.toLowerCase());
    if (list) list.push(value);
    else map.set(key.toLowerCase(), [value]);
  }
  return map;
}

/** The raw body after the top header block, as Latin-1 (bytes kept one to one), capped. */
function rawBody(raw: Buffer): string {
  const head = raw.subarray(0, Math.min(raw.length, 256 * 1024)).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  if (end < 0) return '';
  return raw.subarray(end, end + BODY_SCAN_CHARS).toString('latin1');
}

/**
 * Parses a raw message with mailparser. Throws UnreadableMail (with the reason in Swedish) for what is not a
 * mail message at all: no header block, or none of From, Subject and Message-ID.
 */
export async function readMail(raw: Buffer): Promise<ReadMail> {
  if (raw.length === 0) throw new UnreadableMail('Meddelandet är tomt');
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(raw, {
      skipImageLinks: true,
      skipTextLinks: true,
      maxHtmlLengthToParse: MAX_STORED_HTML,
    });
  } catch (err) {
    throw new UnreadableMail(
      `Meddelandet kunde inte tolkas: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const headers = headerMap(parsed);
  if (!headers.has('from') && !headers.has('subject') && !headers.has('message-id'))
    throw new UnreadableMail('Meddelandet saknar brevhuvud (From, Subject och Message-ID saknas)');
  const from = firstAddress(parsed.from);
  const contentType = parsed.headers.get('content-type') as
    { value?: string; params?: Record<string, string> } | undefined;
  const reportParts = parsed.attachments
    .filter((a) => /^(message\/|text\/rfc822-headers)/i.test(a.contentType))
    .map(
      (a) => `Content-Type: ${a.contentType}\n\n${a.content.subarray(0, BODY_SCAN_CHARS).toString('utf8')}`,
    );
  const text = (parsed.text ?? '').slice(0, MAX_STORED_TEXT);
  const facts: MailFacts = {
    headers,
    subject: parsed.subject ?? '',
    fromAddress: from?.address ?? null,
    fromName: from?.name || null,
    contentType: (contentType?.value ?? 'text/plain').toLowerCase(),
    reportType: contentType?.params?.['report-type']?.toLowerCase() ?? null,
    text,
    body: [rawBody(raw), ...reportParts].join('\n'),
  };
  const messageId = parsed.messageId?.replace(/^<|>$/g, '').trim() || null;
  return {
    facts,
    messageId: messageId && messageId.length <= 500 ? messageId : null,
    fromAddress: from?.address ?? null,
    fromName: from?.name || null,
    subject: (parsed.subject ?? '').slice(0, 1000),
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : null,
    text,
    html: typeof parsed.html === 'string' ? parsed.html.slice(0, MAX_STORED_HTML) : null,
    attachments: parsed.attachments.slice(0, 100).map((a) => ({
      filename: a.filename?.slice(0, 300) ?? null,
      contentType: a.contentType,
      size: a.size,
    })),
  };
}
