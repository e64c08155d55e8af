import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppErrorCode } from '../app-error-code';
import { AppException } from '../app.exception';
import { decodeKeysetCursor, encodeKeysetCursor } from './keyset-cursor';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, pageLimit, takePage } from './page';
import { PageQueryDto } from './page-query.dto';

const ID = '0b8f7c52-9a4e-4c8e-8d3f-2f1e6b7a9c01';

function errorOf(fn: () => unknown): AppException {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppException) return err;
    throw err;
  }
  throw new Error('no error thrown');
}

describe('keyset cursors', () => {
  it('give back the keys they were made of, names with Swedish letters included', () => {
    const cursor = encodeKeysetCursor(['Ödeshögs kulturförening', ID]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeKeysetCursor(cursor, ['text', 'uuid'])).toEqual(['Ödeshögs kulturförening', ID]);
    expect(decodeKeysetCursor(encodeKeysetCursor(['123']), ['int'])).toEqual(['123']);
  });

  it.each([
    ['not base64url', '%%%', ['text', 'uuid']],
    ['not JSON', Buffer.from('["a",').toString('base64url'), ['text', 'uuid']],
    ['an object, not a list', Buffer.from('{"k":["a"]}').toString('base64url'), ['text', 'uuid']],
    ['too few keys (another list)', encodeKeysetCursor([ID]), ['text', 'uuid']],
    ['a key that is not text', Buffer.from(JSON.stringify([1, ID])).toString('base64url'), ['text', 'uuid']],
    ['a bad uuid', encodeKeysetCursor(['a', 'x'.repeat(36)]), ['text', 'uuid']],
    ['a NUL in a key', encodeKeysetCursor(['a\u0000', ID]), ['text', 'uuid']],
    ['a bad id', encodeKeysetCursor(['12a']), ['int']],
    ['too long', 'A'.repeat(2001), ['text']],
  ] as const)('refuse %s with a Swedish 400', (_label, text, kinds) => {
    const err = errorOf(() => decodeKeysetCursor(text, kinds));
    expect(err.code).toBe(AppErrorCode.VALIDATION_FAILED);
    expect(err.message).toBe('cursor: ogiltig cursor: använd nextCursor från föregående sida');
  });
});

describe('page size and cutting', () => {
  it('takes the default, and keeps a requested size within 1–max', () => {
    expect(pageLimit(undefined)).toBe(DEFAULT_PAGE_LIMIT);
    expect(pageLimit(undefined, 20)).toBe(20);
    expect(pageLimit(0)).toBe(1);
    expect(pageLimit(10_000)).toBe(MAX_PAGE_LIMIT);
    expect(pageLimit(7)).toBe(7);
  });

  it('cuts limit + 1 rows into a page with the cursor of its last row, and none on the last page', () => {
    const cursorOf = (n: number) => `after-${n}`;
    expect(takePage([1, 2, 3], 2, cursorOf)).toEqual({ rows: [1, 2], nextCursor: 'after-2' });
    expect(takePage([1, 2], 2, cursorOf)).toEqual({ rows: [1, 2], nextCursor: null });
    expect(takePage([], 2, cursorOf)).toEqual({ rows: [], nextCursor: null });
  });
});

describe('PageQueryDto: the paging parameters of every list', () => {
  const check = (query: Record<string, string>) => {
    const dto = plainToInstance(PageQueryDto, query);
    return { dto, errors: validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }) };
  };

  it('accepts limit and cursor as query text and turns limit into a number', () => {
    const { dto, errors } = check({ limit: '25', cursor: encodeKeysetCursor(['a', ID]) });
    expect(errors).toEqual([]);
    expect(dto.limit).toBe(25);
  });

  it.each([
    [{ limit: 'abc' }, 'limit'],
    [{ limit: '0' }, 'limit'],
    [{ limit: String(MAX_PAGE_LIMIT + 1) }, 'limit'],
    [{ limit: '1.5' }, 'limit'],
    [{ cursor: 'a b' }, 'cursor'],
    [{ cursor: 'a\nb' }, 'cursor'],
    [{ cursor: 'x'.repeat(2001) }, 'cursor'],
    [{ offset: '10' }, 'offset'],
  ])('refuses %j', (query, field) => {
    expect(check(query).errors.map((e) => e.property)).toEqual([field]);
  });
});
