/**
 * Benchmark (b): export 100k contacts to CSV and to XLSX through the real export service into a null sink,
 * with resident memory sampled every 20 ms. Prints figures; not a test.   npm run bench:export
 */
import { AuditEntry, AuditService } from '@app/audit';
import { ContactExportService, ExportFormat } from '@app/crm';
import { Writable } from 'node:stream';
import { createBenchDatabase, runImport } from './support/bench-database';
import { generateCsv } from './support/generate-contacts';

async function main(): Promise<void> {
  const rows = Number(process.env.ROWS ?? 100_000);
  const db = await createBenchDatabase();
  try {
    await runImport(db.dataSource, 'seed.csv', generateCsv(rows));
    const service = new ContactExportService(
      db.dataSource,
      new AuditService(db.dataSource.getRepository(AuditEntry)),
    );
    for (const format of ['csv', 'xlsx', 'csv', 'xlsx'] as ExportFormat[]) {
      global.gc?.();
      let bytes = 0;
      const sink = new Writable({
        write(chunk: Buffer, _enc, cb) {
          bytes += chunk.length;
          cb();
        },
      });
      const baseline = process.memoryUsage().rss;
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      const started = process.hrtime.bigint();
      const count = await service.export(format, {}, sink, {});
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      const target = format === 'csv' ? 3 : 5;
      console.log(
        `${format.toUpperCase().padEnd(4)} ${count} rader, ${(bytes / 1024 / 1024).toFixed(1)} MB: ${seconds.toFixed(2)} s ` +
          `(mål ≤ ${target} s), RSS-tillväxt ${((peak - baseline) / 1024 / 1024).toFixed(0)} MB (mål ≤ 200 MB)`,
      );
    }
  } finally {
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
