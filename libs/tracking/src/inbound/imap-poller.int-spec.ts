import { SystemClock } from '@app/common';
import { loadConfig } from '@app/config';
import { Logger } from '@nestjs/common';
import { ImapFlow } from 'imapflow';
import { readFileSync } from 'node:fs';
import { AddressInfo, createServer, Socket } from 'node:net';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import {
  appendMessages,
  describeWithDovecot,
  Dovecot,
  flagsIn,
  startDovecot,
  withImap,
} from '../../../../test/support/dovecot';
import { RecordingInboundSink } from '../../../../test/support/recording-inbound-sink';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { waitFor } from '../../../../test/support/wait-for';
import { ImapHighWaterRepository } from './imap-high-water.repository';
import { IMAP_PROCESSED_KEYWORD, ImapPollerService, TRUNCATED_HEADER } from './imap-poller.service';

const FIXTURES = join(__dirname, '../../../../test/fixtures/inbound-mail');
const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));
/** IMAP hands messages back with CRLF line ends, whatever was appended. */
const crlf = (b: Buffer): string => b.toString('latin1').replace(/\r?\n/g, '\r\n');

const REPLY = 'is-not-bounce-01.eml';
const DSN = 'rfc3464-01.eml';
const ARF = 'arf-01.eml';
const OUT_OF_OFFICE = 'rfc3834-01.eml';
/** Not a message at all: no header, a line that is no header, bytes that are no text. */
const MALFORMED = Buffer.from('Det här är inget e-brev\r\n: : :\r\n\xff\xfe\xfd trasigt\r\n', 'latin1');

describeWithDovecot('IMAP poller against a real dovecot', () => {
  let dovecot: Dovecot;
  let db: TestDatabase;
  let dataSource: DataSource;
  let users = 0;

  beforeAll(async () => {
    Logger.overrideLogger(false); // the poller's log lines are checked through its results and status
    const mailboxes = Array.from({ length: 10 }, (_, i) => `svar${i + 1}@example.se`);
    [dovecot, db] = await Promise.all([startDovecot(mailboxes), createTestDatabase()]);
    dataSource = await new DataSource({ type: 'postgres', url: db.url, extra: { max: 6 } }).initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
    await dovecot?.stop();
  });

  /** A mailbox of its own per test (made at the start: dovecot may not see a users file changed within a second). */
  const newUser = (): string => `svar${++users}@example.se`;

  function pollerFor(
    user: string,
    sink: RecordingInboundSink,
    env: Record<string, string> = {},
  ): ImapPollerService {
    const config = loadConfig({
      INBOUND_IMAP_HOST: dovecot.host,
      INBOUND_IMAP_PORT: String(dovecot.port),
      INBOUND_IMAP_SECURE: 'false',
      INBOUND_IMAP_USER: user,
      INBOUND_IMAP_PASSWORD: dovecot.password,
      ...env,
    });
    return new ImapPollerService(config, sink, new ImapHighWaterRepository(dataSource), new SystemClock());
  }

  const append = (user: string, messages: Buffer[], folder = 'INBOX'): Promise<void> =>
    appendMessages(dovecot, user, messages, folder);
  const flagsOf = (user: string, folder = 'INBOX') => flagsIn(dovecot, user, folder);
  const withClient = <T>(user: string, fn: (client: ImapFlow) => Promise<T>) => withImap(dovecot, user, fn);

  it('hands each message to the sink once, in order, flags it, and takes nothing again, even after a restart', async () => {
    const user = newUser();
    const files = [REPLY, DSN, ARF, OUT_OF_OFFICE].map(fixture);
    await append(user, [...files, MALFORMED]);
    const sink = new RecordingInboundSink();
    const poller = pollerFor(user, sink);

    expect(await poller.pollOnce()).toEqual({ status: 'done', taken: 5, truncated: 0 });
    expect(sink.received.map((r) => crlf(r.raw))).toEqual([...files, MALFORMED].map(crlf));
    const origins = sink.received.map((r) => r.origin);
    expect(origins.map((o) => o.kind)).toEqual(['imap', 'imap', 'imap', 'imap', 'imap']);
    expect(origins.map((o) => (o.kind === 'imap' ? o.uid : 0))).toEqual([1, 2, 3, 4, 5]);
    expect(origins[0]).toMatchObject({ mailbox: `${user}@127.0.0.1/INBOX`, uidValidity: expect.any(String) });
    for (const m of await flagsOf(user)) expect(m.flags).toEqual([IMAP_PROCESSED_KEYWORD, '\\Seen']);

    expect(await poller.pollOnce()).toEqual({ status: 'done', taken: 0, truncated: 0 });
    const restarted = pollerFor(user, sink);
    expect(await restarted.pollOnce()).toEqual({ status: 'done', taken: 0, truncated: 0 });
    expect(sink.received).toHaveLength(5);

    // Only what arrives later is taken next.
    await append(user, [fixture('rfc3834-02.eml')]);
    expect(await restarted.pollOnce()).toMatchObject({ status: 'done', taken: 1 });
    expect(sink.received).toHaveLength(6);
    expect(sink.received[5].origin).toMatchObject({ uid: 6 });

    const [status] = await new ImapHighWaterRepository(dataSource)
      .statuses()
      .then((all) => all.filter((s) => s.mailbox.startsWith(`${user}@`)));
    expect(status).toMatchObject({ messagesTaken: 6, messagesTruncated: 0, lastError: null });
    expect(status.lastPollAt).toBeInstanceOf(Date);
  });

  it('stops a poll at a message the sink throws on, and the next poll takes it and the rest, each once', async () => {
    const user = newUser();
    const files = [REPLY, DSN, ARF, OUT_OF_OFFICE].map(fixture);
    await append(user, files);
    const sink = new RecordingInboundSink();
    sink.failWhen = (raw) => raw.includes('000000000000000.000000000000@x34.mx.example.net'); // the ARF report
    const poller = pollerFor(user, sink);

    const failed = await poller.pollOnce();
    expect(failed).toMatchObject({ status: 'failed', taken: 2 });
    expect(sink.received).toHaveLength(2);
    const flags = await flagsOf(user);
    expect(flags.map((m) => m.flags.includes('\\Seen'))).toEqual([true, true, false, false]);
    const statuses = await new ImapHighWaterRepository(dataSource).statuses();
    expect(statuses.find((s) => s.mailbox.startsWith(`${user}@`))?.lastError).toMatch(/UID 3/);

    // Still failing: the poll stops at the same message again, nothing is skipped past it.
    expect(await poller.pollOnce()).toMatchObject({ status: 'failed', taken: 0 });
    expect(sink.failures).toBe(2);

    sink.failWhen = null;
    expect(await poller.pollOnce()).toEqual({ status: 'done', taken: 2, truncated: 0 });
    expect(sink.received.map((r) => crlf(r.raw))).toEqual(files.map(crlf));
    expect(await poller.pollOnce()).toMatchObject({ taken: 0 });
  });

  it('starts a mailbox over when its UIDVALIDITY changes', async () => {
    const user = newUser();
    await withClient(user, (c) => c.mailboxCreate('Svar'));
    await append(user, [fixture(REPLY), fixture(DSN)], 'Svar');
    const sink = new RecordingInboundSink();
    const poller = pollerFor(user, sink, { INBOUND_IMAP_FOLDER: 'Svar' });
    expect(await poller.pollOnce()).toMatchObject({ status: 'done', taken: 2 });

    // The folder made anew (as a server restored from backup might): the same UIDs now name other messages.
    await withClient(user, async (c) => {
      await c.mailboxDelete('Svar');
      await c.mailboxCreate('Svar');
    });
    await append(user, [fixture(REPLY), fixture(DSN), fixture(ARF)], 'Svar');
    expect(await poller.pollOnce()).toMatchObject({ status: 'done', taken: 3 });
    const [first, , again] = sink.received.map((r) => r.origin);
    expect(again).toMatchObject({ kind: 'imap', uid: 1 });
    expect(first.kind === 'imap' && again.kind === 'imap' && first.uidValidity !== again.uidValidity).toBe(
      true,
    );
    // The sink sees the two old messages again; the real handler knows them by Message-ID (duplicate: true).
    expect(crlf(sink.received[2].raw)).toBe(crlf(fixture(REPLY)));
    expect(await poller.pollOnce()).toMatchObject({ taken: 0 });
  });

  it('lets one of two pollers at a time into a mailbox: each message is taken once', async () => {
    const user = newUser();
    const files = [REPLY, DSN, ARF, OUT_OF_OFFICE, 'rfc3834-02.eml', 'arf-02.eml'].map(fixture);
    await append(user, files);
    const sink = new RecordingInboundSink();
    // A slow handler keeps the first poll holding the mailbox while the second tries.
    const receive = sink.receive.bind(sink);
    sink.receive = async (raw, origin) => {
      await new Promise((r) => setTimeout(r, 30));
      return receive(raw, origin);
    };
    const [a, b] = [pollerFor(user, sink), pollerFor(user, sink)];
    const results = await Promise.all([a.pollOnce(), b.pollOnce(), a.pollOnce(), b.pollOnce()]);
    expect(results.some((r) => r.status === 'locked')).toBe(true);
    await Promise.all([a.pollOnce(), b.pollOnce()]);
    await a.pollOnce();
    expect(sink.received.map((r) => (r.origin.kind === 'imap' ? r.origin.uid : 0))).toEqual([
      1, 2, 3, 4, 5, 6,
    ]);
  });

  it('moves taken messages to INBOUND_IMAP_DONE_FOLDER, and hands on only the headers of one above the size limit', async () => {
    const user = newUser();
    await withClient(user, (c) => c.mailboxCreate('Klart'));
    const big = fixture('is-not-bounce-02.eml'); // 6 270 bytes
    await append(user, [fixture(REPLY), big]);
    const sink = new RecordingInboundSink();
    const poller = pollerFor(user, sink, {
      INBOUND_IMAP_DONE_FOLDER: 'Klart',
      INBOUND_MAX_MESSAGE_BYTES: '4096',
    });

    expect(await poller.pollOnce()).toEqual({ status: 'done', taken: 2, truncated: 1 });
    expect(await flagsOf(user)).toEqual([]);
    expect(await flagsOf(user, 'Klart')).toHaveLength(2);
    const truncated = sink.received[1].raw.toString('latin1');
    expect(truncated).toMatch(new RegExp(`^${TRUNCATED_HEADER}: size=\\d+\r\n`));
    expect(truncated).toContain('Message-Id: <A3CE5E53-2501-4A47-9E48-ACB6137B9E96@example.com>');
    expect(truncated.endsWith('\r\n\r\n')).toBe(true);
    expect(sink.received[1].raw.length).toBeLessThan(4096);
    const statuses = await new ImapHighWaterRepository(dataSource).statuses();
    expect(statuses.find((s) => s.mailbox.startsWith(`${user}@`))).toMatchObject({
      messagesTaken: 2,
      messagesTruncated: 1,
    });
  });

  it('reports a wrong password or an unreachable server without the password, and never throws', async () => {
    const user = newUser();
    const sink = new RecordingInboundSink();
    const wrong = pollerFor(user, sink, { INBOUND_IMAP_PASSWORD: 'fel-losenord-XYZ' });
    const result = await wrong.pollOnce();
    expect(result).toMatchObject({ status: 'failed', error: expect.stringMatching(/inloggningen nekades/) });
    expect(JSON.stringify(result)).not.toContain('fel-losenord-XYZ');
    const statuses = await new ImapHighWaterRepository(dataSource).statuses();
    const status = statuses.find((s) => s.mailbox.startsWith(`${user}@`));
    expect(status?.lastError).toMatch(/inloggningen nekades/);
    expect(status?.lastError).not.toContain('fel-losenord-XYZ');

    const nobody = pollerFor(user, sink, { INBOUND_IMAP_PORT: '1' });
    expect(await nobody.pollOnce()).toMatchObject({ status: 'failed' });
    // The mailbox itself works afterwards.
    expect(await pollerFor(user, sink).pollOnce()).toMatchObject({ status: 'done', taken: 0 });
  });

  it('polls on its own once started, and stops cleanly', async () => {
    const user = newUser();
    await append(user, [fixture(REPLY)]);
    const sink = new RecordingInboundSink();
    const poller = pollerFor(user, sink);
    poller.onApplicationBootstrap();
    await waitFor(
      () => sink.received.length,
      (n) => n === 1,
      10_000,
    );
    await poller.onModuleDestroy();
    expect(sink.received).toHaveLength(1);
  });

  it('cuts a poll that hangs on a silent server at shutdown, and records the failure', async () => {
    // Accepts the connection and never says a word.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const user = newUser();
    const poller = pollerFor(user, new RecordingInboundSink(), { INBOUND_IMAP_PORT: String(port) });
    const polling = poller.pollOnce();
    await waitFor(
      () => sockets.length,
      (n) => n === 1,
    );
    const started = Date.now();
    await poller.onModuleDestroy();
    expect(Date.now() - started).toBeLessThan(14_000);
    expect(await polling).toMatchObject({ status: 'failed' });
    const statuses = await new ImapHighWaterRepository(dataSource).statuses();
    expect(statuses.find((s) => s.mailbox.startsWith(`${user}@`))?.lastError).toContain(`127.0.0.1:${port}`);
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => silent.close(resolve));
  }, 30_000);
});
