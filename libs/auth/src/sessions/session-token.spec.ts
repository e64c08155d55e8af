import { createHash } from 'node:crypto';
import { hashSessionToken, looksLikeSessionToken, newSessionToken } from './session-token';

describe('session tokens', () => {
  it('are 256 random bits in base64url, different every time', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => newSessionToken()));
    expect(tokens.size).toBe(100);
    for (const t of tokens) {
      expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(t, 'base64url')).toHaveLength(32);
      expect(looksLikeSessionToken(t)).toBe(true);
    }
  });

  it('are stored as their SHA-256 in hex', () => {
    const token = newSessionToken();
    const id = hashSessionToken(token);
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(id).toBe(createHash('sha256').update(token).digest('hex'));
    expect(hashSessionToken(token)).toBe(id);
    expect(hashSessionToken(newSessionToken())).not.toBe(id);
  });

  it('rejects values of the wrong shape before any lookup', () => {
    expect(looksLikeSessionToken(undefined)).toBe(false);
    expect(looksLikeSessionToken('')).toBe(false);
    expect(looksLikeSessionToken('kort')).toBe(false);
    expect(looksLikeSessionToken(`${'a'.repeat(42)}=`)).toBe(false);
    expect(looksLikeSessionToken(['x'])).toBe(false);
  });
});
