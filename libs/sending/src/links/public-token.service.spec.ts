import { randomUUID } from 'node:crypto';
import { PublicTokenService } from './public-token.service';
import { TokenPurpose } from './token-purpose';

describe('PublicTokenService', () => {
  const service = new PublicTokenService(Buffer.from('a'.repeat(32)));
  const subject = { scopeId: randomUUID(), contactId: randomUUID() };

  it('round-trips the scope and contact of a token', () => {
    const token = service.sign(TokenPurpose.Unsubscribe, subject);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(service.verify(token, TokenPurpose.Unsubscribe)).toEqual(subject);
    const noCampaign = service.sign(TokenPurpose.Unsubscribe, {
      scopeId: null,
      contactId: subject.contactId,
    });
    expect(service.verify(noCampaign, TokenPurpose.Unsubscribe)).toEqual({
      scopeId: null,
      contactId: subject.contactId,
    });
  });

  it('refuses a token made for another purpose', () => {
    const token = service.sign(TokenPurpose.Rsvp, subject);
    expect(() => service.verify(token, TokenPurpose.Unsubscribe)).toThrow(/ogiltig/);
  });

  it('refuses a token with any byte changed, and one signed with another key', () => {
    const token = service.sign(TokenPurpose.Unsubscribe, subject);
    const raw = Buffer.from(token, 'base64url');
    for (const index of [0, 5, 20, 40, raw.length - 1]) {
      const altered = Buffer.from(raw);
      altered[index] ^= 0x01;
      expect(() => service.verify(altered.toString('base64url'), TokenPurpose.Unsubscribe)).toThrow(
        /ogiltig/,
      );
    }
    const other = new PublicTokenService(Buffer.from('b'.repeat(32))).sign(TokenPurpose.Unsubscribe, subject);
    expect(() => service.verify(other, TokenPurpose.Unsubscribe)).toThrow(/ogiltig/);
  });

  it('refuses every other spelling of a valid token (the spare bits of its last character)', () => {
    const token = service.sign(TokenPurpose.Unsubscribe, subject);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const others = [...alphabet]
      .filter((c) => c !== token.slice(-1))
      .map((c) => token.slice(0, -1) + c)
      // Those that decode to the very same bytes: the ones a lenient check would take.
      .filter((t) => Buffer.from(t, 'base64url').equals(Buffer.from(token, 'base64url')));
    expect(others.length).toBeGreaterThan(0);
    for (const other of others)
      expect(() => service.verify(other, TokenPurpose.Unsubscribe)).toThrow(/ogiltig/);
  });

  it.each(['', 'abc', 'x'.repeat(66), '../../etc/passwd', '%00'])('refuses garbage %j', (token) => {
    expect(() => service.verify(token, TokenPurpose.Unsubscribe)).toThrow(/ogiltig/);
  });

  it('gives different tokens to different recipients', () => {
    const a = service.sign(TokenPurpose.Unsubscribe, subject);
    const b = service.sign(TokenPurpose.Unsubscribe, { ...subject, contactId: randomUUID() });
    expect(a).not.toBe(b);
  });
});
