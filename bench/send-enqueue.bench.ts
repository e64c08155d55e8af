/**
 * Benchmark: enqueueing a 100k-recipient mailing. Part 1 opens the mailing and snapshots the audience (a list
 * of 100k contacts) into mailing_recipients with the engine's one INSERT … SELECT (LedgerRepository.snapshot,
 * as MailingLifecycle.start runs it); part 2 adds one send job per block of 25 ledger rows with
 * SendJobs.enqueueMailing (addBulk in chunks of 1000) into BullMQ on the local Redis under a prefix of its
 * own, which is removed afterwards. Target: ≤ 10 s together. Not a test.
 *
 *   npm run bench:enqueue     (RECIPIENTS=100000, REDIS_URL=redis://127.0.0.1:6379)
 */
import 'reflect-metadata';
import { AudienceService } from '@app/crm';
import { LedgerRepository, SEND_BLOCK_SIZE, SendJobs } from '@app/sending';
import { JobProducer, QueueName, redisConnection } from '@app/queue';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { createBenchDatabase } from './support/bench-database';

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;

async function main(): Promise<void> {
  const n = Number(process.env.RECIPIENTS ?? 100_000);
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `crmbench${randomBytes(4).toString('hex')}`;
  const db = await createBenchDatabase();
  const ds = db.dataSource;
  const queues = {
    [QueueName.Imports]: new Queue(QueueName.Imports, { connection: redisConnection(redisUrl), prefix }),
    [QueueName.Sending]: new Queue(QueueName.Sending, { connection: redisConnection(redisUrl), prefix }),
    [QueueName.Maintenance]: new Queue(QueueName.Maintenance, {
      connection: redisConnection(redisUrl),
      prefix,
    }),
  };
  try {
    // The audience: n contacts in one list (set up directly in SQL; the import is measured elsewhere).
    const s0 = process.hrtime.bigint();
    await ds.query(
      `INSERT INTO contacts (first_name, last_name, email, region_id)
       SELECT 'Förnamn' || g, 'Efternamn' || g, 'person' || g || '@exempel' || (g % 50) || '.se', 1 + g % 21
         FROM generate_series(1, $1) g`,
      [n],
    );
    const [{ id: listId }] = await ds.query(`INSERT INTO contact_lists (name) VALUES ('Alla') RETURNING id`);
    await ds.query(`INSERT INTO contact_list_members (list_id, contact_id) SELECT $1, id FROM contacts`, [
      listId,
    ]);
    const [{ id: templateId }] = await ds.query(
      `INSERT INTO templates (name) VALUES ('Inbjudan') RETURNING id`,
    );
    const [{ id: versionId }] = await ds.query(
      `INSERT INTO template_versions (template_id, version, subject_sv, mjml_sv)
       VALUES ($1, 1, 'Inbjudan', '<mjml></mjml>') RETURNING id`,
      [templateId],
    );
    const ledger = new LedgerRepository(ds);
    const audiences = new AudienceService(ds);
    await ds.query('ANALYZE');
    console.log(
      `Förberedelse: ${n} kontakter i en lista på ${seconds(s0).toFixed(1)} s (ingår inte i mätningen)`,
    );

    const t0 = process.hrtime.bigint();
    const { mailingId, counts } = await ds.transaction(async (m) => {
      const id = await ledger.createMailing(
        m,
        {
          purpose: 'newsletter',
          scope: { type: 'campaign', id: listId },
          title: 'Bänktest',
          templateVersionId: versionId,
          subject: null,
          fromName: 'Förbundets kansli',
          fromAddress: 'kansli@example.se',
          replyTo: null,
          rateLimitPerMinute: null,
        },
        new Date(),
      );
      const snapshot = await ledger.snapshot(
        m,
        id,
        audiences.snapshotSql(await audiences.queryFor({ listId }, m)),
      );
      return { mailingId: id, counts: snapshot };
    });
    const snapshotSeconds = seconds(t0);

    const t1 = process.hrtime.bigint();
    const jobs = new SendJobs(
      new JobProducer(queues[QueueName.Imports], queues[QueueName.Sending], queues[QueueName.Maintenance]),
      ledger,
    );
    const enqueued = await jobs.enqueueMailing(mailingId);
    const enqueueSeconds = seconds(t1);
    const inQueue = await queues[QueueName.Sending].getJobCountByTypes('waiting', 'delayed', 'prioritized');
    const [{ blocks }]: { blocks: number }[] = await ds.query(
      `SELECT count(DISTINCT id / ${SEND_BLOCK_SIZE})::int AS blocks FROM mailing_recipients WHERE mailing_id = $1`,
      [mailingId],
    );

    console.log(`Köläggning av ett utskick till ${n} mottagare (Redis ${redisUrl}, prefix ${prefix})`);
    console.log(
      `  1. ögonblicksbild (en INSERT … SELECT): ${snapshotSeconds.toFixed(2)} s — ${counts.pending} pending, ${counts.suppressed} suppressed`,
    );
    console.log(
      `  2. addBulk i bitar om 1000: ${enqueueSeconds.toFixed(2)} s — ${enqueued} mottagare i ${inQueue} jobb (block om ${SEND_BLOCK_SIZE}, ${blocks} väntade)`,
    );
    console.log(`  totalt: ${(snapshotSeconds + enqueueSeconds).toFixed(2)} s  (mål ≤ 10 s)`);
    if (enqueued !== n || inQueue !== blocks || counts.pending !== n) process.exitCode = 1;
  } finally {
    for (const q of Object.values(queues)) {
      await q.obliterate({ force: true }).catch(() => undefined);
      await q.close();
    }
    // Whatever BullMQ keeps outside the obliterated keys (e.g. meta) goes too.
    const redis = new IORedis(redisUrl);
    const left = await redis.keys(`${prefix}:*`);
    if (left.length > 0) await redis.del(...left);
    await redis.quit();
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
