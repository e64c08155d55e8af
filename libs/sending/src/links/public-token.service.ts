import { AppErrorCode, AppException } from '@app/common';
import { Inject, Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { TokenPurpose } from './token-purpose';
import { TOKEN_SECRET } from './token-secret.provider';

export interface TokenSubject {
  /**
   * What the link belongs to besides the person: the mailing it came in for unsubscribe and view links (null
   * for a link outside any mailing, such as a test send's), the meeting or survey for answer links.
   */
  scopeId: string | null;
  contactId: string;
}

const NIL_UUID = '00000000-0000-0000-0000-000000000000';
const MAC_BYTES = 16; // 128 bits: the unguessable part

function uuidToBytes(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`Inte ett UUID: ${uuid}`);
  return Buffer.from(hex, 'hex');
}

function bytesToUuid(bytes: Buffer): string {
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * Public-link tokens: base64url(purpose ‖ scope ‖ contact ‖ HMAC-SHA256(key, purpose ‖ scope ‖ contact)[0..16]).
 * Stateless, so a million links cost no rows; scoped to one purpose and one recipient; compared in constant time.
 */
@Injectable()
export class PublicTokenService {
  constructor(@Inject(TOKEN_SECRET) private readonly secret: Buffer) {}

  sign(purpose: TokenPurpose, subject: TokenSubject): string {
    const payload = Buffer.concat([
      Buffer.from([purpose]),
      uuidToBytes(subject.scopeId ?? NIL_UUID),
      uuidToBytes(subject.contactId),
    ]);
    return Buffer.concat([payload, this.mac(payload)]).toString('base64url');
  }

  /** The subject of a valid token for `purpose`; a clear 404 for anything forged, altered or meant for another purpose. */
  verify(token: string, purpose: TokenPurpose): TokenSubject {
    return this.verifyOneOf(token, [purpose]).subject;
  }

  /** As verify, for a page that serves several purposes (a real unsubscribe link and a test send's). */
  verifyOneOf(token: string, purposes: TokenPurpose[]): { purpose: TokenPurpose; subject: TokenSubject } {
    // Made only when needed: an exception takes a stack trace, and most links are valid.
    const invalid = () =>
      new AppException(AppErrorCode.NOT_FOUND, 'Länken är ogiltig. Kontrollera att hela länken kom med.');
    if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{60,70}$/.test(token)) throw invalid();
    const raw = Buffer.from(token, 'base64url');
    if (raw.length !== 1 + 16 + 16 + MAC_BYTES) throw invalid();
    // One spelling per token: the last character's spare bits would otherwise let 16 strings pass as one.
    if (raw.toString('base64url') !== token) throw invalid();
    const payload = raw.subarray(0, 33);
    const given = raw.subarray(33);
    if (!timingSafeEqual(given, this.mac(payload))) throw invalid();
    // Checked after the MAC so a wrong purpose is no oracle.
    const purpose = purposes.find((p) => p === payload[0]);
    if (purpose === undefined) throw invalid();
    const scopeId = bytesToUuid(payload.subarray(1, 17));
    return {
      purpose,
      subject: {
        scopeId: scopeId === NIL_UUID ? null : scopeId,
        contactId: bytesToUuid(payload.subarray(17, 33)),
      },
    };
  }

  private mac(payload: Buffer): Buffer {
    return createHmac('sha256', this.secret).update(payload).digest().subarray(0, MAC_BYTES);
  }
}
