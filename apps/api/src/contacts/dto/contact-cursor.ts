import { forbiddenControlCharacter } from '@app/common';
import { ValidateBy, ValidationOptions } from 'class-validator';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** PostgreSQL's text form of a timestamptz (`created_at::text`): `2026-03-01 09:15:00.123456+00`. */
const PG_TIMESTAMPTZ =
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?([+-]\d{2})(:\d{2}){0,2}$/;

/**
 * Whether a contact-list cursor (libs/crm contact-keyset: base64url JSON `{s, o, k}`, k = the last row's sort
 * keys as text, the id last) can be used in a query at all: every key is clean text, a timestamp sort's key is a
 * real timestamp, the id a real UUID. Whether it belongs to the requested sort the list service checks. A crafted
 * cursor thus gets 400 here instead of reaching PostgreSQL as `CAST('garbage' AS timestamptz)`.
 */
export function isUsableContactCursor(text: unknown): boolean {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]{1,2000}$/.test(text)) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return false;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return false;
  const { s, k } = parsed as { s?: unknown; k?: unknown };
  if (!Array.isArray(k) || k.length < 2 || k.length > 3) return false;
  if (!k.every((v) => v === null || (typeof v === 'string' && v.length <= 1000))) return false;
  if (k.some((v) => typeof v === 'string' && forbiddenControlCharacter(v, 'line') !== null)) return false;
  if (!UUID.test(String(k[k.length - 1]))) return false;
  if (s === 'createdAt' || s === 'updatedAt') return isTimestamp(k[0]);
  return true;
}

function isTimestamp(value: unknown): boolean {
  const m = typeof value === 'string' ? PG_TIMESTAMPTZ.exec(value) : null;
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return (
    year >= 1 &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60
  );
}

export function IsContactCursor(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isContactCursor',
      validator: {
        validate: (value: unknown) => isUsableContactCursor(value),
        defaultMessage: () => 'ogiltig cursor: använd nextCursor från föregående sida',
      },
    },
    options,
  );
}
