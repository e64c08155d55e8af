import { createHash, randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'crm_session';

/** 256 random bits, URL-safe: the value of the session cookie. Only its hash is stored. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The sessions.id of a cookie token: SHA-256 hex. A leaked sessions table gives no usable cookie. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Cheap shape check before touching the database: 32 bytes in base64url is 43 characters. */
export function looksLikeSessionToken(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
}
