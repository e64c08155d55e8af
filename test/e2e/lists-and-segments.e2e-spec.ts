import { createUserAndLogin, LoggedIn } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';

describe('/api/lists and /api/segments over HTTP', () => {
  let t: TestApp;
  let editor: LoggedIn;
  let viewer: LoggedIn;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({}, { withWorker: false });
    editor = await createUserAndLogin(t, 'editor');
    viewer = await createUserAndLogin(t, 'viewer');
    const people = [
      { firstName: 'Anna', lastName: 'Ek', roles: ['kulturchef'], regionId: 4 },
      { firstName: 'Bo', lastName: 'Åström', roles: ['kulturchef'], regionId: 5 },
      { firstName: 'Cecilia', lastName: 'Lind', roles: ['ledamot'], regionId: 4, elected: true },
    ];
    for (const p of people) ids.push((await editor.post('/api/contacts').send(p).expect(201)).body.id);
  });
  afterAll(async () => {
    await t.close();
  });

  it('manages a static list: add (ignoring duplicates), count, page members, remove', async () => {
    const list = await editor
      .post('/api/lists')
      .send({ name: 'Kulturchefer', description: 'Värdfrågan' })
      .expect(201);
    expect(list.body.memberCount).toBe(0);
    await editor.post('/api/lists').send({ name: 'Kulturchefer' }).expect(409);

    const added = await editor
      .post(`/api/lists/${list.body.id}/members`)
      .send({ contactIds: [ids[0], ids[1]] })
      .expect(200);
    expect(added.body).toEqual({ added: 2, memberCount: 2 });
    const again = await editor
      .post(`/api/lists/${list.body.id}/members`)
      .send({ contactIds: [ids[1], ids[1], ids[2]] })
      .expect(200);
    expect(again.body).toEqual({ added: 1, memberCount: 3 });

    const unknown = '00000000-0000-4000-8000-000000000001';
    const bad = await editor
      .post(`/api/lists/${list.body.id}/members`)
      .send({ contactIds: [ids[0], unknown] })
      .expect(400);
    expect(bad.body.message).toContain(unknown);
    await editor
      .post(`/api/lists/${list.body.id}/members`)
      .send({ contactIds: ['x'] })
      .expect(400);

    const page1 = await viewer
      .get(`/api/lists/${list.body.id}/members`)
      .query({ limit: 2, count: 'true' })
      .expect(200);
    expect(page1.body.total).toBe(3);
    const page2 = await viewer
      .get(`/api/lists/${list.body.id}/members`)
      .query({ limit: 2, cursor: page1.body.nextCursor })
      .expect(200);
    expect(page2.body.nextCursor).toBeNull();
    expect([...page1.body.items, ...page2.body.items].map((i: { id: string }) => i.id).sort()).toEqual(
      [...ids].sort(),
    );

    const removed = await editor
      .delete(`/api/lists/${list.body.id}/members`)
      .send({ contactIds: [ids[0]] })
      .expect(200);
    expect(removed.body).toEqual({ removed: 1, memberCount: 2 });
    const listed = await viewer.get('/api/lists').expect(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ name: 'Kulturchefer', memberCount: 2 })]);
    const byListFilter = await viewer.get('/api/contacts').query({ listId: list.body.id }).expect(200);
    expect(byListFilter.body.items).toHaveLength(2);

    await viewer
      .post(`/api/lists/${list.body.id}/members`)
      .send({ contactIds: [ids[0]] })
      .expect(403);
    await editor.delete(`/api/lists/${list.body.id}`).expect(204);
    await viewer.get(`/api/contacts/${ids[1]}`).expect(200);
  });

  it('saves a segment, counts and previews it, and previews an unsaved filter', async () => {
    const seg = await editor
      .post('/api/segments')
      .send({ name: 'Kulturchefer i Sörmland', filter: { role: 'kulturchef', regionId: 4 } })
      .expect(201);
    expect(seg.body.filter).toEqual({ role: 'kulturchef', regionId: 4 });
    const got = await viewer.get(`/api/segments/${seg.body.id}`).expect(200);
    expect(got.body.count).toBe(1);
    const preview = await viewer.get(`/api/segments/${seg.body.id}/preview`).query({ limit: 5 }).expect(200);
    expect(preview.body.count).toBe(1);
    expect(preview.body.items.map((i: { id: string }) => i.id)).toEqual([ids[0]]);

    await editor
      .patch(`/api/segments/${seg.body.id}`)
      .send({ filter: { role: 'kulturchef' } })
      .expect(200);
    expect((await viewer.get(`/api/segments/${seg.body.id}`).expect(200)).body.count).toBe(2);

    const unsaved = await viewer
      .post('/api/segments/preview')
      .send({ filter: { q: 'astrom' }, limit: 10 })
      .expect(200);
    expect(unsaved.body).toMatchObject({ count: 1, items: [expect.objectContaining({ id: ids[1] })] });
    const elected = await viewer
      .post('/api/segments/preview')
      .send({ filter: { elected: true } })
      .expect(200);
    expect(elected.body.count).toBe(1);
  });

  it('refuses unknown or invalid filter fields and duplicate names', async () => {
    const unknown = await editor
      .post('/api/segments')
      .send({ name: 'A', filter: { everyone: true } })
      .expect(400);
    expect(unknown.body.message).toContain('everyone');
    const role = await editor
      .post('/api/segments')
      .send({ name: 'B', filter: { role: 'chef' } })
      .expect(400);
    expect(role.body.message).toContain('role');
    await editor.post('/api/segments').send({ name: 'C' }).expect(400);
    await editor
      .post('/api/segments')
      .send({ name: 'D', filter: { regionId: '4' } })
      .expect(400);
    await editor.post('/api/segments').send({ name: 'E', filter: {} }).expect(201);
    await editor.post('/api/segments').send({ name: 'E', filter: {} }).expect(409);
    await viewer.post('/api/segments').send({ name: 'F', filter: {} }).expect(403);
  });
});
