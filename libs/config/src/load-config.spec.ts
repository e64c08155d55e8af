import { ConfigValidationError, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('gives the embedded single-machine defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATA_DIR).toBe('./data');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.MAIL_TRANSPORT).toBe('outbox');
    expect(config.PROCESS_ROLE).toBe('all');
    expect(config.runsApi && config.runsWorker).toBe(true);
  });

  it('converts numbers and accepts given URLs', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u:p@db:5432/crm',
      REDIS_URL: 'redis://cache:6379/2',
      PROCESS_ROLE: 'worker',
    });
    expect(config.PORT).toBe(8080);
    expect(config.DATABASE_URL).toBe('postgres://u:p@db:5432/crm');
    expect(config.runsApi).toBe(false);
    expect(config.runsWorker).toBe(true);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigValidationError);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ PROCESS_ROLE: 'everything' })).toThrow(/PROCESS_ROLE/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
  });

  it('lists every bad variable at once', () => {
    try {
      loadConfig({ PORT: '70000', LOG_LEVEL: 'loud' });
      throw new Error('expected a ConfigValidationError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigValidationError);
      const problems = (err as ConfigValidationError).problems.join('\n');
      expect(problems).toMatch(/PORT/);
      expect(problems).toMatch(/LOG_LEVEL/);
    }
  });

  it('requires SMTP_URL only when the SMTP transport is chosen', () => {
    expect(loadConfig({ MAIL_TRANSPORT: 'outbox' }).SMTP_URL).toBeUndefined();
    expect(() => loadConfig({ MAIL_TRANSPORT: 'smtp' })).toThrow(/SMTP_URL/);
    expect(loadConfig({ MAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://relay:587' }).SMTP_URL).toBe(
      'smtp://relay:587',
    );
  });

  it('never echoes a secret value in the error', () => {
    try {
      loadConfig({ ADMIN_PASSWORD: 'kort', DATABASE_URL: 'http://user:hemligt@db' });
      throw new Error('expected a ConfigValidationError');
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toMatch(/ADMIN_PASSWORD/);
      expect(message).toMatch(/DATABASE_URL/);
      expect(message).not.toContain('kort');
      expect(message).not.toContain('hemligt');
    }
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', REDIS_URL: '  ' }).DATABASE_URL).toBeUndefined();
  });

  it('marks cookies Secure behind https', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://crm.example.se' }).cookieSecure).toBe(true);
    expect(loadConfig({}).cookieSecure).toBe(false);
  });

  it('reads every declared variable, also the optional ones without a default', () => {
    const secret = 'x'.repeat(40);
    expect(loadConfig({ TOKEN_SECRET: secret }).TOKEN_SECRET).toBe(secret);
    expect(loadConfig({ ADMIN_EMAIL: 'a@example.se' }).ADMIN_EMAIL).toBe('a@example.se');
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x' }).DATABASE_URL).toBe('postgres://db/x');
  });

  it('explains problems in Swedish', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT: måste vara ett heltal/);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT: får inte vara större än 65535/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL: måste vara ett av: fatal/);
  });

  describe('inbound mail transports', () => {
    it('are off by default', () => {
      const config = loadConfig({});
      expect(config.inboundImapEnabled).toBe(false);
      expect(config.inboundSmtpEnabled).toBe(false);
      expect(config.INBOUND_IMAP_FOLDER).toBe('INBOX');
      expect(config.INBOUND_SMTP_HOST).toBe('127.0.0.1');
    });

    it('need user and password with an IMAP host, and never echo the password', () => {
      expect(() => loadConfig({ INBOUND_IMAP_HOST: 'imap.example.se' })).toThrow(/INBOUND_IMAP_USER/);
      expect(() => loadConfig({ INBOUND_IMAP_HOST: 'imap.example.se' })).toThrow(/INBOUND_IMAP_PASSWORD/);
      const config = loadConfig({
        INBOUND_IMAP_HOST: 'imap.example.se',
        INBOUND_IMAP_USER: 'svar@example.se',
        INBOUND_IMAP_PASSWORD: 'hemligt',
        INBOUND_IMAP_SECURE: 'false',
        INBOUND_IMAP_PORT: '143',
      });
      expect(config.inboundImapEnabled).toBe(true);
      expect(config.INBOUND_IMAP_PORT).toBe(143);
      expect(() => loadConfig({ INBOUND_IMAP_PASSWORD: '', INBOUND_IMAP_SECURE: 'ja' })).toThrow(
        /INBOUND_IMAP_SECURE/,
      );
    });

    it('need REPLY_DOMAIN with an SMTP port; an empty port is off', () => {
      expect(loadConfig({ INBOUND_SMTP_PORT: '' }).inboundSmtpEnabled).toBe(false);
      expect(() => loadConfig({ INBOUND_SMTP_PORT: '2525' })).toThrow(/REPLY_DOMAIN/);
      const config = loadConfig({ INBOUND_SMTP_PORT: '2525', REPLY_DOMAIN: 'svar.example.se' });
      expect(config.INBOUND_SMTP_PORT).toBe(2525);
      expect(config.inboundSmtpEnabled).toBe(true);
      expect(() => loadConfig({ INBOUND_SMTP_PORT: 'x', REPLY_DOMAIN: 'svar.example.se' })).toThrow(
        /INBOUND_SMTP_PORT/,
      );
    });
  });
});
