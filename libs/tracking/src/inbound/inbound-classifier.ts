/**
 * What a received message is, from the message alone: pure functions over what mailparser read (no database,
 * no clock), so every rule is tested on the corpus and on hand-made edge cases.
 *
 * The order matters: a complaint (ARF, RFC 5965) and a bounce (RFC 3464 or the common non-standard forms)
 * often carry Auto-Submitted or Precedence too, so they are recognised before auto-replies; what is none of
 * them is a person's reply.
 */

/** The message as the classifier needs it; made from mailparser's result by `mailFacts`. */
export interface MailFacts {
  /** Top-level header fields, lower-case names, each value unfolded; a field may occur more than once. */
  headers: Map<string, string[]>;
  subject: string;
  /** The From address, lower-case; null when absent or unreadable. */
  fromAddress: string | null;
  /** The From display name, if any. */
  fromName: string | null;
  /** The top-level media type, lower-case, e.g. `multipart/report`. */
  contentType: string;
  /** The `report-type` parameter of a multipart/report, lower-case. */
  reportType: string | null;
  /** The readable text (mailparser's text, including report parts it shows as text). */
  text: string;
  /**
   * The machine-readable parts and the returned original, as text: message/delivery-status,
   * message/feedback-report, message/rfc822, text/rfc822-headers (decoded), and the raw body after the top
   * header block (so a part mailparser shows nowhere is still read).
   */
  body: string;
}

export type Classified =
  | {
      kind: 'hard_bounce' | 'soft_bounce';
      /** The RFC 3463 status (5.1.1), or the basic SMTP code (550) when there is no enhanced one. */
      status: string | null;
      diagnostic: string | null;
      /** The failed addresses (Final-Recipient, X-Failed-Recipients, or from the text), lower-case. */
      recipients: string[];
    }
  | { kind: 'complaint'; feedbackType: string | null; recipients: string[] }
  | { kind: 'auto_reply'; reason: string }
  | { kind: 'reply' };

const EMAIL =
  /[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+/gi;
const ENHANCED = /\b([245])\.(\d{1,3})\.(\d{1,3})\b/g;
const ENHANCED_ONE = /\b[245]\.\d{1,3}\.\d{1,3}\b/;
const BASIC = /(?:^|[\s(:])([45][0-5]\d)(?=[\s-])/gm;

/** Senders that only ever write about delivery (the local part, lower-case). */
const DAEMON_LOCAL =
  /^(mailer-daemon|postmaster|mail-daemon|maildaemon|mailerdaemon|bounces?|double-bounce)$/;
const DAEMON_NAME = /mail delivery (system|subsystem|service)|mailer.daemon|postmaster|e-?postsystem/i;
/** Subjects of the common bounce forms, in the languages mail servers write them. */
const BOUNCE_SUBJECT = new RegExp(
  [
    'undeliver(ed|able)',
    'delivery status notification',
    'delivery (has )?fail',
    'mail delivery fail',
    'returned mail',
    'failure notice',
    'failed delivery',
    'delivery (problem|failure)',
    'non[- ]?(remis|recapitabile|delivery)',
    'unzustellbar',
    'nicht zustellbar',
    'olevererbar',
    'kunde inte levereras',
    'onbestelbaar',
    'message not delivered',
    'warning: (could not send|message .* delayed)',
    'delayed mail',
    'delivery (notification|report)',
  ].join('|'),
  'i',
);
/** Words that mark a delay warning rather than a final failure. */
const DELAY_WORDS =
  /\b(delayed|will (continue|keep) (trying|to try)|still (trying|being retried)|will be retried|temporar(y|ily) (failure|problem|error)|has not yet been delivered|fördröj)/i;
const PERMANENT_WORDS =
  /permanent(ly)?|given up|gave up|does not exist|user unknown|no such user|unknown user/i;

const AUTO_SUBJECT =
  /^\s*(auto(matic|matisch)?[ -]?(reply|answer|response|antwort|svar)|autosvar|automatiskt svar|out of (the )?office|fr[åa]nvaro|abwesenheit|r[ée]ponse automatique|risposta automatica|on vacation|away from (the )?office|(i am|i'm) (away|out)|semester)\b/i;

/** The first value of a header field. */
function header(facts: MailFacts, name: string): string | null {
  return facts.headers.get(name)?.[0]?.trim() ?? null;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** The value of each `Name:` field line in a report body, unfolded. */
export function fieldValues(text: string, name: string): string[] {
  const re = new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t]+.*)*)`, 'gim');
  return [...text.matchAll(re)].map((m) => m[1].replace(/\r?\n[ \t]+/g, ' ').trim());
}

/** An address from a DSN recipient field (`rfc822; a@b`) or a header, lower-case; null if none. */
function addressIn(value: string): string | null {
  const found = value.match(EMAIL);
  return found ? found[0].toLowerCase() : null;
}

/** The per-recipient fields of a delivery-status report: Action and Status of each failed or delayed one. */
interface DsnRecipient {
  recipient: string | null;
  action: string | null;
  status: string | null;
  diagnostic: string | null;
}

/** The recipient blocks of a message/delivery-status part (each begins at Final-Recipient). */
export function dsnRecipients(body: string): DsnRecipient[] {
  const blocks = body.split(/^(?=Final-Recipient:)/im).slice(1);
  return blocks.map((block) => {
    // The block ends at the first blank line after its fields (or the next part).
    const fields = block.split(/\r?\n\s*\r?\n/)[0];
    const status = fieldValues(fields, 'Status')[0]?.match(/[245]\.\d{1,3}\.\d{1,3}/)?.[0] ?? null;
    return {
      recipient: addressIn(fieldValues(fields, 'Final-Recipient')[0] ?? ''),
      action: fieldValues(fields, 'Action')[0]?.toLowerCase().split(/\s/)[0] ?? null,
      status,
      diagnostic: fieldValues(fields, 'Diagnostic-Code')[0]?.replace(/^smtp;\s*/i, '') ?? null,
    };
  });
}

/** The part of a bounce written by the mail server: what comes before the returned original message. */
function serverPart(text: string): string {
  const cut = text.search(
    /^(-{2,}.*(original message|below this line|returned message|message headers|copy of the message).*|Content-Type: (message\/rfc822|text\/rfc822-headers).*)$/im,
  );
  return cut >= 0 ? text.slice(0, cut) : text;
}

function isDeliveryReport(facts: MailFacts): boolean {
  if (facts.contentType === 'multipart/report' && facts.reportType === 'delivery-status') return true;
  if (/^Content-Type:\s*message\/delivery-status/im.test(facts.body)) return true;
  if (facts.headers.has('x-failed-recipients')) return true;
  const local = facts.fromAddress?.split('@')[0] ?? '';
  const fromDaemon = DAEMON_LOCAL.test(local) || DAEMON_NAME.test(facts.fromName ?? '');
  const bounceSubject = BOUNCE_SUBJECT.test(facts.subject);
  // A daemon's mail about anything else (a postmaster answering a person) is not a bounce unless it says so.
  if (fromDaemon && (bounceSubject || ENHANCED_ONE.test(serverPart(facts.text)))) return true;
  // A bounce subject from an ordinary sender counts only with evidence of a delivery failure in the text.
  return (
    bounceSubject &&
    /(could not be delivered|undeliverable|delivery (has )?failed|permanent (error|failure)|user unknown|recipient address rejected|mailbox (unavailable|full)|\b5\.\d{1,3}\.\d{1,3}\b|\b55\d\b)/i.test(
      serverPart(facts.text),
    )
  );
}

function classifyBounce(facts: MailFacts): Classified | null {
  const blocks = dsnRecipients(facts.body);
  const failed = blocks.filter((b) => b.action === 'failed' || b.action === 'delayed' || b.action === null);
  // A report that says only delivered/relayed/expanded is a success notice: machine mail, not a failure.
  if (blocks.length > 0 && failed.length === 0) return { kind: 'auto_reply', reason: 'delivery-notice' };
  const server = serverPart(facts.text);
  const failedHeader = (facts.headers.get('x-failed-recipients') ?? []).flatMap((v) =>
    (v.match(EMAIL) ?? []).map((a) => a.toLowerCase()),
  );
  const recipients = unique([
    ...failed.map((b) => b.recipient).filter((r): r is string => r !== null),
    ...failedHeader,
  ]);
  if (recipients.length === 0) {
    const own = facts.fromAddress;
    const inText = (server.match(EMAIL) ?? []).map((a) => a.toLowerCase()).filter((a) => a !== own);
    if (inText[0]) recipients.push(inText[0]);
  }
  const diagnostic = failed.find((b) => b.diagnostic)?.diagnostic ?? null;
  const statuses = failed.map((b) => b.status).filter((s): s is string => s !== null);
  const textCodes = [...server.matchAll(ENHANCED)].map((m) => m[0]);
  const basic = [...server.matchAll(BASIC)].map((m) => m[1]);
  const delayed =
    failed.some((b) => b.action === 'delayed') ||
    /\(delay\)|delayed/i.test(facts.subject) ||
    (statuses.length === 0 &&
      textCodes.length === 0 &&
      DELAY_WORDS.test(server) &&
      !PERMANENT_WORDS.test(server));
  // The report's own Status wins; then the codes the server wrote (its permanent one first); else the words.
  const status =
    statuses.find((s) => s.startsWith('5')) ??
    statuses[0] ??
    (delayed ? textCodes.find((c) => c.startsWith('4')) : textCodes.find((c) => c.startsWith('5'))) ??
    textCodes.find((c) => !c.startsWith('2')) ??
    (delayed ? basic.find((c) => c.startsWith('4')) : basic.find((c) => c.startsWith('5'))) ??
    basic[0] ??
    null;
  const soft = status ? status.startsWith('4') : delayed;
  return { kind: soft ? 'soft_bounce' : 'hard_bounce', status, diagnostic, recipients };
}

function isComplaint(facts: MailFacts): boolean {
  if (facts.contentType === 'multipart/report' && facts.reportType === 'feedback-report') return true;
  return /^Content-Type:\s*message\/feedback-report/im.test(facts.body);
}

function classifyComplaint(facts: MailFacts): Classified {
  const rcpt = [
    ...fieldValues(facts.body, 'Original-Rcpt-To'),
    ...fieldValues(facts.body, 'Removal-Recipient'),
  ]
    .map(addressIn)
    .filter((a): a is string => a !== null);
  if (rcpt.length === 0) {
    // The complained-about message's To, inside the returned copy.
    const copy = facts.body.split(/^Content-Type:\s*(message\/rfc822|text\/rfc822-headers)/im)[2] ?? '';
    const to = addressIn(fieldValues(copy, 'To')[0] ?? '');
    if (to) rcpt.push(to);
  }
  return {
    kind: 'complaint',
    feedbackType: fieldValues(facts.body, 'Feedback-Type')[0]?.toLowerCase() ?? null,
    recipients: unique(rcpt),
  };
}

/** Why a message is an automatic reply (RFC 3834 and the common non-standard signs), or null. */
export function autoReplyReason(facts: MailFacts): string | null {
  const auto = header(facts, 'auto-submitted')?.toLowerCase();
  if (auto && auto !== 'no') return `Auto-Submitted: ${auto}`;
  for (const name of [
    'x-autoreply',
    'x-autorespond',
    'x-autogenerated',
    'x-ms-exchange-generated-message-source',
  ])
    if (facts.headers.has(name)) return name;
  const precedence = header(facts, 'precedence')?.toLowerCase();
  if (precedence && /^(auto_reply|bulk|junk)$/.test(precedence)) return `Precedence: ${precedence}`;
  // Outlook and Exchange mark their out-of-office answers so, with an "Automatic reply:" subject.
  if (facts.headers.has('x-ms-exchange-inbox-rules-loop') && facts.headers.has('x-auto-response-suppress'))
    return 'exchange-out-of-office';
  if (AUTO_SUBJECT.test(facts.subject)) return 'subject';
  return null;
}

/** What a message is. Never throws on any MailFacts. */
export function classifyMail(facts: MailFacts): Classified {
  if (isComplaint(facts)) return classifyComplaint(facts);
  if (isDeliveryReport(facts)) {
    const bounce = classifyBounce(facts);
    if (bounce) return bounce;
  }
  const reason = autoReplyReason(facts);
  if (reason) return { kind: 'auto_reply', reason };
  return { kind: 'reply' };
}

/**
 * The Message-IDs a message refers to: In-Reply-To and References, and every Message-ID field inside the body
 * (the returned original of a bounce, whether a message/rfc822 part, text/rfc822-headers or pasted inline).
 * Without angle brackets, the message's own id left out.
 */
export function referencedMessageIds(facts: MailFacts): string[] {
  const own = idsIn(header(facts, 'message-id') ?? '');
  const ids = [
    ...idsIn((facts.headers.get('in-reply-to') ?? []).join(' ')),
    ...idsIn((facts.headers.get('references') ?? []).join(' ')),
    ...fieldValues(facts.body, 'Message-ID').flatMap(idsIn),
  ];
  return unique(ids.filter((id) => !own.includes(id))).slice(0, 100);
}

/** The `<…>` ids in a header value. */
export function idsIn(value: string): string[] {
  return [...value.matchAll(/<([^<>\s]{1,300})>/g)].map((m) => m[1]);
}

/** "On … wrote:", "Den … skrev …:" (Gmail, Apple Mail, Thunderbird in several languages). */
const QUOTE_INTRO = /^(on|den|am|le|el|op)\s.{4,300}\b(wrote|skrev|schrieb|a écrit|escribió|schreef)\b.*:$/i;

/**
 * A reply's own words: the text above the quoted message. Cut at the first line that starts a quotation in
 * the common clients ("On … wrote:", "Den … skrev:", "-----Original Message-----", an Outlook "From:" block) and
 * without `>` lines.
 */
export function replyTextOf(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (
      /^-{2,}\s*(original message|ursprungligt meddelande|originalmeddelande|forwarded message|vidarebefordrat)/i.test(
        line.trim(),
      ) ||
      QUOTE_INTRO.test(line.trim()) ||
      (lines[i + 1]?.trim() !== '' && QUOTE_INTRO.test(`${line.trim()} ${lines[i + 1]?.trim() ?? ''}`)) ||
      (/^(from|från|von|de):\s/i.test(line.trim()) &&
        /^(sent|skickat|gesendet|envoyé|date|datum):\s/i.test((lines[i + 1] ?? '').trim()))
    )
      break;
    if (/^\s*>/.test(line)) continue;
    out.push(line);
  }
  return out.join('\n').trim();
}
