import { AppConfig, loadConfig } from '@app/config';
import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { connect } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTransport, Transporter } from 'nodemailer';
import { RecordingInboundSink } from '../../../../test/support/recording-inbound-sink';
import { InboundMailSink } from './inbound-mail-sink';
import { SmtpReceiverService } from './smtp-receiver.service';

const FIXTURES = join(__dirname, '../../../../test/fixtures/inbound-mail');
const CORPUS = readdirSync(FIXTURES).filter((f) => f.endsWith('.eml'));
/** SMTP carries lines ending CRLF; nodemailer writes a bare LF as CRLF on the way. */
const crlf = (b: Buffer): Buffer => Buffer.from(b.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');

const REPLY = readFileSync(join(FIXTURES, 'is-not-bounce-01.eml'));

describe('SMTP receiver for the reply domain (smtp-server, sent to with nodemailer)', () => {
  let sink: RecordingInboundSink;
  let receiver: SmtpReceiverService;
  let mailer: Transporter;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    sink = new RecordingInboundSink();
    receiver = new SmtpReceiverService(
      loadConfig({
        INBOUND_SMTP_PORT: '0',
        REPLY_DOMAIN: 'svar.example.se',
        INBOUND_MAX_MESSAGE_BYTES: '65536',
      }),
      sink,
    );
    await receiver.onApplicationBootstrap();
    const port = receiver.address()?.port;
    expect(port).toBeGreaterThan(0);
    mailer = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  });
  afterAll(async () => {
    mailer?.close();
    await receiver?.onModuleDestroy();
  });
  beforeEach(() => {
    sink.received.length = 0;
    sink.failWhen = null;
  });

  const send = (raw: Buffer, to: string[] = ['svar+abc123@svar.example.se'], from = 'anna@exempel.se') =>
    mailer.sendMail({ envelope: { from, to }, raw });

  it('hands an accepted message to the sink once, with the envelope as its origin, before answering 250', async () => {
    const info = await send(REPLY, ['svar+abc123@svar.example.se', 'Svar+xyz@SVAR.example.se']);
    expect(info.response).toMatch(/^250/);
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0].raw.equals(crlf(REPLY))).toBe(true);
    expect(sink.received[0].origin).toEqual({
      kind: 'smtp',
      remoteAddress: expect.stringMatching(/127\.0\.0\.1/),
      envelopeFrom: 'anna@exempel.se',
      recipients: ['svar+abc123@svar.example.se', 'Svar+xyz@svar.example.se'], // nodemailer lower-cases the domain
    });
  });

  it('refuses recipients outside REPLY_DOMAIN with 550, so it relays nothing', async () => {
    const refused = await send(REPLY, ['someone@example.com']).catch((e: { responseCode?: number }) => e);
    expect(refused).toMatchObject({ responseCode: 550 });
    const sub = await send(REPLY, ['x@sub.svar.example.se']).catch((e: { responseCode?: number }) => e);
    expect(sub).toMatchObject({ responseCode: 550 });
    // One good and one foreign recipient: only the good one is taken.
    const info = await send(REPLY, ['svar+1@svar.example.se', 'someone@example.com']);
    expect(info.rejected).toEqual(['someone@example.com']);
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0].origin).toMatchObject({ recipients: ['svar+1@svar.example.se'] });
  });

  it('refuses a message above INBOUND_MAX_MESSAGE_BYTES with 552 and hands on nothing', async () => {
    const big = Buffer.concat([
      Buffer.from('From: anna@exempel.se\r\nSubject: stor\r\n\r\n'),
      Buffer.from(`${'x'.repeat(76)}\r\n`.repeat(1000)),
    ]);
    const refused = await send(big).catch((e: { responseCode?: number }) => e);
    expect(refused).toMatchObject({ responseCode: 552 });
    // Also when the client does not announce the size beforehand (smtp-server then counts while receiving).
    const sizeless = createTransport({ host: '127.0.0.1', port: receiver.address()?.port, ignoreTLS: true });
    const stream = await import('node:stream');
    const refusedStream = await sizeless
      .sendMail({
        envelope: { from: 'anna@exempel.se', to: ['svar@svar.example.se'] },
        raw: stream.Readable.from([big]),
      })
      .catch((e: { responseCode?: number }) => e);
    sizeless.close();
    expect(refusedStream).toMatchObject({ responseCode: 552 });
    expect(sink.received).toHaveLength(0);
  });

  it('answers 451 when the sink stored nothing, and the sender’s retry is taken', async () => {
    sink.failWhen = () => true;
    const failed = await send(REPLY).catch((e: { responseCode?: number }) => e);
    expect(failed).toMatchObject({ responseCode: 451 });
    expect(sink.received).toHaveLength(0);
    sink.failWhen = null;
    await send(REPLY);
    expect(sink.received).toHaveLength(1);
  });

  it(`hands on all ${CORPUS.length} corpus messages byte for byte (as SMTP carries them, CRLF)`, async () => {
    expect(CORPUS.length).toBe(24);
    for (const name of CORPUS) await send(readFileSync(join(FIXTURES, name)));
    expect(sink.received).toHaveLength(CORPUS.length);
    CORPUS.forEach((name, i) => {
      const expected = crlf(readFileSync(join(FIXTURES, name)));
      expect({ name, same: sink.received[i].raw.equals(expected) }).toEqual({ name, same: true });
    });
  });
});

describe('SMTP receiver in a Nest application', () => {
  const config = (env: Record<string, string>): AppConfig =>
    loadConfig({ REPLY_DOMAIN: 'svar.example.se', ...env });
  const appWith = (c: AppConfig, sink: InboundMailSink) =>
    Test.createTestingModule({
      providers: [
        SmtpReceiverService,
        { provide: AppConfig, useValue: c },
        { provide: InboundMailSink, useValue: sink },
      ],
    }).compile();
  const refused = (port: number): Promise<boolean> =>
    new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });

  beforeAll(() => Logger.overrideLogger(false));

  it('listens from the application start until it closes, and not at all without INBOUND_SMTP_PORT', async () => {
    const sink = new RecordingInboundSink();
    const app = await appWith(config({ INBOUND_SMTP_PORT: '0' }), sink);
    await app.init();
    const port = app.get(SmtpReceiverService).address()?.port ?? 0;
    expect(port).toBeGreaterThan(0);
    const mailer = createTransport({ host: '127.0.0.1', port, ignoreTLS: true });
    await mailer.sendMail({ envelope: { from: 'a@exempel.se', to: ['svar@svar.example.se'] }, raw: REPLY });
    mailer.close();
    expect(sink.received).toHaveLength(1);
    await app.close();
    expect(await refused(port)).toBe(true);

    const off = await appWith(config({}), sink);
    await off.init();
    expect(off.get(SmtpReceiverService).address()).toBeNull();
    await off.close();
  });

  it('stops the start with one line naming the port and the variable when the port is taken', async () => {
    const sink = new RecordingInboundSink();
    const first = await appWith(config({ INBOUND_SMTP_PORT: '0' }), sink);
    await first.init();
    const port = String(first.get(SmtpReceiverService).address()?.port);
    const second = await appWith(config({ INBOUND_SMTP_PORT: port }), sink);
    const failure = await second.init().then(
      () => null,
      (err: Error) => err.message,
    );
    expect(failure).toBe(
      `Porten 127.0.0.1:${port} för SMTP-mottagningen är upptagen; ändra INBOUND_SMTP_PORT`,
    );
    await second.close().catch(() => undefined); // Nest's close() repeats the failed start's error
    await first.close();
  });
});
