import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatNumber, formatTime } from './format';

dayjs.extend(utc);
dayjs.extend(timezone);

describe('dates on Stockholm time', () => {
  it('writes a winter and a summer evening as Stockholm shows them', () => {
    expect(formatDateTime('2026-01-15T17:00:00Z')).toBe('2026-01-15 kl. 18.00');
    expect(formatDateTime('2026-07-01T16:00:00Z')).toBe('2026-07-01 kl. 18.00');
    expect(formatDateTime('2026-07-01T16:05:00Z', 'en')).toBe('2026-07-01 18:05');
    expect(formatTime('2026-07-01T16:05:09Z')).toBe('18.05.09');
    expect(formatTime('2026-07-01T16:05:09Z', 'en')).toBe('18:05:09');
  });

  it('takes the date from Stockholm, not from UTC, around midnight and the clock changes', () => {
    expect(formatDate('2026-03-13T23:30:00Z')).toBe('2026-03-14');
    expect(formatDateTime('2026-03-29T00:30:00Z')).toBe('2026-03-29 kl. 01.30');
    expect(formatDateTime('2026-03-29T01:30:00Z')).toBe('2026-03-29 kl. 03.30');
    expect(formatDateTime('2026-10-25T00:30:00Z')).toBe('2026-10-25 kl. 02.30');
    expect(formatDateTime('2026-10-25T01:30:00Z')).toBe('2026-10-25 kl. 02.30');
    expect(formatDateTime('2026-12-31T23:00:00Z')).toBe('2027-01-01 kl. 00.00');
  });

  it('agrees with the zone data (dayjs over Intl) for moments across years', () => {
    for (let i = 0; i < 2000; i++) {
      const at = new Date(Date.UTC(2000, 0, 1) + i * 1_733_000_017);
      const expected = dayjs(at).tz('Europe/Stockholm');
      expect(formatDate(at)).toBe(expected.format('YYYY-MM-DD'));
      expect(formatDateTime(at.toISOString())).toBe(expected.format('YYYY-MM-DD [kl.] HH.mm'));
    }
  });

  it('shows nothing for no value or a value that is not a time', () => {
    expect(formatDate(null)).toBe('');
    expect(formatDateTime(undefined)).toBe('');
    expect(formatDateTime('inte ett datum')).toBe('');
  });
});

describe('numbers', () => {
  it('groups whole numbers as Intl does in Swedish and English', () => {
    for (const n of [0, 7, 999, 1000, 12_345, 100_000, 1_234_567, -5, -1000, -98_765_432]) {
      expect(formatNumber(n)).toBe(new Intl.NumberFormat('sv-SE').format(n));
      expect(formatNumber(n, 'en')).toBe(new Intl.NumberFormat('en-GB').format(n));
    }
  });

  it('writes decimals by the language too', () => {
    expect(formatNumber(3.5)).toBe('3,5');
    expect(formatNumber(1234.25, 'en')).toBe('1,234.25');
  });
});
