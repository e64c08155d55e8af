import { simpleParser } from 'mailparser';
import type { OutgoingMessage } from './mail-transport';
import { buildMimeMessage, encodeHeaderText, formatAddress } from './mime-message';

function message(over: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    from: { name: 'Förbundets kansli', address: 'kansli@example.se' },
    to: 'anna.oberg@exempel.se',
    subject: 'Inbjudan till dialogmöte i Region Jämtland Härjedalen',
    html: '<p>Hej Anna Öberg! Välkommen – 😀</p>',
    text: 'Hej Anna Öberg!\nVälkommen – 😀',
    messageId: 'm1.c1@crm.example.se',
    headers: {
      'List-Unsubscribe': '<https://crm.example.se/u/tok123>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    purpose: 'newsletter',
    ...over,
  };
}

describe('buildMimeMessage', () => {
  it('reads back as the same message: headers, Swedish text and HTML, the stable Message-ID', async () => {
    const raw = buildMimeMessage(
      message({ replyTo: 'svar@example.se', inReplyTo: 'a@x.se', references: ['a@x.se', 'b@x.se'] }),
      new Date('2026-12-03T10:00:00Z'),
    );
    const parsed = await simpleParser(raw);
    expect(parsed.from?.value).toEqual([{ name: 'Förbundets kansli', address: 'kansli@example.se' }]);
    expect(parsed.to && 'value' in parsed.to ? parsed.to.value[0].address : null).toBe(
      'anna.oberg@exempel.se',
    );
    expect(parsed.replyTo?.value[0].address).toBe('svar@example.se');
    expect(parsed.subject).toBe('Inbjudan till dialogmöte i Region Jämtland Härjedalen');
    expect(parsed.messageId).toBe('<m1.c1@crm.example.se>');
    expect(parsed.inReplyTo).toBe('<a@x.se>');
    expect(parsed.references).toEqual(['<a@x.se>', '<b@x.se>']);
    expect(parsed.date?.toISOString()).toBe('2026-12-03T10:00:00.000Z');
    expect(parsed.text).toBe('Hej Anna Öberg!\nVälkommen – 😀');
    expect(parsed.html).toBe('<p>Hej Anna Öberg! Välkommen – 😀</p>');
    expect(parsed.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    const header = raw.toString().split('\r\n\r\n')[0];
    expect(header).toMatch(/^List-Unsubscribe: <https:\/\/crm\.example\.se\/u\/tok123>$/m);
    expect(header).toMatch(/^MIME-Version: 1\.0$/m);
  });

  it('keeps every line within the limits, ended by CRLF, the body in 76-character base64', () => {
    const long = 'Återträff för kulturråd och förtroendevalda i Västra Götaland '.repeat(20);
    const raw = buildMimeMessage(message({ subject: long, html: `<p>${long}</p>`, text: long })).toString();
    expect(raw).not.toMatch(/[^\r]\n/);
    const lines = raw.split('\r\n');
    expect(Math.max(...lines.map((l) => Buffer.byteLength(l)))).toBeLessThanOrEqual(78);
    expect(raw).toMatch(/^Content-Transfer-Encoding: base64$/m);
  });

  it('cannot be made to carry a header of its own through a subject, a name or an address', async () => {
    const raw = buildMimeMessage(
      message({
        subject: 'Hej\r\nBcc: offer@evil.example',
        from: { name: 'Kansli\nBcc: offer@evil.example', address: 'kansli@example.se' },
        to: 'anna@exempel.se\r\nBcc: offer@evil.example',
      }),
    );
    const parsed = await simpleParser(raw);
    expect(parsed.bcc).toBeUndefined();
    expect(raw.toString()).not.toMatch(/^Bcc:/im);
    expect(parsed.subject).toBe('Hej Bcc: offer@evil.example');
  });

  it('quotes names with commas and quotes, and encodes what is not plain ASCII', async () => {
    expect(formatAddress('Kansli, "Syd"', 'a@b.se')).toBe('"Kansli, \\"Syd\\"" <a@b.se>');
    expect(formatAddress('', 'a@b.se')).toBe('a@b.se');
    expect(encodeHeaderText('Plain subject')).toBe('Plain subject');
    expect(encodeHeaderText('Söndag')).toBe(`=?UTF-8?B?${Buffer.from('Söndag').toString('base64')}?=`);
    // Text that looks like an encoded word is encoded, so a reader shows it as typed.
    const tricky = '=?UTF-8?B?SGVq?=';
    const parsed = await simpleParser(buildMimeMessage(message({ subject: tricky })));
    expect(parsed.subject).toBe(tricky);
    // Encoded words never split a character: 4-byte emoji across the 45-byte boundary read back whole.
    const emoji = '😀'.repeat(40);
    expect((await simpleParser(buildMimeMessage(message({ subject: emoji })))).subject).toBe(emoji);
  });

  it('carries attachments beside the text and HTML, a non-ASCII filename in RFC 2231 form', async () => {
    const ics = 'BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n';
    const parsed = await simpleParser(
      buildMimeMessage(
        message({
          attachments: [
            { filename: 'inbjudan.ics', contentType: 'text/calendar; method=REQUEST', content: ics },
            {
              filename: 'Möte i Östersund.pdf',
              contentType: 'application/pdf',
              content: Buffer.from([1, 2, 3]),
            },
          ],
        }),
      ),
    );
    expect(parsed.text).toBe('Hej Anna Öberg!\nVälkommen – 😀');
    expect(parsed.html).toBe('<p>Hej Anna Öberg! Välkommen – 😀</p>');
    expect(parsed.attachments.map((a) => [a.filename, a.contentType, a.content.length])).toEqual([
      ['inbjudan.ics', 'text/calendar', Buffer.byteLength(ics)],
      ['Möte i Östersund.pdf', 'application/pdf', 3],
    ]);
    expect(parsed.attachments[0].content.toString()).toBe(ics);
  });
});
