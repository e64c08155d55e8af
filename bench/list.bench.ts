/**
 * Benchmark (c): the contact list, filtered, at 100k contacts: p95 of 200 queries through helper B's
 * ContactsService.list (keyset paging + applyContactFilter). Prints figures; not a test.   npm run bench:list
 */
import { AuditEntry, AuditService } from '@app/audit';
import {
  ContactFilter,
  ContactsService,
  PersonalDataHolders,
  Suppression,
  SuppressionsService,
} from '@app/crm';
import { createBenchDatabase, runImport } from './support/bench-database';
import { generateCsv } from './support/generate-contacts';

async function main(): Promise<void> {
  const rows = Number(process.env.ROWS ?? 100_000);
  const db = await createBenchDatabase();
  try {
    await runImport(db.dataSource, 'seed.csv', generateCsv(rows));
    await db.dataSource.query('ANALYZE');
    const contacts = new ContactsService(
      db.dataSource,
      new AuditService(db.dataSource.getRepository(AuditEntry)),
      new SuppressionsService(db.dataSource.getRepository(Suppression)),
      new PersonalDataHolders(),
    );
    const [{ id: orgId }] = await db.dataSource.query(`SELECT id FROM organizations ORDER BY name LIMIT 1`);
    const filters: [string, ContactFilter][] = [
      ['q=oberg', { q: 'oberg' }],
      ['q=person4711', { q: 'person4711' }],
      ['regionId', { regionId: 5 }],
      ['role+tag', { role: 'kulturchef', tag: 'vip' }],
      ['organizationKind', { organizationKind: 'member' }],
      ['organizationId+q', { organizationId: orgId, q: 'anna' }],
      ['inget filter', {}],
    ];
    const all: number[] = [];
    const byFilter = new Map<string, number[]>();
    for (let i = 0; i < 200; i++) {
      const [name, filter] = filters[i % filters.length];
      const t0 = process.hrtime.bigint();
      const page = await contacts.list({ filter, limit: 50 });
      // Every other query also fetches the next page by cursor.
      if (i % 2 === 1 && page.nextCursor) await contacts.list({ filter, limit: 50, cursor: page.nextCursor });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      all.push(ms);
      byFilter.set(name, [...(byFilter.get(name) ?? []), ms]);
    }
    for (const [name, times] of byFilter) {
      const s = [...times].sort((a, b) => a - b);
      console.log(
        `  ${name.padEnd(18)} median ${s[Math.floor(s.length / 2)].toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms`,
      );
    }
    const sorted = [...all].sort((a, b) => a - b);
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
    console.log(
      `Kontaktlistan, ${rows} kontakter, 200 filtrerade frågor (50 per sida; varannan även sida 2): ` +
        `p50 ${pct(50).toFixed(1)} ms, p95 ${pct(95).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms (mål p95 ≤ 100 ms)`,
    );
  } finally {
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
