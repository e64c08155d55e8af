import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { pageTotal } from './page-total';

describe('pageTotal: exact up to the threshold, estimated above (PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = new DataSource({ type: 'postgres', url: db.url, extra: { max: 2 } });
    await ds.initialize();
    await ds.query(`CREATE TABLE paging_rows (n int NOT NULL, odd boolean NOT NULL)`);
    await ds.query(`INSERT INTO paging_rows SELECT g, g % 2 = 1 FROM generate_series(1, 3000) g`);
    await ds.query(`ANALYZE paging_rows`);
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  const rowsWhere = (where: string) => `SELECT 1 FROM paging_rows WHERE ${where}`;

  it('counts exactly at and below the threshold', async () => {
    expect(await pageTotal(ds, rowsWhere('n <= $1'), [1000], { threshold: 1000 })).toEqual({
      total: 1000,
      totalIsEstimate: false,
    });
    expect(await pageTotal(ds, rowsWhere('odd'), [], { threshold: 2000 })).toEqual({
      total: 1500,
      totalIsEstimate: false,
    });
    expect(await pageTotal(ds, rowsWhere('n < 0'), [], { threshold: 10 })).toEqual({
      total: 0,
      totalIsEstimate: false,
    });
  });

  it("above the threshold answers the planner's estimate, flagged", async () => {
    const all = await pageTotal(ds, 'SELECT 1 FROM paging_rows', [], { threshold: 100 });
    expect(all).toEqual({ total: 3000, totalIsEstimate: true });
    const filtered = await pageTotal(ds, rowsWhere('n > $1'), [500], { threshold: 100 });
    expect(filtered.totalIsEstimate).toBe(true);
    // An estimate, never below what was seen (threshold + 1), and near the truth for a plain range.
    expect(filtered.total).toBeGreaterThan(100);
    expect(Math.abs(filtered.total - 2500)).toBeLessThan(250);
  });

  it('does not run a count the planner costs above maxCost: the estimate, flagged, even under the threshold', async () => {
    const costly = await pageTotal(ds, rowsWhere('n % 7 = $1'), [3], { maxCost: 1 });
    expect(costly.totalIsEstimate).toBe(true);
    expect(costly.total).toBeGreaterThan(0);
    expect(costly.total).toBeLessThanOrEqual(3000);
    expect(await pageTotal(ds, rowsWhere('n % 7 = $1'), [3])).toEqual({ total: 429, totalIsEstimate: false });
  });

  it('counts exactly above the threshold when asked to', async () => {
    expect(await pageTotal(ds, rowsWhere('n > $1'), [500], { threshold: 100, exact: true })).toEqual({
      total: 2500,
      totalIsEstimate: false,
    });
  });
});
