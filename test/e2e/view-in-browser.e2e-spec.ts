import { PublicTokenService, TokenPurpose } from '@app/sending';
import request from 'supertest';
import { createUserAndLogin } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';

/** The "read in the browser" link of a sent campaign, end to end through the outbox transport. */
describe('View in browser /v/:token', () => {
  let t: TestApp;
  let campaignId: string;
  const contacts: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_BASE_URL: 'http://crm.example.se', SEND_RATE_PER_MINUTE: '0' });
    const editor = await createUserAndLogin(t, 'editor');
    const [{ id: templateId }] = await t.dataSource.query(
      `SELECT id FROM templates WHERE built_in_key = 'inbjudan'`,
    );
    for (const [key, first, email] of [
      ['anna', '<i>Anna</i>', 'anna@exempel.se'],
      ['bo', 'Bo', 'bo@exempel.se'],
    ]) {
      const [{ id }] = await t.dataSource.query(
        `INSERT INTO contacts (first_name, last_name, email) VALUES ($1, 'Öberg', $2) RETURNING id`,
        [first, email],
      );
      contacts[key] = id;
    }
    const created = await editor
      .post('/api/campaigns')
      .send({
        name: 'Inbjudan',
        audience: { type: 'contacts', contactIds: [contacts.anna] },
        templateId,
        fromName: 'Kansliet',
        fromAddress: 'kansli@forbundet.se',
      })
      .expect(201);
    campaignId = created.body.id;
    await editor.post(`/api/campaigns/${campaignId}/start`).expect(200);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [{ status }] = await t.dataSource.query(`SELECT status FROM campaigns WHERE id = $1`, [
        campaignId,
      ]);
      if (status === 'sent') break;
      if (Date.now() > deadline) throw new Error(`campaign still ${status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows the mailed letter, escaped, from the link in the message, with a strict CSP', async () => {
    const [stored] = await t.dataSource.query(
      `SELECT html, text FROM outbox_messages WHERE mailing_id = $1`,
      [campaignId],
    );
    const link = /http:\/\/crm\.example\.se(\/v\/[A-Za-z0-9_-]+)/.exec(stored.text)?.[1];
    expect(link).toBeDefined();
    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log`);
    const page = await request(t.server).get(link!).expect(200);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(page.text).toContain('&lt;i&gt;Anna&lt;/i&gt;');
    expect(page.text).not.toContain('<i>Anna</i>');
    expect(page.text).toBe(stored.html);
    // Reading changes nothing.
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log`)).toEqual(before);
  });

  it('refuses a contact the campaign did not go to, an unsubscribe token, and garbage', async () => {
    const tokens = t.app.get(PublicTokenService);
    const notRecipient = tokens.sign(TokenPurpose.ViewInBrowser, {
      scopeId: campaignId,
      contactId: contacts.bo,
    });
    const wrongPurpose = tokens.sign(TokenPurpose.Unsubscribe, {
      scopeId: campaignId,
      contactId: contacts.anna,
    });
    for (const token of [notRecipient, wrongPurpose, 'nonsens']) {
      const res = await request(t.server).get(`/v/${token}`).expect(404);
      expect(res.text).toContain('Länken fungerar inte');
    }
  });
});
