import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { SinkAnswer, startSink } from '../../../../test/support/smtp-sink';
import { dkimProblem } from '../../../../test/support/dkim-verify';
import { SendFailure, OutgoingMessage } from './mail-transport';
import { stableMessageId, unsubscribeHeaders } from './message-headers';
import { SmtpTransport } from './smtp-transport';

const message = (overrides: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  from: { name: 'Förbundets kansli', address: 'kansli@example.se' },
  to: 'anna.oberg@exempel.se',
  replyTo: 'svar@example.se',
  subject: 'Inbjudan till dialogmöte i Region Dalarna',
  html: '<p>Hej Anna Öberg!</p>',
  text: 'Hej Anna Öberg!',
  messageId: stableMessageId('c1', 'p1', 'crm.example.se'),
  headers: unsubscribeHeaders('https://crm.example.se/u/tok123'),
  purpose: 'newsletter',
  ...overrides,
});

describe('SmtpTransport against a real SMTP server', () => {
  it('gives the envelope sender (VERP) as MAIL FROM, keeping the From header; without one, MAIL FROM is From', async () => {
    const sink = await startSink();
    const transport = new SmtpTransport({ url: sink.url });
    try {
      await transport.send(message({ envelopeFrom: 'studs+abc@svar.example.se' }));
      await transport.send(message());
      expect(sink.received.map((r) => [r.from, r.to])).toEqual([
        ['studs+abc@svar.example.se', 'anna.oberg@exempel.se'],
        ['kansli@example.se', 'anna.oberg@exempel.se'],
      ]);
      expect(sink.received[0].parsed.from?.value[0]?.address).toBe('kansli@example.se');
    } finally {
      await transport.close();
      await sink.close();
    }
  });

  it('delivers with the stable Message-ID, both List-Unsubscribe headers, HTML and plain text, DKIM over both', async () => {
    const sink = await startSink();
    const received = () => sink.received.map((r) => r.raw);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const transport = new SmtpTransport({
      url: sink.url,
      dkim: {
        domainName: 'example.se',
        keySelector: 'crm',
        privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
      },
    });
    try {
      const result = await transport.send(message());
      expect(result.response).toMatch(/^250/);
      expect(received()).toHaveLength(1);
      const parsed = await simpleParser(received()[0]);
      expect(parsed.messageId).toBe('<c1.p1@crm.example.se>');
      expect(received()[0].toString()).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
      expect(received()[0].toString()).toMatch(
        /^List-Unsubscribe: <https:\/\/crm\.example\.se\/u\/tok123>\r?$/m,
      );
      expect(parsed.subject).toBe('Inbjudan till dialogmöte i Region Dalarna');
      expect(parsed.text?.trim()).toBe('Hej Anna Öberg!');
      expect(parsed.html).toContain('<p>Hej Anna Öberg!</p>');
      const signature = /^DKIM-Signature:([\s\S]*?)\r\n(?=\S)/m.exec(received()[0].toString())?.[1] ?? '';
      const signedFields =
        /\bh=([^;]+)/.exec(signature.replace(/\s+/g, ''))?.[1].toLowerCase().split(':') ?? [];
      // The signature holds, checked independently of the signer; and the check fails on a changed body.
      expect(dkimProblem(received()[0], createPublicKey(privateKey))).toBeNull();
      const tampered = Buffer.from(received()[0].toString().replace('\r\n\r\n', '\r\n\r\nX'));
      expect(dkimProblem(tampered, createPublicKey(privateKey))).toBe('kroppens hash stämmer inte');
      expect(signedFields).toEqual(
        expect.arrayContaining([
          'list-unsubscribe',
          'list-unsubscribe-post',
          'from',
          'subject',
          'message-id',
        ]),
      );
    } finally {
      await transport.close();
      await sink.close();
    }
  });

  it('classifies 451 as temporary, 550 5.1.1 as permanent no-such-user, and a lost connection after DATA as uncertain', async () => {
    const answers: SinkAnswer[] = [
      { code: 451, text: '4.3.0 Försök igen senare' },
      { code: 550, text: '5.1.1 <x@exempel.se>: Recipient address rejected: User unknown' },
      { code: 552, text: '5.3.4 Message too big' },
      // The server got the whole message, then the connection dies before the reply: it may have been delivered.
      { drop: true },
    ];
    let n = 0;
    const sink = await startSink();
    sink.answer = () => answers[n++];
    const transport = new SmtpTransport({ url: sink.url, maxConnections: 1 });
    const failureOf = async () => {
      try {
        await transport.send(message());
      } catch (err) {
        return err as SendFailure;
      }
      throw new Error('expected the send to fail');
    };
    try {
      const temporary = await failureOf();
      expect(temporary).toMatchObject({
        kind: 'temporary',
        smtp: { responseCode: 451, enhancedCode: '4.3.0' },
      });
      const unknownUser = await failureOf();
      expect(unknownUser).toMatchObject({
        kind: 'permanent',
        smtp: { responseCode: 550, enhancedCode: '5.1.1' },
      });
      const tooBig = await failureOf();
      expect(tooBig).toMatchObject({ kind: 'permanent' });
      expect(tooBig.smtp.enhancedCode?.startsWith('5.1.')).not.toBe(true);
      const lost = await failureOf();
      expect(lost.kind).toBe('uncertain');
    } finally {
      await transport.close();
      await sink.close();
    }
  });

  it('treats a refused connection as temporary', async () => {
    const sink = await startSink();
    const url = sink.url;
    await sink.close();
    const transport = new SmtpTransport({ url });
    try {
      await expect(transport.send(message())).rejects.toMatchObject({ kind: 'temporary' });
    } finally {
      await transport.close();
    }
  });
});
