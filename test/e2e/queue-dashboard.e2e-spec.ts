import { ALL_QUEUES } from '@app/queue';
import request from 'supertest';
import { createUserAndLogin, LoggedIn, loginAsAdmin } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';

const DASHBOARD = '/api/admin/queues';
const ORIGIN = 'http://localhost:3000';

/** The queue dashboard (bull-board): admins only, behind the app's own session, with a policy of its own. */
describe('Queue dashboard at /api/admin/queues', () => {
  let t: TestApp;
  let admin: LoggedIn;
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_BASE_URL: ORIGIN }, { withWorker: false });
    admin = await loginAsAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const paths = [DASHBOARD, `${DASHBOARD}/`, `${DASHBOARD}/queue/sending`, `${DASHBOARD}/api/queues`];

  it('refuses anonymous requests with 401 before bull-board sees them', async () => {
    for (const path of paths) {
      const res = await request(t.server).get(path).expect(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
      expect(res.headers['content-type']).toMatch(/application\/json/);
    }
    const favicon = await request(t.server).get(`${DASHBOARD}/static/favicon.ico`).expect(401);
    expect(favicon.body.code).toBe('UNAUTHENTICATED');
    await request(t.server)
      .put(`${DASHBOARD}/api/queues/imports/retry/failed`)
      .set('Cookie', 'crm_session=forfalskad')
      .expect(401);
  });

  it.each(['viewer', 'editor'] as const)('refuses a logged-in %s with 403', async (role) => {
    const user = await createUserAndLogin(t, role);
    for (const path of paths) {
      const res = await user.get(path).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      expect(res.body.message).toMatch(/kräver rollen admin/);
    }
    await user.put(`${DASHBOARD}/api/queues/imports/clean/failed`).set('Origin', ORIGIN).expect(403);
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM audit_log WHERE action = 'queue_dashboard.action'`,
    );
    expect(count).toBe(0);
  });

  it('gives an admin the page, under a policy that allows its own scripts only', async () => {
    const res = await admin.get(DASHBOARD).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('<div id="root">');
    expect(res.text).toContain('<title>Jobbköer</title>');
    expect(res.text).toContain(`<base href="${DASHBOARD}/"`);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/style-src 'self' 'unsafe-inline'/);
    expect(csp).toMatch(/connect-src 'self'/);
    expect(csp).toMatch(/base-uri 'self'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).not.toMatch(/unsafe-eval|googleapis|https:/);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-powered-by']).toBeUndefined();

    // Every script the page names comes from the dashboard's own static route, and is served there.
    const scripts = [...res.text.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      expect(src).toMatch(/^static\//);
      const js = await admin.get(`${DASHBOARD}/${src}`).expect(200);
      expect(js.headers['content-type']).toMatch(/javascript/);
      expect(js.headers['x-powered-by']).toBeUndefined();
    }
    // Its deep links (a queue's page) are the same page.
    const queuePage = await admin.get(`${DASHBOARD}/queue/sending`).expect(200);
    expect(queuePage.text).toContain('<div id="root">');
  });

  it("lists the app's queues in bull-board's API, answered as JSON under the JSON policy", async () => {
    const res = await admin.get(`${DASHBOARD}/api/queues`).expect(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const names = (res.body.queues as { name: string }[]).map((q) => q.name).sort();
    expect(names).toEqual([...ALL_QUEUES].sort());
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'",
    );
  });

  it("lets the admin's page retry and clean (same origin), audited, and refuses the same from another site", async () => {
    // As the page's axios sends them: PUT without a body, from our own origin.
    await admin
      .put(`${DASHBOARD}/api/queues/imports/retry/failed`)
      .set('Origin', ORIGIN)
      .set('Sec-Fetch-Site', 'same-origin')
      .expect(200);
    await admin
      .put(`${DASHBOARD}/api/queues/maintenance/clean/completed`)
      .set('Origin', ORIGIN)
      .set('Sec-Fetch-Site', 'same-origin')
      .expect(200);
    const audited: { target_id: string; actor_email: string; details: { method: string; path: string } }[] =
      await t.dataSource.query(
        `SELECT target_id, actor_email, details FROM audit_log WHERE action = 'queue_dashboard.action'
         ORDER BY id`,
      );
    expect(audited).toEqual([
      {
        target_id: 'imports',
        actor_email: 'admin@example.se',
        details: { method: 'PUT', path: `${DASHBOARD}/api/queues/imports/retry/failed` },
      },
      {
        target_id: 'maintenance',
        actor_email: 'admin@example.se',
        details: { method: 'PUT', path: `${DASHBOARD}/api/queues/maintenance/clean/completed` },
      },
    ]);

    const crossSite = await admin
      .put(`${DASHBOARD}/api/queues/imports/clean/failed`)
      .set('Origin', 'https://evil.example')
      .set('Sec-Fetch-Site', 'cross-site')
      .expect(403);
    expect(crossSite.body.code).toBe('CROSS_SITE_REQUEST');
    const formPost = await admin
      .put(`${DASHBOARD}/api/queues/imports/clean/failed`)
      .set('Content-Type', 'text/plain')
      .send('x')
      .expect(415);
    expect(formPost.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('is not part of the OpenAPI document', async () => {
    const res = await request(t.server).get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths).filter((p) => p.startsWith(DASHBOARD))).toEqual([]);
  });
});
