import { loadConfig } from '@app/config';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { loginAs } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, testRedisUrl, TestDatabase, uniqueQueuePrefix } from '../support/test-database';

const PRINTED = /Första administratören skapad: (\S+), lösenord: (\S+)\s+Byt det efter inloggning/;

/** Collects what the app writes to stdout while `fn` runs (the generated password goes there, not to the logger). */
async function captureStdout<T>(fn: () => Promise<T>): Promise<{ result: T; out: string }> {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
  try {
    return { result: await fn(), out: chunks.join('') };
  } finally {
    spy.mockRestore();
  }
}

/** A second API process on an existing database, configured without ADMIN_EMAIL/ADMIN_PASSWORD. */
async function startApi(db: TestDatabase, env: Record<string, string> = {}): Promise<INestApplication> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    QUEUE_PREFIX: uniqueQueuePrefix(),
    ...env,
  });
  const app = await createApiApp({
    config,
    databaseUrl: db.url,
    redisUrl: testRedisUrl(),
    withWorker: false,
  });
  await app.init();
  return app;
}

describe('Initial administrator', () => {
  it('generates a password when none is configured, prints it once, and never creates a second admin', async () => {
    const { result: t, out } = await captureStdout(() =>
      createTestApp({ ADMIN_EMAIL: '', ADMIN_PASSWORD: '' }, { withWorker: false }),
    );
    const apps: INestApplication[] = [];
    try {
      const match = PRINTED.exec(out);
      expect(match).not.toBeNull();
      const [, email, password] = match!;
      expect(email).toBe('admin@localhost');
      expect(password.length).toBeGreaterThanOrEqual(20);
      expect(out.match(/Första administratören/g)).toHaveLength(1);

      const admin = await loginAs(t.server, email, password);
      expect(admin.user.role).toBe('admin');

      // A later start on the same database prints nothing and creates nobody.
      const again = await captureStdout(() => startApi(t.db));
      apps.push(again.result);
      expect(again.out).not.toMatch(/Första administratören|lösenord/);
      const users = await t.dataSource.query(`SELECT email, role FROM users`);
      expect(users).toEqual([{ email: 'admin@localhost', role: 'admin' }]);

      // The hash is Argon2id and the password is nowhere in the audit log.
      const [{ password_hash }] = await t.dataSource.query(`SELECT password_hash FROM users`);
      expect(password_hash).toMatch(/^\$argon2id\$v=19\$/);
      const audit = JSON.stringify(await t.dataSource.query(`SELECT * FROM audit_log`));
      expect(audit).not.toContain(password);
      expect(audit).toContain('"initialAdmin":true');
    } finally {
      for (const app of apps) await app.close();
      await t.close();
    }
  });

  it('creates exactly one admin when several API processes start at once on an empty database', async () => {
    const db = await createTestDatabase();
    const apps: INestApplication[] = [];
    try {
      const { out } = await captureStdout(async () => {
        const started = await Promise.allSettled([startApi(db), startApi(db), startApi(db)]);
        for (const s of started) if (s.status === 'fulfilled') apps.push(s.value);
        expect(started.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      });
      expect(out.match(/Första administratören skapad/g)).toHaveLength(1);
      const [{ n }] = await apps[0].get(DataSource).query(`SELECT count(*)::int AS n FROM users`);
      expect(n).toBe(1);
    } finally {
      for (const app of apps) await app.close();
      await db.drop();
    }
  });

  it('uses ADMIN_EMAIL and ADMIN_PASSWORD when given, printing no password', async () => {
    const { result: t, out } = await captureStdout(() =>
      createTestApp(
        { ADMIN_EMAIL: 'Chef@Example.SE', ADMIN_PASSWORD: 'given-password-1' },
        { withWorker: false },
      ),
    );
    try {
      expect(out).not.toMatch(/lösenord:/);
      await loginAs(t.server, 'chef@example.se', 'given-password-1');
    } finally {
      await t.close();
    }
  });
});

describe('Session cookie and throttling details', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(
      { PUBLIC_BASE_URL: 'https://crm.example.se', SESSION_TTL_HOURS: '2', LOGIN_MAX_FAILURES: '3' },
      { withWorker: false },
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('marks the cookie Secure behind https and uses SESSION_TTL_HOURS as max age', async () => {
    const res = await request(t.server)
      .post('/api/auth/login')
      .send({ email: 'admin@example.se', password: 'admin-losenord-1' })
      .expect(200);
    const cookie = ([] as string[]).concat(res.headers['set-cookie'])[0];
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; Max-Age=7200;/);
    const [{ hours }] = await t.dataSource.query(
      `SELECT round(extract(epoch FROM expires_at - created_at) / 3600)::int AS hours FROM sessions`,
    );
    expect(hours).toBe(2);
  });

  it('lets no more than LOGIN_MAX_FAILURES concurrent guesses through', async () => {
    const guesses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        request(t.server)
          .post('/api/auth/login')
          .send({ email: 'admin@example.se', password: `gissning-${i}-abc` }),
      ),
    );
    const statuses = guesses.map((g) => g.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });
});
