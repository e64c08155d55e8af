import { Clock } from '@app/common';
import { AppConfig } from '@app/config';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ImapFlow } from 'imapflow';
import { ImapHighWaterRepository } from './imap-high-water.repository';
import { InboundMailSink } from './inbound-mail-sink';

/** The keyword a taken message gets (with \Seen) when no INBOUND_IMAP_DONE_FOLDER is set. */
export const IMAP_PROCESSED_KEYWORD = 'CrmProcessed';

/** The header put before the headers of a message too large to take whole (INBOUND_MAX_MESSAGE_BYTES). */
export const TRUNCATED_HEADER = 'X-Crm-Inbound-Truncated';

/** How long a shutdown waits for a poll in flight to finish its message before cutting the connection. */
const STOP_WAIT_MS = 10_000;

/** What one poll did. `locked`: another process was polling the mailbox, so this one did nothing. */
export type ImapPollResult =
  | { status: 'locked' }
  | { status: 'done'; taken: number; truncated: number }
  | { status: 'failed'; taken: number; truncated: number; error: string };

/**
 * Polls one IMAP mailbox and hands every new message to the inbound handler (InboundMailSink), oldest UID
 * first. A restart never takes a message twice: the mailbox's UIDVALIDITY and the highest UID the handler has
 * stored are kept in PostgreSQL, and only UIDs above it are fetched. A message the handler throws on (nothing
 * stored) ends the poll there, so the next poll takes it again. One poller at a time per mailbox, over all
 * processes: a PostgreSQL advisory lock around each poll (the high-water mark lives in PostgreSQL anyway, and a
 * dead process loses the lock with its connection, so no Redis scheduling is needed). Errors are logged without
 * the password and retried next interval; nothing here ends the process.
 */
@Injectable()
export class ImapPollerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ImapPoller');
  private timer: NodeJS.Timeout | null = null;
  private polls: Promise<unknown> = Promise.resolve();
  private stopping = false;
  /** The connection of the poll in flight, so a shutdown can cut one that hangs. */
  private client: ImapFlow | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly sink: InboundMailSink,
    private readonly highWater: ImapHighWaterRepository,
    private readonly clock: Clock,
  ) {}

  /** The mailbox's name in our table and in the messages' origin: account, server and folder. */
  get mailboxKey(): string {
    const c = this.config;
    return `${c.INBOUND_IMAP_USER ?? ''}@${c.INBOUND_IMAP_HOST ?? ''}/${c.INBOUND_IMAP_FOLDER}`;
  }

  onApplicationBootstrap(): void {
    if (!this.config.inboundImapEnabled) return;
    this.logger.log(
      `Hämtar inkommande e-post från ${this.mailboxKey} var ${this.config.INBOUND_IMAP_INTERVAL_SECONDS}:e sekund`,
    );
    this.schedule(1_000);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // A poll in flight stops after the message it is on (see poll) and closes its connection; one that hangs on
    // the server is cut after a while (its message, not yet recorded, is taken again after the restart).
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      this.polls.then(
        () => true,
        () => true,
      ),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), STOP_WAIT_MS))),
    ]);
    clearTimeout(timer);
    if (!finished) {
      this.logger.warn('Hämtningen från IMAP svarar inte vid avstängningen; anslutningen bryts');
      this.client?.close();
      await this.polls.catch(() => undefined);
    }
  }

  /**
   * One poll, after any poll of this instance already running (so a test, or staff, calling it sees a poll that
   * started after the call). Never throws: a failure is in the result, the log and the system status.
   */
  pollOnce(): Promise<ImapPollResult> {
    const next = this.polls.catch(() => undefined).then(() => this.pollLocked());
    this.polls = next;
    return next;
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.pollOnce().finally(() => this.schedule(this.config.INBOUND_IMAP_INTERVAL_SECONDS * 1000));
    }, delayMs);
    this.timer.unref();
  }

  private async pollLocked(): Promise<ImapPollResult> {
    const mailbox = this.mailboxKey;
    try {
      const outcome = await this.highWater.withMailboxLock(mailbox, () => this.poll(mailbox));
      if (!outcome.locked) {
        this.logger.debug(`${mailbox}: en annan process hämtar just nu; hoppar över`);
        return { status: 'locked' };
      }
      return outcome.value;
    } catch (err) {
      // The database itself failed (the lock, the table): nothing was taken that is not recorded.
      const error = describeError(err);
      this.logger.error(`Hämtningen från ${mailbox} misslyckades: ${error}`);
      return { status: 'failed', taken: 0, truncated: 0, error };
    }
  }

  private async poll(mailbox: string): Promise<ImapPollResult> {
    const c = this.config;
    const client = new ImapFlow({
      host: c.INBOUND_IMAP_HOST,
      port: c.INBOUND_IMAP_PORT,
      secure: c.INBOUND_IMAP_SECURE === 'true',
      auth: { user: c.INBOUND_IMAP_USER ?? '', pass: c.INBOUND_IMAP_PASSWORD ?? '' },
      // imapflow logs to stdout by default, commands and all; our log lines say what matters.
      logger: false,
      disableAutoIdle: true,
      // A server that stops answering fails the poll (retried next interval) instead of holding the lock for long.
      connectionTimeout: 30_000,
      greetingTimeout: 15_000,
      socketTimeout: 120_000,
    });
    this.client = client;
    // An 'error' event without a listener would end the process; the failing command rejects anyway.
    client.on('error', (err: unknown) => this.logger.debug(`IMAP-anslutningen: ${describeError(err)}`));
    let opened = false;
    let taken = 0;
    let truncated = 0;
    try {
      await client.connect();
      const lock = await client.getMailboxLock(c.INBOUND_IMAP_FOLDER);
      try {
        opened = true;
        const box = client.mailbox;
        if (!box) throw new Error(`mappen ${c.INBOUND_IMAP_FOLDER} kunde inte öppnas`);
        const uidValidity = String(box.uidValidity);
        const stored = await this.highWater.find(mailbox);
        let lastUid = 0;
        if (stored && stored.uidValidity === uidValidity) {
          lastUid = stored.lastUid;
        } else {
          if (stored && stored.uidValidity !== '')
            this.logger.warn(
              `${mailbox}: UIDVALIDITY ändrades (${stored.uidValidity} → ${uidValidity}); mappen läses om från början, ` +
                'redan mottagna meddelanden känns igen på Message-ID',
            );
          await this.highWater.startOver(mailbox, uidValidity, this.clock.now());
        }
        const pending = box.exists === 0 ? [] : await this.newMessages(client, lastUid);
        for (const { uid, size } of pending) {
          if (this.stopping) break;
          const tooLarge = size > c.INBOUND_MAX_MESSAGE_BYTES;
          const raw = await this.download(client, uid, size, tooLarge);
          if (raw === null) continue; // expunged meanwhile: nothing to take
          try {
            await this.sink.receive(raw, { kind: 'imap', mailbox, uidValidity, uid });
          } catch (err) {
            const error = `meddelande UID ${uid} kunde inte tas emot (tas igen vid nästa hämtning): ${describeError(err)}`;
            this.logger.error(`${mailbox}: ${error}`);
            await this.highWater.recordPoll(mailbox, this.clock.now(), error);
            return { status: 'failed', taken, truncated, error };
          }
          await this.highWater.advance(mailbox, uidValidity, uid, tooLarge, this.clock.now());
          taken += 1;
          if (tooLarge) {
            truncated += 1;
            this.logger.warn(
              `${mailbox}: meddelande UID ${uid} är ${size} byte (gräns INBOUND_MAX_MESSAGE_BYTES=` +
                `${c.INBOUND_MAX_MESSAGE_BYTES}); bara dess huvud lämnades vidare`,
            );
          }
          await this.markDone(client, uid);
        }
      } finally {
        lock.release();
      }
      await this.highWater.recordPoll(mailbox, this.clock.now(), null);
      if (taken > 0) this.logger.log(`${mailbox}: ${taken} meddelanden mottagna`);
      return { status: 'done', taken, truncated };
    } catch (err) {
      const error = `${c.INBOUND_IMAP_HOST}:${c.INBOUND_IMAP_PORT}: ${describeError(err)}`;
      this.logger.error(`Hämtningen från ${mailbox} misslyckades (försöker igen nästa gång): ${error}`);
      await (
        opened
          ? this.highWater.recordPoll(mailbox, this.clock.now(), error)
          : this.highWater.recordFailureBeforeOpen(mailbox, this.clock.now(), error)
      ).catch(() => undefined);
      return { status: 'failed', taken, truncated, error };
    } finally {
      await client.logout().catch(() => client.close());
      this.client = null;
    }
  }

  /** UIDs above the high-water mark with their sizes, oldest first (`N:*` also names the last message when none is above N). */
  private async newMessages(client: ImapFlow, lastUid: number): Promise<{ uid: number; size: number }[]> {
    const found = await client.fetchAll(`${lastUid + 1}:*`, { uid: true, size: true }, { uid: true });
    return found
      .filter((m) => m.uid > lastUid)
      .map((m) => ({ uid: m.uid, size: m.size ?? 0 }))
      .sort((a, b) => a.uid - b.uid);
  }

  /**
   * The message as the server keeps it; one above the size limit as its headers only, after a header saying so,
   * so the handler still learns who wrote and what it answers, and the mailbox is not stuck on it.
   */
  private async download(
    client: ImapFlow,
    uid: number,
    size: number,
    tooLarge: boolean,
  ): Promise<Buffer | null> {
    if (!tooLarge) {
      const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
      return message && message.source ? message.source : null;
    }
    const message = await client.fetchOne(String(uid), { headers: true }, { uid: true });
    if (!message || !message.headers) return null;
    return Buffer.concat([Buffer.from(`${TRUNCATED_HEADER}: size=${size}\r\n`), message.headers]);
  }

  /** Moved to INBOUND_IMAP_DONE_FOLDER, or flagged \Seen and CrmProcessed so a person sees it was taken. */
  private async markDone(client: ImapFlow, uid: number): Promise<void> {
    const done = this.config.INBOUND_IMAP_DONE_FOLDER;
    if (done) await client.messageMove(String(uid), done, { uid: true });
    else await client.messageFlagsAdd(String(uid), ['\\Seen', IMAP_PROCESSED_KEYWORD], { uid: true });
  }
}

/** An error as it may be logged and shown to staff: imapflow's server answer, never the credentials. */
function describeError(err: unknown): string {
  if (typeof err !== 'object' || err === null) return String(err).slice(0, 300);
  const e = err as {
    message?: unknown;
    code?: unknown;
    responseText?: unknown;
    authenticationFailed?: unknown;
  };
  if (e.authenticationFailed === true) return 'inloggningen nekades (fel användare eller lösenord)';
  const parts = [typeof e.message === 'string' ? e.message : 'okänt fel'];
  if (typeof e.responseText === 'string' && e.responseText !== '') parts.push(e.responseText);
  if (typeof e.code === 'string') parts.push(`(${e.code})`);
  return parts.join(' – ').slice(0, 500);
}
