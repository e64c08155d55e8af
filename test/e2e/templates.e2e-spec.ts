import { BUILT_IN_TEMPLATES, variablesFor } from '@app/mail';
import { PublicTokenService, TokenPurpose } from '@app/sending';
import { createUserAndLogin, LoggedIn, loginAsAdmin } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';

const mjml = (inner: string) =>
  `<mjml>\n<mj-body>\n<mj-section>\n<mj-column>\n${inner}\n</mj-column>\n</mj-section>\n</mj-body>\n</mjml>`;

describe('Templates over HTTP (/api/templates)', () => {
  let t: TestApp;
  let admin: LoggedIn;
  let viewer: LoggedIn;

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_BASE_URL: 'http://crm.example.se' }, { withWorker: false });
    admin = await loginAsAdmin(t);
    viewer = await createUserAndLogin(t, 'viewer');
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists the built-in templates, seeded at start', async () => {
    const res = await viewer.get('/api/templates').expect(200);
    const builtIns = (res.body as { builtInKey: string | null; currentVersionNumber: number }[]).filter(
      (x) => x.builtInKey,
    );
    expect(builtIns.map((b) => b.builtInKey).sort()).toEqual(BUILT_IN_TEMPLATES.map((b) => b.key).sort());
    expect(builtIns.every((b) => b.currentVersionNumber === 1)).toBe(true);
  });

  it('lists the variables with descriptions for the editor', async () => {
    const res = await viewer.get('/api/templates/variables').expect(200);
    expect(res.body.variables).toEqual(
      Object.entries(variablesFor('newsletter')).map(([name, description]) => ({ name, description })),
    );
    expect(res.body.variables).toContainEqual({ name: 'firstName', description: 'Mottagarens förnamn' });
    expect(res.body.helpers[0].name).toBe('default');
  });

  it('creates, edits into a new version, reads versions, renames, archives', async () => {
    const created = await admin
      .post('/api/templates')
      .send({ name: 'Vårbrev', sv: { subject: 'Hej {{firstName}}', mjml: mjml('<mj-text>Ett</mj-text>') } })
      .expect(201);
    const id = created.body.id as string;
    const v1 = created.body.currentVersion.id as string;
    expect(created.body.currentVersion.version).toBe(1);

    const edited = await admin
      .patch(`/api/templates/${id}`)
      .send({ sv: { subject: 'Hej {{firstName}}', mjml: mjml('<mj-text>Två</mj-text>') } })
      .expect(200);
    expect(edited.body.currentVersion.version).toBe(2);
    expect(edited.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const old = await viewer.get(`/api/templates/${id}/versions/${v1}`).expect(200);
    expect(old.body.sv.mjml).toContain('Ett');

    const renamed = await admin.patch(`/api/templates/${id}`).send({ name: 'Vårbrev 2027' }).expect(200);
    expect(renamed.body).toMatchObject({ name: 'Vårbrev 2027', currentVersionNumber: 2 });

    await admin
      .post('/api/templates')
      .send({ name: 'Vårbrev 2027', sv: { subject: 'x', mjml: mjml('<mj-text>x</mj-text>') } })
      .expect(409);

    await admin.delete(`/api/templates/${id}`).expect(200);
    const list = await admin.get('/api/templates').expect(200);
    expect(list.body.map((x: { id: string }) => x.id)).not.toContain(id);
    const withArchived = await admin.get('/api/templates?includeArchived=true').expect(200);
    expect(withArchived.body.find((x: { id: string }) => x.id === id).archived).toBe(true);
  });

  it('answers 400 with line numbers for MJML errors and unknown variables, and writes nothing', async () => {
    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM template_versions`);
    const res = await admin
      .post('/api/templates')
      .send({
        name: 'Trasig',
        sv: { subject: 'Hej', mjml: mjml('<mj-text>{{fornamn}}</mj-text>\n<mj-bogus>x</mj-bogus>') },
      })
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.problems).toEqual(
      expect.arrayContaining([
        { part: 'body', language: 'sv', line: 5, message: 'Okänd variabel "fornamn"' },
        expect.objectContaining({ part: 'body', language: 'sv', line: 6 }),
      ]),
    );
    const after = await t.dataSource.query(`SELECT count(*)::int AS n FROM template_versions`);
    expect(after).toEqual(before);
    expect(await t.dataSource.query(`SELECT 1 FROM templates WHERE name = 'Trasig'`)).toEqual([]);
  });

  it('checks a template against the variables of its purpose: an RSVP link is fine in an invitation, not in a newsletter', async () => {
    const invitation = await viewer.get('/api/templates/variables?purpose=invitation').expect(200);
    expect(invitation.body.purpose).toBe('invitation');
    const names = (invitation.body.variables as { name: string }[]).map((v) => v.name);
    expect(names).toEqual(expect.arrayContaining(['firstName', 'unsubscribeUrl', 'meeting.city', 'rsvpUrl']));
    const newsletter = await viewer.get('/api/templates/variables').expect(200);
    expect((newsletter.body.variables as { name: string }[]).map((v) => v.name)).not.toContain('rsvpUrl');
    const party = await viewer.get('/api/templates/variables?purpose=party').expect(400);
    expect(party.body.message).toMatch(/^purpose: måste vara ett av: newsletter, /);

    const body = mjml('<mj-text>Välkommen till {{meeting.city}}: <a href="{{rsvpUrl}}">svara</a></mj-text>');
    const created = await admin
      .post('/api/templates')
      .send({
        name: 'Inbjudan Falun',
        purpose: 'invitation',
        sv: { subject: 'Till {{meeting.title}}', mjml: body },
      })
      .expect(201);
    expect(created.body.purpose).toBe('invitation');
    const refused = await admin
      .post('/api/templates')
      .send({ name: 'Nyhetsbrev med svar', sv: { subject: 'Hej', mjml: body } })
      .expect(400);
    expect(refused.body.details.problems.map((p: { message: string }) => p.message)).toEqual([
      'Okänd variabel "meeting.city"',
      'Okänd variabel "rsvpUrl"',
    ]);
    // A campaign sends newsletters: a template for another purpose is refused, naming the field.
    const campaign = await admin
      .post('/api/campaigns')
      .send({
        name: 'Fel mall',
        audience: {
          type: 'contacts',
          contactIds: [
            (await t.dataSource.query(`INSERT INTO contacts (first_name) VALUES ('X') RETURNING id`))[0].id,
          ],
        },
        templateId: created.body.id,
        fromName: 'Kansliet',
        fromAddress: 'kansli@forbundet.se',
      })
      .expect(400);
    expect(campaign.body.message).toMatch(/^templateId: /);
  });

  it.each([
    ['triple braces in the body', mjml('<mj-text>Hej {{{firstName}}}</mj-text>'), /Tre klammerparenteser/],
    [
      'an ampersand (unescaped) in the body',
      mjml('<mj-text>Hej {{& firstName}}</mj-text>'),
      /Tre klammerparenteser/,
    ],
    [
      'a path outside the context',
      mjml('<mj-text>{{@root.constructor}}</mj-text>'),
      /Okänd datavariabel "@root/,
    ],
  ])('refuses %s (400), and writes nothing', async (_what, body, message) => {
    const res = await admin
      .post('/api/templates')
      .send({ name: 'Osäker', sv: { subject: 'Hej', mjml: body } })
      .expect(400);
    expect(res.body.message).toMatch(message);
    expect(await t.dataSource.query(`SELECT 1 FROM templates WHERE name = 'Osäker'`)).toEqual([]);
  });

  it('refuses writes to viewers (403) and lets them read', async () => {
    await viewer
      .post('/api/templates')
      .send({ name: 'Nej', sv: { subject: 'x', mjml: mjml('<mj-text>x</mj-text>') } })
      .expect(403);
    const [{ id }] = await t.dataSource.query(`SELECT id FROM templates LIMIT 1`);
    await viewer.patch(`/api/templates/${id}`).send({ name: 'Nej' }).expect(403);
    await viewer.delete(`/api/templates/${id}`).expect(403);
    await viewer.get(`/api/templates/${id}`).expect(200);
  });

  it('previews for a contact with its data escaped, the chosen language and working links', async () => {
    const [org] = await t.dataSource.query(
      `INSERT INTO organizations (kind, name, name_key) VALUES ('member', 'Folk & Kultur', 'folk & kultur') RETURNING id`,
    );
    const [contact] = await t.dataSource.query(
      `INSERT INTO contacts (first_name, last_name, email, organization_id, region_id, language)
       VALUES ('<script>alert(1)</script>', 'Öberg', 'script@example.se', $1,
               (SELECT id FROM regions WHERE code = '20'), 'en') RETURNING id`,
      [org.id],
    );
    const created = await admin
      .post('/api/templates')
      .send({
        name: 'Förhandsvisning',
        sv: {
          subject: 'Till {{firstName}}',
          mjml: mjml(
            '<mj-text>Hej {{firstName}} {{lastName}} på {{organization.name}} i {{region.name}}</mj-text>\n<mj-text><a href="{{unsubscribeUrl}}">Avsluta</a></mj-text>',
          ),
        },
        en: { subject: 'To {{firstName}}', mjml: mjml('<mj-text>Hello {{firstName}}</mj-text>') },
      })
      .expect(201);
    const id = created.body.id as string;

    const sv = await viewer
      .post(`/api/templates/${id}/preview`)
      .send({ contactId: contact.id, language: 'sv' })
      .expect(200);
    expect(sv.body.language).toBe('sv');
    expect(sv.body.subject).toBe('Till <script>alert(1)</script>');
    expect(sv.body.html).toContain(
      'Hej &lt;script&gt;alert(1)&lt;/script&gt; Öberg på Folk &amp; Kultur i Region Dalarna',
    );
    expect(sv.body.html).not.toContain('<script>');
    expect(sv.body.text).toContain('Hej <script>alert(1)</script> Öberg på Folk & Kultur i Region Dalarna');
    const link = /http:\/\/crm\.example\.se\/u\/([A-Za-z0-9_-]+)/.exec(sv.body.text);
    expect(link).not.toBeNull();
    // A preview's links show their page and change nothing (a test send's purpose, no mailing).
    expect(t.app.get(PublicTokenService).verify(link![1], TokenPurpose.TestUnsubscribe)).toEqual({
      scopeId: null,
      contactId: contact.id,
    });

    // Without a language: the contact's (English).
    const en = await viewer.post(`/api/templates/${id}/preview`).send({ contactId: contact.id }).expect(200);
    expect(en.body).toMatchObject({ language: 'en', subject: 'To <script>alert(1)</script>' });

    // An older version on request.
    const v1 = created.body.currentVersion.id as string;
    await admin
      .patch(`/api/templates/${id}`)
      .send({ sv: { subject: 'Ny {{firstName}}', mjml: mjml('<mj-text>Ny</mj-text>') } })
      .expect(200);
    const old = await viewer
      .post(`/api/templates/${id}/preview`)
      .send({ contactId: contact.id, versionId: v1, language: 'sv' })
      .expect(200);
    expect(old.body.subject).toBe('Till <script>alert(1)</script>');

    await viewer
      .post(`/api/templates/${id}/preview`)
      .send({ contactId: '00000000-0000-4000-8000-000000000000' })
      .expect(404);
    await viewer.post(`/api/templates/${id}/preview`).send({ contactId: 'nej' }).expect(400);
  });

  it('starts a template created without content from the information letter', async () => {
    const created = await admin
      .post('/api/templates')
      .send({ name: 'Tom start', purpose: 'invitation' })
      .expect(201);
    expect(created.body.purpose).toBe('invitation');
    expect(created.body.currentVersion.sv.subject).toBe('Nytt från förbundet');
    expect(created.body.currentVersion.sv.mjml).toContain('{{default firstName "du"}}');
    expect(created.body.currentVersion.en).toBeNull();
    expect(created.body.languages).toEqual(['sv']);
  });

  it('refuses text that is no MJML at all with 400 and a problem (not a crash)', async () => {
    const res = await admin
      .post('/api/templates')
      .send({ name: 'Ingen MJML', sv: { subject: 'Hej', mjml: 'Bara text' } })
      .expect(400);
    expect(res.body.details.problems).toEqual([
      {
        part: 'body',
        language: 'sv',
        line: null,
        message: expect.stringMatching(/^MJML-koden kunde inte läsas/),
      },
    ]);
  });

  it('previews a saved version with sample data when no contact is given', async () => {
    const created = await admin
      .post('/api/templates')
      .send({
        name: 'Exempeldata',
        sv: {
          subject: 'Till {{firstName}}',
          mjml: mjml('<mj-text>Hej {{firstName}} på {{organization.name}}</mj-text>'),
        },
        en: { subject: 'To {{firstName}}', mjml: mjml('<mj-text>Hello {{firstName}}</mj-text>') },
      })
      .expect(201);
    expect(created.body.languages).toEqual(['sv', 'en']);
    const listed = await viewer.get('/api/templates').expect(200);
    expect(listed.body.find((x: { id: string }) => x.id === created.body.id).languages).toEqual(['sv', 'en']);
    const sv = await viewer.post(`/api/templates/${created.body.id}/preview`).send({}).expect(200);
    expect(sv.body).toMatchObject({ language: 'sv', subject: 'Till Anna' });
    expect(sv.body.html).toContain('Hej Anna på Exempelförbundet');
    const en = await viewer
      .post(`/api/templates/${created.body.id}/preview`)
      .send({ language: 'en' })
      .expect(200);
    expect(en.body).toMatchObject({ language: 'en', subject: 'To Anna' });
  });

  describe('draft preview (POST /api/templates/draft-preview)', () => {
    const versionCount = async () =>
      (await t.dataSource.query(`SELECT count(*)::int AS n FROM template_versions`))[0].n as number;

    it('renders unsaved text with sample data in the language asked, and stores nothing', async () => {
      const before = await versionCount();
      const sv = await admin
        .post('/api/templates/draft-preview')
        .send({
          purpose: 'invitation',
          language: 'sv',
          subject: 'Till {{meeting.title}}',
          mjml: mjml('<mj-text>Hej {{firstName}}, välkommen till {{meeting.city}}</mj-text>'),
        })
        .expect(200);
      expect(sv.body.problems).toEqual([]);
      expect(sv.body.message).toMatchObject({ language: 'sv', subject: 'Till [Mötets namn]' });
      expect(sv.body.message.html).toContain('Hej Anna, välkommen till [Orten]');
      expect(sv.body.message.html).toContain('<title>Till [Mötets namn]</title>');
      const en = await admin
        .post('/api/templates/draft-preview')
        .send({
          purpose: 'newsletter',
          language: 'en',
          subject: 'Hi',
          mjml: mjml('<mj-text>Hello {{firstName}}</mj-text>'),
        })
        .expect(200);
      expect(en.body.message).toMatchObject({ language: 'en', subject: 'Hi' });
      expect(await versionCount()).toBe(before);
    });

    it('answers 200 with the problems by line, in Swedish, when the text has errors', async () => {
      const res = await admin
        .post('/api/templates/draft-preview')
        .send({
          purpose: 'newsletter',
          language: 'en',
          subject: 'Hej {{fornamn}}',
          mjml: mjml('<mj-text>Hej</mj-text>\n<mj-textt>fel</mj-textt>\n<mj-text>{{rsvpUrl}}</mj-text>'),
        })
        .expect(200);
      expect(res.body.message).toBeNull();
      expect(res.body.problems).toEqual([
        { part: 'subject', language: 'en', line: 1, message: 'Okänd variabel "fornamn"' },
        { part: 'body', language: 'en', line: 7, message: 'Okänd variabel "rsvpUrl"' },
        { part: 'body', language: 'en', line: 6, message: 'Elementet <mj-textt> finns inte i MJML' },
      ]);
    });

    it.each([
      ['no purpose', { language: 'sv', subject: 'x', mjml: mjml('x') }, /^purpose: /],
      [
        'an unknown purpose',
        { purpose: 'fest', language: 'sv', subject: 'x', mjml: mjml('x') },
        /^purpose: måste vara ett av: newsletter, /,
      ],
      [
        'an unknown language',
        { purpose: 'newsletter', language: 'de', subject: 'x', mjml: mjml('x') },
        /^language: måste vara sv eller en$/,
      ],
      [
        'empty MJML',
        { purpose: 'newsletter', language: 'sv', subject: 'x', mjml: '' },
        /^mjml: får inte vara tomt/,
      ],
      [
        'MJML over 500 000 characters',
        { purpose: 'newsletter', language: 'sv', subject: 'x', mjml: mjml('x'.repeat(500_001)) },
        /^mjml: högst 500000 tecken/,
      ],
      [
        'a subject over two lines',
        { purpose: 'newsletter', language: 'sv', subject: 'a\nb', mjml: mjml('x') },
        /^subject: /,
      ],
    ])('refuses %s with a Swedish 400', async (_what, body, message) => {
      const res = await admin.post('/api/templates/draft-preview').send(body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.message).toMatch(message);
    });

    it('refuses a body over the request size limit with a Swedish 413', async () => {
      const res = await admin
        .post('/api/templates/draft-preview')
        .send({ purpose: 'newsletter', language: 'sv', subject: 'x', mjml: 'x'.repeat(6 * 1024 * 1024) })
        .expect(413);
      expect(res.body.message).toMatch(/för stor/);
    });

    it('is for editors: a viewer gets 403', async () => {
      await viewer
        .post('/api/templates/draft-preview')
        .send({ purpose: 'newsletter', language: 'sv', subject: 'x', mjml: mjml('<mj-text>x</mj-text>') })
        .expect(403);
    });
  });

  describe('test send (POST /api/templates/{id}/test)', () => {
    let id: string;
    beforeAll(async () => {
      const created = await admin
        .post('/api/templates')
        .send({
          name: 'Provbrev',
          sv: {
            subject: 'Hej {{firstName}}',
            mjml: mjml('<mj-text>Svensk text till {{firstName}}</mj-text>'),
          },
          en: {
            subject: 'Hi {{firstName}}',
            mjml: mjml('<mj-text>English text for {{firstName}}</mj-text>'),
          },
        })
        .expect(201);
      id = created.body.id as string;
    });

    it('sends the saved version through the engine to the outbox (no SMTP here), audited', async () => {
      const editor = await createUserAndLogin(t, 'editor');
      const res = await editor
        .post(`/api/templates/${id}/test`)
        .send({ email: 'Granskare@Forbundet.se', language: 'en' })
        .expect(200);
      expect(res.body).toMatchObject({
        subject: '[TEST] Hi Anna',
        to: 'granskare@forbundet.se',
        transport: 'outbox',
      });
      const outbox = await editor.get('/api/outbox').expect(200);
      const listed = (
        outbox.body.items as { id: string; to: string; subject: string; messageId: string }[]
      ).find((m) => m.messageId === res.body.messageId);
      expect(listed).toMatchObject({ to: 'granskare@forbundet.se', subject: '[TEST] Hi Anna' });
      const message = await editor.get(`/api/outbox/${listed!.id}`).expect(200);
      expect(message.body.text).toContain('English text for Anna');
      expect(message.body.mailingId).toBeNull();
      const [audit] = await t.dataSource.query(
        `SELECT actor_user_id, target_id, details FROM audit_log WHERE action = 'template.test_sent' ORDER BY id DESC LIMIT 1`,
      );
      expect(audit).toMatchObject({
        actor_user_id: editor.user.id,
        target_id: id,
        details: expect.objectContaining({
          to: 'granskare@forbundet.se',
          language: 'en',
          transport: 'outbox',
        }),
      });
    });

    it('refuses a bad address (Swedish 400), an unknown template (404) and viewers (403)', async () => {
      const bad = await admin.post(`/api/templates/${id}/test`).send({ email: 'inte en adress' }).expect(400);
      expect(bad.body.message).toBe('email: "inte en adress" är ingen giltig e-postadress');
      const noEmail = await admin.post(`/api/templates/${id}/test`).send({}).expect(400);
      expect(noEmail.body.message).toMatch(/^email: /);
      await admin
        .post('/api/templates/00000000-0000-4000-8000-000000000000/test')
        .send({ email: 'a@example.se' })
        .expect(404);
      await viewer.post(`/api/templates/${id}/test`).send({ email: 'a@example.se' }).expect(403);
    });
  });
});
