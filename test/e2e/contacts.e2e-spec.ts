import { emailHash } from '@app/crm';
import request from 'supertest';
import { createUserAndLogin, loginAsAdmin, LoggedIn } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';

describe('/api/contacts and /api/regions over HTTP', () => {
  let t: TestApp;
  let editor: LoggedIn;
  let viewer: LoggedIn;
  let admin: LoggedIn;

  beforeAll(async () => {
    t = await createTestApp({}, { withWorker: false });
    admin = await loginAsAdmin(t);
    editor = await createUserAndLogin(t, 'editor');
    viewer = await createUserAndLogin(t, 'viewer');
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists the 21 regions ordered by code, with former names', async () => {
    const res = await viewer.get('/api/regions').expect(200);
    expect(res.body.items).toHaveLength(21);
    expect(res.body.items.map((r: { code: string }) => r.code)).toEqual(
      [...res.body.items.map((r: { code: string }) => r.code)].sort(),
    );
    expect(res.body.items.find((r: { code: string }) => r.code === '04')).toMatchObject({
      letter: 'D',
      name: 'Region Sörmland',
      formerNames: ['Landstinget Sörmland'],
      seat: 'Nyköping',
      inKultursamverkansmodellen: true,
    });
  });

  it('requires a session', async () => {
    await request(t.server).get('/api/contacts').expect(401);
  });

  describe('CRUD and validation', () => {
    let orgId: string;
    let contactId: string;

    beforeAll(async () => {
      orgId = (
        await editor
          .post('/api/organizations')
          .send({ kind: 'member', name: 'Sveriges Körförbund' })
          .expect(201)
      ).body.id;
    });

    it('creates a contact with normalised email and phone and answers with organisation and region', async () => {
      const res = await editor
        .post('/api/contacts')
        .send({
          firstName: 'Örjan',
          lastName: 'Öberg',
          email: ' Orjan.Oberg@Example.SE',
          phone: '070-426 45 31',
          organizationId: orgId,
          regionId: 3,
          roles: ['kulturchef'],
          tags: ['styrelse', ' styrelse '],
          customFields: { medlemsnummer: '17' },
          legalBasis: 'berättigat intresse',
          source: 'manuell',
        })
        .expect(201);
      contactId = res.body.id;
      expect(res.body).toMatchObject({
        email: 'orjan.oberg@example.se',
        phone: '+46704264531',
        phoneDisplay: '070-426 45 31',
        organization: { id: orgId, name: 'Sveriges Körförbund', kind: 'member' },
        region: { id: 3 },
        tags: ['styrelse'],
      });
    });

    it('answers 409 naming the address for a duplicate email', async () => {
      const res = await editor
        .post('/api/contacts')
        .send({ firstName: 'X', email: 'ORJAN.oberg@example.se' })
        .expect(409);
      expect(res.body.code).toBe('CONFLICT');
      expect(res.body.message).toContain('orjan.oberg@example.se');
    });

    it('answers 400 naming the field for an invalid phone, email, role, unknown field or bad id', async () => {
      const phone = await editor.post('/api/contacts').send({ firstName: 'X', phone: '12' }).expect(400);
      expect(phone.body.message).toContain('phone');
      const email = await editor
        .post('/api/contacts')
        .send({ firstName: 'X', email: 'inte en adress' })
        .expect(400);
      expect(email.body.message).toContain('email');
      const role = await editor
        .post('/api/contacts')
        .send({ firstName: 'X', roles: ['chef'] })
        .expect(400);
      expect(role.body.message).toContain('roles');
      const unknown = await editor.post('/api/contacts').send({ firstName: 'X', password: 'x' }).expect(400);
      expect(unknown.body.message).toContain('password');
      await editor.get('/api/contacts/inte-ett-id').expect(400);
      await editor.get('/api/contacts/00000000-0000-4000-8000-000000000000').expect(404);
    });

    it('patches fields, clears with null, and finds the contact by search without åäö', async () => {
      const res = await editor
        .patch(`/api/contacts/${contactId}`)
        .send({ title: 'Kulturchef', phone: null, language: 'en' })
        .expect(200);
      expect(res.body).toMatchObject({ title: 'Kulturchef', phone: null, language: 'en', lastName: 'Öberg' });
      const found = await viewer.get('/api/contacts').query({ q: 'oberg', count: 'true' }).expect(200);
      expect(found.body.items.map((i: { id: string }) => i.id)).toEqual([contactId]);
      expect(found.body.total).toBe(1);
      const byOrg = await viewer
        .get('/api/contacts')
        .query({ q: 'korforbund', organizationKind: 'member', regionId: '3' });
      expect(byOrg.body.items.map((i: { id: string }) => i.id)).toEqual([contactId]);
      const none = await viewer.get('/api/contacts').query({ q: 'oberg', language: 'sv' }).expect(200);
      expect(none.body.items).toEqual([]);
      // Query strings are text: numbers and booleans are converted before validation.
      const notElected = await viewer
        .get('/api/contacts')
        .query({ q: 'oberg', regionId: '3', elected: 'false' });
      expect(notElected.body.items.map((i: { id: string }) => i.id)).toEqual([contactId]);
      const elected = await viewer.get('/api/contacts').query({ q: 'oberg', elected: 'true' }).expect(200);
      expect(elected.body.items).toEqual([]);
    });

    it('refuses bad list parameters', async () => {
      await viewer.get('/api/contacts').query({ sort: 'password' }).expect(400);
      await viewer.get('/api/contacts').query({ limit: '100000' }).expect(400);
      await viewer.get('/api/contacts').query({ cursor: 'skräp' }).expect(400);
      await viewer.get('/api/contacts').query({ unknown: '1' }).expect(400);
      await viewer.get('/api/contacts').query({ regionId: 'tre' }).expect(400);
      await viewer.get('/api/contacts').query({ elected: 'kanske' }).expect(400);
      await editor.get('/api/exports/contacts').query({ regionId: 'tre' }).expect(400);
    });

    it('pages with nextCursor', async () => {
      for (let i = 0; i < 5; i++) {
        await editor
          .post('/api/contacts')
          .send({ firstName: `Sida${i}`, lastName: 'Andersson' })
          .expect(201);
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await viewer
          .get('/api/contacts')
          .query({ q: 'andersson', limit: 2, ...(cursor ? { cursor } : {}) })
          .expect(200);
        seen.push(...res.body.items.map((i: { firstName: string }) => i.firstName));
        cursor = res.body.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(['Sida0', 'Sida1', 'Sida2', 'Sida3', 'Sida4']);
    });

    it('lets a viewer read but not write, erase or export', async () => {
      await viewer.get(`/api/contacts/${contactId}`).expect(200);
      await viewer.post('/api/contacts').send({ firstName: 'Nej' }).expect(403);
      await viewer.patch(`/api/contacts/${contactId}`).send({ title: 'Nej' }).expect(403);
      await viewer.delete(`/api/contacts/${contactId}`).expect(403);
      await viewer.delete(`/api/contacts/${contactId}`).query({ erase: 'true' }).expect(403);
      await viewer.get(`/api/contacts/${contactId}/export`).expect(403);
    });

    it('deletes plainly without suppressing the address', async () => {
      const c = await editor
        .post('/api/contacts')
        .send({ firstName: 'Dubblett', email: 'dubblett@example.se' })
        .expect(201);
      await editor.delete(`/api/contacts/${c.body.id}`).expect(200);
      await editor.get(`/api/contacts/${c.body.id}`).expect(404);
      const rows = await t.dataSource.query('SELECT 1 FROM suppressions WHERE email_hash = $1', [
        emailHash('dubblett@example.se'),
      ]);
      expect(rows).toHaveLength(0);
    });
  });

  describe('GDPR', () => {
    it('exports everything held about a person, audited', async () => {
      const org = await editor
        .post('/api/organizations')
        .send({ kind: 'partner', name: 'Riksteatern' })
        .expect(201);
      const c = await editor
        .post('/api/contacts')
        .send({
          firstName: 'Eva',
          lastName: 'Export',
          email: 'eva.export@example.se',
          organizationId: org.body.id,
          regionId: 9,
        })
        .expect(201);
      const list = await editor.post('/api/lists').send({ name: 'GDPR-listan' }).expect(201);
      await editor
        .post(`/api/lists/${list.body.id}/members`)
        .send({ contactIds: [c.body.id] })
        .expect(200);
      const res = await editor.get(`/api/contacts/${c.body.id}/export`).expect(200);
      expect(res.body.contact).toMatchObject({ id: c.body.id, email: 'eva.export@example.se' });
      expect(res.body.organization).toMatchObject({ name: 'Riksteatern', kind: 'partner' });
      expect(res.body.region).toMatchObject({ id: 9 });
      expect(res.body.lists).toEqual([expect.objectContaining({ id: list.body.id, name: 'GDPR-listan' })]);
      expect(res.body.suppression).toEqual({ suppressed: false, reason: null, since: null });
      const audit = await t.dataSource.query(
        `SELECT actor_email FROM audit_log WHERE action = 'contact.exported' AND target_id = $1`,
        [c.body.id],
      );
      expect(audit).toEqual([{ actor_email: editor.user.email }]);
    });

    it('erases: contact and memberships gone, hashed suppression kept, audit entry without the address', async () => {
      const c = await editor
        .post('/api/contacts')
        .send({ firstName: 'Greta', lastName: 'Glömd', email: 'Greta.Glomd@Example.se' })
        .expect(201);
      const list = await editor.post('/api/lists').send({ name: 'Raderas' }).expect(201);
      await editor
        .post(`/api/lists/${list.body.id}/members`)
        .send({ contactIds: [c.body.id] })
        .expect(200);

      const res = await admin.delete(`/api/contacts/${c.body.id}`).query({ erase: 'true' }).expect(200);
      expect(res.body).toEqual({ deleted: true, erased: true, suppressed: true });

      await admin.get(`/api/contacts/${c.body.id}`).expect(404);
      expect((await admin.get(`/api/lists/${list.body.id}`).expect(200)).body.memberCount).toBe(0);
      const suppressions = await t.dataSource.query('SELECT reason FROM suppressions WHERE email_hash = $1', [
        emailHash('greta.glomd@example.se'),
      ]);
      expect(suppressions).toEqual([{ reason: 'erased' }]);
      const audit = await t.dataSource.query(
        `SELECT row_to_json(a)::text AS entry FROM audit_log a WHERE action = 'contact.erased' AND target_id = $1`,
        [c.body.id],
      );
      expect(audit).toHaveLength(1);
      expect(audit[0].entry).not.toMatch(/greta|glomd|glömd/i);
      // Nothing else in the database still holds the address in clear.
      const leftovers = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM contacts WHERE email = 'greta.glomd@example.se'`,
      );
      expect(leftovers[0].n).toBe(0);
      await admin.delete(`/api/contacts/${c.body.id}`).query({ erase: 'true' }).expect(404);
    });
  });
});
