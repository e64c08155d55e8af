import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { PageTotal } from './page';

/**
 * Up to this many rows a list's total is counted exactly; beyond it the total is PostgreSQL's estimate, and says
 * so. Counting only up to the threshold (`LIMIT threshold + 1` inside the count) keeps an exact count cheap
 * however large the table is.
 */
export const EXACT_TOTAL_THRESHOLD = 10_000;

/**
 * A count the planner costs above this (in its own units) is not run: the total is its estimate. Even a count
 * that stops at the threshold can have to read much of the table first. Measured at 100 000 contacts (npm run
 * bench:list, two busy cores): counts costed up to ~1 500 took ≤ 7 ms; bitmap scans of ~5 000 matches (a name,
 * a region) cost ~4 500 and took ~10 ms, sequential scans for a role or tag ~5 300 and ~35 ms, and running those
 * beside every page pushed the list's p95 past its 100 ms. At the federation's real size (a few thousand
 * contacts) every count costs a few hundred at most and is exact.
 */
export const EXACT_TOTAL_MAX_COST = 2_500;

/** What runs SQL: a DataSource, an EntityManager or a QueryRunner. */
export interface Queryable {
  // `any[]` is TypeORM's own signature for these (DataSource, EntityManager, QueryRunner).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(sql: string, parameters?: any[]): Promise<any>;
}

export interface PageTotalOptions {
  /** Count exactly however many rows there are and whatever it costs (the caller accepts the cost). */
  exact?: boolean;
  threshold?: number;
  maxCost?: number;
}

interface PlanNode {
  'Node Type': string;
  'Plan Rows': number;
  'Total Cost': number;
  Plans?: PlanNode[];
}

/** The planner's row estimate of what runs under the count's LIMIT: the list's rows, unbounded. */
function estimatedRows(plan: PlanNode): number {
  const stack = [plan];
  while (stack.length > 0) {
    const node = stack.shift()!;
    if (node['Node Type'] === 'Limit') return node.Plans?.[0]?.['Plan Rows'] ?? node['Plan Rows'];
    stack.push(...(node.Plans ?? []));
  }
  return plan['Plan Rows'];
}

/**
 * The total of a list, given the SQL of its rows (one row per item, with the list's filters, without cursor,
 * ORDER BY or LIMIT): exact when there are at most `threshold` rows and counting them is cheap (or `exact`);
 * otherwise the planner's row estimate for that SQL (for an unfiltered table pg_class.reltuples scaled to its
 * current size), never below the threshold + 1 rows seen when they were counted, and flagged as an estimate.
 * Costs one EXPLAIN (well under a millisecond) besides the count.
 */
export async function pageTotal(
  db: Queryable,
  sql: string,
  params: unknown[],
  options: PageTotalOptions = {},
): Promise<PageTotal> {
  if (options.exact) {
    const [{ n }]: { n: number }[] = await db.query(
      `SELECT count(*)::int AS n FROM (${sql}) page_total`,
      params,
    );
    return { total: n, totalIsEstimate: false };
  }
  const threshold = options.threshold ?? EXACT_TOTAL_THRESHOLD;
  const bounded = `SELECT count(*)::int AS n FROM (${sql} LIMIT ${threshold + 1}) page_total`;
  const [{ 'QUERY PLAN': explained }]: { 'QUERY PLAN': { Plan: PlanNode }[] }[] = await db.query(
    `EXPLAIN (FORMAT JSON) ${bounded}`,
    params,
  );
  const plan = explained[0].Plan;
  const estimate = Math.round(estimatedRows(plan));
  if (plan['Total Cost'] > (options.maxCost ?? EXACT_TOTAL_MAX_COST)) {
    return { total: estimate, totalIsEstimate: true };
  }
  const [{ n }]: { n: number }[] = await db.query(bounded, params);
  if (n <= threshold) return { total: n, totalIsEstimate: false };
  return { total: Math.max(estimate, threshold + 1), totalIsEstimate: true };
}

/**
 * pageTotal() of a query builder's rows: its filters and joins are kept, its select, order, limit and offset
 * dropped. The builder must yield one row per item (join one-to-many relations only inside EXISTS).
 */
export function pageTotalOf<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  options: PageTotalOptions & { db?: Queryable } = {},
): Promise<PageTotal> {
  const [sql, params] = qb
    .clone()
    .select('1', 'page_total_row')
    .orderBy()
    .limit(undefined)
    .offset(undefined)
    .take(undefined)
    .skip(undefined)
    .getQueryAndParameters();
  return pageTotal(options.db ?? qb.connection, sql, params, options);
}
