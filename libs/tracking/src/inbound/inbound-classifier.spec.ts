import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyMail, referencedMessageIds, replyTextOf } from './inbound-classifier';
import { readMail, UnreadableMail } from './read-mail';

const CORPUS = join(__dirname, '../../../../test/fixtures/inbound-mail');

/** What each corpus file is, by its name (is-not-bounce-*: a person's message, one forwarding a mail). */
function expectedKind(file: string): string {
  if (file.startsWith('arf-')) return 'complaint';
  if (file.startsWith('rfc3834-')) return 'auto_reply';
  if (file.startsWith('is-not-bounce-')) return 'reply';
  return 'hard_bounce';
}

async function classify(raw: string | Buffer) {
  const mail = await readMail(Buffer.isBuffer(raw) ? raw : Buffer.from(raw.replace(/\n/g, '\r\n')));
  return { mail, result: classifyMail(mail.facts) };
}

const files = readdirSync(CORPUS).filter((f) => f.endsWith('.eml'));

describe('classifyMail on the corpus', () => {
  it('has the 24 files', () => expect(files).toHaveLength(24));

  it.each(files)('%s', async (file) => {
    const { result } = await classify(readFileSync(join(CORPUS, file)));
    expect(result.kind).toBe(expectedKind(file));
    if (result.kind === 'hard_bounce') {
      expect(result.status).toMatch(/^5/);
      expect(result.recipients.length).toBeGreaterThan(0);
    }
  });

  it('finds the failed recipient and status of a standard report', async () => {
    const { result } = await classify(readFileSync(join(CORPUS, 'rfc3464-01.eml')));
    expect(result).toMatchObject({
      kind: 'hard_bounce',
      status: '5.1.1',
      recipients: ['userunknown@bouncehammer.jp'],
    });
  });

  it('finds the returned original message id in a bounce', async () => {
    const { mail } = await classify(readFileSync(join(CORPUS, 'rfc3464-01.eml')));
    expect(referencedMessageIds(mail.facts)).toContain('E1C50F1B-1C83-4820-BC36-AC6FBFBE8568@example.org');
  });

  it('finds the complaining recipient of an ARF report', async () => {
    const { result } = await classify(readFileSync(join(CORPUS, 'arf-01.eml')));
    expect(result.kind).toBe('complaint');
    if (result.kind === 'complaint') expect(result.feedbackType).toBe('abuse');
  });
});

const dsn = (
  action: string,
  status: string,
  subject = 'Delivery Status Notification',
) => `From: MAILER-DAEMON@mx.example.se
To: studs+abc@svar.example.se
Subject: ${subject}
Message-ID: <dsn1@mx.example.se>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

Your message could not be delivered.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.se

Final-Recipient: rfc822; Anna@Example.SE
Action: ${action}
Status: ${status}
Diagnostic-Code: smtp; ${status.startsWith('4') ? '452 4.2.2 Mailbox full' : '550 5.1.1 User unknown'}

--B
Content-Type: text/rfc822-headers

Message-ID: <m1.c1@crm.example.se>
Subject: Nyhetsbrev

--B--
`;

describe('classifyMail on edge cases', () => {
  it('a standard 5.x.x report is a hard bounce, with the address and the original id', async () => {
    const { mail, result } = await classify(dsn('failed', '5.1.1'));
    expect(result).toMatchObject({ kind: 'hard_bounce', status: '5.1.1', recipients: ['anna@example.se'] });
    expect(referencedMessageIds(mail.facts)).toEqual(['m1.c1@crm.example.se']);
  });

  it('a delayed 4.x.x report is a soft bounce', async () => {
    const { result } = await classify(dsn('delayed', '4.2.2', 'Delivery Status Notification (Delay)'));
    expect(result).toMatchObject({ kind: 'soft_bounce', status: '4.2.2' });
  });

  it('a failed 4.x.x report is a soft bounce', async () => {
    const { result } = await classify(dsn('failed', '4.4.7'));
    expect(result.kind).toBe('soft_bounce');
  });

  it('a report of successful delivery is no bounce', async () => {
    const { result } = await classify(dsn('delivered', '2.0.0', 'Delivered: Nyhetsbrev'));
    expect(result.kind).toBe('auto_reply');
  });

  it('a non-standard bounce from MAILER-DAEMON with only an SMTP code', async () => {
    const { result } = await classify(`From: Mail Delivery System <MAILER-DAEMON@mx.example.se>
To: info@example.se
Subject: Undelivered Mail Returned to Sender
Message-ID: <x1@mx.example.se>

I'm sorry to have to inform you that your message could not be delivered.

<gone@example.se>: host mx.example.se said: 550 Requested action not taken: mailbox unavailable
`);
    expect(result).toMatchObject({ kind: 'hard_bounce', status: '550', recipients: ['gone@example.se'] });
  });

  it('a Gmail-style delay warning without a code is soft', async () => {
    const { result } = await classify(`From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
To: info@example.se
Subject: Delivery Status Notification (Delay)
Message-ID: <x2@google.com>

Delivery to the following recipient has been delayed:

     slow@example.se

Message will be retried for 2 more day(s)
`);
    expect(result.kind).toBe('soft_bounce');
  });

  it('a bounce in Swedish from postmaster', async () => {
    const { result } = await classify(`From: postmaster@example.se
To: info@example.se
Subject: Olevererbart: Inbjudan
Message-ID: <x3@example.se>

Det gick inte att leverera till nisse@example.se. 550 5.1.1 Mottagaren finns inte.
`);
    expect(result).toMatchObject({ kind: 'hard_bounce', status: '5.1.1', recipients: ['nisse@example.se'] });
  });

  it('a person who writes "undeliverable" in a subject is not a bounce', async () => {
    const { result } = await classify(`From: Anna <anna@example.se>
To: svar+abc@svar.example.se
Subject: Re: Undeliverable parcels at the meeting
Message-ID: <p1@example.se>

Hej, jag kommer gärna.
`);
    expect(result.kind).toBe('reply');
  });

  it('a postmaster writing about something else is not a bounce', async () => {
    const { result } = await classify(`From: postmaster@example.se
To: info@example.se
Subject: Ny adress till kansliet
Message-ID: <p2@example.se>

Hej! Vi har bytt adress.
`);
    expect(result.kind).toBe('reply');
  });

  it.each([
    ['Auto-Submitted: auto-replied', 'Hej'],
    ['X-Autoreply: yes', 'Hej'],
    ['X-Autorespond: yes', 'Hej'],
    ['Precedence: auto_reply', 'Hej'],
    ['Precedence: bulk', 'Hej'],
    ['Precedence: junk', 'Hej'],
    ['X-Nothing: 1', 'Automatiskt svar: Inbjudan'],
    ['X-Nothing: 1', 'Autosvar: Inbjudan'],
    ['X-Nothing: 1', 'Out of Office: Inbjudan'],
    ['X-Nothing: 1', 'Frånvaro: Inbjudan'],
  ])('%s / %s is an auto-reply', async (headerLine, subject) => {
    const { result } = await classify(`From: anna@example.se
To: svar+abc@svar.example.se
Subject: ${subject}
${headerLine}
Message-ID: <a1@example.se>

Jag är på semester.
`);
    expect(result.kind).toBe('auto_reply');
  });

  it('Auto-Submitted: no is a person', async () => {
    const { result } = await classify(`From: anna@example.se
Subject: Re: Inbjudan
Auto-Submitted: no
Message-ID: <a2@example.se>

Ja tack.
`);
    expect(result.kind).toBe('reply');
  });

  it('a complaint without multipart/report parameters is still found by its part', async () => {
    const { result } = await classify(`From: fbl@isp.example
Subject: Complaint
Message-ID: <c1@isp.example>
Content-Type: multipart/mixed; boundary="B"

--B
Content-Type: text/plain

A complaint.
--B
Content-Type: message/feedback-report

Feedback-Type: abuse
Original-Rcpt-To: <Klagare@Example.se>

--B--
`);
    expect(result).toMatchObject({ kind: 'complaint', recipients: ['klagare@example.se'] });
  });

  it('what is not mail is unreadable, with a reason', async () => {
    await expect(readMail(Buffer.alloc(0))).rejects.toBeInstanceOf(UnreadableMail);
    await expect(readMail(Buffer.from('just some bytes without any header\r\n'))).rejects.toThrow(
      /brevhuvud/,
    );
    await expect(readMail(Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02]))).rejects.toBeInstanceOf(
      UnreadableMail,
    );
  });
});

describe('replyTextOf', () => {
  it('keeps the reply and drops the quoted message', () => {
    expect(
      replyTextOf(
        'Ja, vi kommer.\n\nDen 3 dec. 2026 kl. 10:00 skrev Förbundet <info@example.se>:\n> Välkommen\n> till mötet',
      ),
    ).toBe('Ja, vi kommer.');
    expect(
      replyTextOf('Yes!\n\nOn Thu, Dec 3, 2026 at 10:00 AM Förbundet <info@example.se>\nwrote:\n> hi'),
    ).toBe('Yes!');
    expect(replyTextOf('Sure\n-----Original Message-----\nFrom: x')).toBe('Sure');
    expect(replyTextOf('Absolut\n\nFrån: Förbundet\nSkickat: den 3 december\nÄmne: Inbjudan')).toBe(
      'Absolut',
    );
    expect(replyTextOf('rad ett\n> citat\nrad två')).toBe('rad ett\nrad två');
  });
});
