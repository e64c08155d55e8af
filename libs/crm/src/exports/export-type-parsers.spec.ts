import { types } from 'pg';

type TypeId = Parameters<typeof types.getTypeParser>[0];
import { parseTextArray, parseUtcTimestamptz } from './export-type-parsers';

describe("the export's column parsers answer what pg's own do", () => {
  const pgArray = types.getTypeParser(1009 as TypeId, 'text');
  const pgTimestamp = types.getTypeParser(1184, 'text');

  it('text arrays, quoted, NULL and odd elements included', () => {
    for (const text of [
      '{}',
      '{styrelse}',
      '{styrelse,vip}',
      '{å,ä,ö}',
      '{"a b","c,d"}',
      '{"NULL",NULL}',
      '{NULL}',
      '{"x\\"y",""," "}',
      '{"{}",å}',
      '[1:2]={a,b}',
      '{e\\\\f}',
    ]) {
      expect(parseTextArray(text)).toEqual(pgArray(text));
    }
  });

  it('timestamps in UTC and any other shape (offsets, infinity, BC)', () => {
    for (const text of [
      '2026-11-27 23:30:00.123456+00',
      '2026-11-27 23:30:00+00',
      '2026-06-30 22:00:00.5+00',
      '2026-11-27 23:30:00.123456+01',
      '2026-11-27 23:30:00+05:30',
      '0044-03-15 12:00:00+00 BC',
    ]) {
      expect(parseUtcTimestamptz(text)).toEqual(pgTimestamp(text));
    }
    expect(parseUtcTimestamptz('infinity')).toBe(pgTimestamp('infinity'));
  });
});
