import { loadConfig } from './load-config';
import { parseTrustProxy } from './app-config';

describe('TRUST_PROXY', () => {
  it('defaults to a proxy on this machine', () => {
    expect(loadConfig({}).trustProxy).toEqual(['loopback']);
  });

  it('takes false, hop counts and lists of addresses, ranges and names', () => {
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('loopback, 10.0.0.0/8,fd00::/8, 192.168.1.10')).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
      '192.168.1.10',
    ]);
    expect(loadConfig({ TRUST_PROXY: 'uniquelocal' }).trustProxy).toEqual(['uniquelocal']);
  });

  it('refuses true (anyone could claim any address) and anything that is not an address', () => {
    for (const bad of ['true', 'alla', '10.0.0.0/33', '300.1.1.1', ''])
      expect(parseTrustProxy(bad)).toBeNull();
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY måste vara false/);
  });
});
