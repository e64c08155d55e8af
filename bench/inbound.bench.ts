/**
 * Benchmark: inbound mail through POST /api/inbound and through the SMTP receiver of the reply domain. MESSAGES
 * (10,000) messages of mixed kinds (the corpus's bounces, complaints and auto-replies, and made-up replies and
 * bounces), each with a Message-ID of its own, sent CONCURRENCY at a time to the real API on a fresh database, then
 * as many more to its SMTP receiver (same process, same handler); printed as messages per second beside a baseline
 * measured in the same run: mailparser alone reading the same messages. Also classifies the corpus (with no
 * error) and says so. Prints figures; not a test.
 *
 *   npm run bench:inbound      (MESSAGES=10000, CONCURRENCY=16, BENCH_DATABASE_URL, REDIS_URL)
 */
import { loadConfig } from '@app/config';
import { classifyMail, INBOUND_KINDS, InboundMailSink, readMail, SmtpReceiverService } from '@app/tracking';
import { DataSource } from 'typeorm';
import { simpleParser } from 'mailparser';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { startBenchApi } from './support/bench-api';
import { createBenchDatabase } from './support/bench-database';

const CORPUS = join(__dirname, '../test/fixtures/inbound-mail');
const TARGET_PER_SECOND = 200;

const crlf = (text: string) => Buffer.from(text.replace(/\r?\n/g, '\r\n'));

function reply(i: number): Buffer {
  return crlf(`From: Person ${i} <person${i}@exempel.se>
To: kansli@forbundet.se
Subject: Re: Inbjudan till dialogmöte ${i}
Message-ID: <reply.${i}@exempel.se>
In-Reply-To: <unknown.${i}@crm.example.se>
Content-Type: text/plain; charset=utf-8

Hej! Jag kommer gärna. Hälsningar, person ${i}

Den 3 dec. 2026 skrev Förbundet <kansli@forbundet.se>:
> Välkommen till dialogmötet.
`);
}

function bounce(i: number): Buffer {
  const status = i % 3 === 0 ? '4.2.2' : '5.1.1';
  return crlf(`From: Mail Delivery System <MAILER-DAEMON@mx.exempel.se>
To: kansli@forbundet.se
Subject: Undelivered Mail Returned to Sender
Message-ID: <dsn.${i}@mx.exempel.se>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="BB"

--BB
Content-Type: text/plain

Your message could not be delivered.

--BB
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.exempel.se

Final-Recipient: rfc822; borta${i}@exempel.se
Action: ${status.startsWith('4') ? 'delayed' : 'failed'}
Status: ${status}

--BB--
`);
}

/**
 * A corpus file with a Message-ID of its own: the one in its header (whatever its case), or one added when the
 * header has none (a Message-ID further down belongs to the returned message, and stays).
 */
function corpusCopy(raw: Buffer, i: number): Buffer {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const head = end < 0 ? text : text.slice(0, end);
  const own = `Message-ID: <bench.${i}@bench>`;
  const field = /^message-id:[^\r\n]*(\r?\n[ \t][^\r\n]*)*/im;
  const newHead = field.test(head) ? head.replace(field, own) : `${own}\r\n${head}`;
  return Buffer.from(newHead + text.slice(head.length), 'latin1');
}

// Plain JavaScript, run in a thread of its own (no TypeScript loader there): the client's work (fetch, reading
// the answers) then does not run on the thread that serves the API and count as the server's.
const CLIENT_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { base, cookie, messages, concurrency, kinds } = workerData;
  const got = Object.fromEntries(kinds.map((k) => [k, 0]));
  let failures = 0;
  let next = 0;
  const one = async () => {
    for (;;) {
      const i = next++;
      if (i >= messages.length) return;
      const res = await fetch(base + '/api/inbound', {
        method: 'POST',
        headers: { cookie, 'content-type': 'message/rfc822' },
        body: messages[i],
      });
      const body = await res.json();
      if (res.status !== 200 || !body.kind) failures++;
      else got[body.kind]++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, one));
  parentPort.postMessage({ got, failures });
})().catch((err) => parentPort.postMessage({ error: String(err && err.stack ? err.stack : err) }));
`;

// The same for the SMTP receiver: `concurrency` connections of a nodemailer pool, from a thread of its own.
const SMTP_CLIENT_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createTransport } = require(workerData.nodemailer);
(async () => {
  const { port, messages, concurrency } = workerData;
  const mailer = createTransport({ host: '127.0.0.1', port, pool: true, maxConnections: concurrency,
    maxMessages: Infinity, ignoreTLS: true });
  let failures = 0;
  let next = 0;
  const one = async () => {
    for (;;) {
      const i = next++;
      if (i >= messages.length) return;
      try {
        await mailer.sendMail({
          envelope: { from: 'mailer-daemon@mx.exempel.se', to: ['svar+bench@svar.example.se'] },
          raw: Buffer.from(messages[i]),
        });
      } catch {
        failures++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, one));
  mailer.close();
  parentPort.postMessage({ failures });
})().catch((err) => parentPort.postMessage({ error: String(err && err.stack ? err.stack : err) }));
`;

/** Sends every message to the SMTP receiver on `port`, `concurrency` at a time, from a client thread. */
function smtpAll(port: number, messages: Buffer[], concurrency: number): Promise<{ failures: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(SMTP_CLIENT_SOURCE, {
      eval: true,
      workerData: {
        port,
        nodemailer: require.resolve('nodemailer'),
        messages: messages.map((m) => new Uint8Array(m)),
        concurrency,
      },
    });
    worker.once('error', reject);
    worker.once('message', (msg: { failures?: number; error?: string }) => {
      void worker.terminate();
      if (msg.failures !== undefined) resolve({ failures: msg.failures });
      else reject(new Error(msg.error));
    });
  });
}

/** POSTs every message, `concurrency` at a time, from a client thread; the kinds answered and the failures. */
function postAll(
  base: string,
  cookie: string,
  messages: Buffer[],
  concurrency: number,
): Promise<{ got: Record<string, number>; failures: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CLIENT_SOURCE, {
      eval: true,
      workerData: {
        base,
        cookie,
        messages: messages.map((m) => new Uint8Array(m)),
        concurrency,
        kinds: [...INBOUND_KINDS],
      },
    });
    worker.once('error', reject);
    worker.once('message', (msg: { got?: Record<string, number>; failures?: number; error?: string }) => {
      void worker.terminate();
      if (msg.got) resolve({ got: msg.got, failures: msg.failures ?? 0 });
      else reject(new Error(msg.error));
    });
  });
}

const storedCount = async (api: { app: { get(t: typeof DataSource): DataSource } }): Promise<number> =>
  Number((await api.app.get(DataSource).query(`SELECT count(*)::int AS n FROM inbound_messages`))[0].n);

async function main(): Promise<void> {
  const total = Number(process.env.MESSAGES ?? 10_000);
  const concurrency = Number(process.env.CONCURRENCY ?? 16);
  const files = readdirSync(CORPUS)
    .filter((f) => f.endsWith('.eml'))
    .sort();
  const corpus = files.map((f) => readFileSync(join(CORPUS, f)));

  // The corpus, classified with no error.
  const kinds: Record<string, number> = {};
  for (const raw of corpus) {
    const kind = classifyMail((await readMail(raw)).facts).kind;
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
  console.log(`Korpusen (${corpus.length} filer) klassad utan fel: ${JSON.stringify(kinds)}`);

  // Each run its own messages (Message-IDs), so the second is not taken as duplicates of the first.
  const messagesFrom = (offset: number): Buffer[] =>
    Array.from({ length: total }, (_, n) => {
      const i = offset + n;
      const pick = n % 4;
      // Half replies and made-up bounces, half the corpus's files in turn.
      return pick === 0
        ? reply(i)
        : pick === 1
          ? bounce(i)
          : corpusCopy(corpus[Math.floor(n / 2) % corpus.length], i);
    });
  const messages = messagesFrom(0);
  const bytes = messages.reduce((n, m) => n + m.length, 0);

  // Baseline: mailparser alone, one after another, on the same messages.
  const p0 = process.hrtime.bigint();
  for (const m of messages) await simpleParser(m, { skipImageLinks: true, skipTextLinks: true });
  const parseSeconds = Number(process.hrtime.bigint() - p0) / 1e9;
  // And the whole reading and classifying, without HTTP and the database.
  const c0 = process.hrtime.bigint();
  for (const m of messages) classifyMail((await readMail(m)).facts);
  const classifySeconds = Number(process.hrtime.bigint() - c0) / 1e9;

  const db = await createBenchDatabase();
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const api = await startBenchApi({
    databaseUrl: db.url,
    redisUrl,
    queuePrefix: `bench-inbound-${randomBytes(3).toString('hex')}`,
  });
  try {
    const t0 = process.hrtime.bigint();
    const { got, failures } = await postAll(api.base, api.cookie, messages, concurrency);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const rate = total / seconds;
    console.log(`Meddelanden per slag: ${JSON.stringify(got)}; fel: ${failures}`);
    console.log(
      `POST /api/inbound: ${total} meddelanden (${(bytes / 1024 / 1024).toFixed(1)} MiB), ${concurrency} åt gången, ` +
        `på ${seconds.toFixed(1)} s: ${rate.toFixed(0)} meddelanden/s (mål ≥ ${TARGET_PER_SECOND}); ` +
        `baslinje mailparser ensam, samma meddelanden i följd: ${(total / parseSeconds).toFixed(0)} meddelanden/s ` +
        `(läsning och klassning utan HTTP och databas: ${(total / classifySeconds).toFixed(0)} meddelanden/s)`,
    );
    if (rate < TARGET_PER_SECOND)
      console.log(`UNDER MÅLET: ${rate.toFixed(0)} < ${TARGET_PER_SECOND} meddelanden/s (se maskinens last)`);
    if (failures > 0) process.exitCode = 1;

    // The SMTP receiver of the reply domain, in the same process, in front of the same handler.
    const receiver = new SmtpReceiverService(
      loadConfig({ REPLY_DOMAIN: 'svar.example.se', INBOUND_SMTP_PORT: '0' }),
      api.app.get(InboundMailSink),
    );
    await receiver.onApplicationBootstrap();
    try {
      const smtpMessages = messagesFrom(total);
      const before = await storedCount(api);
      const s0 = process.hrtime.bigint();
      const smtp = await smtpAll(receiver.address()!.port, smtpMessages, concurrency);
      const smtpSeconds = Number(process.hrtime.bigint() - s0) / 1e9;
      const stored = (await storedCount(api)) - before;
      const smtpRate = total / smtpSeconds;
      console.log(
        `SMTP-mottagningen: ${total} meddelanden, ${concurrency} anslutningar, på ${smtpSeconds.toFixed(1)} s: ` +
          `${smtpRate.toFixed(0)} meddelanden/s (mål ≥ ${TARGET_PER_SECOND}); ${stored} sparade, fel: ${smtp.failures}`,
      );
      if (smtpRate < TARGET_PER_SECOND)
        console.log(
          `UNDER MÅLET: ${smtpRate.toFixed(0)} < ${TARGET_PER_SECOND} meddelanden/s (se maskinens last)`,
        );
      if (smtp.failures > 0 || stored !== total) process.exitCode = 1;
    } finally {
      await receiver.onModuleDestroy();
    }
  } finally {
    await api.app.close();
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
