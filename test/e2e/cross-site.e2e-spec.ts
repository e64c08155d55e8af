import { PublicTokenService, TokenPurpose } from '@app/sending';
import request from 'supertest';
import { LoggedIn, loginAsAdmin } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';

const OWN = 'https://crm.example.se';
const EVIL = 'https://evil.example';

/** Issue 8 item 1: staff endpoints refuse cross-site writes and anything but JSON; the public pages keep working. */
describe('Cross-site requests to staff endpoints', () => {
  let t: TestApp;
  let admin: LoggedIn;
  let campaignId: string;

  const count = async (sql: string): Promise<number> => (await t.dataSource.query(sql))[0].n;

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_BASE_URL: OWN }, { withWorker: false });
    admin = await loginAsAdmin(t);
    const [{ id: templateId }] = await t.dataSource.query(
      `SELECT id FROM templates WHERE built_in_key = 'inbjudan'`,
    );
    const [{ id: listId }] = await t.dataSource.query(
      `INSERT INTO contact_lists (name) VALUES ('Mottagare') RETURNING id`,
    );
    // PUBLIC_BASE_URL is https, so the cookie is Secure: supertest's agent would not send it over http.
    const created = await request(t.server)
      .post('/api/campaigns')
      .set('Cookie', admin.cookie)
      .send({
        name: 'Höstmöte',
        audience: { type: 'list', listId },
        templateId,
        fromName: 'Kansliet',
        fromAddress: 'kansli@example.se',
      })
      .expect(201);
    campaignId = created.body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a form post from another site that would create an admin (403), and a form post without Origin (415)', async () => {
    const before = await count(`SELECT count(*)::int AS n FROM users`);
    const form = 'email=angripare%40evil.example&name=x&role=admin&password=langt-losenord-1';
    const foreign = await request(t.server)
      .post('/api/users')
      .set('Cookie', admin.cookie)
      .set('Origin', EVIL)
      .type('form')
      .send(form)
      .expect(403);
    expect(foreign.body.code).toBe('CROSS_SITE_REQUEST');
    expect(foreign.body.message).toMatch(/annan webbplats.*nekas/);

    const noOrigin = await request(t.server)
      .post('/api/users')
      .set('Cookie', admin.cookie)
      .type('form')
      .send(form)
      .expect(415);
    expect(noOrigin.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(noOrigin.body.message).toMatch(/tas inte emot här: skicka application\/json/);
    expect(await count(`SELECT count(*)::int AS n FROM users`)).toBe(before);
  });

  it('refuses a text/plain post that would start a campaign (415), and any write from another site (403)', async () => {
    const textPlain = await request(t.server)
      .post(`/api/campaigns/${campaignId}/start`)
      .set('Cookie', admin.cookie)
      .set('Content-Type', 'text/plain')
      .send('{}')
      .expect(415);
    expect(textPlain.body.message).toMatch(/"text\/plain" tas inte emot/);
    await request(t.server)
      .post(`/api/campaigns/${campaignId}/start`)
      .set('Cookie', admin.cookie)
      .set('Origin', EVIL)
      .expect(403);
    const [{ status }] = await t.dataSource.query(`SELECT status FROM campaigns WHERE id = $1`, [campaignId]);
    expect(status).toBe('draft');
  });

  it('refuses a multipart import from another site', async () => {
    const res = await request(t.server)
      .post('/api/imports/contacts')
      .set('Cookie', admin.cookie)
      .set('Origin', EVIL)
      .attach('file', Buffer.from('E-post;Förnamn\nx@example.se;X\n'), 'k.csv')
      .expect(403);
    expect(res.body.code).toBe('CROSS_SITE_REQUEST');
    expect(await count(`SELECT count(*)::int AS n FROM imports`)).toBe(0);
  });

  it('refuses Sec-Fetch-Site cross-site, and same-site from a sibling origin', async () => {
    await request(t.server)
      .post('/api/lists')
      .set('Cookie', admin.cookie)
      .set('Sec-Fetch-Site', 'cross-site')
      .send({ name: 'Utifrån' })
      .expect(403);
    await request(t.server)
      .post('/api/lists')
      .set('Cookie', admin.cookie)
      .set('Origin', 'https://blogg.example.se')
      .set('Sec-Fetch-Site', 'same-site')
      .send({ name: 'Grannen' })
      .expect(403);
    await request(t.server)
      .delete(`/api/lists/00000000-0000-4000-8000-000000000000`)
      .set('Cookie', admin.cookie)
      .set('Origin', 'null')
      .expect(403);
    expect(
      await count(`SELECT count(*)::int AS n FROM contact_lists WHERE name IN ('Utifrån', 'Grannen')`),
    ).toBe(0);
  });

  it('accepts JSON from its own origin, multipart only on the upload, and bodiless writes', async () => {
    const list = await request(t.server)
      .post('/api/lists')
      .set('Cookie', admin.cookie)
      .set('Origin', OWN)
      .set('Sec-Fetch-Site', 'same-origin')
      .send({ name: 'Egen' })
      .expect(201);
    await request(t.server)
      .post('/api/imports/contacts')
      .set('Cookie', admin.cookie)
      .set('Origin', OWN)
      .attach('file', Buffer.from('E-post;Förnamn\nx@example.se;X\n'), 'k.csv')
      .expect(202);
    const multipartElsewhere = await request(t.server)
      .post('/api/lists')
      .set('Cookie', admin.cookie)
      .attach('file', Buffer.from('x'), 'x.csv')
      .expect(415);
    expect(multipartElsewhere.body.message).toMatch(/skicka application\/json/);
    await request(t.server)
      .post('/api/imports/contacts')
      .set('Cookie', admin.cookie)
      .send({ file: 'x' })
      .expect(415);
    await request(t.server).delete(`/api/lists/${list.body.id}`).set('Cookie', admin.cookie).expect(204);
    await request(t.server).post('/api/auth/logout').set('Origin', OWN).expect(204);
  });

  it("keeps the public unsubscribe working: RFC 8058 one-click without Origin, and the page's own form", async () => {
    const tokens = t.app.get(PublicTokenService);
    const [{ id: contactId }] = await t.dataSource.query(
      `INSERT INTO contacts (first_name, email) VALUES ('Per', 'per@exempel.se') RETURNING id`,
    );
    const oneClick = tokens.sign(TokenPurpose.Unsubscribe, { scopeId: null, contactId });
    await request(t.server)
      .post(`/u/${oneClick}`)
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    const [{ id: other }] = await t.dataSource.query(
      `INSERT INTO contacts (first_name, email) VALUES ('Eva', 'eva@exempel.se') RETURNING id`,
    );
    const page = tokens.sign(TokenPurpose.Unsubscribe, { scopeId: null, contactId: other });
    // What a browser sends for the page's button: its own origin, an empty form body.
    await request(t.server)
      .post(`/u/${page}`)
      .set('Origin', OWN)
      .set('Sec-Fetch-Site', 'same-origin')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send('')
      .expect(200);
    expect(await count(`SELECT count(*)::int AS n FROM suppressions`)).toBe(2);
  });
});
