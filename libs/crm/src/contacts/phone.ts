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
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country === 'SE' ? parsed.formatNational() : parsed.formatInternational();
}
