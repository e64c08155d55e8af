import { PublicTokenService, TokenPurpose } from '@app/sending';
import request from 'supertest';
import { captureStdout, CapturedLog } from '../support/capture-log';
import { LoggedIn, loginAsAdmin } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';

/** Issue 8 item 8: no public-link token, query string or driver parameter (an Argon2 hash) in the log. */
describe('What the request log says', () => {
  let t: TestApp;
  let admin: LoggedIn;
  let log: CapturedLog;

  beforeAll(async () => {
    log = captureStdout();
    t = await createTestApp({ LOG_LEVEL: 'info' }, { withWorker: false });
    admin = await loginAsAdmin(t);
  });
  afterAll(async () => {
    log.stop();
    await t.close();
  });

  it('logs public-link paths with the token replaced, and no query strings', async () => {
    const [{ id: contactId }] = await t.dataSource.query(
      `INSERT INTO contacts (first_name, email) VALUES ('Anna', 'anna@exempel.se') RETURNING id`,
    );
    const token = t.app.get(PublicTokenService).sign(TokenPurpose.Unsubscribe, { scopeId: null, contactId });
    await request(t.server).get(`/u/${token}?utm_source=hemligkampanj`).expect(200);
    await request(t.server).post(`/u/${token}`).type('form').send('List-Unsubscribe=One-Click').expect(200);
    await request(t.server).get('/v/forfalskad-token-123').expect(404);
    await admin.get('/api/contacts?q=hemlig.person%40example.se').expect(200);

    const text = await log.waitFor((s) => (s.match(/request completed|request errored/g) ?? []).length >= 5);
    expect(text).not.toContain(token);
    expect(text).not.toContain('forfalskad-token-123');
    expect(text).not.toContain('hemligkampanj');
    expect(text).not.toContain('hemlig.person');
    expect(text).toContain('"url":"/u/[dolt]"');
    expect(text).toContain('"url":"/v/[dolt]"');
    expect(text).toContain('"url":"/api/contacts"');
  });

  it("logs an unexpected database error without the statement's parameters", async () => {
    // A rule the API knows nothing about makes the insert fail as an unforeseen database error would.
    await t.dataSource.query(`ALTER TABLE users ADD CONSTRAINT test_no_bom CHECK (name <> 'Bom')`);
    try {
      const res = await admin
        .post('/api/users')
        .send({ email: 'bom@example.se', name: 'Bom', role: 'admin', password: 'ett-langt-losenord-77' })
        .expect(500);
      const text = await log.waitFor((s) => s.includes(res.body.errorId));
      expect(text).toContain('test_no_bom');
      expect(text).not.toMatch(/\$argon2id\$/);
      expect(text).not.toContain('ett-langt-losenord-77');
      expect(text).not.toContain('bom@example.se');
      expect(text).not.toContain('"parameters"');
    } finally {
      await t.dataSource.query(`ALTER TABLE users DROP CONSTRAINT test_no_bom`);
    }
  });
});
