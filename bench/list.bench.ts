/**
 * Benchmark (c): the contact list (ContactsService.list, what GET /api/contacts runs) at 100k and then 300k
 * contacts: p50/p95 per kind of query, each request timed on its own, first pages and the page after them (by
 * cursor), beside a floor measured in the same run. Prints figures; not a test.   npm run bench:list
 *
 * Floor: the cheapest page there is, one query — the first 51 ids in name order, no filter, nothing else loaded.
 * After each import the database is vacuumed and analysed, as autovacuum would have done by the time staff look.
 */
import { AuditEntry, AuditService } from '@app/audit';
import {
  ContactFilter,
  ContactPageQuery,
  ContactsService,
  PersonalDataHolders,
  Suppression,
  SuppressionsService,
} from '@app/crm';
import { DataSource } from 'typeorm';
import { createBenchDatabase, runImport } from './support/bench-database';
import { generateCsv } from './support/generate-contacts';

const SIZES = [100_000, 300_000];
const TARGET_P95_MS: Record<number, number> = { 100_000: 30, 300_000: 50 };
/** Requests per kind and page (first page, next page) at each size. */
const SAMPLES = Number(process.env.SAMPLES ?? 30);

interface Kind {
  name: string;
  query: Omit<ContactPageQuery, 'limit' | 'cursor'>;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const t0 = process.hrtime.bigint();
  const result = await run();
  return [result, Number(process.hrtime.bigint() - t0) / 1e6];
}

async function measure(
  dataSource: DataSource,
  contacts: ContactsService,
  kinds: Kind[],
): Promise<Map<string, number[]>> {
  const times = new Map<string, number[]>();
  const add = (name: string, ms: number) => times.set(name, [...(times.get(name) ?? []), ms]);
  // Warm-up: one of each, not counted.
  for (const kind of kinds) await contacts.list({ ...kind.query, limit: 50 });
  for (let i = 0; i < SAMPLES; i++) {
    const [, floorMs] = await timed(() =>
      dataSource.query(`SELECT id FROM contacts ORDER BY last_name, first_name, id LIMIT 51`),
    );
    add('golv', floorMs);
    for (const kind of kinds) {
      const [first, ms] = await timed(() => contacts.list({ ...kind.query, limit: 50 }));
      add(kind.name, ms);
      if (first.nextCursor) {
        const cursor = first.nextCursor;
        const [, nextMs] = await timed(() => contacts.list({ ...kind.query, limit: 50, cursor }));
        add(`${kind.name}, sida 2`, nextMs);
      }
    }
  }
  return times;
}

async function main(): Promise<void> {
  const db = await createBenchDatabase();
  try {
    const contacts = new ContactsService(
      db.dataSource,
      new AuditService(db.dataSource.getRepository(AuditEntry)),
      new SuppressionsService(db.dataSource.getRepository(Suppression)),
      new PersonalDataHolders(),
    );
    const summary: string[] = [];
    let imported = 0;
    for (const size of SIZES) {
      await runImport(db.dataSource, `seed-${size}.csv`, generateCsv(size - imported, imported));
      imported = size;
      await db.dataSource.query('VACUUM ANALYZE');
      const [{ id: orgId }] = await db.dataSource.query(`SELECT id FROM organizations ORDER BY name LIMIT 1`);
      const kind = (name: string, filter: ContactFilter, more: Partial<Kind['query']> = {}): Kind => ({
        name,
        query: { filter, ...more },
      });
      const kinds: Kind[] = [
        kind('q=oberg', { q: 'oberg' }),
        kind('q=oberg, nyast först', { q: 'oberg' }, { sort: 'createdAt', order: 'desc' }),
        kind('q=person4711', { q: 'person4711' }),
        kind('q=an', { q: 'an' }),
        kind('q=anna lindstrom', { q: 'anna lindstrom' }),
        kind('regionId', { regionId: 5 }),
        kind('role+tag', { role: 'kulturchef', tag: 'vip' }),
        kind('organizationKind', { organizationKind: 'member' }),
        kind('organizationId+q', { organizationId: orgId, q: 'anna' }),
        kind('inget filter', {}),
        kind('inget filter, e-post fallande', {}, { sort: 'email', order: 'desc' }),
      ];
      const times = await measure(db.dataSource, contacts, kinds);
      const target = TARGET_P95_MS[size];
      const all: number[] = [];
      console.log(
        `Kontaktlistan vid ${size} kontakter, ${SAMPLES} förfrågningar per slag och sida (50 per sida), var och en för sig:`,
      );
      for (const [name, ms] of times) {
        const sorted = [...ms].sort((a, b) => a - b);
        if (name !== 'golv') all.push(...ms);
        const p95 = percentile(sorted, 95);
        const verdict =
          name === 'golv'
            ? ''
            : p95 <= target
              ? `  (mål ≤ ${target} ms: nått)`
              : `  (mål ≤ ${target} ms: EJ nått)`;
        console.log(
          `  ${name.padEnd(34)} p50 ${percentile(sorted, 50).toFixed(1).padStart(6)} ms, p95 ${p95.toFixed(1).padStart(6)} ms${verdict}`,
        );
      }
      const sorted = all.sort((a, b) => a - b);
      const line =
        `${size} kontakter: alla ${sorted.length} förfrågningar p50 ${percentile(sorted, 50).toFixed(1)} ms, ` +
        `p95 ${percentile(sorted, 95).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms (mål p95 ≤ ${target} ms); ` +
        `golv p95 ${percentile(
          [...times.get('golv')!].sort((a, b) => a - b),
          95,
        ).toFixed(1)} ms`;
      console.log(line);
      summary.push(line);
    }
    console.log('\nSammanfattning:');
    for (const line of summary) console.log(`  ${line}`);
  } finally {
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
