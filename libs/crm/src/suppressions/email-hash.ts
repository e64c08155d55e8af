import { createHash } from 'node:crypto';

const ASCII_SPACE_AT_ENDS = /^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$/g;

/**
 * The address as the suppression hash sees it: ASCII whitespace trimmed at both ends, A–Z lower-cased, nothing
 * else touched. Deliberately ASCII-only: the database's `hashable_email()` and `email_hash()` (migration
 * 1764230400700) apply exactly this rule, so a hash computed in SQL and one computed here agree on every input.
 */
export function hashableEmail(email: string): string {
  return email.replace(ASCII_SPACE_AT_ENDS, '').replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** SHA-256 hex of hashableEmail(): what the suppression table keeps, so erasure can keep a block without the address. */
export function emailHash(email: string): string {
  return createHash('sha256').update(hashableEmail(email)).digest('hex');
}

/** The same hash in SQL, for set-based statements (snapshot, claim, audience preview). */
export function emailHashSql(expression: string): string {
  return `email_hash(${expression})`;
}

/**
 * hashableEmail() in SQL, as a sort key (collation "C": bytes, no locale): two addresses are the same to the
 * suppression list exactly when these are equal. Cheaper than the hash where only equality matters.
 */
export function hashableEmailSql(expression: string): string {
  return `(hashable_email(${expression}) COLLATE "C")`;
}
