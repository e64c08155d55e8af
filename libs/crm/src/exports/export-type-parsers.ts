import { types } from 'pg';

type TypeId = Parameters<typeof types.getTypeParser>[0];

/**
 * Parsers for the export's two costly column types, faster on the common shapes and pg's own for the rest:
 * pg's generic parsers took about a sixth of an export's time (a timestamp regex and a character-by-character
 * array parser per value, three values a row). The export reads with the session in UTC, so timestamps come as
 * "2026-11-27 23:30:00.123456+00".
 */
// pg-types' TypeId enum lists no array types; 1009 is text[].
const TEXT_ARRAY_OID = 1009 as TypeId;
const TIMESTAMPTZ_OID = types.builtins.TIMESTAMPTZ;
const UTC_TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?\+00$/;

export function parseUtcTimestamptz(text: string): Date {
  if (UTC_TIMESTAMP.test(text)) return new Date(`${text.slice(0, 10)}T${text.slice(11, -3)}Z`);
  return types.getTypeParser(TIMESTAMPTZ_OID, 'text')(text) as Date;
}

/** A text[] with no quoted element and no NULL is its elements between commas; any other through pg's parser. */
export function parseTextArray(text: string): (string | null)[] {
  if (text === '{}') return [];
  if (
    text.charCodeAt(0) === 0x7b /* { */ &&
    text.charCodeAt(text.length - 1) === 0x7d /* } */ &&
    !text.includes('"') &&
    !text.includes('\\')
  ) {
    const elements = text.slice(1, -1).split(',');
    if (!elements.includes('NULL')) return elements;
  }
  return types.getTypeParser(TEXT_ARRAY_OID, 'text')(text) as (string | null)[];
}

/** For a pg query's `types`: these two, and pg's parsers for every other type. */
export const EXPORT_TYPE_PARSERS = {
  getTypeParser(oid: TypeId, format?: 'text' | 'binary'): (value: string) => unknown {
    if (format !== 'binary' && oid === TIMESTAMPTZ_OID) return parseUtcTimestamptz;
    if (format !== 'binary' && oid === TEXT_ARRAY_OID) return parseTextArray;
    return types.getTypeParser(oid, format ?? 'text');
  },
};
