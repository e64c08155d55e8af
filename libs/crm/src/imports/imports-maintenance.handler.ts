import { AuditService } from '@app/audit';
import { AppConfig } from '@app/config';
import { HandlesJob, JobHandler, JobName, JobProducer, QueueName } from '@app/queue';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IMPORT_JOB_ATTEMPTS, importJobId } from './contact-import.handler';

/** An import still queued or running this long after it was queued (or last started) is looked at. */
export const IMPORT_REQUEUE_AFTER_MINUTES = 5;
/** Imports looked at per run; the next run (a minute later) takes the rest. */
const STALE_BATCH = 100;
/** Job states in which the import's job will still run by itself. */
const PENDING_JOB_STATES = new Set(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']);

export interface ImportsMaintenanceReport {
  /** Imports whose job was lost (or ended without finishing them) and that were given one again. */
  requeued: string[];
  /** Imports that could not run within IMPORT_FILE_RETENTION_DAYS (or lost their file) and were failed. */
  failed: string[];
  /** Files of finished imports removed (normally none are left: an import removes its file as it ends). */
  filesRemoved: number;
  /** Imports whose row errors were removed after IMPORT_ERROR_RETENTION_DAYS. */
  errorsRemoved: number;
  /** Imports whose row errors, stored before they left values out, had the values taken out. */
  errorsScrubbed: number;
}

/**
 * Row errors as they were stored before they left values out ("Dubblett: anna@exempel.se finns redan på rad 2
 * i filen"), rewritten to what the import writes now. A regular expression per old reason: [match, reason, field].
 */
const LEGACY_ROW_ERRORS: [string, string, string | null][] = [
  ['^Dubblett: .* finns redan på rad ([0-9]+) i filen$', 'Dubblett av rad \\1 (e-post)', 'email'],
  ['^Ogiltig e-postadress: ', 'Ogiltig e-postadress', 'email'],
  ['^Ogiltigt telefonnummer ignorerades: ', 'Ogiltigt telefonnummer ignorerades', 'phone'],
  ['^Okänd region ignorerades: ', 'Okänd region ignorerades', 'region'],
  ['^Okänt språk ignorerades: ', 'Okänt språk ignorerades (sv eller en)', 'language'],
  [
    '^Okänt värde för förtroendevald ignorerades: ',
    'Okänt värde för förtroendevald ignorerades (ja eller nej)',
    'elected',
  ],
  // csv-parse's own messages could quote the record; today's say what is wrong in Swedish without it.
  [
    '^Raden kunde inte läsas som CSV \\((?!ett citattecken stängs aldrig\\)$|ett citattecken står på fel ställe\\)$|raden är för lång\\)$|okänt fel\\)$)',
    'Raden kunde inte läsas som CSV',
    null,
  ],
];

/**
 * The imports' periodic work (every minute, on any worker), driven by the database so that it is right after any
 * restart and harmless when two workers run it at once:
 *
 * - An import still `queued` or `running` after IMPORT_REQUEUE_AFTER_MINUTES whose job is gone from Redis (Redis
 *   lost it, or the process died between storing the upload and queueing it), or whose job ended without
 *   finishing it, is queued again under its one job id (importJobId): a second run of this adds no second job.
 * - One that has not finished within IMPORT_FILE_RETENTION_DAYS, or whose file is gone, is failed with the reason,
 *   and its file removed.
 * - Row errors are removed IMPORT_ERROR_RETENTION_DAYS after the import finished (they hold no personal data, but
 *   line numbers of a list are still about people and need not be kept forever).
 */
@Injectable()
@HandlesJob(JobName.ImportsMaintenance)
export class ImportsMaintenanceHandler implements JobHandler<JobName.ImportsMaintenance> {
  private readonly logger = new Logger('ImportsMaintenance');

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly jobs: JobProducer,
    private readonly audit: AuditService,
  ) {}

  handle(): Promise<ImportsMaintenanceReport> {
    return this.run();
  }

  async run(): Promise<ImportsMaintenanceReport> {
    const failed = await this.failAbandoned();
    const requeued = await this.requeueLost();
    const filesRemoved = await this.removeLeftoverFiles();
    const errorsRemoved = await this.removeOldRowErrors();
    const errorsScrubbed = await this.scrubLegacyRowErrors();
    const report = { requeued, failed, filesRemoved, errorsRemoved, errorsScrubbed };
    if (requeued.length || failed.length || filesRemoved || errorsRemoved || errorsScrubbed) {
      this.logger.log(report, 'Underhåll av importer');
    }
    return report;
  }

  /** Unfinished imports past the file retention, or without their file: failed, with why, and audited. */
  private async failAbandoned(): Promise<string[]> {
    const days = this.config.IMPORT_FILE_RETENTION_DAYS;
    const tooOld = `Importen kunde inte köras inom ${days} ${days === 1 ? 'dag' : 'dagar'} och har avbrutits; filen är borttagen. Inget har importerats. Ladda upp filen igen.`;
    const noFile =
      'Importens fil finns inte längre, så importen kunde inte köras. Inget har importerats. Ladda upp filen igen.';
    return this.dataSource.transaction(async (m) => {
      const [rows]: [{ id: string; filename: string; created_by: string | null; message: string }[], number] =
        await m.query(
          `UPDATE imports i
              SET status = 'failed', finished_at = clock_timestamp(),
                  error_message = CASE WHEN NOT EXISTS (SELECT 1 FROM import_files f WHERE f.import_id = i.id)
                                       THEN $3 ELSE $2 END
            WHERE i.status IN ('queued', 'running')
              AND i.created_at < now() - make_interval(mins => $4)
              AND (i.created_at < now() - make_interval(days => $1)
                   OR NOT EXISTS (SELECT 1 FROM import_files f WHERE f.import_id = i.id))
          RETURNING i.id, i.filename, i.created_by, i.error_message AS message`,
          [days, tooOld, noFile, IMPORT_REQUEUE_AFTER_MINUTES],
        );
      if (rows.length === 0) return [];
      await m.query(`DELETE FROM import_files WHERE import_id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
      for (const r of rows) {
        await this.audit.record(
          {
            action: 'import.failed',
            actor: { userId: r.created_by },
            targetType: 'import',
            targetId: r.id,
            details: { filename: r.filename, error: r.message },
          },
          m,
        );
      }
      return rows.map((r) => r.id);
    });
  }

  /** Unfinished imports with no job that will run them: queued again under their one job id. */
  private async requeueLost(): Promise<string[]> {
    const stale: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM imports
        WHERE status IN ('queued', 'running')
          AND coalesce(started_at, created_at) < now() - make_interval(mins => $1)
        ORDER BY created_at, id
        LIMIT $2`,
      [IMPORT_REQUEUE_AFTER_MINUTES, STALE_BATCH],
    );
    const queue = this.jobs.queue(QueueName.Imports);
    const requeued: string[] = [];
    for (const { id } of stale) {
      const jobId = importJobId(id);
      const job = await queue.getJob(jobId);
      if (job) {
        if (PENDING_JOB_STATES.has(await job.getState())) continue;
        // The job ended (completed or failed) yet the import never finished: BullMQ would ignore a new job under
        // the same id while the old one is kept, so the old one goes first.
        await job.remove();
      }
      await this.jobs.enqueue(
        JobName.ContactImport,
        { importId: id },
        { jobId, attempts: IMPORT_JOB_ATTEMPTS },
      );
      requeued.push(id);
    }
    return requeued;
  }

  private async removeLeftoverFiles(): Promise<number> {
    const [, count] = await this.dataSource.query(
      `DELETE FROM import_files f USING imports i
        WHERE f.import_id = i.id AND i.status IN ('completed', 'failed')`,
    );
    return count ?? 0;
  }

  /**
   * Takes the values out of row errors stored before the import left them out (an address, a phone number that
   * must not outlive the person's erasure). Touches only imports with such an error, so it costs nothing once done.
   */
  private async scrubLegacyRowErrors(): Promise<number> {
    const patterns = LEGACY_ROW_ERRORS.map(([match]) => match);
    const reasons = LEGACY_ROW_ERRORS.map(([, reason]) => reason);
    const fields = LEGACY_ROW_ERRORS.map(([, , field]) => field);
    const [, count] = await this.dataSource.query(
      `WITH legacy AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS l(pattern, reason, field, n))
       UPDATE imports i SET errors = (
         SELECT jsonb_agg(
                  CASE WHEN m.pattern IS NULL THEN e.value
                       ELSE e.value || jsonb_strip_nulls(jsonb_build_object(
                              'reason', regexp_replace(e.value->>'reason', m.pattern || '.*$', m.reason),
                              'field', m.field))
                  END ORDER BY e.ord)
           FROM jsonb_array_elements(i.errors) WITH ORDINALITY AS e(value, ord)
           LEFT JOIN LATERAL (SELECT pattern, reason, field FROM legacy
                               WHERE e.value->>'reason' ~ legacy.pattern ORDER BY n LIMIT 1) m ON true)
        WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(i.errors) AS e(value), legacy
                       WHERE e.value->>'reason' ~ legacy.pattern)`,
      [patterns, reasons, fields],
    );
    return count ?? 0;
  }

  private async removeOldRowErrors(): Promise<number> {
    const [, count] = await this.dataSource.query(
      `UPDATE imports SET errors = '[]'::jsonb
        WHERE finished_at < now() - make_interval(days => $1) AND errors <> '[]'::jsonb`,
      [this.config.IMPORT_ERROR_RETENTION_DAYS],
    );
    return count ?? 0;
  }
}
