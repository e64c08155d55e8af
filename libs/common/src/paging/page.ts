/**
 * The one paging shape of every staff list: `limit` and `cursor` in, `{ items, nextCursor, total,
 * totalIsEstimate }` out. Lists page by keyset (each page continues after the previous page's last row), so
 * `cursor` is opaque to clients: they pass back the `nextCursor` they were given.
 */

/** Rows per page when the client does not say. */
export const DEFAULT_PAGE_LIMIT = 50;
/** Most rows one page may hold, on every list. */
export const MAX_PAGE_LIMIT = 500;

export interface PageQuery {
  /** 1–MAX_PAGE_LIMIT; the list's default when absent. */
  limit?: number;
  /** The previous page's nextCursor. */
  cursor?: string;
}

/** How many rows the whole list (with its filters, ignoring the cursor) has. */
export interface PageTotal {
  /** Exact, unless totalIsEstimate. */
  total: number;
  /** True when the list is too long to count on every request: then total is PostgreSQL's estimate. */
  totalIsEstimate: boolean;
}

export interface Page<T> extends PageTotal {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** The page size to use: the requested one within 1–max, or the default. */
export function pageLimit(requested: number | undefined, defaultLimit = DEFAULT_PAGE_LIMIT): number {
  if (requested === undefined || !Number.isFinite(requested)) return defaultLimit;
  return Math.min(Math.max(Math.trunc(requested), 1), MAX_PAGE_LIMIT);
}

/**
 * Cuts the `limit + 1` rows a keyset query fetched into one page: the first `limit` rows, and the cursor of the
 * last of them when a further row showed that another page follows.
 */
export function takePage<R>(
  rows: R[],
  limit: number,
  cursorOf: (last: R) => string,
): { rows: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: rows.length > limit ? cursorOf(page[page.length - 1]) : null };
}
