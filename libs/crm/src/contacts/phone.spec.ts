import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { formatSwedishPhone, toE164 } from './phone';

/** What formatSwedishPhone must answer: libphonenumber itself, number by number. */
function reference(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country === 'SE' ? parsed.formatNational() : parsed.formatInternational();
}

describe('phone numbers', () => {
  it('reads the usual Swedish ways of writing a number', () => {
    expect(toE164('070-426 45 31')).toBe('+46704264531');
    expect(toE164('+46 8 123 456 78')).toBe('+46812345678');
    expect(toE164('ring mig')).toBeNull();
  });

  it('formats as a Swede writes it', () => {
    expect(formatSwedishPhone('+46704264531')).toBe('070-426 45 31');
    expect(formatSwedishPhone('+46812345678')).toBe('08-123 456 78');
    expect(formatSwedishPhone('+4915112345678')).toBe('+49 1511 2345678');
    expect(formatSwedishPhone(null)).toBeNull();
  });

  it('formats every Swedish number exactly as libphonenumber does, whatever its length and leading digits', () => {
    // Pairs sharing length and first four digits (the shape's key), over every three-digit start and length.
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 10;
    const mismatches: string[] = [];
    for (let length = 5; length <= 13; length++) {
      for (let start = 0; start < 1000; start++) {
        const head = String(start).padStart(3, '0') + String(random());
        for (let pair = 0; pair < 2; pair++) {
          let national = head;
          while (national.length < length) national += String(random());
          const e164 = `+46${national.slice(0, length)}`;
          const got = formatSwedishPhone(e164);
          if (got !== reference(e164)) mismatches.push(`${e164}: ${got} ≠ ${reference(e164)}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
