import { emailHash } from '@app/crm';
import request from 'supertest';
import { createUserAndLogin, LoggedIn } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * What the staff web app's campaign pages need beyond the campaign itself: the dry run of an audience before a
 * campaign is saved (the wizard's first step), and each campaign's progress in the list.
 */
describe('Campaigns for the web app: unsaved audience dry run, progress in the list', () => {
  let t: TestApp;
  let editor: LoggedIn;
  let viewer: LoggedIn;
  let templateId: string;
  let listId: string;
  let segmentId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_BASE_URL: 'http://crm.example.se' }, { withWorker: false });
    editor = await createUserAndLogin(t, 'editor');
    viewer = await createUserAndLogin(t, 'viewer');
    [{ id: templateId }] = await t.dataSource.query(
      `SELECT id FROM templates WHERE built_in_key = 'inbjudan'`,
    );
    [{ id: listId }] = await t.dataSource.query(
      `INSERT INTO contact_lists (name) VALUES ('Guiden') RETURNING id`,
    );
    const people: [string, string | null][] = [
      ['Anna', 'anna@exempel.se'],
      ['Utan', null],
      ['Avanmäld', 'avanmald@exempel.se'],
      ['Bertil', 'bertil@exempel.se'],
    ];
    for (const [name, email] of people) {
      const [row] = await t.dataSource.query(
        `INSERT INTO contacts (first_name, last_name, email, region_id)
         VALUES ($1, 'Guide', $2, (SELECT id FROM regions WHERE code = '20')) RETURNING id`,
        [name, email],
      );
      ids[name] = row.id;
      await t.dataSource.query(`INSERT INTO contact_list_members (list_id, contact_id) VALUES ($1, $2)`, [
        listId,
        row.id,
      ]);
    }
    await t.dataSource.query(`INSERT INTO suppressions (email_hash, reason) VALUES ($1, 'unsubscribed')`, [
      emailHash('avanmald@exempel.se'),
    ]);
    const segment = await editor
      .post('/api/segments')
      .send({ name: 'Guidens lista', filter: { listId } })
      .expect(201);
    segmentId = segment.body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  /** A valid value of a required field. */
  const body = (field: string): unknown =>
    ({
      audience: { type: 'list', listId },
      name: 'Med namn',
      fromAddress: 'kansli@forbundet.se',
    })[field];

  describe('POST /api/campaigns/audience-preview', () => {
    it('tells who is in, who is out and why, for a list before any campaign exists', async () => {
      const res = await editor
        .post('/api/campaigns/audience-preview')
        .send({ audience: { type: 'list', listId }, limit: 1 })
        .expect(200);
      expect(res.body.included.count).toBe(2);
      expect(res.body.included.contacts).toHaveLength(1);
      const reasons = Object.fromEntries(
        (res.body.excluded as { contactId: string; reason: string }[]).map((x) => [x.contactId, x.reason]),
      );
      expect(reasons).toEqual({
        [ids.Utan]: 'no_email',
        [ids['Avanmäld']]: 'unsubscribed',
      });
      expect(res.body.excludedCounts).toEqual({
        no_email: 1,
        unsubscribed: 1,
        bounced: 0,
        complained: 0,
        suppressed: 0,
        duplicate_email: 0,
      });
      // Nothing was saved.
      expect(await t.dataSource.query(`SELECT 1 FROM campaigns`)).toEqual([]);
    });

    it('answers the same for a segment, and viewers may read it', async () => {
      const res = await viewer
        .post('/api/campaigns/audience-preview')
        .send({ audience: { type: 'segment', segmentId } })
        .expect(200);
      expect(res.body.included.count).toBe(2);
      expect(res.body.included.contacts.map((c: { name: string }) => c.name).sort()).toEqual([
        'Anna Guide',
        'Bertil Guide',
      ]);
    });

    it.each([
      [
        'an unknown list',
        { audience: { type: 'list', listId: '00000000-0000-4000-8000-000000000000' } },
        /^audience: /,
      ],
      ['no audience', {}, /audience/],
      ['an audience type that does not exist', { audience: { type: 'alla' } }, /type/],
      ['a list id that is not one', { audience: { type: 'list', listId: 'guiden' } }, /listId/],
      ['no contacts', { audience: { type: 'contacts', contactIds: [] } }, /contactIds/],
      ['a limit too large', { audience: { type: 'list', listId }, limit: 5000 }, /limit/],
    ])('answers 400 in Swedish for %s', async (_what, body, message) => {
      const res = await editor.post('/api/campaigns/audience-preview').send(body).expect(400);
      expect(res.body.message).toMatch(message);
      // Swedish, not class-validator's English.
      expect(res.body.message).not.toMatch(/must be|should not/);
    });

    it.each([
      ['an audience', 'audience'],
      ['a name', 'name'],
      ['a sender', 'fromAddress'],
    ])('a campaign without %s is refused in Swedish too (400, not a server error)', async (_what, field) => {
      const full: Record<string, unknown> = {
        name: 'Ingen',
        audience: { type: 'list', listId },
        templateId,
        fromName: 'Kansliet',
        fromAddress: 'kansli@forbundet.se',
      };
      delete full[field];
      const res = await editor.post('/api/campaigns').send(full).expect(400);
      expect(res.body.message).toMatch(new RegExp(field));
      // A change may leave any field out.
      const { body: c } = await editor
        .post('/api/campaigns')
        .send({ ...full, [field]: body(field) })
        .expect(201);
      await editor
        .patch(`/api/campaigns/${c.id}`)
        .send({ name: `Ändrad ${field}` })
        .expect(200);
      await editor.delete(`/api/campaigns/${c.id}`).expect(204);
    });

    it('needs a session', async () => {
      await request(t.server)
        .post('/api/campaigns/audience-preview')
        .send({ audience: { type: 'list', listId } })
        .expect(401);
    });
  });

  describe('GET /api/campaigns with progress', () => {
    it('gives every campaign its progress: zero before the start, the ledger after; viewers may not start one', async () => {
      const base = {
        audience: { type: 'list', listId },
        templateId,
        fromName: 'Förbundets kansli',
        fromAddress: 'kansli@forbundet.se',
      };
      const draft = await editor
        .post('/api/campaigns')
        .send({ ...base, name: 'Utkastet' })
        .expect(201);
      const started = await editor
        .post('/api/campaigns')
        .send({ ...base, name: 'Startat' })
        .expect(201);
      await viewer.post(`/api/campaigns/${started.body.id}/start`).expect(403);
      await editor.post(`/api/campaigns/${started.body.id}/start`).expect(200);

      const res = await viewer.get('/api/campaigns').expect(200);
      const byName = Object.fromEntries(
        (res.body.items as { name: string; id: string; progress: unknown }[]).map((c) => [c.name, c]),
      );
      expect(byName['Utkastet']).toMatchObject({
        id: draft.body.id,
        progress: { status: 'draft', total: 0, counts: { pending: 0, sent: 0, suppressed: 0 } },
      });
      // Two addresses to send to, the unsubscribed one in the ledger as suppressed (no address: not in it at all).
      expect(byName['Startat']).toMatchObject({
        id: started.body.id,
        status: 'sending',
        progress: { status: 'sending', total: 3, counts: { pending: 2, suppressed: 1, sent: 0 } },
      });
      // The list's counts are the detail's.
      const detail = await viewer.get(`/api/campaigns/${started.body.id}`).expect(200);
      expect(byName['Startat'].progress).toEqual(detail.body.progress);
    });
  });
});
