import { ALL_QUEUES, JobProducer, QueueName } from '@app/queue';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { freePort } from '../support/free-port';
import { createUserAndLogin, loginAsAdmin, TEST_ADMIN } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';
import { testRedisUrl } from '../support/test-database';

const VERSION = (
  JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string }
).version;

describe('GET /api/system/status (the settings page)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // PROCESS_ROLE=all, with the worker in the process: its connections are the queues' workers.
    t = await createTestApp({}, { withWorker: true });
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses anonymous requests (401) and answers every staff role (the settings page shows it to all)', async () => {
    await request(t.server).get('/api/system/status').expect(401);
    for (const role of ['viewer', 'editor'] as const) {
      const user = await createUserAndLogin(t, role);
      const res = await user.get('/api/system/status').expect(200);
      expect(res.body.mail.transport).toMatch(/^(smtp|outbox)$/);
      // The queue dashboard behind the status stays an administrator's.
      const dashboard = await user.get('/api/admin/queues').expect(403);
      expect(dashboard.body.message).toMatch(/kräver rollen admin/);
    }
  });

  it('tells an admin the transport, sender, services, queues, version and role', async () => {
    await t.app
      .get(JobProducer)
      .queue(QueueName.Imports)
      .add('status-test', {}, { delay: 3_600_000, jobId: 'status-test' });
    const admin = await loginAsAdmin(t);
    const res = await admin.get('/api/system/status').expect(200);
    const body = res.body;
    expect(body.version).toBe(VERSION);
    expect(body.processRole).toBe('all');
    expect(Date.parse(body.checkedAt)).not.toBeNaN();
    expect(body.mail).toEqual({
      transport: 'outbox',
      smtp: null,
      sender: {
        name: 'Kansliet',
        address: 'utskick@localhost',
        nameConfigured: false,
        addressConfigured: false,
      },
      dkim: null,
    });
    expect(body.database).toEqual({ reachable: true, message: null });
    expect(body.redis).toEqual({ reachable: true, message: null });
    expect(body.queues.map((q: { name: string }) => q.name)).toEqual(ALL_QUEUES);
    const imports = body.queues.find((q: { name: string }) => q.name === QueueName.Imports);
    expect(imports.delayed).toBeGreaterThanOrEqual(1);
    for (const queue of body.queues) {
      for (const state of ['waiting', 'active', 'delayed', 'failed', 'completed', 'workers']) {
        expect(typeof queue[state]).toBe('number');
      }
      expect(queue.workers).toBeGreaterThanOrEqual(1);
    }
    expect(body.workerHeartbeats.recorded).toBe(false);
    expect(body.workerHeartbeats.message).toMatch(/inga hjärtslag/);
    expect(body.inbound).toEqual({
      imap: { enabled: false, intervalSeconds: null, mailboxes: [] },
      smtp: { enabled: false, replyDomain: null, port: null },
    });
  });

  it("shows an IMAP mailbox's last poll, last error and counts, as the poller recorded them", async () => {
    await t.dataSource.query(
      `INSERT INTO inbound_imap_mailboxes (mailbox, uid_validity, last_uid, messages_taken, messages_truncated,
                                           last_poll_at, last_success_at, last_error, last_error_at)
       VALUES ('svar@example.se@imap.example.se/INBOX', '17', 12, 12, 1, '2026-12-03T10:05:00Z',
               '2026-12-03T10:04:00Z', 'inloggningen nekades (fel användare eller lösenord)', '2026-12-03T10:05:00Z')`,
    );
    const admin = await loginAsAdmin(t);
    const res = await admin.get('/api/system/status').expect(200);
    expect(res.body.inbound.imap.mailboxes).toEqual([
      {
        mailbox: 'svar@example.se@imap.example.se/INBOX',
        lastPollAt: '2026-12-03T10:05:00.000Z',
        lastSuccessAt: '2026-12-03T10:04:00.000Z',
        lastError: 'inloggningen nekades (fel användare eller lösenord)',
        lastErrorAt: '2026-12-03T10:05:00.000Z',
        messagesTaken: 12,
        messagesTruncated: 1,
      },
    ]);
    await t.dataSource.query(`DELETE FROM inbound_imap_mailboxes`);
  });
});

describe('GET /api/system/status with SMTP and every secret set (PROCESS_ROLE=api)', () => {
  const SECRETS = {
    smtpUser: 'crm-smtp-anvandare',
    smtpPassword: 'Smtp-Hemligt-1xq',
    databasePassword: 'Pg-Hemligt-2xq',
    redisPassword: 'Redis-Hemligt-3xq',
    tokenSecret: 'Token-Hemligt-4xq-0123456789abcdefghij',
  };
  const dkimKey = generateKeyPairSync('rsa', { modulusLength: 1024 })
    .privateKey.export({ type: 'pkcs1', format: 'pem' })
    .toString();
  let t: TestApp;
  let smtpPort: number;
  beforeAll(async () => {
    smtpPort = await freePort();
    t = await createTestApp(
      {
        PROCESS_ROLE: 'api',
        MAIL_TRANSPORT: 'smtp',
        // Nothing listens there, and nothing connects: the pool opens on the first message.
        SMTP_URL: `smtp://${SECRETS.smtpUser}:${SECRETS.smtpPassword}@127.0.0.1:${smtpPort}`,
        MAIL_FROM_NAME: 'Förbundets kansli',
        MAIL_FROM_ADDRESS: 'kansli@forbundet.example',
        DKIM_DOMAIN: 'forbundet.example',
        DKIM_SELECTOR: 'crm',
        DKIM_PRIVATE_KEY: dkimKey,
        // What an operator would set; this test app itself connects to the test servers.
        DATABASE_URL: `postgres://outreach:${SECRETS.databasePassword}@db.forbundet.example:5432/outreach`,
        REDIS_URL: `redis://:${SECRETS.redisPassword}@redis.forbundet.example:6379`,
        TOKEN_SECRET: SECRETS.tokenSecret,
      },
      { withWorker: false },
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('names the SMTP server by host and port only, and the configured sender and DKIM', async () => {
    const admin = await loginAsAdmin(t);
    const res = await admin.get('/api/system/status').expect(200);
    expect(res.body.processRole).toBe('api');
    expect(res.body.mail).toEqual({
      transport: 'smtp',
      smtp: { host: '127.0.0.1', port: smtpPort, secure: false },
      sender: {
        name: 'Förbundets kansli',
        address: 'kansli@forbundet.example',
        nameConfigured: true,
        addressConfigured: true,
      },
      dkim: { domain: 'forbundet.example', selector: 'crm' },
    });
    // No worker in this process: the queues are there, nobody is connected to take their jobs.
    for (const queue of res.body.queues) expect(queue.workers).toBe(0);

    const text = res.text;
    for (const secret of [...Object.values(SECRETS), TEST_ADMIN.password, 'BEGIN RSA PRIVATE KEY']) {
      expect(text).not.toContain(secret);
    }
    // The connections this app really uses: their passwords (if any) are not in the answer either.
    for (const url of [t.db.url, testRedisUrl()]) {
      const password = decodeURIComponent(new URL(url).password);
      if (password) expect(text).not.toContain(password);
    }
    expect(text).not.toMatch(/[a-z]+:\/\/[^/\s"]*@/i); // no URL with credentials of any kind
    expect(text).not.toMatch(/db\.forbundet|redis\.forbundet/);
  });
});
