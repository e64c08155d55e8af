import request from 'supertest';
import { createTestApp, TestApp } from '../support/test-app';
import { createUserAndLogin, loginAs, loginAsAdmin, TEST_ADMIN } from '../support/login';

async function auditActions(
  t: TestApp,
  action: string,
): Promise<{ actor_email: string; details: Record<string, unknown> }[]> {
  return t.dataSource.query(`SELECT actor_email, details FROM audit_log WHERE action = $1 ORDER BY id`, [
    action,
  ]);
}

describe('Staff login, sessions and the session guard', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES: '3', LOGIN_WINDOW_SECONDS: '600' }, { withWorker: false });
  });
  afterAll(async () => {
    await t.close();
  });

  it('logs in with the right password and sets an HttpOnly, SameSite=Lax session cookie', async () => {
    const res = await request(t.server)
      .post('/api/auth/login')
      .send({ email: '  Admin@Example.SE ', password: TEST_ADMIN.password })
      .expect(200);
    expect(res.body).toEqual({
      user: { id: expect.any(String), email: 'admin@example.se', name: expect.any(String), role: 'admin' },
    });
    const cookie = ([] as string[])
      .concat(res.headers['set-cookie'])
      .find((c) => c.startsWith('crm_session='))!;
    expect(cookie).toMatch(/^crm_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; Max-Age=43200/); // SESSION_TTL_HOURS=12 by default
    expect(cookie).not.toMatch(/; Secure/); // PUBLIC_BASE_URL is http:// in tests

    // Only the SHA-256 of the token is stored.
    const token = cookie.split(';')[0].split('=')[1];
    const stored: { id: string }[] = await t.dataSource.query(`SELECT id FROM sessions`);
    expect(stored.map((s) => s.id)).not.toContain(token);
    expect(stored.every((s) => /^[0-9a-f]{64}$/.test(s.id))).toBe(true);
  });

  it('answers GET /api/auth/me with the logged-in user, and 401 without a session', async () => {
    const admin = await loginAsAdmin(t);
    const me = await admin.get('/api/auth/me').expect(200);
    expect(me.body.user).toMatchObject({ email: 'admin@example.se', role: 'admin' });
    expect(me.body.user.passwordHash).toBeUndefined();

    const anon = await request(t.server).get('/api/auth/me').expect(401);
    expect(anon.body.code).toBe('UNAUTHENTICATED');
    expect(anon.body.message).toMatch(/inloggad/);
    await request(t.server).get('/api/users').expect(401);
    await request(t.server).get('/api/audit').expect(401);
    await request(t.server).get('/api/auth/me').set('Cookie', 'crm_session=not-a-token').expect(401);
    await request(t.server)
      .get('/api/auth/me')
      .set('Cookie', `crm_session=${'A'.repeat(43)}`)
      .expect(401);
  });

  it('keeps /health and the OpenAPI document public', async () => {
    await request(t.server).get('/health').expect(200);
    const doc = await request(t.server).get('/api/docs-json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/login',
        '/api/auth/logout',
        '/api/auth/me',
        '/api/users',
        '/api/audit',
      ]),
    );
    const docs = await request(t.server).get('/api/docs/');
    expect(docs.status).toBe(200);
    expect(docs.text).toMatch(/swagger/i);
  });

  it('answers an unknown user and a wrong password with the identical 401', async () => {
    const unknown = await request(t.server)
      .post('/api/auth/login')
      .send({ email: 'ingen@example.se', password: 'vad-som-helst-1' })
      .expect(401);
    const wrong = await request(t.server)
      .post('/api/auth/login')
      .send({ email: 'admin@example.se', password: 'fel-losenord-1' })
      .expect(401);
    expect(unknown.body).toEqual({
      statusCode: 401,
      code: 'INVALID_CREDENTIALS',
      message: 'Fel e-postadress eller lösenord',
    });
    expect(wrong.body).toEqual(unknown.body);
    expect(unknown.headers['set-cookie']).toBeUndefined();
    expect(wrong.headers['set-cookie']).toBeUndefined();

    const failed = await auditActions(t, 'auth.login.failed');
    expect(failed.map((f) => f.details.email)).toEqual(
      expect.arrayContaining(['ingen@example.se', 'admin@example.se']),
    );
    // The attempted password never reaches the audit log.
    const all = JSON.stringify(await t.dataSource.query(`SELECT * FROM audit_log`));
    expect(all).not.toContain('fel-losenord-1');
    expect(all).not.toContain('vad-som-helst-1');
  });

  it('validates the login body', async () => {
    const res = await request(t.server).post('/api/auth/login').send({ email: 'a@b.se' }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('makes a client that keeps failing wait longer each time, with Retry-After, even for the right password', async () => {
    const user = await createUserAndLogin(t, 'editor', { email: 'utsatt@example.se' });
    const from = (ip: string, password: string) =>
      request(t.server)
        .post('/api/auth/login')
        .set('X-Forwarded-For', ip)
        .send({ email: 'UTSATT@example.se', password });
    for (let i = 0; i < 3; i++) await from('198.51.100.66', `gissning-${i}-xyz`).expect(401);

    // The client that failed three times (LOGIN_MAX_FAILURES) must now wait a second, right password or not.
    const throttled = await from('198.51.100.66', user.password).expect(429);
    expect(throttled.body.code).toBe('TOO_MANY_ATTEMPTS');
    expect(throttled.body.message).toMatch(/Vänta 1 sekund/);
    expect(throttled.headers['retry-after']).toBe('1');
    expect(throttled.headers['set-cookie']).toBeUndefined();

    // Each further failure doubles the wait: it slows guessing down and never locks anyone out.
    const waited = () =>
      t.dataSource.query(`UPDATE login_attempts SET at = at - interval '70 seconds' WHERE email = $1`, [
        'utsatt@example.se',
      ]);
    await waited();
    await from('198.51.100.66', 'gissning-3-xyz').expect(401);
    expect((await from('198.51.100.66', user.password).expect(429)).headers['retry-after']).toBe('2');
    await waited();
    await from('198.51.100.66', 'gissning-4-xyz').expect(401);
    expect((await from('198.51.100.66', user.password).expect(429)).headers['retry-after']).toBe('4');

    // Other accounts are not affected, and once the wait is over the right password works from there too.
    await loginAsAdmin(t);
    await waited();
    await from('198.51.100.66', user.password).expect(200);
  });

  it('never refuses the right password to a client that has not failed itself', async () => {
    // Someone keeps guessing the admin's password from several addresses (as anyone who knows it could)…
    await t.dataSource.query(
      `INSERT INTO login_attempts (email, ip, succeeded)
       SELECT 'admin@example.se', '203.0.113.' || (n % 5), false FROM generate_series(1, 40) n`,
    );
    for (const ip of ['203.0.113.1', '203.0.113.2']) {
      await request(t.server)
        .post('/api/auth/login')
        .set('X-Forwarded-For', ip)
        .send({ email: TEST_ADMIN.email, password: 'fel-fel-fel-1' })
        .expect(429);
    }
    // …the admin, from an address with no failures of its own, still gets in (slowed down, not refused).
    const res = await request(t.server)
      .post('/api/auth/login')
      .set('X-Forwarded-For', '192.0.2.10')
      .send({ email: TEST_ADMIN.email, password: TEST_ADMIN.password })
      .expect(200);
    expect(res.body.user.email).toBe(TEST_ADMIN.email);
    await t.dataSource.query(`DELETE FROM login_attempts`);
  });

  it('starts counting afresh after a successful login', async () => {
    const user = await createUserAndLogin(t, 'viewer', { email: 'glomsk@example.se' });
    const fail = () =>
      request(t.server)
        .post('/api/auth/login')
        .send({ email: 'glomsk@example.se', password: 'fel-fel-fel-1' });
    await fail().expect(401);
    await fail().expect(401);
    await loginAs(t.server, 'glomsk@example.se', user.password);
    await fail().expect(401);
    await fail().expect(401);
    await fail().expect(401); // 5 failures in the window, but only 3 since the last success
    await fail().expect(429);
  });

  it('slows down, but does not lock out, an address that tries many emails', async () => {
    // 12 failures from one address spread over many emails: a spray, or a whole office behind one NAT address.
    await t.dataSource.query(`DELETE FROM login_attempts`);
    for (let i = 0; i < 12; i++) {
      await request(t.server)
        .post('/api/auth/login')
        .send({ email: `spray-${i}@example.se`, password: 'gissning-123' })
        .expect(401);
    }
    // A colleague at the same address who has not failed gets in.
    await request(t.server)
      .post('/api/auth/login')
      .send({ email: TEST_ADMIN.email, password: TEST_ADMIN.password })
      .expect(200);
    await t.dataSource.query(`DELETE FROM login_attempts`);
  });

  it('takes the client address from X-Forwarded-For only from a trusted proxy (TRUST_PROXY)', async () => {
    await request(t.server)
      .post('/api/auth/login')
      .set('X-Forwarded-For', '192.0.2.77')
      .send({ email: 'ingen@example.se', password: 'vad-som-helst-2' })
      .expect(401);
    const [row] = await t.dataSource.query(
      `SELECT ip FROM login_attempts WHERE email = 'ingen@example.se' ORDER BY id DESC LIMIT 1`,
    );
    // The test client connects from loopback, which TRUST_PROXY's default trusts as a proxy.
    expect(row.ip).toBe('192.0.2.77');
  });

  it('makes the cookie useless after logout', async () => {
    const admin = await loginAsAdmin(t);
    await admin.get('/api/auth/me').expect(200);
    const out = await request(t.server).post('/api/auth/logout').set('Cookie', admin.cookie).expect(204);
    expect(([] as string[]).concat(out.headers['set-cookie'])[0]).toMatch(
      /^crm_session=;.*Expires=Thu, 01 Jan 1970/,
    );
    await request(t.server).get('/api/auth/me').set('Cookie', admin.cookie).expect(401);
    const revoked: { revoked_at: Date | null }[] = await t.dataSource.query(
      `SELECT revoked_at FROM sessions WHERE revoked_at IS NOT NULL`,
    );
    expect(revoked.length).toBeGreaterThanOrEqual(1);
    // Logging out again is harmless.
    await request(t.server).post('/api/auth/logout').set('Cookie', admin.cookie).expect(204);
    expect((await auditActions(t, 'auth.logout')).length).toBe(1);
  });

  it('refuses an expired session', async () => {
    const viewer = await createUserAndLogin(t, 'viewer');
    await viewer.get('/api/auth/me').expect(200);
    await t.dataSource.query(
      `UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [viewer.user.id],
    );
    await viewer.get('/api/auth/me').expect(401);
  });

  it('records successful logins in the audit log', async () => {
    const ok = await auditActions(t, 'auth.login.succeeded');
    expect(ok.length).toBeGreaterThanOrEqual(3);
    expect(ok.map((o) => o.actor_email)).toContain('admin@example.se');
  });
});
