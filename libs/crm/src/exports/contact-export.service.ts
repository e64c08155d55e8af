import { AuditActor, AuditService } from '@app/audit';
import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { DataSource, EntityManager } from 'typeorm';
import { applyContactFilter, ContactFilter } from '../contacts/contact-filter';
import { CONTACT_EXPORT_HEADERS, contactExportCells, ContactExportRecord } from './contact-export-row';
import { drained, writeWithBackpressure as write } from '../tabular/backpressure';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Rows fetched per query; memory holds one chunk at a time, whatever the number of contacts. */
export const EXPORT_CHUNK_SIZE = 2000;

const UTF8_BOM = '\ufeff';

/**
 * Streams contacts matching a filter as CSV (Swedish Excel: UTF-8 with BOM, ";", CRLF) or XLSX, in name order.
 * Rows are read in keyset chunks inside one REPEATABLE READ transaction (a consistent snapshot without holding
 * the whole result), written to `out` with backpressure, and the export is audited with its row count.
 */
@Injectable()
export class ContactExportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async export(
    format: ExportFormat,
    filter: ContactFilter,
    out: Writable,
    actor: AuditActor,
  ): Promise<number> {
    const rowCount = await this.dataSource.transaction('REPEATABLE READ', (m) =>
      format === 'csv' ? this.writeCsv(m, filter, out) : this.writeXlsx(m, filter, out),
    );
    await this.audit.record({
      action: 'export.contacts',
      actor,
      targetType: 'contacts',
      details: { format, rowCount, filter: { ...filter } },
    });
    return rowCount;
  }

  private async writeCsv(m: EntityManager, filter: ContactFilter, out: Writable): Promise<number> {
    const options = { delimiter: ';', record_delimiter: 'windows' as const };
    await write(out, UTF8_BOM + stringify([[...CONTACT_EXPORT_HEADERS]], options));
    let count = 0;
    for await (const chunk of this.chunks(m, filter)) {
      await write(out, stringify(chunk.map(contactExportCells), options));
      count += chunk.length;
    }
    out.end();
    await finished(out);
    return count;
  }

  private async writeXlsx(m: EntityManager, filter: ContactFilter, out: Writable): Promise<number> {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: false,
      useSharedStrings: false,
    });
    const sheet = workbook.addWorksheet('Kontakter');
    sheet.columns = CONTACT_EXPORT_HEADERS.map((header) => ({
      header,
      width: header === 'E-post' ? 32 : 18,
    }));
    let count = 0;
    for await (const chunk of this.chunks(m, filter)) {
      for (const record of chunk) sheet.addRow(contactExportCells(record)).commit();
      count += chunk.length;
      if (out.writableNeedDrain) await drained(out);
    }
    sheet.commit();
    await workbook.commit();
    return count;
  }

  private async *chunks(m: EntityManager, filter: ContactFilter): AsyncGenerator<ContactExportRecord[]> {
    let after: ContactExportRecord | undefined;
    for (;;) {
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
      const rows = await qb
        .orderBy('c.last_name', 'ASC')
        .addOrderBy('c.first_name', 'ASC')
        .addOrderBy('c.id', 'ASC')
        .limit(EXPORT_CHUNK_SIZE)
        .getRawMany<ContactExportRecord>();
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < EXPORT_CHUNK_SIZE) return;
      after = rows[rows.length - 1];
    }
  }
}
