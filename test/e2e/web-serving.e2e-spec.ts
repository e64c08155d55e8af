import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { TEST_ADMIN } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';

const INDEX =
  '<!doctype html><html lang="sv"><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';
const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/**
 * The API serves the staff web app on its own origin (issue 10): pages of the app's own paths are index.html,
 * the hashed files are cached for good, and nothing of the API, the public pages or the health check changes.
 * No build is made: WEB_DIST_DIR points at a fake one in a temporary folder.
 */
describe('serving the web app (PROCESS_ROLE=api)', () => {
  let t: TestApp;
  const dist = mkdtempSync(join(tmpdir(), 'crm-web-dist-'));

  beforeAll(async () => {
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), INDEX);
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log("app");');
    writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(dist, 'sw.js'), 'self.addEventListener("fetch", () => undefined);');
    t = await createTestApp({ WEB_DIST_DIR: dist, PROCESS_ROLE: 'api' }, { withWorker: false });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it.each(['/', '/kontakter', '/kontakter/123', '/organisationer?q=riks'])(
    'answers the page %s with index.html, never cached, under the web policy',
    async (path) => {
      const res = await request(t.server).get(path).set('Accept', HTML).expect(200);
      expect(res.text).toBe(INDEX);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-store');
      const csp = res.headers['content-security-policy'];
      for (const directive of [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "connect-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "frame-ancestors 'none'",
      ])
        expect(csp.split(';')).toContain(directive);
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    },
  );

  it('answers HEAD for a page as GET would, without a body', async () => {
    const res = await request(t.server).head('/kontakter/123').set('Accept', HTML).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('serves the hashed files for a year (immutable), and a missing one is a JSON 404', async () => {
    const res = await request(t.server).get('/assets/index-abc123.js').expect(200);
    expect(res.text).toBe('console.log("app");');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const missing = await request(t.server).get('/assets/index-gone999.js').set('Accept', HTML).expect(404);
    expect(missing.headers['content-type']).toMatch(/^application\/json/);
    expect(missing.headers['cache-control'] ?? '').not.toMatch(/immutable/);

    const icon = await request(t.server).get('/favicon.svg').expect(200);
    expect(icon.headers['cache-control']).toBe('public, max-age=3600');

    // The service worker: JavaScript, asked again on every load so a new release's worker takes over.
    const worker = await request(t.server).get('/sw.js').expect(200);
    expect(worker.headers['content-type']).toMatch(/^text\/javascript/);
    expect(worker.headers['cache-control']).toBe('no-cache');
    expect(worker.text).toContain('addEventListener');
  });

  it('leaves the API alone: an unknown API path is a JSON 404 even for a browser', async () => {
    const res = await request(t.server).get('/api/unknown').set('Accept', HTML).expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ statusCode: 404 });
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
    await request(t.server).get('/api/auth/me').set('Accept', HTML).expect(401);
  });

  it('leaves the public pages and the health check alone', async () => {
    const unsubscribe = await request(t.server).get('/u/x').set('Accept', HTML);
    expect(unsubscribe.text).not.toBe(INDEX);
    expect(unsubscribe.headers['content-security-policy']).toMatch(/form-action 'self'/);
    for (const path of ['/v/x', '/r/x', '/h/x'])
      expect((await request(t.server).get(path).set('Accept', HTML)).text).not.toBe(INDEX);
    const health = await request(t.server).get('/health').set('Accept', HTML);
    expect(health.headers['content-type']).toMatch(/^application\/json/);
  });

  it('answers only page requests with index.html: not JSON requests, not writes', async () => {
    await request(t.server).get('/kontakter').set('Accept', 'application/json').expect(404);
    const post = await request(t.server)
      .post('/kontakter')
      .set('Accept', HTML)
      .set('Content-Type', 'application/json')
      .send({});
    expect(post.status).toBe(404);
    expect(post.headers['content-type']).toMatch(/^application\/json/);
  });

  it("lets the app's own same-origin requests through the cross-site check, with an HttpOnly SameSite cookie", async () => {
    // What the browser sends for the app's fetch (credentials: 'same-origin', a JSON body) from its own page.
    const login = await request(t.server)
      .post('/api/auth/login')
      .set('Origin', 'http://localhost:3000')
      .set('Sec-Fetch-Site', 'same-origin')
      .set('Content-Type', 'application/json')
      .send({ email: TEST_ADMIN.email, password: TEST_ADMIN.password })
      .expect(200);
    const cookie = ([] as string[]).concat(login.headers['set-cookie'] ?? []).join('\n');
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    // The same request from another site's page is refused.
    await request(t.server)
      .post('/api/auth/login')
      .set('Origin', 'https://evil.example')
      .set('Sec-Fetch-Site', 'cross-site')
      .set('Content-Type', 'application/json')
      .send({ email: TEST_ADMIN.email, password: TEST_ADMIN.password })
      .expect(403);
  });

  it('without a build, says so in Swedish (503) and how to build it', async () => {
    rmSync(join(dist, 'index.html'));
    const res = await request(t.server).get('/kontakter').set('Accept', HTML).expect(503);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('Webbappen är inte byggd');
    expect(res.text).toContain('npm run build');
    expect(res.headers['cache-control']).toBe('no-store');
    // The API is unaffected.
    await request(t.server).get('/api/auth/me').expect(401);
  });
});
