/**
 * Benchmark: sending 10,000 recipients end to end to a loopback SMTP sink (a process of its own), with state
 * persisted, against a baseline of raw nodemailer (pooled, same connections) sending the same messages,
 * rendered beforehand, to the same sink in the same run. Prints msg/s, the ratio and duplicates seen at the sink.
 * Not a test.
 *
 *   npm run bench:send        (RECIPIENTS=10000 WORKER_PROCESSES=0,2 DKIM=off,on; SMTP_POOL_CONNECTIONS and
 *                              SEND_CONCURRENCY default to the app's own defaults)
 *
 * "Hela systemet" is the product as it runs: CampaignSendingService.start snapshots the audience and enqueues
 * one BullMQ job per block of 25 ledger rows; the worker claims each row, renders, hands it to SmtpTransport and
 * records the answer with the next claim. WORKER_PROCESSES lists the set-ups to run: 0 = the API process's own
 * worker (PROCESS_ROLE=all, as `npm start`), n = n separate apps/worker processes.
 */
import 'reflect-metadata';
import { loadConfig } from '@app/config';
import { CampaignSendingService } from '@app/campaigns';
import {
  BUILT_IN_TEMPLATES,
  OutgoingMessage,
  stableMessageId,
  TemplateCompiler,
  unsubscribeHeaders,
} from '@app/mail';
import { PersonalLinksService, PublicTokenService, recipientVariables } from '@app/sending';
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import IORedis from 'ioredis';
import { createTransport } from 'nodemailer';
import { DataSource } from 'typeorm';
import { createApiApp } from '../apps/api/src/bootstrap';
import { createBenchDatabase, runImport } from './support/bench-database';
import { generateCsv } from './support/generate-contacts';
import { RemoteSmtpSink, startSmtpSinkProcess } from './support/smtp-sink';

const DOMAIN = 'crm.example.se';

/** A signing key for the runs with DKIM (production signs every message). */
interface DkimKey {
  pem: string;
}

function newDkimKey(): DkimKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { pem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString() };
}

interface PathResult {
  sent: number;
  seconds: number;
  duplicates: number;
}

/** Runs `work` for items 0..n-1 with at most `width` in flight. */
async function inParallel(n: number, width: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, n) }, async () => {
      while (next < n) await work(next++);
    }),
  );
}

function report(label: string, r: PathResult): void {
  console.log(
    `  ${label}: ${r.sent} meddelanden på ${r.seconds.toFixed(2)} s = ${Math.round(r.sent / r.seconds)} msg/s, dubbletter vid mottagaren: ${r.duplicates}`,
  );
}

async function baseline(
  sink: RemoteSmtpSink,
  messages: OutgoingMessage[],
  connections: number,
  dkim: DkimKey | null,
): Promise<PathResult> {
  await sink.reset();
  // The same pool settings as SmtpTransport, used directly: no database, no rendering, no bookkeeping.
  const transporter = createTransport({
    url: sink.url,
    pool: true,
    maxConnections: connections,
    maxMessages: 1000,
    dkim: dkim ? { domainName: 'example.se', keySelector: 'crm', privateKey: dkim.pem } : undefined,
  } as Parameters<typeof createTransport>[0]);
  const t0 = process.hrtime.bigint();
  // Enough in flight that the pool's connections never wait for us.
  await inParallel(messages.length, connections * 20, async (i) => {
    const m = messages[i];
    await transporter.sendMail({
      from: m.from,
      to: m.to,
      subject: m.subject,
      html: m.html,
      text: m.text,
      messageId: `<${m.messageId}>`,
      headers: m.headers,
    });
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  transporter.close();
  const { count, duplicates } = await sink.stats();
  return { sent: count, seconds, duplicates: duplicates.size };
}

/** apps/worker as production runs it, in a process of its own; resolves once it says it is running. */
async function startWorkerProcess(env: Record<string, string>): Promise<{ stop(): Promise<number | null> }> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/worker/src/main.ts'],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Arbetaren är igång')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`Arbetarprocessen avslutades (${code}): ${out}`)));
  });
  return {
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

/**
 * The real thing: the API application with its in-process queue worker (as PROCESS_ROLE=all runs it), the SMTP
 * transport chosen by config, a campaign over a list of every contact, started through CampaignSendingService;
 * timed from start() until no recipient is pending or sending.
 */
async function systemPath(
  databaseUrl: string,
  sink: RemoteSmtpSink,
  templateId: string,
  versionId: string,
  connections: number,
  workerProcesses: number,
  dkim: DkimKey | null,
): Promise<PathResult & { states: string }> {
  const prefix = `crmbench${randomBytes(4).toString('hex')}`;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    QUEUE_PREFIX: prefix,
    MAIL_TRANSPORT: 'smtp',
    SMTP_URL: sink.url,
    SMTP_POOL_CONNECTIONS: String(connections),
    PUBLIC_BASE_URL: `https://${DOMAIN}`,
    // A known initial admin, so the bootstrap does not print a generated password.
    ADMIN_EMAIL: 'bench@example.se',
    ADMIN_PASSWORD: randomBytes(12).toString('hex'),
    SEND_RATE_PER_MINUTE: process.env.SEND_RATE_PER_MINUTE ?? '0',
    ...(process.env.SEND_CONCURRENCY ? { SEND_CONCURRENCY: process.env.SEND_CONCURRENCY } : {}),
    ...(dkim
      ? {
          DKIM_DOMAIN: 'example.se',
          DKIM_SELECTOR: 'crm',
          DKIM_PRIVATE_KEY: dkim.pem.trim().replace(/\n/g, '\\n'),
        }
      : {}),
  };
  // n > 0: the API process only starts the campaign and n separate worker processes (the production worker,
  // apps/worker) send it; 0: the API process's own worker sends (PROCESS_ROLE=all).
  const workers = await Promise.all(
    Array.from({ length: workerProcesses }, () =>
      startWorkerProcess({ ...env, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl }),
    ),
  );
  const app = await createApiApp({
    config: loadConfig(env),
    databaseUrl,
    redisUrl,
    withWorker: workerProcesses === 0,
  });
  await app.init();
  const ds = app.get(DataSource);
  try {
    await ds.query(`UPDATE templates SET current_version_id = $2 WHERE id = $1`, [templateId, versionId]);
    const [{ id: listId }] = await ds.query(
      `INSERT INTO contact_lists (name) VALUES ('Alla ' || $1) RETURNING id`,
      [prefix],
    );
    await ds.query(`INSERT INTO contact_list_members (list_id, contact_id) SELECT $1, id FROM contacts`, [
      listId,
    ]);
    const [{ id: campaignId }] = await ds.query(
      `INSERT INTO campaigns (name, audience, template_id, from_name, from_address)
       VALUES ('Bänktest, hela systemet', $1, $2, 'Förbundets kansli', 'kansli@example.se') RETURNING id`,
      [JSON.stringify({ type: 'list', listId }), templateId],
    );
    await sink.reset();
    const sending = app.get(CampaignSendingService);
    const t0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    await sending.start(campaignId, { email: 'bench@example.se' });
    for (;;) {
      const progress = await sending.progress(campaignId);
      const open = progress.counts.pending + progress.counts.sending;
      if (open === 0 || progress.status === 'paused') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    const cpuShare = (cpu.user + cpu.system) / 1e6 / seconds;
    // Anything still on its way to the sink.
    await new Promise((r) => setTimeout(r, 200));
    const received = await sink.stats();
    const states: { status: string; n: string }[] = await ds.query(
      `SELECT status, count(*) AS n FROM mailing_recipients WHERE mailing_id = $1 GROUP BY status ORDER BY status`,
      [campaignId],
    );
    const [{ status }] = await ds.query(`SELECT status FROM campaigns WHERE id = $1`, [campaignId]);
    return {
      sent: received.count,
      seconds,
      duplicates: received.duplicates.size,
      states: `${states.map((r) => `${r.status} ${r.n}`).join(', ')}; kampanjen: ${status}; bänkprocessens CPU: ${Math.round(cpuShare * 100)} % av en kärna`,
    };
  } finally {
    await app.close();
    const codes = await Promise.all(workers.map((w) => w.stop()));
    if (codes.length > 0)
      console.log(`  arbetarprocesserna avslutades efter SIGTERM med kod ${codes.join(', ')}`);
    const redis = new IORedis(redisUrl);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
}

async function main(): Promise<void> {
  const n = Number(process.env.RECIPIENTS ?? 10_000);
  const connections = loadConfig(
    process.env.SMTP_POOL_CONNECTIONS ? { SMTP_POOL_CONNECTIONS: process.env.SMTP_POOL_CONNECTIONS } : {},
  ).SMTP_POOL_CONNECTIONS;
  const concurrency = loadConfig(
    process.env.SEND_CONCURRENCY ? { SEND_CONCURRENCY: process.env.SEND_CONCURRENCY } : {},
  ).SEND_CONCURRENCY;
  const sink = await startSmtpSinkProcess();
  const db = await createBenchDatabase();
  const ds = db.dataSource;
  try {
    // Contacts as an import makes them, then a campaign with its ledger snapshot.
    await runImport(ds, 'mottagare.csv', generateCsv(n));
    const invitation = BUILT_IN_TEMPLATES.find((t) => t.key === 'inbjudan')!;
    const [{ id: templateId }] = await ds.query(
      `INSERT INTO templates (name) VALUES ('Inbjudan') RETURNING id`,
    );
    const [{ id: versionId }] = await ds.query(
      `INSERT INTO template_versions (template_id, version, subject_sv, mjml_sv, subject_en, mjml_en)
       VALUES ($1, 1, $2, $3, $4, $5) RETURNING id`,
      [
        templateId,
        invitation.variants.sv.subject,
        invitation.variants.sv.mjml,
        invitation.variants.en?.subject,
        invitation.variants.en?.mjml,
      ],
    );
    await ds.query('ANALYZE');
    // The baseline's messages carry links and Message-IDs of a mailing of their own.
    const baselineMailingId = randomUUID();

    const compiler = new TemplateCompiler();
    const source = {
      versionId,
      variants: {
        sv: invitation.variants.sv,
        ...(invitation.variants.en ? { en: invitation.variants.en } : {}),
      },
    };
    const links = new PersonalLinksService(
      new PublicTokenService(randomBytes(32)),
      loadConfig({ PUBLIC_BASE_URL: `https://${DOMAIN}` }),
    );
    const from = { name: 'Förbundets kansli', address: 'kansli@example.se' };

    // The baseline's messages: rendered beforehand, so it measures nodemailer and the sink only.
    const compiled = await compiler.compile(source);
    const prerendered: OutgoingMessage[] = [];
    const sample = await ds.query(
      `SELECT c.id, c.email, c.first_name AS "firstName", c.last_name AS "lastName" FROM contacts c ORDER BY c.id`,
    );
    for (const c of sample as { id: string; email: string; firstName: string; lastName: string }[]) {
      const l = links.linksFor(baselineMailingId, c.id);
      const r = compiled.render({
        ...recipientVariables(
          {
            firstName: c.firstName,
            lastName: c.lastName,
            email: c.email,
            title: null,
            language: 'sv',
            organizationName: null,
            organizationShortName: null,
            regionName: null,
          },
          c.email,
        ),
        ...l,
      });
      prerendered.push({
        from,
        to: c.email,
        subject: r.subject,
        html: r.html,
        text: r.text,
        messageId: stableMessageId(baselineMailingId, c.id, DOMAIN),
        headers: unsubscribeHeaders(l.unsubscribeUrl),
        purpose: 'newsletter',
      });
    }

    console.log(
      `Utskick till en lokal SMTP-mottagare: ${prerendered.length} mottagare, ${connections} SMTP-anslutningar i poolen, ${concurrency} meddelanden i taget per arbetarprocess`,
    );
    const setups = (process.env.WORKER_PROCESSES ?? '0,2').split(',').map(Number);
    const modes = (process.env.DKIM ?? 'off,on').split(',');
    for (const mode of modes) {
      const dkim = mode === 'on' ? newDkimKey() : null;
      console.log(`\nDKIM ${dkim ? 'på (RSA 2048, som i produktion)' : 'av'}:`);
      const base = await baseline(sink, prerendered, connections, dkim);
      report('baslinje, nodemailer direkt (förrenderat, inget tillstånd)', base);
      for (const workerProcesses of setups) {
        const system = await systemPath(
          db.url,
          sink,
          templateId,
          versionId,
          connections,
          workerProcesses,
          dkim,
        );
        report(
          `hela systemet (CampaignSendingService.start → BullMQ → ${workerProcesses ? `${workerProcesses} arbetarprocesser` : 'arbetaren i API-processen'} → SmtpTransport)`,
          system,
        );
        console.log(`  ledger efteråt: ${system.states}`);
        const ratio = system.sent / system.seconds / (base.sent / base.seconds);
        const target = workerProcesses >= 2 ? 1.5 : 1.0;
        console.log(
          `  förhållande system/baslinje: ${ratio.toFixed(2)}×  (mål ≥ ${target.toFixed(1)}×: ${ratio >= target ? 'uppnått' : 'EJ uppnått'})`,
        );
      }
    }
  } finally {
    await db.drop();
    await sink.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
