import { AppException } from './app.exception';
import { formatStockholmDate, formatStockholmDateTime, parseStockholmTime } from './stockholm-time';

describe('Stockholm times', () => {
  it('reads a time without offset as Stockholm local time, winter and summer', () => {
    expect(parseStockholmTime('2026-12-01T09:30').toISOString()).toBe('2026-12-01T08:30:00.000Z');
    expect(parseStockholmTime('2026-06-15 09:30:15').toISOString()).toBe('2026-06-15T07:30:15.000Z');
  });

  it('keeps an explicit offset', () => {
    expect(parseStockholmTime('2026-12-01T09:30:00Z').toISOString()).toBe('2026-12-01T09:30:00.000Z');
    expect(parseStockholmTime('2026-12-01T09:30:00+01:00').toISOString()).toBe('2026-12-01T08:30:00.000Z');
  });

  it('refuses nonsense and impossible dates', () => {
    for (const bad of ['imorgon', '2026-02-30T10:00', '2026-12-01', '']) {
      expect(() => parseStockholmTime(bad)).toThrow(AppException);
    }
  });

  it('formats as staff see it', () => {
    expect(formatStockholmDateTime(new Date('2026-06-15T07:30:00Z'))).toBe('2026-06-15 09:30');
    expect(formatStockholmDateTime(new Date('2026-12-31T23:05:00Z'))).toBe('2027-01-01 00:05');
  });

  it('gives the Stockholm date, which differs from the UTC date late in the evening', () => {
    expect(formatStockholmDate(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(formatStockholmDate(new Date('2026-06-30T21:59:00Z'))).toBe('2026-06-30');
    expect(formatStockholmDate(new Date('2026-06-30T22:00:00Z'))).toBe('2026-07-01');
  });

  it('gives the same date as Intl every quarter hour across the summer-time changes, and refuses an invalid date', () => {
    const intl = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short' });
    // Around the changes of 2026 (29 March and 25 October, 01:00 UTC), and a few other years.
    for (const start of [
      '2026-03-28T12:00:00Z',
      '2026-10-24T12:00:00Z',
      '1995-09-23T12:00:00Z',
      '2040-03-24T12:00:00Z',
    ]) {
      for (let i = 0; i < 4 * 48; i++) {
        const at = new Date(new Date(start).getTime() + i * 15 * 60_000 + 59_999);
        expect(formatStockholmDate(at)).toBe(intl.format(at));
      }
    }
    expect(() => formatStockholmDate(new Date(Number.POSITIVE_INFINITY))).toThrow(RangeError);
  });
});
