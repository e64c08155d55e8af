import { AuditService } from '@app/audit';
import { AppException } from '@app/common';
import { HandlesJob, JobContext, JobHandler, JobName, JobOf } from '@app/queue';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import { Region } from '../regions/region.entity';
import { createRegionMatcher, createRegionOfName } from '../regions/region-matcher';
import { ContactImport, ImportRowError } from './contact-import.entity';
import { ContactImportWriter } from './contact-import.writer';
import { openImportFile } from './import-file';
import { ImportedContact, readImportRow, RowProblem } from './import-row';

/** Rows per upsert statement; progress is written after each batch. */
export const IMPORT_BATCH_SIZE = 5000;
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
  updated: number;
  skipped: number;
}

/**
 * Runs a contact import: streams the stored file, upserts people by normalised email in batches, and records
 * progress on the imports row as it goes. All contact writes happen in ONE transaction, so a failed import
 * changes nothing; progress is written on a separate connection so it is visible while the import runs.
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
        const counts = await this.run(job, runner, context);
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

  private async run(job: ContactImport, runner: QueryRunner, context?: JobContext): Promise<ImportCounts> {
    const [fileRow]: { content: Buffer }[] = await runner.query(
      `SELECT content FROM import_files WHERE import_id = $1`,
      [job.id],
    );
    const { file, columns } = await openImportFile(fileRow.content, job.mapping);
    const regions = await runner.manager.getRepository(Region).find();
    const matchRegion = createRegionMatcher(regions);
    const writer = new ContactImportWriter(runner.manager, {
      organizationKind: job.organizationKind,
      source: `import:${job.filename}`,
      regionOfName: createRegionOfName(regions),
    });

    const counts: ImportCounts = {
      total: file.estimatedRows ?? 0,
      processed: 0,
      created: 0,
      updated: 0,
      skipped: 0,
    };
    const errors: ImportRowError[] = [];
    const report = (line: number, problem: RowProblem, kind: 'skipped' | 'warning') => {
      if (kind === 'skipped') counts.skipped++;
      if (errors.length < MAX_REPORTED_ROW_ERRORS) errors.push({ line, ...problem, kind });
    };
    // Within one file the first row with an address wins; later ones are skipped and reported.
    const firstLineOfEmail = new Map<string, number>();
    let batch: ImportedContact[] = [];
    let batchRows = 0;

    // The database writes one batch while the next is read and checked here: the two overlap.
    let writing: Promise<void> = Promise.resolve();
    const flush = async () => {
      const rows = batch;
      const rowsInBatch = batchRows;
      batch = [];
      batchRows = 0;
      await writing;
      writing = (async () => {
        const outcome = await writer.write(rows);
        counts.created += outcome.created;
        counts.updated += outcome.updated;
        for (const s of outcome.skipped) report(s.line, { reason: s.reason }, 'skipped');
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
        await this.saveProgress(job.id, counts, errors);
        await context?.reportProgress({ processed: counts.processed, total: counts.total });
      })();
      // Surfaces at the next await of `writing`; this only keeps Node from calling it unhandled meanwhile.
      writing.catch(() => undefined);
    };

    for await (const row of file.rows) {
      batchRows++;
      const result = readImportRow(row, columns, matchRegion);
      if (!result.ok) {
        report(row.line, { reason: result.reason, field: result.field }, 'skipped');
      } else {
        const earlier = firstLineOfEmail.get(result.contact.email);
        if (earlier !== undefined) {
          // The line it repeats, not the address: row errors must hold no personal data.
          report(row.line, { reason: `Dubblett av rad ${earlier} (e-post)`, field: 'email' }, 'skipped');
        } else {
          firstLineOfEmail.set(result.contact.email, row.line);
          for (const w of result.warnings) report(row.line, w, 'warning');
          batch.push(result.contact);
        }
      }
      if (batchRows >= IMPORT_BATCH_SIZE) await flush();
    }
    if (batchRows > 0) await flush();
    await writing;
    counts.total = counts.processed;
    // Erased people are found while their batch is written, after later rows were read: put lines in order.
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

  private async saveProgress(id: string, c: ImportCounts, errors: ImportRowError[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE imports SET total = $2, processed = $3, created = $4, updated = $5, skipped = $6, errors = $7::jsonb
        WHERE id = $1 AND status = 'running'`,
      [id, c.total, c.processed, c.created, c.updated, c.skipped, JSON.stringify(errors)],
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
