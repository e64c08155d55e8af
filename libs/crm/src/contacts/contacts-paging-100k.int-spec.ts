import { ContactsService } from './contacts.service';
import { ContactFilter } from './contact-filter';
import { ContactSort, SortOrder } from './contact-input';
import { encodeCursor } from './contact-keyset';
import { createCrmIntContext, CrmIntContext } from './test-support/crm-int-context';

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

const ROWS = 100_000;

describe('contact paging at 100k contacts (PostgreSQL)', () => {
  let t: CrmIntContext;
  let contacts: ContactsService;

  beforeAll(async () => {
    t = await createCrmIntContext();
    contacts = t.module.get(ContactsService);
    // One statement: names with many ties (200 last names × 50 first names), regions spread, some without email.
    await t.dataSource.query(
      `INSERT INTO contacts (first_name, last_name, email, region_id, roles, search_text, created_at)
       SELECT 'Förnamn' || (g % 50), 'Efternamn' || (g % 200),
              CASE WHEN g % 11 = 0 THEN NULL ELSE 'person' || g || '@example.se' END,
              (g % 21) + 1,
              CASE WHEN g % 3 = 0 THEN ARRAY['kulturchef'] ELSE ARRAY['medlem'] END,
              'fornamn' || (g % 50) || ' efternamn' || (g % 200) || ' person' || g || '@example.se',
              timestamp '2026-01-01' + (g / 7) * interval '1 second'
         FROM generate_series(1, ${ROWS}) g`,
    );
    await t.dataSource.query('ANALYZE contacts');
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  /** The cursor a client would hold after walking to row `offset` (computed here with OFFSET, once). */
  async function cursorAt(
    sort: ContactSort,
    order: SortOrder,
    filter: ContactFilter,
    offset: number,
  ): Promise<string> {
    const qb = contacts.pageQuery(filter, sort, order, 0).offset(offset).limit(1);
    const [row] = await qb.getRawMany<Record<string, unknown>>();
    const keys = Object.keys(row)
      .filter((k) => /^k\d+$/.test(k))
      .sort()
      .map((k) => (row[k] === null ? null : String(row[k])));
    return encodeCursor({ sort, order, keys });
  }

  async function explain(
    sort: ContactSort,
    order: SortOrder,
    filter: ContactFilter,
    cursor: string,
  ): Promise<PlanNode[]> {
    const [sql, params] = contacts.pageQuery(filter, sort, order, 50, cursor).getQueryAndParameters();
    const [{ 'QUERY PLAN': plan }] = await t.dataSource.query(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`,
      params,
    );
    return nodes((plan as { Plan: PlanNode }[])[0].Plan);
  }

  it.each([
    ['name', 'asc', {}, 'contacts_name_idx'],
    ['name', 'desc', {}, 'contacts_name_idx'],
    ['createdAt', 'desc', {}, 'contacts_created_idx'],
    ['email', 'asc', {}, 'contacts_email_sort_idx'],
    ['name', 'asc', { regionId: 5 }, 'contacts_region_idx'],
  ] as [ContactSort, SortOrder, ContactFilter, string][])(
    'a deep page (row 90 000) sorted by %s %s with filter %j reads only its own rows through %s',
    async (sort, order, filter, index) => {
      const deep = await cursorAt(sort, order, filter, filter.regionId ? 4_000 : 90_000);
      const plan = await explain(sort, order, filter, deep);
      expect(plan.map((n) => n['Node Type'])).not.toContain('Sort');
      expect(plan.map((n) => n['Node Type'])).not.toContain('Seq Scan');
      const scan = plan.find((n) => n['Index Name'] === index);
      expect(scan).toBeDefined();
      // Keyset: the index is entered at the cursor, so it yields a page's worth of rows, not 90 000.
      expect(scan!['Actual Rows']).toBeLessThanOrEqual(51);
    },
  );

  it('walks to a deep page and continues from it correctly', async () => {
    const deep = await cursorAt('name', 'asc', {}, 89_999);
    const page = await contacts.list({ sort: 'name', order: 'asc', limit: 50, cursor: deep });
    const expected: { id: string }[] = await t.dataSource.query(
      'SELECT id FROM contacts ORDER BY last_name, first_name, id OFFSET 90000 LIMIT 50',
    );
    expect(page.items.map((i) => i.id)).toEqual(expected.map((r) => r.id));
    expect(page.nextCursor).not.toBeNull();
  });

  it('walks the last page to its end', async () => {
    const nearEnd = await cursorAt('name', 'asc', {}, ROWS - 11);
    const page = await contacts.list({ sort: 'name', order: 'asc', limit: 50, cursor: nearEnd, count: true });
    expect(page.items).toHaveLength(10);
    expect(page.nextCursor).toBeNull();
    expect(page.total).toBe(ROWS);
  });

  it('counts up to the threshold exactly and estimates above it, saying so; count=true is exact', async () => {
    const all = await contacts.list({ limit: 1 });
    expect(all.totalIsEstimate).toBe(true);
    expect(Math.abs(all.total - ROWS)).toBeLessThan(ROWS / 20);
    // person4711 and person47110–47119: found through the trigram index, counted exactly.
    const few = await contacts.list({ filter: { q: 'person4711' }, limit: 1 });
    expect(few).toMatchObject({ total: 11, totalIsEstimate: false });
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM contacts WHERE roles @> ARRAY['medlem']`,
    );
    const members = await contacts.list({ filter: { role: 'medlem' }, limit: 1 });
    expect(members.totalIsEstimate).toBe(true);
    expect(Math.abs(members.total - n)).toBeLessThan(n / 5);
    expect(await contacts.list({ filter: { role: 'medlem' }, limit: 1, count: true })).toMatchObject({
      total: n,
      totalIsEstimate: false,
    });
  });
});
