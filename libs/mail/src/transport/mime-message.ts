import { randomBytes } from 'node:crypto';
import type { OutgoingMessage } from './mail-transport';

/**
 * An OutgoingMessage as the bytes of an RFC 5322 / MIME message, built directly: the text and HTML parts in
 * base64 (Node's own encoder), headers in RFC 2047 encoded words where they are not plain ASCII. nodemailer's
 * own composer, with its quoted-printable and its stream per part, was about a third of a worker's CPU per
 * message; the transport hands this to nodemailer as a raw message, so DKIM signing and the SMTP session are
 * still nodemailer's.
 */
export function buildMimeMessage(message: OutgoingMessage, date: Date = new Date()): Buffer {
  const headers: string[] = [
    `From: ${formatAddress(message.from.name, message.from.address)}`,
    `To: ${headerValue(message.to)}`,
  ];
  if (message.replyTo) headers.push(`Reply-To: ${headerValue(message.replyTo)}`);
  headers.push(
    `Subject: ${encodeHeaderText(message.subject, 'Subject: '.length)}`,
    `Date: ${rfc5322Date(date)}`,
    `Message-ID: <${headerValue(message.messageId)}>`,
  );
  if (message.inReplyTo) headers.push(`In-Reply-To: <${headerValue(message.inReplyTo)}>`);
  if (message.references?.length)
    headers.push(`References: ${message.references.map((id) => `<${headerValue(id)}>`).join('\r\n ')}`);
  for (const [name, value] of Object.entries(message.headers)) {
    if (/^[!-9;-~]+$/.test(name)) headers.push(`${name}: ${encodeHeaderText(value, name.length + 2)}`);
  }
  headers.push('MIME-Version: 1.0');

  const boundary = randomBytes(12).toString('hex');
  const alternative = multipart('alternative', `a${boundary}`, [
    textPart('text/plain; charset=utf-8', message.text),
    textPart('text/html; charset=utf-8', message.html),
  ]);
  const body = message.attachments?.length
    ? multipart('mixed', `m${boundary}`, [
        alternative,
        ...message.attachments.map((a) =>
          part(
            [
              `Content-Type: ${headerValue(a.contentType)}; ${parameter('name', a.filename)}`,
              `Content-Disposition: attachment; ${parameter('filename', a.filename)}`,
              'Content-Transfer-Encoding: base64',
            ],
            base64Lines(typeof a.content === 'string' ? Buffer.from(a.content, 'utf8') : a.content),
          ),
        ),
      ])
    : alternative;
  return Buffer.from(`${headers.join('\r\n')}\r\n${body}`, 'utf8');
}

interface Part {
  headers: string[];
  body: string;
}

function part(headers: string[], body: string): Part {
  return { headers, body };
}

function textPart(contentType: string, text: string): Part {
  return part(
    [`Content-Type: ${contentType}`, 'Content-Transfer-Encoding: base64'],
    base64Lines(Buffer.from(text, 'utf8')),
  );
}

/** A multipart body with its own Content-Type header, as a part of its own or as the message's body. */
function multipart(subtype: string, boundary: string, parts: (Part | string)[]): string {
  const inner = parts
    .map(
      (p) => `--${boundary}\r\n${typeof p === 'string' ? p : `${p.headers.join('\r\n')}\r\n\r\n${p.body}`}`,
    )
    .join('\r\n');
  return `Content-Type: multipart/${subtype}; boundary="${boundary}"\r\n\r\n${inner}\r\n--${boundary}--\r\n`;
}

/** Base64 in lines of 76 characters (RFC 2045 6.8), each ended by CRLF. */
function base64Lines(bytes: Buffer): string {
  const encoded = bytes.toString('base64');
  let out = '';
  for (let i = 0; i < encoded.length; i += 76) out += `${encoded.slice(i, i + 76)}\r\n`;
  return out;
}

/** No line breaks or other control characters can reach a header: they would start a header of their own. */
function headerValue(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

/** RFC 5322 date-time in UTC with a numeric zone. */
export function rfc5322Date(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

/** Printable ASCII only: such header text needs no encoding. */
const PLAIN = /^[\x20-\x7e]*$/;

/**
 * Header text (a subject, a display name): as it is when plain ASCII and short enough, otherwise as RFC 2047
 * "B" encoded words of at most 75 characters, never splitting a character, folded onto lines of their own.
 */
export function encodeHeaderText(text: string, used = 0): string {
  const value = headerValue(text);
  if (PLAIN.test(value) && used + value.length <= 998 && !/=\?/.test(value)) return value;
  const words: string[] = [];
  let chunk = '';
  let bytes = 0;
  // 45 bytes of UTF-8 are 60 characters of base64: with "=?UTF-8?B?" and "?=" a word of 72. The first word
  // shares its line with the header's name, so it holds less: every line stays within 78 characters.
  let limit = Math.max(3, Math.floor((78 - used - 12) / 4) * 3);
  for (const ch of value) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > limit && chunk) {
      limit = 45;
      words.push(chunk);
      chunk = '';
      bytes = 0;
    }
    chunk += ch;
    bytes += size;
  }
  if (chunk || words.length === 0) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\r\n ');
}

/** A mailbox: the name as a quoted string when plain ASCII, else encoded words; the address as it is. */
export function formatAddress(name: string, address: string): string {
  const cleanName = headerValue(name);
  const cleanAddress = headerValue(address);
  if (!cleanName) return cleanAddress;
  const display = PLAIN.test(cleanName)
    ? `"${cleanName.replace(/[\\"]/g, (c) => `\\${c}`)}"`
    : encodeHeaderText(cleanName);
  return `${display} <${cleanAddress}>`;
}

/** A MIME parameter: a quoted string when plain ASCII, else RFC 2231's percent-encoded UTF-8. */
function parameter(name: string, value: string): string {
  const clean = headerValue(value);
  if (PLAIN.test(clean)) return `${name}="${clean.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  const encoded = encodeURIComponent(clean).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${name}*=utf-8''${encoded}`;
}
