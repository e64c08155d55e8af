import { describe, expect, it } from 'vitest';
import { parseDay } from './DayInput';

describe('parseDay', () => {
  it('takes a real day written yyyy-mm-dd, and nothing half-typed or impossible', () => {
    expect(parseDay('2026-03-14')).toBe('2026-03-14');
    expect(parseDay(' 2028-02-29 ')).toBe('2028-02-29');
    expect(parseDay('2026-02-29')).toBeNull();
    expect(parseDay('2026-13-01')).toBeNull();
    expect(parseDay('2026-03')).toBeNull();
    expect(parseDay('14/3/2026')).toBeNull();
  });
});
