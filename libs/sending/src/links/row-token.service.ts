import { Inject, Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { TokenPurpose } from './token-purpose';
import { TOKEN_SECRET } from './token-secret.provider';

const MAC_BYTES = 16;
/** purpose (1) ‖ ledger row id (8, big-endian) ‖ HMAC (16) = 25 bytes = exactly 40 base32 characters. */
const TOKEN_BYTES = 1 + 8 + MAC_BYTES;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
/** Domain separation: a row token's MAC is never a public-link token's. */
const CONTEXT = Buffer.from('row-token\u0000');

/** RFC 4648 base32, lower-case, no padding. 25 bytes have no spare bits, so each token has one spelling. */
function base32(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function unbase32(text: string): Buffer | null {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const c of text) {
    const digit = ALPHABET.indexOf(c);
    if (digit < 0) return null;
    value = (value << 5) | digit;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  return Buffer.from(bytes);
}

/**
 * Compact tokens naming one ledger row (mailing_recipients.id), for the local part of an address
 * (svar+TOKEN@…, studs+TOKEN@…): the 66-character public-link token does not fit the 64 characters a local part
 * may have, and mail servers may change the case of a local part, so these are lower-case base32 of purpose ‖
 * row id ‖ HMAC-SHA256 (first 16 bytes), 40 characters, compared in constant time.
 */
@Injectable()
export class RowTokenService {
  constructor(@Inject(TOKEN_SECRET) private readonly secret: Buffer) {}

  sign(purpose: TokenPurpose.Reply | TokenPurpose.Bounce, rowId: string): string {
    const payload = Buffer.alloc(9);
    payload[0] = purpose;
    payload.writeBigUInt64BE(BigInt(rowId), 1);
    return base32(Buffer.concat([payload, this.mac(payload)]));
  }

  /** The row id of a valid token for `purpose`, else null (forged, altered, another purpose, garbage). */
  verify(token: string, purpose: TokenPurpose.Reply | TokenPurpose.Bounce): string | null {
    // A mail server may have upper-cased the local part; the lower-case spelling is the only one.
    if (typeof token !== 'string' || token.length !== 40) return null;
    const raw = unbase32(token.toLowerCase());
    if (!raw || raw.length !== TOKEN_BYTES) return null;
    const payload = raw.subarray(0, 9);
    if (!timingSafeEqual(raw.subarray(9), this.mac(payload))) return null;
    // Checked after the MAC, so a wrong purpose is no oracle.
    if (payload[0] !== purpose) return null;
    const id = payload.readBigUInt64BE(1);
    return id > 0n ? id.toString() : null;
  }

  private mac(payload: Buffer): Buffer {
    return createHmac('sha256', this.secret).update(CONTEXT).update(payload).digest().subarray(0, MAC_BYTES);
  }
}
