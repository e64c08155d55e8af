import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** Any common way of writing a phone number ("070-426 45 31", "+46 70 426 45 31") → E.164, or null if not a number. */
export function toE164(input: string, defaultCountry: 'SE' = 'SE'): string | null {
  const trimmed = input.trim();
  if (!trimmed) return null;
  const parsed = parsePhoneNumberFromString(trimmed, defaultCountry);
  return parsed && parsed.isValid() ? parsed.number : null;
}

/** E.164 → how a Swede writes it: "070-426 45 31" for Swedish numbers, international format otherwise. */
export function formatSwedishPhone(e164: string | null): string | null {
  if (!e164) return null;
  if (!SWEDISH_E164.test(e164)) return formatWithLibphonenumber(e164);
  const national = e164.slice(3);
  const key = `${national.length}:${national.slice(0, SHAPE_KEY_DIGITS)}`;
  let shape = swedishShapes.get(key);
  if (shape === undefined) {
    shape = shapeOf(national, formatWithLibphonenumber(e164));
    if (swedishShapes.size >= 10_000) swedishShapes.clear();
    swedishShapes.set(key, shape);
  }
  return shape === null ? formatWithLibphonenumber(e164) : applyShape(shape, national);
}

function formatWithLibphonenumber(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country === 'SE' ? parsed.formatNational() : parsed.formatInternational();
}

/**
 * libphonenumber costs ~25 µs a number (parse and format), most of an export's time at 100k contacts. Its
 * Swedish formats depend only on a number's length and leading digits (at most three: "08", "031", "0470",
 * "07x"), so a Swedish number is formatted like the first one seen of its length and first four digits: that
 * one's output with its digits as placeholders (its shape). phone.spec.ts holds this to libphonenumber.
 */
const SWEDISH_E164 = /^\+46\d{5,13}$/;
const SHAPE_KEY_DIGITS = 4;
const swedishShapes = new Map<string, string | null>();

/** "070-426 45 31" for national "704264531" → "0##-### ## ##"; null when the output does not end in the digits. */
function shapeOf(national: string, formatted: string): string | null {
  const digits = formatted.replace(/\D/g, '');
  if (!digits.endsWith(national)) return null;
  let literalDigits = digits.length - national.length;
  let shape = '';
  for (const ch of formatted) {
    // Digits before the national number's (the "0" prefix) stay as they are.
    shape += ch >= '0' && ch <= '9' && literalDigits-- <= 0 ? '#' : ch;
  }
  return shape;
}

function applyShape(shape: string, national: string): string {
  let out = '';
  let next = 0;
  for (let i = 0; i < shape.length; i++) {
    const ch = shape[i];
    out += ch === '#' ? national[next++] : ch;
  }
  return out;
}
