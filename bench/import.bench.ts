/**
 * Benchmark (a): 100k generated contacts from a Swedish Excel CSV through the REAL import job (the handler that
 * the BullMQ worker calls, on a fresh migrated database), against the floor of a plain PostgreSQL COPY of the
 * same rows into a scratch table. Prints figures; not a test.   npm run bench:import   (ROWS=… to change)
 */
import { writeFileSync, unlinkSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBenchDatabase, runImport } from './support/bench-database';
import { generateCsv } from './support/generate-contacts';

async function main(): Promise<void> {
  const rows = Number(process.env.ROWS ?? 100_000);
  const db = await createBenchDatabase();
  try {
    const csv = generateCsv(rows);
    console.log(`Genererade ${rows} rader (${(csv.length / 1024 / 1024).toFixed(1)} MB CSV)`);

    // Floor: COPY of the same file into an unindexed scratch table (server-side COPY reads the file itself).
    const file = join(tmpdir(), `crm-bench-${process.pid}.csv`);
    writeFileSync(file, csv.subarray(3)); // without the BOM, which COPY would take as part of the first header
    chmodSync(file, 0o644);
    await db.dataSource.query(
      `CREATE TABLE copy_scratch (first_name text, last_name text, email text, organization text, region text,
                                  phone text, role text, tags text)`,
    );
    const c0 = process.hrtime.bigint();
    await db.dataSource.query(
      `COPY copy_scratch FROM '${file}' WITH (FORMAT csv, DELIMITER ';', HEADER true, ENCODING 'UTF8')`,
    );
    const copySeconds = Number(process.hrtime.bigint() - c0) / 1e9;
    unlinkSync(file);

    const first = await runImport(db.dataSource, 'bench.csv', csv);
    const [r1] = await db.dataSource.query(
      `SELECT total, created, updated, skipped, status FROM imports WHERE id = $1`,
      [first.importId],
    );
    const again = await runImport(db.dataSource, 'bench.csv', csv);
    const [r2] = await db.dataSource.query(
      `SELECT total, created, updated, skipped, status FROM imports WHERE id = $1`,
      [again.importId],
    );

    const fmt = (s: number) => `${s.toFixed(2)} s, ${Math.round(rows / s).toLocaleString('sv-SE')} rader/s`;
    console.log(`PostgreSQL COPY till tom tabell (golv):   ${fmt(copySeconds)}`);
    console.log(`Importjobbet, ny databas (skapar):        ${fmt(first.seconds)}  → ${JSON.stringify(r1)}`);
    console.log(`Importjobbet, samma fil igen (uppdaterar): ${fmt(again.seconds)}  → ${JSON.stringify(r2)}`);
    console.log(`Mål ≤ 10 s: ${first.seconds <= 10 && again.seconds <= 10 ? 'uppnått' : 'EJ uppnått'}`);
  } finally {
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
