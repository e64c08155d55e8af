import { startRedisServer, StartedRedis } from '@app/queue';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { freePort } from '../support/free-port';
import { LoggedIn, loginAs, TEST_ADMIN } from '../support/login';
import {
  baseEnv,
  ensureBuilt,
  healthStatus,
  RunningProcess,
  startApp,
  stopAll,
  waitFor,
  waitForHealthy,
} from '../support/processes';
import { createTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const SAMPLE = readFileSync(join(__dirname, '../fixtures/sample-contacts-sv.csv'));

/** A redis-server of this file's own, so it can be frozen (SIGSTOP) and killed without touching the others. */
async function ownRedis(): Promise<{ redis: StartedRedis; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'crm-stall-redis-'));
  return { redis: await startRedisServer({ dataDir: dir, port: await freePort() }), dir };
}

/**
 * Issue 8, item 3: with redis-server frozen (SIGSTOP), /health never answered and an upload hung; with it
 * killed, SIGTERM did not finish in 90 s.
 */
describe('a frozen Redis (SIGSTOP) does not hang /health or an upload', () => {
  let redis: StartedRedis;
  let dir: string;
  let t: TestApp;
  let admin: LoggedIn;
  let frozen = false;
  const freeze = () => {
    process.kill(redis.pid, 'SIGSTOP');
    frozen = true;
  };
  const thaw = () => {
    if (frozen) process.kill(redis.pid, 'SIGCONT');
    frozen = false;
  };

  beforeAll(async () => {
    ({ redis, dir } = await ownRedis());
    t = await createTestApp({}, { withWorker: false, redisUrl: redis.url });
    admin = await loginAs(t.server, TEST_ADMIN.email, TEST_ADMIN.password);
  });
  afterEach(() => thaw());
  afterAll(async () => {
    thaw();
    await t.close();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('/health answers 503 within 2 s, naming Redis, and 200 again once it runs', async () => {
    await request(t.server).get('/health').expect(200);
    freeze();
    const started = Date.now();
    const res = await request(t.server).get('/health').timeout(10_000);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(res.status).toBe(503);
    expect(res.body.error.redis).toEqual({ status: 'down', message: 'Redis svarade inte inom 1,5 s' });
    expect(res.body.info.database.status).toBe('up');
    thaw();
    expect(await waitFor(async () => (await request(t.server).get('/health')).status === 200, 10_000)).toBe(
      true,
    );
  });

  it('an upload answers 503 with a Swedish message within 3 s and leaves no import behind', async () => {
    const [{ n: before }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM imports`);
    freeze();
    const started = Date.now();
    const res = await admin
      .post('/api/imports/contacts')
      .attach('file', SAMPLE, 'sample-contacts-sv.csv')
      .timeout(10_000);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message:
        'Jobbkön (Redis) svarar inte just nu, så arbetet kunde inte läggas i kö. Försök igen om en stund.',
    });
    const [{ n: after }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM imports`);
    expect(after).toBe(before);
  });
});

describe('SIGTERM with Redis gone', () => {
  let db: TestDatabase;
  let redis: StartedRedis;
  let dir: string;
  let app: RunningProcess | undefined;

  beforeAll(async () => {
    ensureBuilt();
    db = await createTestDatabase();
    ({ redis, dir } = await ownRedis());
  }, 180_000);
  afterAll(async () => {
    await stopAll(app);
    await redis.stop();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends the process by SHUTDOWN_TIMEOUT_SECONDS with exit 1, saying what it gave up on', async () => {
    const port = await freePort();
    app = startApp(
      'api',
      baseEnv({
        DATABASE_URL: db.url,
        REDIS_URL: redis.url,
        PORT: String(port),
        SHUTDOWN_TIMEOUT_SECONDS: '3',
        ADMIN_EMAIL: TEST_ADMIN.email,
        ADMIN_PASSWORD: TEST_ADMIN.password,
      }),
    );
    await waitForHealthy(port, app);
    process.kill(redis.pid, 'SIGKILL');
    expect(await waitFor(async () => (await healthStatus(port)) === 503, 10_000)).toBe(true);
    const started = Date.now();
    app.child.kill('SIGTERM');
    const { code } = await app.exited;
    const took = Date.now() - started;
    expect(took).toBeLessThan(6000);
    expect(code).toBe(1);
    expect(app.output()).toMatch(
      /Avstängningen tog längre än 3 s \(SHUTDOWN_TIMEOUT_SECONDS\): gav upp att vänta på att appen stängs .*; avslutar ändå/,
    );
  });
});
