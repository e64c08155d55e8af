import { EXACT_TOTAL_THRESHOLD, MAX_PAGE_LIMIT } from '@app/common';
import { createUserAndLogin, loginAsAdmin, LoggedIn } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Every staff list takes the same paging parameters (`limit`, `cursor`, plus its own filters) and answers the
 * same shape `{ items, nextCursor, total, totalIsEstimate }`: walking a list page by page gives every row once,
 * and every page carries the right total.
 */
describe('one paging shape on every staff list (over HTTP)', () => {
  let t: TestApp;
  let admin: LoggedIn;
  let viewer: LoggedIn;
  let listId: string;
  let segmentId: string;
  const SEGMENT_FILTER = { tag: 'sida' };

  interface Page {
    items: Record<string, unknown>[];
    nextCursor: string | null;
    total: number;
    totalIsEstimate: boolean;
  }

  interface Walked {
    ids: string[];
    pages: number;
  }

  /** Follows nextCursor from the first page to the last, checking each page's shape and total on the way. */
  async function walk(
    agent: LoggedIn,
    path: string,
    query: Record<string, string | number>,
    expectedTotal: number,
    idOf: (item: Record<string, unknown>) => string = (item) => String(item.id),
  ): Promise<Walked> {
    const limit = Number(query.limit);
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { body: Page } = await agent
        .get(path)
        .query({ ...query, ...(cursor ? { cursor } : {}) })
        .expect(200);
      pages++;
      expect(Object.keys(res.body).sort()).toEqual(
        expect.arrayContaining(['items', 'nextCursor', 'total', 'totalIsEstimate']),
      );
      expect({ total: res.body.total, totalIsEstimate: res.body.totalIsEstimate }).toEqual({
        total: expectedTotal,
        totalIsEstimate: false,
      });
      expect(res.body.items.length).toBeLessThanOrEqual(limit);
      if (res.body.nextCursor !== null) expect(res.body.items).toHaveLength(limit);
      ids.push(...res.body.items.map(idOf));
      cursor = res.body.nextCursor;
      if (pages > 100) throw new Error(`${path}: slutar aldrig`);
    } while (cursor);
    return { ids, pages };
  }

  /** Every row once: no repeats, none missing. */
  function expectEveryRowOnce(walked: Walked, expected: string[]): void {
    expect(new Set(walked.ids).size).toBe(walked.ids.length);
    expect([...walked.ids].sort()).toEqual([...expected].sort());
  }

  beforeAll(async () => {
    t = await createTestApp({}, { withWorker: false });
    admin = await loginAsAdmin(t);
    viewer = await createUserAndLogin(t, 'viewer');
    for (let i = 0; i < 3; i++) await createUserAndLogin(t, 'editor');
    // 23 contacts tagged "sida", in two regions, and 12 organisations: seeded in SQL, read over HTTP.
    await t.dataSource.query(
      `INSERT INTO organizations (kind, name, name_key)
       SELECT CASE WHEN g % 3 = 0 THEN 'partner' ELSE 'member' END, 'Förbund ' || g, 'forbund ' || g
         FROM generate_series(1, 12) g`,
    );
    await t.dataSource.query(
      `INSERT INTO contacts (first_name, last_name, email, region_id, tags, search_text)
       SELECT 'Person' || g, CASE WHEN g % 4 = 0 THEN 'Öberg' ELSE 'Andersson' END,
              'sida' || g || '@exempel.se', 1 + g % 2, ARRAY['sida'],
              'person' || g || CASE WHEN g % 4 = 0 THEN ' oberg' ELSE ' andersson' END || ' sida' || g
         FROM generate_series(1, 23) g`,
    );
    listId = (await admin.post('/api/lists').send({ name: 'Lista 0' }).expect(201)).body.id;
    for (let i = 1; i < 7; i++)
      await admin
        .post('/api/lists')
        .send({ name: `Lista ${i}` })
        .expect(201);
    const memberIds = (
      await t.dataSource.query(`SELECT id FROM contacts WHERE region_id = 1 ORDER BY id LIMIT 11`)
    ).map((r: { id: string }) => r.id);
    await admin.post(`/api/lists/${listId}/members`).send({ contactIds: memberIds }).expect(200);
    segmentId = (
      await admin.post('/api/segments').send({ name: 'Segment 0', filter: SEGMENT_FILTER }).expect(201)
    ).body.id;
    for (let i = 1; i < 6; i++) {
      await admin
        .post('/api/segments')
        .send({ name: `Segment ${i}`, filter: { regionId: i } })
        .expect(201);
    }
    await t.dataSource.query(
      `INSERT INTO outbox_messages (message_id, from_address, to_address, subject, html, text)
       SELECT 'm' || g || '@exempel.se', 'kansli@exempel.se', 'person' || g || '@exempel.se', 'Nr ' || g, '', ''
         FROM generate_series(1, 9) g`,
    );
  });
  afterAll(async () => {
    await t.close();
  });

  const ids = async (sql: string, params: unknown[] = []): Promise<string[]> =>
    (await t.dataSource.query(sql, params)).map((r: { id: string }) => String(r.id));

  it('contacts: every matching contact once, in name order, with the total on every page', async () => {
    const walked = await walk(viewer, '/api/contacts', { tag: 'sida', limit: 5 }, 23);
    expect(walked.pages).toBe(5);
    expectEveryRowOnce(walked, await ids(`SELECT id FROM contacts WHERE 'sida' = ANY(tags)`));
    // Filters narrow the total too; another sort pages the same way.
    const region = await walk(viewer, '/api/contacts', { regionId: 2, sort: 'email', limit: 4 }, 12);
    expectEveryRowOnce(region, await ids(`SELECT id FROM contacts WHERE region_id = 2`));
  });

  it('list members: paged, filtered and counted like contacts', async () => {
    const walked = await walk(viewer, `/api/lists/${listId}/members`, { limit: 3 }, 11);
    expectEveryRowOnce(
      walked,
      await ids(`SELECT contact_id AS id FROM contact_list_members WHERE list_id = $1`, [listId]),
    );
    const obergs = await ids(
      `SELECT c.id FROM contacts c JOIN contact_list_members m ON m.contact_id = c.id
        WHERE m.list_id = $1 AND c.last_name = 'Öberg'`,
      [listId],
    );
    expect(obergs.length).toBeGreaterThan(0);
    expectEveryRowOnce(
      await walk(viewer, `/api/lists/${listId}/members`, { limit: 2, q: 'oberg' }, obergs.length),
      obergs,
    );
  });

  it('organisations: limit is accepted now, and paging by name with filters gives each once', async () => {
    // The request that used to be refused ("property limit should not exist").
    const first = await viewer.get('/api/organizations?limit=50').expect(200);
    expect(first.body).toMatchObject({ total: 12, totalIsEstimate: false, nextCursor: null });
    const walked = await walk(viewer, '/api/organizations', { limit: 5 }, 12);
    expectEveryRowOnce(walked, await ids(`SELECT id FROM organizations`));
    const names = first.body.items.map((o: { name: string }) => o.name);
    expect(names.slice(0, 4)).toEqual(['Förbund 1', 'Förbund 10', 'Förbund 11', 'Förbund 12']);
    const partners = await walk(viewer, '/api/organizations', { kind: 'partner', limit: 3 }, 4);
    expectEveryRowOnce(partners, await ids(`SELECT id FROM organizations WHERE kind = 'partner'`));
  });

  it('lists and segments: each once, with their totals', async () => {
    expectEveryRowOnce(
      await walk(viewer, '/api/lists', { limit: 2 }, 7),
      await ids('SELECT id FROM contact_lists'),
    );
    expectEveryRowOnce(
      await walk(viewer, '/api/segments', { limit: 4 }, 6),
      await ids('SELECT id FROM segments'),
    );
  });

  it('segment previews: the matching contacts page by page, counted exactly (count kept as total)', async () => {
    const expected = await ids(`SELECT id FROM contacts WHERE 'sida' = ANY(tags)`);
    expectEveryRowOnce(await walk(viewer, `/api/segments/${segmentId}/preview`, { limit: 10 }, 23), expected);
    const first = await viewer.get(`/api/segments/${segmentId}/preview`).expect(200);
    expect(first.body.items).toHaveLength(20); // the preview's own default page size
    expect(first.body.count).toBe(23);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await viewer
        .post('/api/segments/preview')
        .send({ filter: SEGMENT_FILTER, limit: 9, ...(cursor ? { cursor } : {}) })
        .expect(200);
      expect(res.body).toMatchObject({ total: 23, totalIsEstimate: false, count: 23 });
      seen.push(...res.body.items.map((i: { id: string }) => i.id));
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    expectEveryRowOnce({ ids: seen, pages: 0 }, expected);
  });

  it('users: every account once, by email', async () => {
    const walked = await walk(admin, '/api/users', { limit: 2 }, 5);
    expectEveryRowOnce(walked, await ids('SELECT id FROM users'));
  });

  it('audit log: every entry once (filtered too), cursor and its older name before alike', async () => {
    const all = await ids('SELECT id FROM audit_log');
    expectEveryRowOnce(await walk(admin, '/api/audit', { limit: 4 }, all.length), all);
    const logins = await ids(`SELECT id FROM audit_log WHERE action LIKE 'auth.%'`);
    expectEveryRowOnce(await walk(admin, '/api/audit', { action: 'auth.', limit: 2 }, logins.length), logins);
    const first = await admin.get('/api/audit?limit=3').expect(200);
    expect(first.body.nextBefore).toBe(first.body.nextCursor);
    const byBefore = await admin.get(`/api/audit?limit=3&before=${first.body.nextBefore}`).expect(200);
    const byCursor = await admin.get(`/api/audit?limit=3&cursor=${first.body.nextCursor}`).expect(200);
    expect(byCursor.body).toEqual(byBefore.body);
  });

  it('outbox: every message once, newest first', async () => {
    const walked = await walk(viewer, '/api/outbox', { limit: 4 }, 9);
    expectEveryRowOnce(walked, await ids('SELECT id FROM outbox_messages'));
    expect(walked.ids).toEqual([...walked.ids].sort((a, b) => Number(b) - Number(a)));
  });

  it.each([
    ['/api/contacts'],
    ['/api/organizations'],
    ['/api/lists'],
    ['LIST/members'],
    ['/api/segments'],
    ['SEGMENT/preview'],
    ['/api/users'],
    ['/api/audit'],
    ['/api/outbox'],
  ])('%s takes the same parameters and refuses the same bad ones, in Swedish', async (template) => {
    const path = template
      .replace('LIST', `/api/lists/${listId}`)
      .replace('SEGMENT', `/api/segments/${segmentId}`);
    await admin.get(path).query({ limit: 1 }).expect(200);
    await admin.get(path).query({ limit: MAX_PAGE_LIMIT }).expect(200);
    for (const bad of [
      { limit: 'abc' },
      { limit: '0' },
      { limit: String(MAX_PAGE_LIMIT + 1) },
      { cursor: 'skräp med mellanslag' },
      { cursor: 'x'.repeat(2001) },
      { offset: '10' },
    ]) {
      const res = await admin.get(path).query(bad).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.message).toMatch(/^(limit|cursor|offset): /);
      expect(res.body.message).not.toMatch(/must|should/);
    }
  });

  it('a well-formed cursor made for another list is a 400, never a 500', async () => {
    const orgCursor = (await viewer.get('/api/organizations?limit=1').expect(200)).body.nextCursor;
    const contactCursor = (await viewer.get('/api/contacts?limit=1').expect(200)).body.nextCursor;
    const auditCursor = (await admin.get('/api/audit?limit=1').expect(200)).body.nextCursor;
    for (const [path, cursor] of [
      ['/api/contacts', orgCursor],
      ['/api/users', contactCursor],
      ['/api/lists', auditCursor],
      ['/api/segments', contactCursor],
      ['/api/outbox', orgCursor],
    ]) {
      const res = await admin.get(path).query({ cursor }).expect(400);
      expect(res.body.message).toContain('cursor');
    }
  });

  describe(`above ${EXACT_TOTAL_THRESHOLD} matches`, () => {
    beforeAll(async () => {
      await t.dataSource.query(
        `INSERT INTO contacts (first_name, last_name, tags, search_text)
         SELECT 'Massa' || g, 'Utskick', ARRAY['massa'], 'massa' || g
           FROM generate_series(1, ${EXACT_TOTAL_THRESHOLD + 500}) g`,
      );
      await t.dataSource.query('ANALYZE contacts');
    });

    it('the total is an estimate and says so; count=true counts exactly; a narrower filter is exact again', async () => {
      const all = (await viewer.get('/api/contacts?limit=1').expect(200)).body;
      expect(all.totalIsEstimate).toBe(true);
      expect(all.total).toBeGreaterThan(EXACT_TOTAL_THRESHOLD);
      // The planner's estimate of an unfiltered table is close to the truth after ANALYZE.
      expect(Math.abs(all.total - (EXACT_TOTAL_THRESHOLD + 523))).toBeLessThan(EXACT_TOTAL_THRESHOLD / 10);
      const exact = (await viewer.get('/api/contacts?limit=1&count=true').expect(200)).body;
      expect(exact).toMatchObject({ total: EXACT_TOTAL_THRESHOLD + 523, totalIsEstimate: false });
      const narrow = (await viewer.get('/api/contacts?limit=1&tag=sida').expect(200)).body;
      expect(narrow).toMatchObject({ total: 23, totalIsEstimate: false });
    });
  });
});
