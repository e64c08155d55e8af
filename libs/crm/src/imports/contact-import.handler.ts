import { AuditService } from '@app/audit';
import { AppException } from '@app/common';
import { HandlesJob, JobContext, JobHandler, JobName, JobOf } from '@app/queue';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import { createRegionMatcher, createRegionOfName } from '../regions/region-matcher';
import { Region } from '../regions/region.entity';
import { NotUtf8AfterAll, TextEncoding } from '../tabular/decode-text';
import { ContactImport, ImportRowError } from './contact-import.entity';
import { ContactImportWriter } from './contact-import.writer';
import { openImportFile } from './import-file';
import { readImportRow, RowProblem } from './import-row';
import { storedImportFile } from './stored-import-file';

/** File rows per batch: staged and written a few statements at a time; progress is written after each. */
export const IMPORT_BATCH_SIZE = 5000;
/** Rows read between two turns of the event loop (see the read loop). */
const YIELD_EVERY_ROWS = 50;
/** At most this many row errors are kept on the import; the skipped count stays exact. */
export const MAX_REPORTED_ROW_ERRORS = 1000;
/** BullMQ attempts for an import job (given explicitly when enqueuing so the handler knows the last one). */
export const IMPORT_JOB_ATTEMPTS = 3;

/**
 * The BullMQ job id of an import: one per import, so queueing it again (the maintenance job finding it stale)
 * adds nothing while its job still waits or runs. BullMQ forbids ':' in custom ids, hence '-'.
 */
export function importJobId(importId: string): string {
  return `import-${importId}`;
}

export interface ImportCounts {
  total: number;
  processed: number;
  created: number;
  /** People already in the register that the file named. */
  updated: number;
  /** Of those, the ones the file changed nothing about: their rows were left as they were, not rewritten. */
  unchanged: number;
  skipped: number;
}

/** The region matcher with its answers kept: a list names the same few regions on every row. */
function remembered(match: (text: string) => { id: number } | null): (text: string) => { id: number } | null {
  const answers = new Map<string, { id: number } | null>();
  return (text) => {
    let answer = answers.get(text);
    if (answer === undefined) {
      // Bounded: a column of free text would otherwise grow it with the file.
      if (answers.size >= 10_000) answers.clear();
      answer = match(text);
      answers.set(text, answer);
    }
    return answer;
  };
}

/**
 * Runs a contact import: streams the stored file (a slice at a time, never held whole), checks each row here,
 * and has ContactImportWriter write each batch set-based (COPY into a staging table, then a few statements): new
 * people inserted, known people updated only where a value differs, so a re-imported file rewrites nothing. The
 * next batch is read while one is written. Records progress on the imports row as it goes. All contact writes
 * happen in ONE transaction, so a failed import changes nothing; progress is written on a separate connection
 * so it is visible while the import runs.
 * Safe under BullMQ's at-least-once delivery: a per-import advisory lock keeps two runs apart, and an import
 * that has completed or failed is never run again.
 */
@Injectable()
@HandlesJob(JobName.ContactImport)
export class ContactImportHandler implements JobHandler<JobName.ContactImport> {
  private readonly logger = new Logger('ContactImport');

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async handle(
    { importId }: JobOf<JobName.ContactImport>,
    context?: JobContext,
  ): Promise<ImportCounts | null> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const [{ locked }] = await runner.query(
        `SELECT pg_try_advisory_xact_lock(hashtextextended($1, 7246)) AS locked`,
        [importId],
      );
      if (!locked) {
        // Another worker is running this very import (a stalled job redelivered); let that one finish.
        await runner.rollbackTransaction();
        return null;
      }
      const job = await this.claim(importId);
      if (!job) {
        await runner.rollbackTransaction();
        return null;
      }
      try {
        const counts = await this.runOnce(job, runner, context);
        await runner.commitTransaction();
        return counts;
      } catch (err) {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await this.fail(job, err, context?.attempt ?? IMPORT_JOB_ATTEMPTS);
        if (err instanceof AppException) return null; // the file itself is bad: retrying cannot help
        throw err;
      }
    } finally {
      await runner.release();
    }
  }

  /**
   * queued (or running, after a crash) → running, counters reset. Completed and failed imports stay as they are.
   *
   * Every time on an import is the database's clock at the moment the step happens: clock_timestamp(), never
   * now(). now() is when the statement's transaction began, and the import's own transaction begins before this
   * claim (on another connection), so a `finished_at = now()` written in it came out earlier than `started_at`.
   */
  private async claim(importId: string): Promise<ContactImport | null> {
    const [rows] = await this.dataSource.query(
      `UPDATE imports SET status = 'running', started_at = clock_timestamp(), finished_at = NULL, error_message = NULL,
              total = 0, processed = 0, created = 0, updated = 0, skipped = 0, errors = '[]'::jsonb
        WHERE id = $1 AND status IN ('queued', 'running')
          AND EXISTS (SELECT 1 FROM import_files f WHERE f.import_id = imports.id)
        RETURNING id`,
      [importId],
    );
    if (!rows || rows.length === 0) return null;
    return this.dataSource.getRepository(ContactImport).findOneByOrFail({ id: importId });
  }

  /**
   * The import, once more from the start if the file turns out not to be UTF-8 after all (decodeSource): what
   * it wrote meanwhile is undone back to a savepoint, inside the same transaction and lock.
   */
  private async runOnce(
    job: ContactImport,
    runner: QueryRunner,
    context?: JobContext,
  ): Promise<ImportCounts> {
    await runner.query(`SAVEPOINT import_start`);
    try {
      return await this.run(job, runner, context);
    } catch (err) {
      if (!(err instanceof NotUtf8AfterAll)) throw err;
      await runner.query(`ROLLBACK TO SAVEPOINT import_start`);
      return this.run(job, runner, context, 'windows-1252');
    }
  }

  private async run(
    job: ContactImport,
    runner: QueryRunner,
    context?: JobContext,
    encoding?: TextEncoding,
  ): Promise<ImportCounts> {
    const source = await storedImportFile(this.dataSource, job.id);
    if (!source) throw new Error('Importens fil finns inte');
    const { file, columns } = await openImportFile(source, job.mapping, encoding);
    const regions = await runner.manager.getRepository(Region).find();
    const matchRegion = remembered(createRegionMatcher(regions));
    const writer = new ContactImportWriter(runner, {
      organizationKind: job.organizationKind,
      source: `import:${job.filename}`,
      regionOfName: createRegionOfName(regions),
    });
    await writer.begin();

    const counts: ImportCounts = {
      total: file.estimatedRows ?? 0,
      processed: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      skipped: 0,
    };
    const errors: ImportRowError[] = [];
    const report = (line: number, problem: RowProblem, kind: 'skipped' | 'warning') => {
      if (kind === 'skipped') counts.skipped++;
      if (errors.length < MAX_REPORTED_ROW_ERRORS) errors.push({ line, ...problem, kind });
    };
    // Filled in turn: one is written while the other is filled.
    const batches = [writer.createBatch(IMPORT_BATCH_SIZE), writer.createBatch(IMPORT_BATCH_SIZE)];
    let filling = 0;
    let batch = batches[filling];
    let batchWarnings: { line: number; warnings: RowProblem[] }[] = [];
    let batchRows = 0;

    // The database writes one batch while the next is read and checked here: the two overlap.
    let writing: Promise<void> = Promise.resolve();
    let progress: Promise<void> = Promise.resolve();
    const flush = async () => {
      const rows = batch;
      const warned = batchWarnings;
      const rowsInBatch = batchRows;
      batchWarnings = [];
      batchRows = 0;
      await writing;
      // The other batch's write has ended: it is free to fill again.
      filling = 1 - filling;
      batch = batches[filling];
      batch.reset();
      writing = (async () => {
        const outcome = await writer.write(rows);
        counts.created += outcome.created;
        counts.updated += outcome.updated;
        counts.unchanged += outcome.updated - outcome.changed;
        const repeats = new Set<number>();
        for (const s of outcome.skipped) {
          if (s.duplicate) repeats.add(s.line);
          report(s.line, { reason: s.reason, field: s.field }, 'skipped');
        }
        // Within one file the first row with an address wins: a later one is reported as a repeat, no more.
        for (const w of warned) {
          if (!repeats.has(w.line)) for (const problem of w.warnings) report(w.line, problem, 'warning');
        }
        for (const w of outcome.warnings) report(w.line, { reason: w.reason, field: w.field }, 'warning');
        // A kind the file changed is a change to the register like a staff edit: audited one by one.
        for (const change of outcome.kindChanges) {
          await this.audit.record(
            {
              action: 'organization.kind_changed',
              actor: { userId: job.createdBy },
              targetType: 'organization',
              targetId: change.organizationId,
              details: { from: change.from, to: change.to, importId: job.id, line: change.line },
            },
            runner.manager,
          );
        }
        counts.processed += rowsInBatch;
        counts.total = Math.max(counts.total, counts.processed);
        // Shown while the next batch is written (in order, one after the other), not waited for here.
        const shown = { ...counts };
        const errorsJson = JSON.stringify(errors);
        progress = progress.then(async () => {
          await this.saveProgress(job.id, shown, errorsJson);
          await context?.reportProgress({ processed: shown.processed, total: shown.total });
        });
        progress.catch(() => undefined);
      })();
      // Surfaces at the next await of `writing`; this only keeps Node from calling it unhandled meanwhile.
      writing.catch(() => undefined);
    };

    try {
      for await (const row of file.rows) {
        batchRows++;
        // Rows come out of the parser a piece of the file at a time, without a turn of the event loop between:
        // give the database's answers for the batch being written a turn now and then, or it waits for them.
        if (batchRows % YIELD_EVERY_ROWS === 0) await new Promise<void>((resolve) => setImmediate(resolve));
        const result = readImportRow(row, columns, matchRegion);
        if (!result.ok) {
          report(row.line, { reason: result.reason, field: result.field }, 'skipped');
        } else {
          writer.add(batch, result.contact);
          if (result.warnings.length > 0) batchWarnings.push({ line: row.line, warnings: result.warnings });
        }
        if (batchRows >= IMPORT_BATCH_SIZE) await flush();
      }
      if (batchRows > 0) await flush();
      await writing;
    } catch (err) {
      // Nothing more may be written after this (the transaction is undone): let the batch in flight end first.
      await writing.catch(() => undefined);
      await progress.catch(() => undefined);
      throw err;
    }
    await progress;
    counts.total = counts.processed;
    // Repeats, erased people and warnings are known once their batch is written: put lines in order.
    errors.sort((a, b) => a.line - b.line);

    await runner.query(
      `UPDATE imports SET status = 'completed', finished_at = clock_timestamp(), total = $2, processed = $3, created = $4,
              updated = $5, skipped = $6, errors = $7::jsonb
        WHERE id = $1`,
      [
        job.id,
        counts.total,
        counts.processed,
        counts.created,
        counts.updated,
        counts.skipped,
        JSON.stringify(errors),
      ],
    );
    await runner.query(`DELETE FROM import_files WHERE import_id = $1`, [job.id]);
    await this.audit.record(
      {
        action: 'import.completed',
        actor: { userId: job.createdBy },
        targetType: 'import',
        targetId: job.id,
        details: { filename: job.filename, format: file.format, ...counts },
      },
      runner.manager,
    );
    return counts;
  }

  private async saveProgress(id: string, c: ImportCounts, errorsJson: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE imports SET total = $2, processed = $3, created = $4, updated = $5, skipped = $6, errors = $7::jsonb
        WHERE id = $1 AND status = 'running'`,
      [id, c.total, c.processed, c.created, c.updated, c.skipped, errorsJson],
    );
  }

  /**
   * Nothing was written (the transaction rolled back), so the counters go back to zero. A bad file fails at
   * once; an unexpected error is retried by BullMQ (status back to queued) until the last attempt.
   */
  private async fail(job: ContactImport, err: unknown, attempt: number): Promise<void> {
    const final = err instanceof AppException || attempt >= IMPORT_JOB_ATTEMPTS;
    const detail = err instanceof Error ? err.message : String(err);
    const message =
      err instanceof AppException
        ? `${detail} Inget har importerats.`
        : `Importen avbröts av ett oväntat fel (${detail}). Inget har importerats.` +
          (final ? '' : ` Ett nytt försök görs (försök ${attempt} av ${IMPORT_JOB_ATTEMPTS}).`);
    if (!(err instanceof AppException))
      this.logger.error({ importId: job.id, err: detail }, 'Import misslyckades');
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `UPDATE imports SET status = $2, error_message = $3, finished_at = CASE WHEN $4 THEN clock_timestamp() END,
                processed = 0, created = 0, updated = 0, skipped = 0, errors = '[]'::jsonb
          WHERE id = $1`,
        [job.id, final ? 'failed' : 'queued', message, final],
      );
      if (final) {
        await m.query(`DELETE FROM import_files WHERE import_id = $1`, [job.id]);
        await this.audit.record(
          {
            action: 'import.failed',
            actor: { userId: job.createdBy },
            targetType: 'import',
            targetId: job.id,
            details: { filename: job.filename, error: message },
          },
          m,
        );
      }
    });
  }
}
