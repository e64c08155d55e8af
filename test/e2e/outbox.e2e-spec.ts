import { MailTransport, OutgoingMessage, stableMessageId, unsubscribeHeaders } from '@app/mail';
import request from 'supertest';
import { createUserAndLogin, loginAsAdmin, LoggedIn } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';

const CSP =
  "default-src 'none'; img-src data: https:; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'; " +
  "frame-ancestors 'self'";

describe('GET /api/outbox (the built-in outbox)', () => {
  let t: TestApp;
  let admin: LoggedIn;
  let campaignId: string;

  const message = (n: number, overrides: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
    from: { name: 'Förbundets kansli', address: 'kansli@example.se' },
    to: `person${n}@exempel.se`,
    subject: `Inbjudan nr ${n}`,
    html: `<p>Hej nummer ${n}!</p>`,
    text: `Hej nummer ${n}! Avsluta: https://crm.example.se/u/tok${n}`,
    messageId: stableMessageId('c-e2e', `p${n}`, 'crm.example.se'),
    headers: unsubscribeHeaders(`https://crm.example.se/u/tok${n}`),
    purpose: 'newsletter',
    ...overrides,
  });

  beforeAll(async () => {
    t = await createTestApp({}, { withWorker: false });
    admin = await loginAsAdmin(t);
    const [{ id: templateId }] = await t.dataSource.query(
      `INSERT INTO templates (name) VALUES ('Utkorgstest') RETURNING id`,
    );
    const [{ id: versionId }] = await t.dataSource.query(
      `INSERT INTO template_versions (template_id, version, subject_sv, mjml_sv)
       VALUES ($1, 1, 'Inbjudan', '<mjml></mjml>') RETURNING id`,
      [templateId],
    );
    // A campaign's mailing (it carries the campaign's id).
    [{ id: campaignId }] = await t.dataSource.query(
      `INSERT INTO mailings (purpose, scope_type, scope_id, title, template_version_id, from_name, from_address)
       VALUES ('newsletter', 'campaign', gen_random_uuid(), 'Dialogmöten', $1, 'Kansliet', 'kansli@example.se')
       RETURNING id`,
      [versionId],
    );
    // Through the application's own transport: with no MAIL_TRANSPORT set it is the outbox.
    const transport = t.app.get(MailTransport);
    expect(transport.name).toBe('outbox');
    for (let n = 1; n <= 5; n++) {
      await transport.send(message(n, n % 2 === 1 ? { mailingId: campaignId } : {}));
    }
    await transport.send(
      message(6, {
        subject: 'Elak',
        html: '<p>Hej</p><script>document.title="pwned"</script><img src="https://bilder.example.se/a.png">',
      }),
    );
  });

  afterAll(async () => {
    await t?.close();
  });

  it('needs a session', async () => {
    await request(t.server).get('/api/outbox').expect(401);
    const [{ id }] = await t.dataSource.query(`SELECT id FROM outbox_messages LIMIT 1`);
    await request(t.server).get(`/api/outbox/${id}`).expect(401);
    await request(t.server).get(`/api/outbox/${id}/html`).expect(401);
  });

  it('lists newest first, page by page with a cursor, without overlap or gaps', async () => {
    const first = await admin.get('/api/outbox?limit=4').expect(200);
    expect(first.body.items.map((i: { subject: string }) => i.subject)).toEqual([
      'Elak',
      'Inbjudan nr 5',
      'Inbjudan nr 4',
      'Inbjudan nr 3',
    ]);
    expect(first.body.items[1]).toEqual({
      id: expect.stringMatching(/^\d+$/),
      createdAt: expect.any(String),
      to: 'person5@exempel.se',
      subject: 'Inbjudan nr 5',
      messageId: 'c-e2e.p5@crm.example.se',
    });
    expect(first.body.nextCursor).toBe(first.body.items[3].id);

    const second = await admin.get(`/api/outbox?limit=4&cursor=${first.body.nextCursor}`).expect(200);
    expect(second.body.items.map((i: { to: string }) => i.to)).toEqual([
      'person2@exempel.se',
      'person1@exempel.se',
    ]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('filters by campaign', async () => {
    const res = await admin.get(`/api/outbox?campaignId=${campaignId}`).expect(200);
    expect(res.body.items.map((i: { to: string }) => i.to)).toEqual([
      'person5@exempel.se',
      'person3@exempel.se',
      'person1@exempel.se',
    ]);
  });

  it('rejects a bad cursor, limit or campaignId with 400', async () => {
    await admin.get('/api/outbox?cursor=abc').expect(400);
    await admin.get('/api/outbox?limit=0').expect(400);
    await admin.get('/api/outbox?limit=1000').expect(400);
    await admin.get('/api/outbox?campaignId=inte-ett-uuid').expect(400);
  });

  it('shows one message with its headers and text, to any staff role; a viewer without the personal links', async () => {
    const viewer = await createUserAndLogin(t, 'viewer');
    const editor = await createUserAndLogin(t, 'editor');
    const list = await viewer.get('/api/outbox').expect(200);
    const third = list.body.items.find((i: { to: string }) => i.to === 'person3@exempel.se');
    const full = await editor.get(`/api/outbox/${third.id}`).expect(200);
    expect(full.body).toMatchObject({
      id: third.id,
      to: 'person3@exempel.se',
      from: '"Förbundets kansli" <kansli@example.se>',
      subject: 'Inbjudan nr 3',
      campaignId,
      text: 'Hej nummer 3! Avsluta: https://crm.example.se/u/tok3',
      htmlUrl: `/api/outbox/${third.id}/html`,
      headers: {
        'Message-ID': '<c-e2e.p3@crm.example.se>',
        'List-Unsubscribe': '<https://crm.example.se/u/tok3>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    });
    // Whoever holds the link can unsubscribe the person: read-only staff see the message without its token.
    const res = await viewer.get(`/api/outbox/${third.id}`).expect(200);
    expect(JSON.stringify(res.body)).not.toContain('tok3');
    expect(res.body).toMatchObject({
      text: 'Hej nummer 3! Avsluta: https://crm.example.se/u/dold-for-lasbehorighet',
      headers: { 'List-Unsubscribe': '<https://crm.example.se/u/dold-for-lasbehorighet>' },
    });
  });

  it('hides the personal links in the HTML from viewers', async () => {
    const transport = t.app.get(MailTransport);
    await transport.send(
      message(7, { html: '<a href="https://crm.example.se/v/vytoken7">Läs i webbläsaren</a>' }),
    );
    const [{ id }] = await t.dataSource.query(`SELECT id FROM outbox_messages ORDER BY id DESC LIMIT 1`);
    const viewer = await createUserAndLogin(t, 'viewer');
    const hidden = await viewer.get(`/api/outbox/${id}/html`).expect(200);
    expect(hidden.text).toBe(
      '<a href="https://crm.example.se/v/dold-for-lasbehorighet">Läs i webbläsaren</a>',
    );
    const shown = await admin.get(`/api/outbox/${id}/html`).expect(200);
    expect(shown.text).toContain('/v/vytoken7');
    await t.dataSource.query(`DELETE FROM outbox_messages WHERE id = $1`, [id]);
  });

  it('serves the stored HTML under a CSP that blocks scripts, with nosniff', async () => {
    const list = await admin.get('/api/outbox?limit=1').expect(200);
    const res = await admin.get(`/api/outbox/${list.body.items[0].id}/html`).expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(CSP);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.text).toBe(
      '<p>Hej</p><script>document.title="pwned"</script><img src="https://bilder.example.se/a.png">',
    );
  });

  it('answers 404 for a message that does not exist, and for an id that is not a number', async () => {
    const missing = await admin.get('/api/outbox/999999').expect(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    await admin.get('/api/outbox/999999/html').expect(404);
    await admin.get('/api/outbox/abc').expect(404);
  });
});
