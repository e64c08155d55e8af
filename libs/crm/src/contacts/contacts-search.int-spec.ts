import { ContactFilter } from './contact-filter';
import { ContactSort, SortOrder } from './contact-input';
import { ContactsService, SEARCH_WALK_ROWS_PER_ROW } from './contacts.service';
import { createCrmIntContext, CrmIntContext } from './test-support/crm-int-context';

const LIMIT = 10;
const BUDGET = SEARCH_WALK_ROWS_PER_ROW * (LIMIT + 1);

/**
 * Free-text search pages: the walk in sort order (a word many share), the lookup of every match (a rare word, or
 * matches that sit together at the end of the order) and the walk that reaches the end of a filtered range all
 * answer the same rows, in order, as plain SQL.
 */
describe('contact search paging: the walk and the lookup agree with SQL (PostgreSQL)', () => {
  let t: CrmIntContext;
  let contacts: ContactsService;

  beforeAll(async () => {
    t = await createCrmIntContext();
    contacts = t.module.get(ContactsService);
    // 6000 people: "Anna" every seventh (spread over the order), "Öberg" the last 300 by name (together at the
    // end), "unik" every 500th (a rare word, more than a page), region 1 for only 25 of them; some without email,
    // timestamps with ties. "fornamn" is in most: PostgreSQL expects it to match many, so page 1 walks too.
    await t.dataSource.query(
      `INSERT INTO contacts (first_name, last_name, email, region_id, search_text, created_at)
       SELECT f, l, CASE WHEN g % 13 = 0 THEN NULL ELSE 'p' || g || '@exempel.se' END,
              CASE WHEN g <= 25 THEN 1 ELSE 2 END,
              lower(translate(f || ' ' || l, 'ÅÄÖåäö', 'AAOaao')) || CASE WHEN g % 500 = 17 THEN ' unik' ELSE '' END,
              timestamp '2026-01-01' + (g / 3) * interval '1 second'
         FROM generate_series(1, 6000) g,
              LATERAL (SELECT CASE WHEN g % 7 = 0 THEN 'Anna' ELSE 'Förnamn' || (g % 31) END AS f,
                              CASE WHEN g > 5700 THEN 'Öberg' ELSE 'Efternamn' || lpad((g % 97)::text, 2, '0') END AS l) n`,
    );
    await t.dataSource.query('ANALYZE contacts');
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  const ORDER_SQL: Record<ContactSort, Record<SortOrder, string>> = {
    name: { asc: 'last_name, first_name, id', desc: 'last_name DESC, first_name DESC, id DESC' },
    createdAt: { asc: 'created_at, id', desc: 'created_at DESC, id DESC' },
    updatedAt: { asc: 'updated_at, id', desc: 'updated_at DESC, id DESC' },
    email: { asc: 'email NULLS LAST, id', desc: 'email DESC NULLS FIRST, id DESC' },
  };

  async function everyPage(
    filter: ContactFilter,
    sort: ContactSort,
    order: SortOrder,
    limit = LIMIT,
  ): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await contacts.list({ filter, sort, order, limit, cursor });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && ++pages < 200);
    return seen;
  }

  it.each([
    ['anna', 'name', 'asc'],
    ['anna', 'email', 'desc'],
    ['oberg', 'name', 'asc'],
    ['oberg', 'name', 'desc'],
    ['oberg', 'createdAt', 'asc'],
    ['unik', 'email', 'asc'],
    ['unik', 'name', 'desc'],
    ['fornamn', 'createdAt', 'desc', 100],
    ['efternamn0', 'name', 'asc'],
  ] as [string, ContactSort, SortOrder, number?][])(
    'q=%s sorted by %s %s: every match once, in order',
    async (q, sort, order, limit = LIMIT) => {
      const expected: { id: string }[] = await t.dataSource.query(
        `SELECT id FROM contacts WHERE search_text LIKE $1 ORDER BY ${ORDER_SQL[sort][order]}`,
        [`%${q}%`],
      );
      expect(expected.length).toBeGreaterThan(0);
      expect(await everyPage({ q }, sort, order, limit)).toEqual(expected.map((r) => r.id));
    },
  );

  it('walks when a word many share fills the page early, and looks every match up when they sit at the end', async () => {
    const walk = async (q: string, order: SortOrder) =>
      contacts
        .searchWalkQuery({ q }, 'name', order, LIMIT, BUDGET)
        .getRawMany<{ hit: boolean; rn: string }>();
    const anna = await walk('anna', 'asc');
    expect(anna).toHaveLength(LIMIT + 1);
    expect(anna.every((r) => r.hit)).toBe(true);
    // "Öberg" comes last by name: the walk gives up after BUDGET rows (its last row numbered BUDGET) …
    const oberg = await walk('oberg', 'asc');
    expect(oberg.filter((r) => r.hit)).toEqual([]);
    expect(oberg.map((r) => Number(r.rn))).toEqual([BUDGET]);
    // … and finds them at once the other way round.
    expect((await walk('oberg', 'desc')).filter((r) => r.hit)).toHaveLength(LIMIT + 1);
    const page = await contacts.list({ filter: { q: 'oberg' }, limit: LIMIT });
    expect(page.items.map((i) => i.lastName)).toEqual(Array(LIMIT).fill('Öberg'));
    expect(page.items.map((i) => i.firstName)).toEqual([...page.items.map((i) => i.firstName)].sort());
  });

  it('a walk that reaches the end of a small filtered range is the whole answer, counted exactly', async () => {
    const rows = await contacts
      .searchWalkQuery({ q: 'fornamn', regionId: 1 }, 'name', 'asc', 50, SEARCH_WALK_ROWS_PER_ROW * 51)
      .getRawMany<{ hit: boolean; rn: string }>();
    expect(rows.every((r) => r.hit)).toBe(true);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM contacts WHERE region_id = 1 AND search_text LIKE '%fornamn%'`,
    );
    expect(rows).toHaveLength(n);
    const page = await contacts.list({ filter: { q: 'fornamn', regionId: 1 }, limit: 50 });
    expect(page).toMatchObject({ total: n, totalIsEstimate: false, nextCursor: null });
    expect(page.items).toHaveLength(n);
  });
});
