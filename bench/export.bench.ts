/**
 * Benchmark (b): export 100k contacts to CSV and to XLSX through the real export service into a null sink, each
 * beside its floor measured in the same run, with resident memory sampled every 20 ms. Prints figures; not a
 * test.   npm run bench:export   (ROWS=100000; PROFILE=file.cpuprofile [PROFILE_FORMAT=csv|xlsx] profiles the
 * second round's export)
 *
 * Floors: CSV — the export's SELECT read through the same kind of cursor and written with csv-stringify, no
 * formatting; XLSX — the exceljs streaming writer alone writing as many rows of 14 text cells, no database (the
 * export wrote through it before it got its own streaming writer, libs/crm/src/tabular/xlsx-writer.ts). exceljs
 * is loaded once before anything is timed.
 */
import { AuditEntry, AuditService } from '@app/audit';
import { loadExcelJs } from '@app/common';
import { CpuProfile } from './support/cpu-profile';
import { CONTACT_EXPORT_HEADERS, ContactExportService, ExportFormat } from '@app/crm';
import { stringify } from 'csv-stringify/sync';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DataSource } from 'typeorm';
import { createBenchDatabase, runImport } from './support/bench-database';
import { contactRow, generateCsv } from './support/generate-contacts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const TARGET_SECONDS: Record<ExportFormat, number> = { csv: 1.5, xlsx: 3 };
const TARGET_RSS_MB = 100;

interface Measured {
  seconds: number;
  bytes: number;
  rssGrowthMb: number;
  rows: number;
}

/** A sink that counts bytes and drops them. */
function nullSink(counter: { bytes: number }): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      counter.bytes += chunk.length;
      cb();
    },
  });
}

async function measure(run: (sink: Writable) => Promise<number>): Promise<Measured> {
  gc();
  const counter = { bytes: 0 };
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = process.hrtime.bigint();
  const rows = await run(nullSink(counter));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { seconds, bytes: counter.bytes, rssGrowthMb: (peak - baseline) / 1024 / 1024, rows };
}

/** The export's SELECT (its columns, joins and order) through a cursor, 2000 rows a fetch, into csv-stringify. */
async function csvFloor(dataSource: DataSource, sink: Writable): Promise<number> {
  let rows = 0;
  await dataSource.transaction('REPEATABLE READ', async (m) => {
    await m.query(
      `DECLARE floor_export NO SCROLL CURSOR FOR
       SELECT c.id, c.first_name, c.last_name, c.email, c.phone, o.name AS organization_name,
              o.kind AS organization_kind, r.name AS region_name, c.roles, c.elected, c.title, c.language,
              c.tags, c.created_at, c.updated_at
         FROM contacts c
         LEFT JOIN organizations o ON o.id = c.organization_id
         LEFT JOIN regions r ON r.id = c.region_id
        ORDER BY c.last_name, c.first_name, c.id`,
    );
    const options = { delimiter: ';', record_delimiter: 'windows' as const };
    sink.write('\ufeff' + stringify([[...CONTACT_EXPORT_HEADERS]], options));
    for (;;) {
      const batch: Record<string, unknown>[] = await m.query(`FETCH FORWARD 2000 FROM floor_export`);
      if (batch.length === 0) break;
      rows += batch.length;
      if (!sink.write(stringify(batch.map(Object.values), options))) {
        await new Promise((resolve) => sink.once('drain', resolve));
      }
    }
  });
  sink.end();
  await finished(sink);
  return rows;
}

/** exceljs's streaming writer alone: as many rows of 14 text cells, made beforehand. */
async function xlsxFloor(cells: string[][], sink: Writable): Promise<number> {
  const ExcelJS = await loadExcelJs();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: sink,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('Kontakter');
  sheet.columns = CONTACT_EXPORT_HEADERS.map((header) => ({ header, width: 18 }));
  for (let i = 0; i < cells.length; i++) {
    sheet.addRow(cells[i]).commit();
    if (i % 2000 === 1999 && sink.writableNeedDrain) {
      await new Promise((resolve) => sink.once('drain', resolve));
    }
  }
  sheet.commit();
  await workbook.commit();
  return cells.length;
}

async function main(): Promise<void> {
  const rows = Number(process.env.ROWS ?? 100_000);
  const db = await createBenchDatabase();
  try {
    await runImport(db.dataSource, 'seed.csv', generateCsv(rows));
    await db.dataSource.query('VACUUM ANALYZE');
    const service = new ContactExportService(
      db.dataSource,
      new AuditService(db.dataSource.getRepository(AuditEntry)),
    );
    await loadExcelJs();
    // Rows shaped like the export's: the generator's eight values, the phone twice formatted, dates as text.
    const xlsxCells = Array.from({ length: rows }, (_, i) => {
      const r = contactRow(i);
      return [...r, 'medlem', 'nej', '', 'sv', '2026-11-27', '2026-11-27'];
    });
    console.log(`Export av ${rows} kontakter, två varv; golv och export i samma körning, var för sig:`);
    for (let round = 1; round <= 2; round++) {
      for (const format of ['csv', 'xlsx'] as ExportFormat[]) {
        const floor = await measure((sink) =>
          format === 'csv' ? csvFloor(db.dataSource, sink) : xlsxFloor(xlsxCells, sink),
        );
        // PROFILE=file.cpuprofile: a CPU profile of the second round's export in PROFILE_FORMAT (csv).
        const profiled =
          process.env.PROFILE && round === 2 && format === (process.env.PROFILE_FORMAT ?? 'csv');
        const profiler = profiled ? await CpuProfile.start() : undefined;
        const got = await measure((sink) => service.export(format, {}, sink, {}));
        if (profiler) console.log(`  CPU-profil: ${await profiler.stopTo(process.env.PROFILE!)}`);
        const floorName = format === 'csv' ? 'SELECT + csv-stringify' : 'exceljs-skrivaren ensam';
        console.log(
          `  varv ${round} ${format.toUpperCase().padEnd(4)} ${got.rows} rader, ${(got.bytes / 1024 / 1024).toFixed(1)} MB: ` +
            `${got.seconds.toFixed(2)} s (mål ≤ ${TARGET_SECONDS[format]} s); golv (${floorName}) ${floor.seconds.toFixed(2)} s, ` +
            `kvot ${(got.seconds / floor.seconds).toFixed(2)}; RSS-tillväxt ${got.rssGrowthMb.toFixed(0)} MB ` +
            `(mål ≤ ${TARGET_RSS_MB} MB; golvets ${floor.rssGrowthMb.toFixed(0)} MB)`,
        );
      }
    }
  } finally {
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
