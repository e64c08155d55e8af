import { AppException } from '@app/common';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { CONTACT_SORTS, ContactSort, SortOrder } from './contact-input';

/**
 * Keyset ("seek") paging over contacts: each page continues after the last row's sort values and id, so a deep
 * page costs the same as the first (no OFFSET) and rows inserted meanwhile never shift or repeat a page.
 * Every sort ends in the primary key, which makes the order total even when names tie.
 */
interface SortSpec {
  /** Columns in order; the last is always the id. */
  columns: string[];
  /** SQL selecting each column's value as text exactly (timestamps keep their microseconds). */
  keys: string[];
  /** Cast applied to each cursor parameter. */
  casts: string[];
}

const SPECS: Record<ContactSort, SortSpec> = {
  name: {
    columns: ['last_name', 'first_name', 'id'],
    keys: ['last_name', 'first_name', 'id::text'],
    casts: ['text', 'text', 'uuid'],
  },
  createdAt: {
    columns: ['created_at', 'id'],
    keys: ['created_at::text', 'id::text'],
    casts: ['timestamptz', 'uuid'],
  },
  updatedAt: {
    columns: ['updated_at', 'id'],
    keys: ['updated_at::text', 'id::text'],
    casts: ['timestamptz', 'uuid'],
  },
  email: { columns: ['email', 'id'], keys: ['email', 'id::text'], casts: ['text', 'uuid'] },
};

export interface ContactCursor {
  sort: ContactSort;
  order: SortOrder;
  /** The last row's key values as text, id last. */
  keys: (string | null)[];
}

export function encodeCursor(cursor: ContactCursor): string {
  return Buffer.from(JSON.stringify({ s: cursor.sort, o: cursor.order, k: cursor.keys })).toString(
    'base64url',
  );
}

export function decodeCursor(text: string, sort: ContactSort, order: SortOrder): ContactCursor {
  const invalid = (): AppException =>
    AppException.validation('Ogiltig cursor: använd nextCursor från föregående sida', { field: 'cursor' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalid();
  const { s, o, k } = parsed as { s?: unknown; o?: unknown; k?: unknown };
  if (!CONTACT_SORTS.includes(s as ContactSort) || (o !== 'asc' && o !== 'desc')) throw invalid();
  if (s !== sort || o !== order) {
    throw AppException.validation('Cursorn hör till en annan sortering; börja om från första sidan', {
      field: 'cursor',
    });
  }
  const spec = SPECS[sort];
  if (
    !Array.isArray(k) ||
    k.length !== spec.columns.length ||
    !k.every((v) => v === null || typeof v === 'string') ||
    !/^[0-9a-f-]{36}$/i.test(String(k[k.length - 1]))
  ) {
    throw invalid();
  }
  // Only email may be null (contacts without an address).
  if (sort !== 'email' && k.some((v) => v === null)) throw invalid();
  return { sort, order, keys: k as (string | null)[] };
}

/** Selects the key columns as `k0…kn` so the page's last row can become the next cursor. */
export function selectKeys<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  sort: ContactSort,
  alias: string,
): SelectQueryBuilder<T> {
  SPECS[sort].keys.forEach((expr, i) => qb.addSelect(`${alias}.${expr}`, `k${i}`));
  return qb;
}

export function keysOfRow(row: Record<string, unknown>, sort: ContactSort): (string | null)[] {
  return SPECS[sort].keys.map((_, i) => {
    const v = row[`k${i}`];
    return v === null || v === undefined ? null : String(v);
  });
}

/**
 * ORDER BY matching the indexes (contacts_name_idx, contacts_created_idx, …) in either direction.
 *
 * With a free-text search, `filterFirst` orders by an expression no index serves. Otherwise the planner walks
 * the name index and filters row by row, assuming matches are spread evenly; for "oberg" they all sit at the end
 * (Ö sorts last), so it read 85k rows (115 ms) where filtering first and sorting the matches takes ~40 ms.
 */
export function applyOrder<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  sort: ContactSort,
  order: SortOrder,
  alias: string,
  filterFirst = false,
): SelectQueryBuilder<T> {
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  // NULL emails sort last ascending and first descending: PostgreSQL's default, which a btree serves both ways.
  const nulls = order === 'asc' ? 'NULLS LAST' : 'NULLS FIRST';
  SPECS[sort].columns.forEach((col, i) => {
    if (i === 0) {
      const first = filterFirst ? notIndexed(`${alias}.${col}`, SPECS[sort].casts[0]) : `${alias}.${col}`;
      qb.orderBy(first, dir, sort === 'email' ? nulls : undefined);
    } else qb.addOrderBy(`${alias}.${col}`, dir);
  });
  return qb;
}

/** The same value and order, as an expression the planner cannot match to an index. */
function notIndexed(column: string, cast: string): string {
  return cast === 'timestamptz' ? `(${column} + interval '0 seconds')` : `(${column} || '')`;
}

/** WHERE clause that continues strictly after the cursor row. */
export function applySeek<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  cursor: ContactCursor,
  alias: string,
): SelectQueryBuilder<T> {
  const spec = SPECS[cursor.sort];
  const op = cursor.order === 'asc' ? '>' : '<';
  const params: Record<string, string | null> = {};
  cursor.keys.forEach((v, i) => (params[`seek${i}`] = v));
  const cols = spec.columns.map((c) => `${alias}.${c}`);
  const vals = spec.casts.map((cast, i) => `CAST(:seek${i} AS ${cast})`);
  if (cursor.sort !== 'email') {
    return qb.andWhere(`(${cols.join(', ')}) ${op} (${vals.join(', ')})`, params);
  }
  const [email, id] = cols;
  const [emailVal, idVal] = vals;
  const afterNonNull = `(${email}, ${id}) ${op} (${emailVal}, ${idVal})`;
  const clause =
    cursor.order === 'asc'
      ? cursor.keys[0] === null
        ? `(${email} IS NULL AND ${id} > ${idVal})`
        : `(${afterNonNull} OR ${email} IS NULL)`
      : cursor.keys[0] === null
        ? `((${email} IS NULL AND ${id} < ${idVal}) OR ${email} IS NOT NULL)`
        : afterNonNull;
  // The null-email branch may leave :seek0 unused; TypeORM tolerates unused parameters.
  return qb.andWhere(clause, params);
}
