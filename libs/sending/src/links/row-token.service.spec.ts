import { RowTokenService } from './row-token.service';
import { TokenPurpose } from './token-purpose';

describe('RowTokenService', () => {
  const service = new RowTokenService(Buffer.from('a'.repeat(32)));

  it('round-trips a row id in 40 lower-case base32 characters', () => {
    for (const id of ['1', '42', '9007199254740993', '9223372036854775807']) {
      const token = service.sign(TokenPurpose.Reply, id);
      expect(token).toMatch(/^[a-z2-7]{40}$/);
      expect(service.verify(token, TokenPurpose.Reply)).toBe(id);
    }
  });

  it('takes the token upper-cased (a mail server may change the case of a local part)', () => {
    const token = service.sign(TokenPurpose.Bounce, '7');
    expect(service.verify(token.toUpperCase(), TokenPurpose.Bounce)).toBe('7');
  });

  it('refuses another purpose, another key, and every altered character', () => {
    const token = service.sign(TokenPurpose.Reply, '123');
    expect(service.verify(token, TokenPurpose.Bounce)).toBeNull();
    expect(new RowTokenService(Buffer.from('b'.repeat(32))).verify(token, TokenPurpose.Reply)).toBeNull();
    for (let i = 0; i < token.length; i++) {
      const c = token[i] === 'a' ? 'b' : 'a';
      expect(service.verify(token.slice(0, i) + c + token.slice(i + 1), TokenPurpose.Reply)).toBeNull();
    }
  });

  it.each(['', 'abc', 'a'.repeat(40), '0'.repeat(40), 'x'.repeat(41), '../../etc/passwd'])(
    'refuses garbage %j',
    (token) => expect(service.verify(token, TokenPurpose.Reply)).toBeNull(),
  );

  it('gives different rows different tokens', () => {
    expect(service.sign(TokenPurpose.Reply, '1')).not.toBe(service.sign(TokenPurpose.Reply, '2'));
  });
});
