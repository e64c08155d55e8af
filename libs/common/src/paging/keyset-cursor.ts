import { AppException } from '../app.exception';
import { forbiddenControlCharacter } from '../control-characters';

/**
 * An opaque keyset cursor: the sort keys of a page's last row (id last), as base64url JSON. A list decodes it
 * with the kinds of its keys, and a cursor that is not one it made (garbled, crafted, from another list) is a
 * 400 in Swedish, never a value that reaches SQL unchecked.
 */
export type CursorKeyKind = 'text' | 'uuid' | 'int';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INT = /^\d{1,18}$/;
/** A cursor is base64url text; longer than this it was not made here. */
export const MAX_CURSOR_LENGTH = 2000;

export function invalidCursor(): AppException {
  return AppException.validation('cursor: ogiltig cursor: använd nextCursor från föregående sida', {
    field: 'cursor',
  });
}

export function encodeKeysetCursor(keys: string[]): string {
  return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

/** The keys of a cursor made by encodeKeysetCursor for a list whose keys are of `kinds`; else a 400. */
export function decodeKeysetCursor(text: string, kinds: readonly CursorKeyKind[]): string[] {
  if (text.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text)) throw invalidCursor();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== kinds.length) throw invalidCursor();
  const keys = parsed as unknown[];
  kinds.forEach((kind, i) => {
    const key = keys[i];
    if (typeof key !== 'string' || forbiddenControlCharacter(key, 'text') !== null) throw invalidCursor();
    if (kind === 'uuid' && !UUID.test(key)) throw invalidCursor();
    if (kind === 'int' && !INT.test(key)) throw invalidCursor();
  });
  return keys as string[];
}
