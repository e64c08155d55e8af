import { AuditActor, AuditService } from '@app/audit';
import { errorForLog } from '@app/common';
import { Injectable, Logger } from '@nestjs/common';
import type { Writable } from 'node:stream';
import type { PoolClient } from 'pg';
import { finished } from 'node:stream/promises';
import { DataSource, EntityManager } from 'typeorm';
import { applyContactFilter, ContactFilter } from '../contacts/contact-filter';
import {
  CONTACT_EXPORT_HEADERS,
  contactExportCells,
  ContactExportRecord,
  csvLine,
} from './contact-export-row';
import { EXPORT_TYPE_PARSERS } from './export-type-parsers';
import { ReceiverClosedError, writeWithBackpressure as write } from '../tabular/backpressure';
import { XlsxSheetWriter } from '../tabular/xlsx-writer';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Rows fetched per query; memory holds one chunk at a time, whatever the number of contacts. */
export const EXPORT_CHUNK_SIZE = 2000;

const UTF8_BOM = '\ufeff';

/** Called by an export once, right before its first byte: the moment an HTTP answer commits to being the file. */
export type ExportStart = () => void;

/**
 * Streams contacts matching a filter as CSV (Swedish Excel: UTF-8 with BOM, ";", CRLF) or XLSX, in name order.
 * Rows are read in keyset chunks inside one REPEATABLE READ transaction (a consistent snapshot without holding
 * the whole result), written to `out` with backpressure, and the export is audited with its row count.
 *
 * The first chunk is read and formatted before anything is written, so an export that fails at once (the
 * database gone, a row that cannot be formatted) fails before `start` and can still be answered with an error
 * of its own. One that fails later has sent part of a file: the caller must then cut the connection so that the
 * download fails visibly. Either way the failure is logged and audited (`export.contacts.failed`).
 */
@Injectable()
export class ContactExportService {
  private readonly logger = new Logger('ContactExport');

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async export(
    format: ExportFormat,
    filter: ContactFilter,
    out: Writable,
    actor: AuditActor,
    start: ExportStart = () => undefined,
  ): Promise<number> {
    const progress = { started: false, rows: 0 };
    const begin = () => {
      progress.started = true;
      start();
    };
    let rowCount: number;
    try {
      rowCount = await this.dataSource.transaction('REPEATABLE READ', (m) =>
        format === 'csv'
          ? this.writeCsv(m, filter, out, begin, progress)
          : this.writeXlsx(m, filter, out, begin, progress),
      );
    } catch (err) {
      await this.recordFailure(format, filter, actor, progress, err);
      throw err;
    }
    await this.audit.record({
      action: 'export.contacts',
      actor,
      targetType: 'contacts',
      details: { format, rowCount, filter: { ...filter } },
    });
    return rowCount;
  }

  /** Logged (without driver parameters) and audited with how far it got; a client that hung up is only a warning. */
  private async recordFailure(
    format: ExportFormat,
    filter: ContactFilter,
    actor: AuditActor,
    progress: { started: boolean; rows: number },
    err: unknown,
  ): Promise<void> {
    const receiverGone = err instanceof ReceiverClosedError;
    const context = { format, started: progress.started, rowsWritten: progress.rows, err: errorForLog(err) };
    if (receiverGone) this.logger.warn(context, 'Kontaktexporten avbröts: mottagaren stängde anslutningen');
    else this.logger.error(context, 'Kontaktexporten misslyckades');
    await this.audit
      .record({
        action: 'export.contacts.failed',
        actor,
        targetType: 'contacts',
        details: {
          format,
          rowsWritten: progress.rows,
          started: progress.started,
          reason: receiverGone ? 'mottagaren stängde anslutningen' : 'fel i exporten',
          filter: { ...filter },
        },
      })
      .catch((auditErr: unknown) =>
        this.logger.error(
          { err: errorForLog(auditErr) },
          'Den misslyckade exporten kunde inte granskningsloggas',
        ),
      );
  }

  private async writeCsv(
    m: EntityManager,
    filter: ContactFilter,
    out: Writable,
    begin: ExportStart,
    progress: { rows: number },
  ): Promise<number> {
    const chunks = this.formattedChunks(m, filter);
    try {
      let next = await chunks.next();
      begin();
      await write(out, UTF8_BOM + csvLine(CONTACT_EXPORT_HEADERS));
      while (!next.done) {
        let text = '';
        for (const cells of next.value) text += csvLine(cells);
        await write(out, text);
        progress.rows += next.value.length;
        next = await chunks.next();
      }
    } finally {
      await chunks.return(undefined);
    }
    out.end();
    await finished(out);
    return progress.rows;
  }

  private async writeXlsx(
    m: EntityManager,
    filter: ContactFilter,
    out: Writable,
    begin: ExportStart,
    progress: { rows: number },
  ): Promise<number> {
    const chunks = this.formattedChunks(m, filter);
    try {
      let next = await chunks.next();
      begin();
      const sheet = await XlsxSheetWriter.start(out, {
        sheetName: 'Kontakter',
        columns: CONTACT_EXPORT_HEADERS.map((header) => ({ header, width: header === 'E-post' ? 32 : 18 })),
      });
      while (!next.done) {
        await sheet.addRows(next.value);
        progress.rows += next.value.length;
        next = await chunks.next();
      }
      await sheet.finish();
    } finally {
      await chunks.return(undefined);
    }
    await finished(out);
    return progress.rows;
  }

  /** The rows as export cells, a chunk at a time: a row that cannot be formatted fails its chunk before it is written. */
  private async *formattedChunks(m: EntityManager, filter: ContactFilter): AsyncGenerator<string[][]> {
    for await (const chunk of this.chunks(m, filter)) yield chunk.map(contactExportCells);
  }

  /**
   * Keyset chunks in name order, each the next EXPORT_CHUNK_SIZE rows after the previous chunk's last row (an
   * index walk entered at that row: every chunk costs the same). The next chunk is asked for as soon as a chunk
   * arrives, so PostgreSQL reads it while this one is formatted and written.
   */
  private async *chunks(m: EntityManager, filter: ContactFilter): AsyncGenerator<ContactExportRecord[]> {
    // UTC: the shape the fast timestamp parser reads (export-type-parsers.ts).
    await m.query(`SET LOCAL TimeZone = 'UTC'`);
    // The transaction's own connection, for pg's per-query `types`.
    const client = (await m.queryRunner!.connect()) as PoolClient;
    const read = async (after?: ContactExportRecord): Promise<ContactExportRecord[]> => {
      const [text, values] = this.chunkQuery(m, filter, after).getQueryAndParameters();
      return (await client.query<ContactExportRecord>({ text, values, types: EXPORT_TYPE_PARSERS })).rows;
    };
    let pending: Promise<ContactExportRecord[]> | undefined = read();
    try {
      while (pending) {
        const rows: ContactExportRecord[] = await pending;
        pending = rows.length === EXPORT_CHUNK_SIZE ? read(rows[rows.length - 1]) : undefined;
        // Not awaited until the consumer asks for it; a failure meanwhile is not unhandled.
        pending?.catch(() => undefined);
        if (rows.length > 0) yield rows;
      }
    } finally {
      // Stopped early (a failure, the receiver gone): let the read in flight end before the transaction does.
      await pending?.catch(() => undefined);
    }
  }

  private chunkQuery(m: EntityManager, filter: ContactFilter, after?: ContactExportRecord) {
    const qb = m
      .createQueryBuilder()
      .select([
        'c.id AS id',
        'c.first_name AS first_name',
        'c.last_name AS last_name',
        'c.email AS email',
        'c.phone AS phone',
        'o.name AS organization_name',
        'o.kind AS organization_kind',
        'r.name AS region_name',
        'c.roles AS roles',
        'c.elected AS elected',
        'c.title AS title',
        'c.language AS language',
        'c.tags AS tags',
        'c.created_at AS created_at',
        'c.updated_at AS updated_at',
      ])
      .from('contacts', 'c')
      .leftJoin('organizations', 'o', 'o.id = c.organization_id')
      .leftJoin('regions', 'r', 'r.id = c.region_id');
    applyContactFilter(qb, filter, 'c');
    if (after) {
      qb.andWhere('(c.last_name, c.first_name, c.id) > (:ex_ln, :ex_fn, CAST(:ex_id AS uuid))', {
        ex_ln: after.last_name,
        ex_fn: after.first_name,
        ex_id: after.id,
      });
    }
    return qb
      .orderBy('c.last_name', 'ASC')
      .addOrderBy('c.first_name', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(EXPORT_CHUNK_SIZE);
  }
}
