import { generateKeyPairSync } from 'node:crypto';
import { ConfigValidationError, loadConfig } from './load-config';

const pem = generateKeyPairSync('rsa', { modulusLength: 1024 })
  .privateKey.export({ type: 'pkcs1', format: 'pem' })
  .toString();

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigValidationError) return err.problems;
    throw err;
  }
  return [];
}

describe('mail transport configuration', () => {
  it('defaults to a pool of 5 SMTP connections and no DKIM', () => {
    const config = loadConfig({});
    expect(config.SMTP_POOL_CONNECTIONS).toBe(10);
    expect(config.DKIM_DOMAIN).toBeUndefined();
    expect(config.DKIM_SELECTOR).toBeUndefined();
    expect(config.DKIM_PRIVATE_KEY).toBeUndefined();
  });

  it('reads SMTP_POOL_CONNECTIONS as a number between 1 and 100', () => {
    expect(loadConfig({ SMTP_POOL_CONNECTIONS: '12' }).SMTP_POOL_CONNECTIONS).toBe(12);
    expect(problemsOf({ SMTP_POOL_CONNECTIONS: '0' }).join()).toMatch(/SMTP_POOL_CONNECTIONS/);
    expect(problemsOf({ SMTP_POOL_CONNECTIONS: 'många' }).join()).toMatch(/SMTP_POOL_CONNECTIONS/);
  });

  it('accepts a complete DKIM setting, with a PEM key or a key file', () => {
    const config = loadConfig({ DKIM_DOMAIN: 'example.se', DKIM_SELECTOR: 'crm', DKIM_PRIVATE_KEY: pem });
    expect(config.DKIM_DOMAIN).toBe('example.se');
    expect(config.DKIM_PRIVATE_KEY).toBe(pem);
    const fromFile = loadConfig({
      DKIM_DOMAIN: 'example.se',
      DKIM_SELECTOR: 'crm',
      DKIM_PRIVATE_KEY_FILE: '/etc/crm/dkim.pem',
    });
    expect(fromFile.DKIM_PRIVATE_KEY_FILE).toBe('/etc/crm/dkim.pem');
  });

  it('requires the DKIM settings together and names exactly the missing one', () => {
    const noSelector = problemsOf({ DKIM_DOMAIN: 'example.se', DKIM_PRIVATE_KEY: pem });
    expect(noSelector).toHaveLength(1);
    expect(noSelector[0]).toMatch(/^DKIM_SELECTOR:/);

    const noDomain = problemsOf({ DKIM_SELECTOR: 'crm', DKIM_PRIVATE_KEY: pem });
    expect(noDomain).toHaveLength(1);
    expect(noDomain[0]).toMatch(/^DKIM_DOMAIN:/);

    const noKey = problemsOf({ DKIM_DOMAIN: 'example.se', DKIM_SELECTOR: 'crm' });
    expect(noKey).toHaveLength(1);
    expect(noKey[0]).toMatch(/^DKIM_PRIVATE_KEY:/);
    expect(noKey[0]).toMatch(/DKIM_PRIVATE_KEY_FILE/);

    const onlyKey = problemsOf({ DKIM_PRIVATE_KEY: pem }).join('\n');
    expect(onlyKey).toMatch(/DKIM_DOMAIN/);
    expect(onlyKey).toMatch(/DKIM_SELECTOR/);
  });

  it('refuses a key that is not PEM, and two keys at once, without echoing the key', () => {
    const notPem = problemsOf({
      DKIM_DOMAIN: 'example.se',
      DKIM_SELECTOR: 'crm',
      DKIM_PRIVATE_KEY: 'hemlig-nyckel',
    });
    expect(notPem.join()).toMatch(/DKIM_PRIVATE_KEY/);
    expect(notPem.join()).not.toContain('hemlig-nyckel');

    const both = problemsOf({
      DKIM_DOMAIN: 'example.se',
      DKIM_SELECTOR: 'crm',
      DKIM_PRIVATE_KEY: pem,
      DKIM_PRIVATE_KEY_FILE: '/etc/crm/dkim.pem',
    });
    expect(both).toHaveLength(1);
    expect(both[0]).toMatch(/^DKIM_PRIVATE_KEY_FILE:/);
    expect(both.join()).not.toContain('BEGIN');
  });

  it('refuses a DKIM domain that is not a domain name', () => {
    expect(
      problemsOf({ DKIM_DOMAIN: 'inte en domän', DKIM_SELECTOR: 'crm', DKIM_PRIVATE_KEY: pem }).join(),
    ).toMatch(/DKIM_DOMAIN/);
  });
});
