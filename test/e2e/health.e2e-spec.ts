import request from 'supertest';
import { freePort } from '../support/free-port';
import { createTestApp, TestApp } from '../support/test-app';

describe('GET /health and OpenAPI', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({}, { withWorker: false });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 200 with database and Redis up', async () => {
    const res = await request(t.server).get('/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.info.database.status).toBe('up');
    expect(res.body.info.redis.status).toBe('up');
  });

  it('serves the OpenAPI document as JSON', async () => {
    const res = await request(t.server).get('/api/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toContain('/health');
  });

  it('has the 21 regions after migration', async () => {
    const [{ count }] = await t.dataSource.query('SELECT count(*)::int AS count FROM regions');
    expect(count).toBe(21);
  });
});

describe('GET /health when Redis is unreachable', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({}, { withWorker: false, redisUrl: `redis://127.0.0.1:${await freePort()}` });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 503 and says which part is down', async () => {
    const res = await request(t.server).get('/health').expect(503);
    expect(res.body.error.redis.status).toBe('down');
    expect(res.body.info.database.status).toBe('up');
  });
});
