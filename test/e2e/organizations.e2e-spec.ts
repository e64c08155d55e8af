import { createUserAndLogin, LoggedIn } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';

describe('/api/organizations over HTTP', () => {
  let t: TestApp;
  let editor: LoggedIn;
  let viewer: LoggedIn;

  beforeAll(async () => {
    t = await createTestApp({}, { withWorker: false });
    editor = await createUserAndLogin(t, 'editor');
    viewer = await createUserAndLogin(t, 'viewer');
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates, lists with filters, renames and deletes; contacts stay without organisation', async () => {
    const org = await editor
      .post('/api/organizations')
      .send({
        kind: 'member',
        name: 'Sveriges Hembygdsförbund',
        shortName: 'SHF',
        regionId: 1,
        website: 'https://www.hembygd.se',
      })
      .expect(201);
    expect(org.body).toMatchObject({ kind: 'member', region: { id: 1, code: '01' }, contactCount: 0 });
    await editor.post('/api/organizations').send({ kind: 'partner', name: 'Studiefrämjandet' }).expect(201);

    const c = await editor
      .post('/api/contacts')
      .send({ firstName: 'Karin', email: 'karin@hembygd.se', organizationId: org.body.id })
      .expect(201);

    const members = await viewer.get('/api/organizations').query({ kind: 'member' }).expect(200);
    expect(members.body.items.map((o: { name: string }) => o.name)).toEqual(['Sveriges Hembygdsförbund']);
    expect(members.body.items[0].contactCount).toBe(1);
    const byQ = await viewer.get('/api/organizations').query({ q: 'framjandet' }).expect(200);
    expect(byQ.body.items.map((o: { name: string }) => o.name)).toEqual(['Studiefrämjandet']);
    const byRegion = await viewer.get('/api/organizations').query({ regionId: '1' }).expect(200);
    expect(byRegion.body.items).toHaveLength(1);

    await editor.patch(`/api/organizations/${org.body.id}`).send({ name: 'Hembygdsförbundet' }).expect(200);
    const found = await viewer.get('/api/contacts').query({ q: 'hembygdsforbundet' }).expect(200);
    expect(found.body.items.map((i: { id: string }) => i.id)).toEqual([c.body.id]);
    expect(found.body.items[0].organization.name).toBe('Hembygdsförbundet');

    await editor.delete(`/api/organizations/${org.body.id}`).expect(204);
    await viewer.get(`/api/organizations/${org.body.id}`).expect(404);
    const after = await viewer.get(`/api/contacts/${c.body.id}`).expect(200);
    expect(after.body.organization).toBeNull();
  });

  it('answers 409 for a name that folds to an existing one, and 400 for bad fields', async () => {
    await editor.post('/api/organizations').send({ kind: 'partner', name: 'Riksteatern' }).expect(201);
    const dup = await editor
      .post('/api/organizations')
      .send({ kind: 'other', name: 'RIKSTEATERN ' })
      .expect(409);
    expect(dup.body.code).toBe('CONFLICT');
    const kind = await editor.post('/api/organizations').send({ kind: 'enemy', name: 'X' }).expect(400);
    expect(kind.body.message).toContain('kind');
    const web = await editor
      .post('/api/organizations')
      .send({ kind: 'other', name: 'Y', website: 'inte en url' })
      .expect(400);
    expect(web.body.message).toContain('website');
    const region = await editor
      .post('/api/organizations')
      .send({ kind: 'other', name: 'Z', regionId: 99 })
      .expect(400);
    expect(region.body.message).toContain('regionId');
  });

  it('lets a viewer read but not write', async () => {
    await viewer.get('/api/organizations').expect(200);
    await viewer.post('/api/organizations').send({ kind: 'other', name: 'Nej' }).expect(403);
  });

  it("changes an organisation's kind and region, audited with from and to; the list filters by kind", async () => {
    const org = await editor
      .post('/api/organizations')
      .send({ kind: 'member', name: 'Region Dalarna' })
      .expect(201);
    const changed = await editor
      .patch(`/api/organizations/${org.body.id}`)
      .send({ kind: 'region' })
      .expect(200);
    // Made a region without saying which: the one its name names.
    expect(changed.body).toMatchObject({ kind: 'region', region: { code: '20', name: 'Region Dalarna' } });
    const audits = await t.dataSource.query(
      `SELECT action, actor_user_id, details FROM audit_log
        WHERE target_type = 'organization' AND target_id = $1 ORDER BY id`,
      [org.body.id],
    );
    expect(audits).toEqual([
      {
        action: 'organization.kind_changed',
        actor_user_id: editor.user.id,
        details: { name: 'Region Dalarna', from: 'member', to: 'region' },
      },
      {
        action: 'organization.region_changed',
        actor_user_id: editor.user.id,
        details: { name: 'Region Dalarna', from: null, to: changed.body.regionId },
      },
    ]);

    const regions = await viewer.get('/api/organizations').query({ kind: 'region' }).expect(200);
    expect(regions.body.items.map((o: { name: string }) => o.name)).toEqual(['Region Dalarna']);
    const members = await viewer.get('/api/organizations').query({ kind: 'member' }).expect(200);
    expect(members.body.items.map((o: { name: string }) => o.name)).not.toContain('Region Dalarna');

    // An edit that changes neither kind nor region is not logged as one.
    await editor
      .patch(`/api/organizations/${org.body.id}`)
      .send({ kind: 'region', notes: 'Värd 2026' })
      .expect(200);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE target_id = $1 AND action LIKE 'organization.%'`,
      [org.body.id],
    );
    expect(n).toBe(2);
  });

  it('refuses a bad kind or region with a Swedish 400, a viewer with 403, and an unknown id with 404', async () => {
    const org = await editor
      .post('/api/organizations')
      .send({ kind: 'partner', name: 'Skådebanan' })
      .expect(201);
    const kind = await editor.patch(`/api/organizations/${org.body.id}`).send({ kind: 'fiende' }).expect(400);
    expect(kind.body.message).toMatch(/^kind: måste vara en av: member, partner, region, other$/);
    const region = await editor.patch(`/api/organizations/${org.body.id}`).send({ regionId: 99 }).expect(400);
    expect(region.body.message).toMatch(/Okänd region i fältet regionId/);
    await viewer.patch(`/api/organizations/${org.body.id}`).send({ kind: 'member' }).expect(403);
    await editor
      .patch('/api/organizations/00000000-0000-4000-8000-000000000000')
      .send({ kind: 'member' })
      .expect(404);
    await editor.patch('/api/organizations/inte-ett-id').send({ kind: 'member' }).expect(400);
    const after = await viewer.get(`/api/organizations/${org.body.id}`).expect(200);
    expect(after.body).toMatchObject({ kind: 'partner', regionId: null });
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE target_id = $1`,
      [org.body.id],
    );
    expect(n).toBe(0);
  });
});
