import { normaliseEmail } from '@app/common';
import { createHash } from 'node:crypto';

/** SHA-256 of the normalised address: what the suppression table keeps, so erasure can keep a block without the address. */
export function emailHash(email: string): string {
  return createHash('sha256').update(normaliseEmail(email)).digest('hex');
}
