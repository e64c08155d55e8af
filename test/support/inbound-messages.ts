import { join } from 'node:path';
import type { Received } from './smtp-sink';

/** The 24 real messages of the sisimai corpus (test/fixtures/inbound-mail, BSD-2-Clause). */
export const CORPUS = join(__dirname, '../fixtures/inbound-mail');

/** What each corpus file is, by its name. */
export function expectedKind(file: string): string {
  if (file.startsWith('arf-')) return 'complaint';
  if (file.startsWith('rfc3834-')) return 'auto_reply';
  if (file.startsWith('is-not-bounce-')) return 'reply';
  return 'hard_bounce';
}

/** SMTP and IMAP carry CRLF line ends. */
export const crlf = (text: string): Buffer => Buffer.from(text.replace(/\r?\n/g, '\r\n'));

const randomId = () => Math.random().toString(36).slice(2);
const messageIdOf = (mail: Received) => mail.parsed.messageId?.replace(/^<|>$/g, '') ?? '';

/** A person's answer to a message, sent to its Reply-To. */
export function replyTo(mail: Received, text: string, extra: Record<string, string> = {}): Buffer {
  const headers = {
    From: `Svarare <${mail.to}>`,
    To: String(mail.parsed.replyTo?.value[0]?.address ?? ''),
    Subject: `Re: ${mail.parsed.subject}`,
    'Message-ID': `<reply.${randomId()}@exempel.se>`,
    Date: 'Thu, 03 Dec 2026 10:00:00 +0100',
    ...extra,
  };
  return crlf(
    `${Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n')}\nContent-Type: text/plain; charset=utf-8\n\n${text}\n`,
  );
}

/** A standard delivery-status report (RFC 3464) for a message, sent to its envelope sender. */
export function dsnFor(mail: Received, status: string, id = randomId()): Buffer {
  const action = status.startsWith('4') ? 'delayed' : 'failed';
  return crlf(`From: Mail Delivery System <MAILER-DAEMON@mx.exempel.se>
To: ${mail.from}
Subject: Undelivered Mail Returned to Sender
Message-ID: <dsn.${id}@mx.exempel.se>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="BB"

--BB
Content-Type: text/plain

Your message could not be delivered.

--BB
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.exempel.se

Final-Recipient: rfc822; ${mail.to}
Action: ${action}
Status: ${status}
Diagnostic-Code: smtp; ${status.startsWith('4') ? '452 4.2.2 Mailbox full' : '550 5.1.1 User unknown'}

--BB
Content-Type: text/rfc822-headers

Message-ID: <${messageIdOf(mail)}>
Subject: ${mail.parsed.subject}

--BB--
`);
}

/** A feedback-loop complaint (ARF, RFC 5965) about a message, as a mailbox provider sends it. */
export function arfFor(mail: Received, id = randomId()): Buffer {
  return crlf(`From: Feedback Loop <fbl@isp.exempel.se>
To: ${mail.from}
Subject: FW: Abuse report
Message-ID: <arf.${id}@isp.exempel.se>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="AA"

--AA
Content-Type: text/plain

This is an e-mail abuse report for a message received from you.

--AA
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: ISP-FBL/1.0
Version: 1
Original-Mail-From: <${mail.from}>
Original-Rcpt-To: <${mail.to}>

--AA
Content-Type: message/rfc822

From: ${mail.parsed.from?.text ?? ''}
To: ${mail.to}
Subject: ${mail.parsed.subject}
Message-ID: <${messageIdOf(mail)}>

(the message)
--AA--
`);
}

/** An out-of-office answer (RFC 3834) to a message, threaded under it. */
export function outOfOfficeFor(mail: Received, id = randomId()): Buffer {
  return crlf(`From: ${mail.to}
To: ${String(mail.parsed.replyTo?.value[0]?.address ?? mail.parsed.from?.value[0]?.address ?? '')}
Subject: Frånvaro: ${mail.parsed.subject}
Message-ID: <ooo.${id}@exempel.se>
In-Reply-To: <${messageIdOf(mail)}>
Auto-Submitted: auto-replied
Content-Type: text/plain; charset=utf-8

Jag är på semester till och med den 7 januari och läser inte min e-post.
`);
}
