import { PublicTokenService, TokenPurpose } from '@app/sending';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createTestApp, TestApp } from '../support/test-app';

/** DESIGN.md "Public links": GET shows a page and changes nothing; only POST opts out; tokens are single-purpose. */
describe('Unsubscribe links /u/:token', () => {
  let t: TestApp;
  let tokens: PublicTokenService;
  let contactId: string;

  const counts = async () => {
    const [row] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM suppressions) AS suppressions,
              (SELECT count(*)::int FROM audit_log WHERE action = 'contact.unsubscribed') AS audits`,
    );
    return row as { suppressions: number; audits: number };
  };

  beforeAll(async () => {
    t = await createTestApp({}, { withWorker: false });
    tokens = t.app.get(PublicTokenService);
    [{ id: contactId }] = await t.dataSource.query(
      `INSERT INTO contacts (first_name, last_name, email) VALUES ('Anna', '<b>Öberg</b>', 'anna.oberg@exempel.se') RETURNING id`,
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('GET and HEAD, 100 times, only show a page and change nothing', async () => {
    const token = tokens.sign(TokenPurpose.Unsubscribe, { scopeId: randomUUID(), contactId });
    for (let i = 0; i < 50; i++) {
      const res = await request(t.server).get(`/u/${token}`).expect(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('a***@exempel.se');
      expect(res.text).toContain('<form method="post">');
      await request(t.server).head(`/u/${token}`).expect(200);
    }
    expect(await counts()).toEqual({ suppressions: 0, audits: 0 });
  });

  it("a test send's link shows the page, and neither the button nor a one-click POST unsubscribes the person", async () => {
    // Staff sent themselves a test with Bertil's data: the link in it must not stop Bertil's mail.
    const [{ id: bertil }] = await t.dataSource.query(
      `INSERT INTO contacts (first_name, email) VALUES ('Bertil', 'bertil@exempel.se') RETURNING id`,
    );
    const token = tokens.sign(TokenPurpose.TestUnsubscribe, { scopeId: null, contactId: bertil });
    const page = await request(t.server).get(`/u/${token}`).expect(200);
    expect(page.text).toContain('b***@exempel.se');
    expect(page.text).toContain('provutskick');
    const button = await request(t.server).post(`/u/${token}`).expect(200);
    expect(button.text).toContain('Ingenting har ändrats');
    await request(t.server).post(`/u/${token}`).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect(await counts()).toEqual({ suppressions: 0, audits: 0 });
  });

  it('POST from the button opts out, answers 200 without a redirect, and can be repeated', async () => {
    const campaignId = randomUUID();
    const token = tokens.sign(TokenPurpose.Unsubscribe, { scopeId: campaignId, contactId });
    const first = await request(t.server).post(`/u/${token}`).expect(200);
    expect(first.headers.location).toBeUndefined();
    expect(first.text).toContain('Prenumerationen är avslutad');
    await request(t.server).post(`/u/${token}`).expect(200);
    expect(await counts()).toEqual({ suppressions: 1, audits: 1 });
    const [suppression] = await t.dataSource.query(`SELECT reason, source FROM suppressions`);
    expect(suppression).toEqual({ reason: 'unsubscribed', source: `mailing:${campaignId}` });
    const [audit] = await t.dataSource.query(
      `SELECT target_id, details FROM audit_log WHERE action = 'contact.unsubscribed'`,
    );
    expect(audit.target_id).toBe(contactId);
    expect(JSON.stringify(audit.details)).not.toContain('anna');
    // Now the page says it is done instead of offering the button again.
    const page = await request(t.server).get(`/u/${token}`).expect(200);
    expect(page.text).not.toContain('<form');
  });

  it("accepts a mail client's RFC 8058 one-click POST without cookies", async () => {
    const [{ id }] = await t.dataSource.query(
      `INSERT INTO contacts (first_name, email) VALUES ('Per', 'per@exempel.se') RETURNING id`,
    );
    const token = tokens.sign(TokenPurpose.Unsubscribe, { scopeId: null, contactId: id });
    await request(t.server).post(`/u/${token}`).type('form').send('List-Unsubscribe=One-Click').expect(200);
    const [audit] = await t.dataSource.query(
      `SELECT details FROM audit_log WHERE action = 'contact.unsubscribed' AND target_id = $1`,
      [id],
    );
    expect(audit.details.channel).toBe('one-click');
  });

  it('refuses forged, altered and wrong-purpose tokens with a Swedish page, changing nothing', async () => {
    const before = await counts();
    const good = tokens.sign(TokenPurpose.Unsubscribe, { scopeId: null, contactId: randomUUID() });
    const altered = good.slice(0, -2) + (good.endsWith('AA') ? 'BB' : 'AA');
    const rsvp = tokens.sign(TokenPurpose.Rsvp, { scopeId: null, contactId });
    for (const token of [altered, rsvp, 'x'.repeat(66), 'kort']) {
      const get = await request(t.server).get(`/u/${token}`).expect(404);
      expect(get.text).toContain('Länken fungerar inte');
      await request(t.server).post(`/u/${token}`).expect(404);
    }
    expect(await counts()).toEqual(before);
  });
});
