import { PublicTokenService, TokenPurpose } from '@app/sending';
import request from 'supertest';
import { loginAsAdmin } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';

/** Issue 8 item 15: one helmet policy per kind of page, and the API documentation behind login in production. */
describe('Security headers per kind of page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({}, { withWorker: false });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers JSON with a policy that lets nothing render, frame or load', async () => {
    const res = await request(t.server).get('/api/auth/me').expect(401);
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'",
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-powered-by']).toBeUndefined();
    // Plain http here: no HSTS (browsers ignore it there, and it must not pin a test setup to TLS).
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('lets no browser or proxy keep an API answer, and sends no ETag to revalidate one', async () => {
    const admin = await loginAsAdmin(t);
    const first = await admin.get('/api/regions').expect(200);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.headers.etag).toBeUndefined();
    // A browser that kept one anyway gets the answer again, not a 304 the API does not describe.
    await admin.get('/api/regions').set('If-None-Match', 'W/"x"').expect(200);
  });

  it('serves the unsubscribe page with a CSP, nosniff and no framing', async () => {
    const [{ id: contactId }] = await t.dataSource.query(
      `INSERT INTO contacts (first_name, email) VALUES ('Anna', 'anna@exempel.se') RETURNING id`,
    );
    const token = t.app.get(PublicTokenService).sign(TokenPurpose.Unsubscribe, { scopeId: null, contactId });
    for (const res of [
      await request(t.server).get(`/u/${token}`).expect(200),
      await request(t.server).get('/u/forfalskad').expect(404),
    ]) {
      const csp = res.headers['content-security-policy'];
      expect(csp).toMatch(/default-src 'none'/);
      expect(csp).toMatch(/style-src 'unsafe-inline'/);
      expect(csp).toMatch(/form-action 'self'/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      expect(csp).not.toMatch(/script-src/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it("keeps the letter view's strict CSP and adds frame-ancestors to it", async () => {
    const res = await request(t.server).get('/v/forfalskad').expect(404);
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'none'; img-src data: https:; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'; " +
        "frame-ancestors 'none'",
    );
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('keeps the API documentation open outside production, under its own policy', async () => {
    const res = await request(t.server).get('/api/docs/').expect(200);
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    await request(t.server).get('/api/docs-json').expect(200);
  });
});

describe('In production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(
      { NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://crm.example.se' },
      { withWorker: false },
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows the API documentation to logged-in staff only', async () => {
    for (const path of ['/api/docs-json', '/api/docs/', '/api/docs', '/API/DOCS-JSON']) {
      const res = await request(t.server).get(path).expect(401);
      expect(res.body.message).toMatch(/bara för inloggad personal/);
    }
    const admin = await loginAsAdmin(t);
    const doc = await request(t.server).get('/api/docs-json').set('Cookie', admin.cookie).expect(200);
    expect(doc.body.paths['/api/users']).toBeDefined();
    await request(t.server).get('/api/docs/').set('Cookie', admin.cookie).expect(200);
  });

  it('sends HSTS behind https', async () => {
    const res = await request(t.server).get('/health').expect(200);
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
  });
});
