import { loadConfig } from '@app/config';
import { JobName, JobProducer, QueueName, QUEUE_PREFIX, redisConnection } from '@app/queue';
import type { INestApplication } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../../../apps/api/src/bootstrap';
import { createTestApp, TestApp } from '../../../../test/support/test-app';
import { createTestDatabase, testRedisUrl, uniqueQueuePrefix } from '../../../../test/support/test-database';
import { ContactImportHandler, importJobId } from './contact-import.handler';
import { ContactImportService } from './contact-import.service';
import { ImportsMaintenanceHandler } from './imports-maintenance.handler';

const SAMPLE = readFileSync(join(__dirname, '../../../../test/fixtures/sample-contacts-sv.csv'));

/** Waits for a condition, polling; never a fixed sleep. */
async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Väntade förgäves på: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * An import as it is left when the upload was stored but its job never reached Redis (Redis frozen, the process
 * restarted before it came back; or Redis lost the job): queued, with its file, no job.
 */
async function strandedImport(db: DataSource, queuedMinutesAgo: number, withFile = true): Promise<string> {
  const [{ id }] = await db.query(
    `INSERT INTO imports (status, filename, size_bytes, created_at)
     VALUES ('queued', 'strandad.csv', $1, now() - make_interval(mins => $2)) RETURNING id`,
    [SAMPLE.length, queuedMinutesAgo],
  );
  if (withFile) await db.query(`INSERT INTO import_files (import_id, content) VALUES ($1, $2)`, [id, SAMPLE]);
  return id;
}

describe('imports maintenance (PostgreSQL and Redis)', () => {
  let t: TestApp;
  let db: DataSource;
  let maintenance: ImportsMaintenanceHandler;
  let imports: Queue;

  beforeAll(async () => {
    // No worker in-process: the tests run the maintenance, and look at the queue, themselves.
    t = await createTestApp({}, { withWorker: false });
    db = t.dataSource;
    maintenance = t.app.get(ImportsMaintenanceHandler, { strict: false });
    imports = t.app.get(JobProducer, { strict: false }).queue(QueueName.Imports);
  });
  afterEach(async () => {
    await imports.obliterate({ force: true });
    await db.query(`DELETE FROM imports`);
  });
  afterAll(async () => {
    await t.close();
  });

  const statusOf = async (id: string) =>
    (await db.query(`SELECT status, error_message FROM imports WHERE id = $1`, [id]))[0];
  const hasFile = async (id: string) =>
    (await db.query(`SELECT 1 FROM import_files WHERE import_id = $1`, [id])).length === 1;

  it('queues a stranded import again, once however often and however many workers run it at once', async () => {
    const stranded = await strandedImport(db, 10);
    const fresh = await strandedImport(db, 1); // just uploaded: its job may still be on the way
    const uploaded = await t.app
      .get(ContactImportService, { strict: false })
      .start({ filename: 'a.csv', content: Buffer.from('E-post\nny@exempel.se\n') }, {});
    await db.query(`UPDATE imports SET created_at = now() - interval '10 minutes' WHERE id = $1`, [
      uploaded.id,
    ]);

    const runs = await Promise.all([maintenance.run(), maintenance.run(), maintenance.run()]);
    expect(new Set(runs.flatMap((r) => r.requeued))).toEqual(new Set([stranded]));
    expect((await maintenance.run()).requeued).toEqual([]);
    // One job per import, under its own id; the uploaded one already had its job.
    const waiting = await imports.getJobs(['waiting', 'delayed', 'prioritized']);
    expect(waiting.map((j) => j.id).sort()).toEqual([importJobId(stranded), importJobId(uploaded.id)].sort());
    expect(waiting.find((j) => j.id === importJobId(stranded))?.data).toEqual({ importId: stranded });
    expect(await statusOf(fresh)).toMatchObject({ status: 'queued' });

    // The job runs as any import job does.
    await t.app.get(ContactImportHandler, { strict: false }).handle({ importId: stranded });
    expect(await statusOf(stranded)).toMatchObject({ status: 'completed', error_message: null });
    expect(await hasFile(stranded)).toBe(false);
  });

  it('replaces a job that ended without finishing its import (BullMQ would ignore a new one under its id)', async () => {
    const id = await strandedImport(db, 10);
    await maintenance.run();
    // A worker that takes the job and ends it without touching the import (its last write was lost).
    const prefix = t.app.get(QUEUE_PREFIX, { strict: false }) as string;
    const idle = new Worker(QueueName.Imports, async () => null, {
      connection: redisConnection(testRedisUrl()),
      prefix,
    });
    await until('the job completed', async () =>
      (await (await imports.getJob(importJobId(id)))?.getState()) === 'completed' ? true : undefined,
    );
    await idle.close();

    expect((await maintenance.run()).requeued).toEqual([id]);
    expect(await (await imports.getJob(importJobId(id)))?.getState()).toBe('waiting');
  });

  it('fails an import that could not run within IMPORT_FILE_RETENTION_DAYS, or lost its file, saying why; removes the file; audits', async () => {
    const old = await strandedImport(db, 8 * 24 * 60);
    const fileless = await strandedImport(db, 10, false);
    const report = await maintenance.run();
    expect(report.failed.sort()).toEqual([old, fileless].sort());
    expect(report.requeued).toEqual([]);
    expect(await statusOf(old)).toEqual({
      status: 'failed',
      error_message:
        'Importen kunde inte köras inom 7 dagar och har avbrutits; filen är borttagen. Inget har importerats. Ladda upp filen igen.',
    });
    expect(await statusOf(fileless)).toEqual({
      status: 'failed',
      error_message:
        'Importens fil finns inte längre, så importen kunde inte köras. Inget har importerats. Ladda upp filen igen.',
    });
    expect(await hasFile(old)).toBe(false);
    const [{ ordered }] = await db.query(
      `SELECT bool_and(created_at <= finished_at) AS ordered FROM imports WHERE id = ANY($1::uuid[])`,
      [[old, fileless]],
    );
    expect(ordered).toBe(true);
    const audited = await db.query(
      `SELECT target_id FROM audit_log WHERE action = 'import.failed' AND target_id = ANY($1::text[])`,
      [[old, fileless]],
    );
    expect(audited).toHaveLength(2);
  });

  it('removes files left by finished imports, and row errors IMPORT_ERROR_RETENTION_DAYS after the import finished', async () => {
    const errors = JSON.stringify([
      { line: 3, reason: 'Dubblett av rad 2 (e-post)', field: 'email', kind: 'skipped' },
    ]);
    const finished = async (daysAgo: number): Promise<string> =>
      (
        await db.query(
          `INSERT INTO imports (status, filename, size_bytes, skipped, errors, created_at, started_at, finished_at)
           VALUES ('completed', 'gammal.csv', 10, 1, $1::jsonb, now() - make_interval(days => $2),
                   now() - make_interval(days => $2), now() - make_interval(days => $2)) RETURNING id`,
          [errors, daysAgo],
        )
      )[0].id;
    const expired = await finished(91);
    const kept = await finished(89);
    await db.query(`INSERT INTO import_files (import_id, content) VALUES ($1, 'x')`, [kept]);

    const report = await maintenance.run();
    expect(report).toMatchObject({ filesRemoved: 1, errorsRemoved: 1 });
    const rows = await db.query(`SELECT id, skipped, errors FROM imports WHERE id = ANY($1::uuid[])`, [
      [expired, kept],
    ]);
    expect(rows.find((r: { id: string }) => r.id === expired)).toMatchObject({ skipped: 1, errors: [] });
    expect(rows.find((r: { id: string }) => r.id === kept).errors).toHaveLength(1);
    expect(await hasFile(kept)).toBe(false);
    expect(await maintenance.run()).toMatchObject({ filesRemoved: 0, errorsRemoved: 0 });
  });

  it('takes the values out of row errors stored before imports left them out', async () => {
    const legacy = [
      { line: 2, reason: 'Ogiltig e-postadress: dupe@@example.se', kind: 'skipped' },
      { line: 3, reason: 'E-postadress saknas', kind: 'skipped' },
      { line: 4, reason: 'Dubblett: dupe@example.se finns redan på rad 2 i filen', kind: 'skipped' },
      { line: 5, reason: 'Ogiltigt telefonnummer ignorerades: 070-12 34', kind: 'warning' },
      { line: 5, reason: 'Okänd region ignorerades: Dupestan', kind: 'warning' },
      { line: 5, reason: 'Okänt språk ignorerades: dupiska (sv eller en)', kind: 'warning' },
      {
        line: 5,
        reason: 'Okänt värde för förtroendevald ignorerades: kanske (ja eller nej)',
        kind: 'warning',
      },
      {
        line: 6,
        reason: 'Raden kunde inte läsas som CSV (Invalid Opening Quote: value is "Dupe")',
        kind: 'skipped',
      },
      { line: 7, reason: 'Raden kunde inte läsas som CSV (ett citattecken stängs aldrig)', kind: 'skipped' },
      { line: 8, reason: 'Personen har raderats enligt GDPR och importeras inte igen', kind: 'skipped' },
    ];
    const [{ id }] = await db.query(
      `INSERT INTO imports (status, filename, size_bytes, skipped, errors, finished_at)
       VALUES ('completed', 'gammal.csv', 10, 6, $1::jsonb, now()) RETURNING id`,
      [JSON.stringify(legacy)],
    );
    expect((await maintenance.run()).errorsScrubbed).toBe(1);
    const [{ errors }] = await db.query(`SELECT errors FROM imports WHERE id = $1`, [id]);
    expect(errors).toEqual([
      { line: 2, reason: 'Ogiltig e-postadress', field: 'email', kind: 'skipped' },
      { line: 3, reason: 'E-postadress saknas', kind: 'skipped' },
      { line: 4, reason: 'Dubblett av rad 2 (e-post)', field: 'email', kind: 'skipped' },
      { line: 5, reason: 'Ogiltigt telefonnummer ignorerades', field: 'phone', kind: 'warning' },
      { line: 5, reason: 'Okänd region ignorerades', field: 'region', kind: 'warning' },
      { line: 5, reason: 'Okänt språk ignorerades (sv eller en)', field: 'language', kind: 'warning' },
      {
        line: 5,
        reason: 'Okänt värde för förtroendevald ignorerades (ja eller nej)',
        field: 'elected',
        kind: 'warning',
      },
      { line: 6, reason: 'Raden kunde inte läsas som CSV', kind: 'skipped' },
      { line: 7, reason: 'Raden kunde inte läsas som CSV (ett citattecken stängs aldrig)', kind: 'skipped' },
      { line: 8, reason: 'Personen har raderats enligt GDPR och importeras inte igen', kind: 'skipped' },
    ]);
    expect((await maintenance.run()).errorsScrubbed).toBe(0);
  });

  it('runs by itself in the worker: an import stranded before a restart is imported once the worker is up again', async () => {
    // The database as the crashed process left it, and a Redis that has no job for it.
    const database = await createTestDatabase();
    const prefix = uniqueQueuePrefix();
    let app: INestApplication | undefined;
    try {
      const seed = new DataSource({ type: 'postgres', url: database.url });
      await seed.initialize();
      const id = await strandedImport(seed, 10);
      await seed.destroy();

      const config = loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        QUEUE_PREFIX: prefix,
        ADMIN_EMAIL: 'admin@example.se',
        ADMIN_PASSWORD: 'admin-losenord-1',
      });
      app = await createApiApp({
        config,
        databaseUrl: database.url,
        redisUrl: testRedisUrl(),
        withWorker: true,
      });
      await app.init();
      const dataSource = app.get(DataSource);
      const done = await until('the stranded import finished', async () => {
        const [row] = await dataSource.query(`SELECT status, created FROM imports WHERE id = $1`, [id]);
        return row.status === 'queued' || row.status === 'running' ? undefined : row;
      });
      expect(done).toEqual({ status: 'completed', created: 37 });
      // The maintenance job is a scheduler of its own, on the imports' queue.
      const importsQueue = new Queue(QueueName.Imports, {
        connection: redisConnection(testRedisUrl()),
        prefix,
      });
      const schedulers = await importsQueue.getJobSchedulers();
      await importsQueue.close();
      expect(schedulers).toEqual([
        expect.objectContaining({ key: JobName.ImportsMaintenance, every: 60_000 }),
      ]);
    } finally {
      await app?.close();
      await database.drop();
    }
  });
});
