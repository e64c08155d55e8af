/**
 * Benchmark (a): generated contacts from a Swedish Excel CSV through the REAL import job (the handler that the
 * BullMQ worker calls, on a fresh migrated database), against the floor of a plain PostgreSQL COPY of the same
 * file into a scratch table, in the same run. Per size: a new import, the same file again (which must rewrite no
 * row: counted by the rows' xmin and updated_at), and the file with every tenth row changed; the job's time and
 * its peak resident memory growth. Prints figures; not a test.
 *   npm run bench:import                     (100k rows)
 *   ROWS=300000 npm run bench:import
 *   ROWS=100000,300000 npm run bench:import  (both, and how the time grows)
 */
import { fork } from 'node:child_process';
import { chmodSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DataSource } from 'typeorm';
import { createBenchDatabase, importHandler, storeServerFile } from './support/bench-database';
import { writeCsvFile } from './support/generate-contacts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface Run {
  seconds: number;
  /** Peak resident memory during the job above what the process held before its first job, MB. */
  rssGrowthMb: number;
  counts: Record<string, unknown>;
}

/** The process's resident memory before its first job (after a full garbage collection). */
let baselineRss: number | undefined;

/**
 * Runs the job on a stored file, sampling the process's resident memory meanwhile: its growth is the peak above
 * what the process held before its first job (a process keeps memory it once took, so later jobs show their
 * growth above the first one's only where they needed more).
 */
async function runJob(dataSource: DataSource, importId: string): Promise<Run> {
  gc();
  baselineRss ??= process.memoryUsage.rss();
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  const started = process.hrtime.bigint();
  try {
    await importHandler(dataSource).handle({ importId });
  } finally {
    clearInterval(sampler);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  peak = Math.max(peak, process.memoryUsage.rss());
  const [counts] = await dataSource.query(
    `SELECT status, total, created, updated, skipped, error_message FROM imports WHERE id = $1`,
    [importId],
  );
  if (counts.status !== 'completed') throw new Error(`Importen misslyckades: ${counts.error_message}`);
  delete counts.error_message;
  // Below the baseline: the process gave memory back; no growth.
  return { seconds, rssGrowthMb: Math.max(0, peak - baselineRss) / 1024 / 1024, counts };
}

/** The first transaction id not yet started, as the 32 bits a row's xmin holds. */
const NEXT_XID = `(pg_snapshot_xmax(pg_current_snapshot())::text::bigint % 4294967296)::text`;

/** Contact rows written (a new row version) since `xid`, and rows whose updated_at moved since `at`. */
async function rewrittenSince(dataSource: DataSource, xid: string, at: string) {
  const [r] = await dataSource.query(
    `SELECT count(*) FILTER (WHERE xmin::text::bigint >= $1::bigint)::int AS by_xmin,
            count(*) FILTER (WHERE updated_at > $2::timestamptz)::int AS by_updated_at
       FROM contacts`,
    [xid, at],
  );
  return r as { by_xmin: number; by_updated_at: number };
}

async function benchSize(rows: number): Promise<Omit<SizeResult, 'rows'>> {
  const db = await createBenchDatabase();
  const file = join(tmpdir(), `crm-bench-${process.pid}-${rows}.csv`);
  const changedFile = join(tmpdir(), `crm-bench-${process.pid}-${rows}-changed.csv`);
  try {
    const bytes = await writeCsvFile(file, rows);
    // Every tenth person has a new mobile number.
    await writeCsvFile(changedFile, rows, (i, row) =>
      i % 10 === 0 ? row.map((cell, c) => (c === 5 ? cell.replace('+46 70', '+46 73') : cell)) : row,
    );
    chmodSync(file, 0o644);
    chmodSync(changedFile, 0o644);
    console.log(`\n${rows.toLocaleString('sv-SE')} rader (${(bytes / 1024 / 1024).toFixed(1)} MB CSV)`);

    // Floor: COPY of the same file into an unindexed scratch table (server-side COPY reads the file itself).
    await db.dataSource.query(
      `CREATE TABLE copy_scratch (first_name text, last_name text, email text, organization text, region text,
                                  phone text, role text, tags text)`,
    );
    const c0 = process.hrtime.bigint();
    // The BOM would be taken as part of the first header; HEADER skips that line anyway.
    await db.dataSource.query(
      `COPY copy_scratch FROM '${file}' WITH (FORMAT csv, DELIMITER ';', HEADER true, ENCODING 'UTF8')`,
    );
    const copySeconds = Number(process.hrtime.bigint() - c0) / 1e9;
    await db.dataSource.query(`DROP TABLE copy_scratch`);

    const first = await runJob(db.dataSource, await storeServerFile(db.dataSource, 'bench.csv', file));

    const [mark] = await db.dataSource.query(`SELECT ${NEXT_XID} AS xid, clock_timestamp()::text AS at`);
    const againId = await storeServerFile(db.dataSource, 'bench.csv', file);
    const again = await runJob(db.dataSource, againId);
    const rewritten = await rewrittenSince(db.dataSource, mark.xid, mark.at);

    const [mark2] = await db.dataSource.query(`SELECT ${NEXT_XID} AS xid, clock_timestamp()::text AS at`);
    const changed = await runJob(
      db.dataSource,
      await storeServerFile(db.dataSource, 'bench-ändrad.csv', changedFile),
    );
    const rewrittenChanged = await rewrittenSince(db.dataSource, mark2.xid, mark2.at);

    const fmt = (s: number) => `${s.toFixed(2)} s, ${Math.round(rows / s).toLocaleString('sv-SE')} rader/s`;
    const mem = (r: Run) => `RSS +${r.rssGrowthMb.toFixed(0)} MB`;
    console.log(`PostgreSQL COPY till tom tabell (golv):     ${fmt(copySeconds)}`);
    console.log(
      `Importjobbet, ny databas (skapar):          ${fmt(first.seconds)}, ${(first.seconds / copySeconds).toFixed(1)}× golvet, ${mem(first)}  → ${JSON.stringify(first.counts)}`,
    );
    console.log(
      `Importjobbet, samma fil igen (oförändrad):  ${fmt(again.seconds)}, ${mem(again)}  → ${JSON.stringify(again.counts)}`,
    );
    console.log(
      `  omskrivna kontaktrader: ${rewritten.by_xmin} (ny radversion, xmin), ${rewritten.by_updated_at} (updated_at flyttad)`,
    );
    console.log(
      `Importjobbet, var tionde rad ändrad:        ${fmt(changed.seconds)}, ${mem(changed)}  → ${JSON.stringify(changed.counts)}`,
    );
    console.log(
      `  omskrivna kontaktrader: ${rewrittenChanged.by_xmin} (xmin), ${rewrittenChanged.by_updated_at} (updated_at); väntat ${Math.ceil(rows / 10)}`,
    );
    const newOk = first.seconds <= 5 && first.seconds <= 35 * copySeconds;
    const againOk = again.seconds <= 2 && rewritten.by_xmin === 0 && rewritten.by_updated_at === 0;
    if (rows === 100_000) {
      console.log(`Mål ny import ≤ 5 s och ≤ 35× golvet: ${newOk ? 'uppnått' : 'EJ uppnått'}`);
      console.log(`Mål samma fil ≤ 2 s och ingen rad omskriven: ${againOk ? 'uppnått' : 'EJ uppnått'}`);
    } else {
      console.log(`Samma fil: ingen rad omskriven: ${rewritten.by_xmin === 0 ? 'ja' : 'NEJ'}`);
    }
    const peakRssGrowthMb = Math.max(first.rssGrowthMb, again.rssGrowthMb, changed.rssGrowthMb);
    console.log(`Största RSS-tillväxt under de tre jobben: ${peakRssGrowthMb.toFixed(0)} MB`);
    return { first, again, copySeconds, peakRssGrowthMb };
  } finally {
    for (const f of [file, changedFile]) {
      try {
        unlinkSync(f);
      } catch {
        // already gone
      }
    }
    await db.drop();
  }
}

interface SizeResult {
  rows: number;
  copySeconds: number;
  first: Run;
  again: Run;
  /** The largest growth of resident memory over the size's three jobs, MB. */
  peakRssGrowthMb: number;
}

/**
 * Each size runs in a process of its own, so that its memory growth is its own (a process keeps the memory it
 * once took); the parent prints how the sizes compare.
 */
async function main(): Promise<void> {
  const child = process.env.BENCH_IMPORT_ROWS;
  if (child) {
    const result = await benchSize(Number(child));
    process.send?.({ rows: Number(child), ...result });
    return;
  }
  const sizes = (process.env.ROWS ?? '100000').split(',').map((s) => Number(s.trim()));
  const results = new Map<number, SizeResult>();
  for (const rows of sizes) {
    const worker = fork(__filename, [], {
      env: { ...process.env, BENCH_IMPORT_ROWS: String(rows) },
      // Transpiled only: a type-checking ts-node keeps the TypeScript compiler in the heap, which lets V8 grow
      // the heap far more than the app's own process (compiled JavaScript) ever would.
      execArgv: ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'],
    });
    const result = await new Promise<SizeResult>((resolve, reject) => {
      let got: SizeResult | undefined;
      worker.on('message', (m: SizeResult) => (got = m));
      worker.on('error', reject);
      worker.on('exit', (code) =>
        got && code === 0
          ? resolve(got)
          : reject(new Error(`Benchen för ${rows} rader avslutades med ${code}`)),
      );
    });
    results.set(rows, result);
  }
  const small = results.get(100_000);
  const large = results.get(300_000);
  if (small && large) {
    const ratio = large.first.seconds / small.first.seconds;
    console.log(
      `\n300k / 100k, ny import: ${ratio.toFixed(2)}× tiden (mål ≤ 3,2×: ${ratio <= 3.2 ? 'uppnått' : 'EJ uppnått'}); ` +
        `samma fil: ${(large.again.seconds / small.again.seconds).toFixed(2)}×; ` +
        `största RSS-tillväxt under jobben: ${small.peakRssGrowthMb.toFixed(0)} MB (100k), ` +
        `${large.peakRssGrowthMb.toFixed(0)} MB (300k)`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
