import request from 'supertest';
import { createTestApp, TestApp } from '../support/test-app';
import { createUserAndLogin, LoggedIn, loginAs, loginAsAdmin } from '../support/login';

describe('User administration, roles and the audit API', () => {
  let t: TestApp;
  let admin: LoggedIn;
  beforeAll(async () => {
    t = await createTestApp({}, { withWorker: false });
    admin = await loginAsAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lets only admins near /api/users: viewer and editor get 403', async () => {
    const viewer = await createUserAndLogin(t, 'viewer');
    const editor = await createUserAndLogin(t, 'editor');
    const body = { email: 'ny@example.se', name: 'Ny', role: 'admin', password: 'langt-losenord-1' };
    const v = await viewer.post('/api/users').send(body).expect(403);
    expect(v.body.code).toBe('FORBIDDEN');
    expect(v.body.message).toMatch(/roll/);
    await editor.post('/api/users').send(body).expect(403);
    await editor.get('/api/users').expect(403);
    await viewer.get('/api/users').expect(403);
    await editor.patch(`/api/users/${editor.user.id}`).send({ role: 'admin' }).expect(403);
    await viewer.get('/api/audit').expect(403);
    // Nobody was created by the refused requests.
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM users WHERE email = 'ny@example.se'`,
    );
    expect(n).toBe(0);
    // Any role may read its own session.
    await viewer.get('/api/auth/me').expect(200);
  });

  it('creates a user with a normalised email, never returns the hash, and refuses duplicates', async () => {
    const res = await admin
      .post('/api/users')
      .send({
        email: ' Karin.Berg@Example.SE ',
        name: 'Karin Berg',
        role: 'editor',
        password: 'hemligt-losen-1',
      })
      .expect(201);
    expect(res.body).toMatchObject({
      email: 'karin.berg@example.se',
      name: 'Karin Berg',
      role: 'editor',
      active: true,
    });
    expect(JSON.stringify(res.body)).not.toMatch(/password|argon/i);

    const [row] = await t.dataSource.query(`SELECT password_hash FROM users WHERE id = $1`, [res.body.id]);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);

    const dup = await admin
      .post('/api/users')
      .send({ email: 'KARIN.BERG@example.se', name: 'Dubblett', role: 'viewer', password: 'hemligt-losen-2' })
      .expect(409);
    expect(dup.body.code).toBe('CONFLICT');

    const list = await admin.get('/api/users').expect(200);
    expect(list.body.items.map((u: { email: string }) => u.email)).toEqual(
      expect.arrayContaining(['admin@example.se', 'karin.berg@example.se']),
    );
    expect(JSON.stringify(list.body)).not.toMatch(/password|argon/i);

    await loginAs(t.server, 'karin.berg@example.se', 'hemligt-losen-1');
  });

  it('validates the new user: short password, bad role, bad email, unknown fields', async () => {
    const ok = { email: 'x@example.se', name: 'X', role: 'viewer', password: 'tillrackligt-1' };
    const short = await admin
      .post('/api/users')
      .send({ ...ok, password: 'kort' })
      .expect(400);
    expect(short.body.message).toMatch(/minst 10 tecken/);
    await admin
      .post('/api/users')
      .send({ ...ok, role: 'superuser' })
      .expect(400);
    const badEmail = await admin
      .post('/api/users')
      .send({ ...ok, email: 'inte en adress' })
      .expect(400);
    expect(badEmail.body.message).toMatch(/e-postadress/);
    await admin
      .post('/api/users')
      .send({ ...ok, passwordHash: 'x' })
      .expect(400);
    await admin.patch('/api/users/inte-ett-id').send({ name: 'x' }).expect(400);
  });

  it('says every validation problem in Swedish, naming the field', async () => {
    const ok = { email: 'sv@example.se', name: 'Svensk', role: 'viewer', password: 'tillrackligt-1' };
    const long = await admin
      .post('/api/users')
      .send({ ...ok, name: 'x'.repeat(201) })
      .expect(400);
    expect(long.body.message).toBe('name: högst 200 tecken');
    const notText = await admin
      .post('/api/users')
      .send({ ...ok, name: 42 })
      .expect(400);
    expect(notText.body.message).toContain('name: måste vara text');
    const unknown = await admin
      .post('/api/users')
      .send({ ...ok, passwordHash: 'x' })
      .expect(400);
    expect(unknown.body.message).toBe('passwordHash: fältet finns inte och tas inte emot');
    const badActive = await admin.patch(`/api/users/${admin.user.id}`).send({ active: 'ja' }).expect(400);
    expect(badActive.body.message).toBe('active: måste vara true eller false');
    for (const body of [long.body, notText.body, unknown.body, badActive.body]) {
      expect(body.message).not.toMatch(/must|should|property/);
      expect(body.code).toBe('VALIDATION_FAILED');
    }
  });

  it.each([
    ['aaaaaaaaaa', /upprepade tecken/],
    ['1234567890', /vanligt lösenord|teckenföljder/],
    ['          ', /mellanslag/],
    ['svag.person@example.se', /namn eller e-postadress/],
  ])('refuses the weak password %j, saying why in Swedish', async (password, reason) => {
    const res = await admin
      .post('/api/users')
      .send({ email: 'svag.person@example.se', name: 'Svag Person', role: 'viewer', password })
      .expect(400);
    expect(res.body.message).toMatch(/^password: Lösenordet /);
    expect(res.body.message).toMatch(reason);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM users WHERE email = 'svag.person@example.se'`,
    );
    expect(n).toBe(0);
  });

  it('refuses a weak new password on change', async () => {
    const user = await createUserAndLogin(t, 'viewer', { email: 'byter.losen@example.se' });
    const res = await admin
      .patch(`/api/users/${user.user.id}`)
      .send({ password: 'byter.losen@example.se' })
      .expect(400);
    expect(res.body.message).toMatch(/för lätt att gissa/);
    await loginAs(t.server, 'byter.losen@example.se', user.password);
  });

  it('refuses line breaks and control characters in names', async () => {
    const ok = { email: 'crlf@example.se', role: 'viewer', password: 'tillrackligt-1' };
    const crlf = await admin
      .post('/api/users')
      .send({ ...ok, name: 'Anna\r\nBcc: alla@example.se' })
      .expect(400);
    expect(crlf.body.message).toBe('name: får inte innehålla radbrytningar (U+000D)');
    await admin
      .post('/api/users')
      .send({ ...ok, name: 'Anna\u0000' })
      .expect(400);
    await admin.patch(`/api/users/${admin.user.id}`).send({ name: 'Admin\nNy rad' }).expect(400);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM users WHERE email = 'crlf@example.se'`,
    );
    expect(n).toBe(0);
  });

  it('updates name, role and password, audits the role change from→to, and applies the new role at once', async () => {
    const user = await createUserAndLogin(t, 'viewer', { email: 'olle@example.se' });
    await user.get('/api/users').expect(403);

    const res = await admin
      .patch(`/api/users/${user.user.id}`)
      .send({ name: 'Olle Ö', role: 'admin' })
      .expect(200);
    expect(res.body).toMatchObject({ name: 'Olle Ö', role: 'admin' });
    // Same session, new role: the guard re-reads the user.
    await user.get('/api/users').expect(200);

    const [entry] = await t.dataSource.query(
      `SELECT actor_email, details FROM audit_log WHERE action = 'user.updated' AND target_id = $1`,
      [user.user.id],
    );
    expect(entry.actor_email).toBe('admin@example.se');
    expect(entry.details.changes.role).toEqual({ from: 'viewer', to: 'admin' });

    // A password change ends the user's sessions and the new password works.
    await admin.patch(`/api/users/${user.user.id}`).send({ password: 'nytt-losenord-99' }).expect(200);
    await user.get('/api/auth/me').expect(401);
    await loginAs(t.server, 'olle@example.se', 'nytt-losenord-99');
    const audit = JSON.stringify(await t.dataSource.query(`SELECT details FROM audit_log`));
    expect(audit).not.toContain('nytt-losenord-99');
    expect(audit).not.toContain('$argon2');
  });

  it('deactivates a user: the existing session is refused at once and login fails', async () => {
    const user = await createUserAndLogin(t, 'editor', { email: 'lisa@example.se' });
    await user.get('/api/auth/me').expect(200);
    const res = await admin.delete(`/api/users/${user.user.id}`).expect(200);
    expect(res.body.active).toBe(false);
    await user.get('/api/auth/me').expect(401);
    const login = await request(t.server)
      .post('/api/auth/login')
      .send({ email: 'lisa@example.se', password: user.password })
      .expect(401);
    expect(login.body.code).toBe('INVALID_CREDENTIALS');
    const [entry] = await t.dataSource.query(
      `SELECT actor_user_id FROM audit_log WHERE action = 'user.deactivated' AND target_id = $1`,
      [user.user.id],
    );
    expect(entry.actor_user_id).toBe(admin.user.id);

    // Reactivating lets the user in again.
    await admin.patch(`/api/users/${user.user.id}`).send({ active: true }).expect(200);
    await loginAs(t.server, 'lisa@example.se', user.password);
  });

  it('refuses to deactivate or demote the last active admin (409), allows it when another admin exists', async () => {
    // Make the initial admin the only active admin.
    await t.dataSource.query(
      `UPDATE users SET active = false WHERE role = 'admin' AND email <> 'admin@example.se'`,
    );
    const self = admin.user.id;
    const del = await admin.delete(`/api/users/${self}`).expect(409);
    expect(del.body.code).toBe('CONFLICT');
    expect(del.body.message).toMatch(/minst en aktiv administratör/);
    await admin.patch(`/api/users/${self}`).send({ role: 'editor' }).expect(409);
    await admin.patch(`/api/users/${self}`).send({ active: false }).expect(409);
    await admin.get('/api/users').expect(200); // still admin

    const second = await createUserAndLogin(t, 'admin', { email: 'andra.admin@example.se' });
    await admin.patch(`/api/users/${self}`).send({ role: 'editor' }).expect(200);
    await admin.get('/api/users').expect(403);
    // Now the second admin is the last one and cannot demote themself.
    await second.patch(`/api/users/${second.user.id}`).send({ role: 'viewer' }).expect(409);
    await second.patch(`/api/users/${self}`).send({ role: 'admin' }).expect(200);
    await admin.get('/api/users').expect(200);
  });

  it('does not leave zero admins when two admins demote each other at the same time', async () => {
    await t.dataSource.query(
      `UPDATE users SET active = false WHERE role = 'admin' AND email <> 'admin@example.se'`,
    );
    const other = await createUserAndLogin(t, 'admin');
    const results = await Promise.all([
      admin.patch(`/api/users/${other.user.id}`).send({ role: 'viewer' }),
      other.patch(`/api/users/${admin.user.id}`).send({ role: 'viewer' }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    // One demotion goes through; the other is either refused (409) or finds its caller no longer admin (403).
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND active`,
    );
    expect(n).toBe(1);
    // Restore: if the initial admin was the one demoted, the remaining admin promotes it again.
    if (results[1].status === 200)
      await other.patch(`/api/users/${admin.user.id}`).send({ role: 'admin' }).expect(200);
    await admin.get('/api/users').expect(200);
  });

  it('GET /api/audit: newest first, keyset pages, action prefix and actor filters', async () => {
    const all = await admin.get('/api/audit?limit=200').expect(200);
    const ids = all.body.items.map((i: { id: string }) => Number(i.id));
    expect(ids.length).toBeGreaterThan(10);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    const actions = all.body.items.map((i: { action: string }) => i.action);
    expect(actions).toEqual(
      expect.arrayContaining(['auth.login.succeeded', 'user.created', 'user.updated', 'user.deactivated']),
    );

    const page1 = await admin.get('/api/audit?limit=3').expect(200);
    expect(page1.body.items).toHaveLength(3);
    expect(page1.body.nextBefore).toBe(page1.body.items[2].id);
    const page2 = await admin.get(`/api/audit?limit=3&before=${page1.body.nextBefore}`).expect(200);
    expect(Number(page2.body.items[0].id)).toBeLessThan(Number(page1.body.nextBefore));
    expect(page2.body.items.map((i: { id: string }) => Number(i.id))).toEqual(ids.slice(3, 6));

    const users = await admin.get('/api/audit?action=user.&limit=200').expect(200);
    expect(users.body.items.length).toBeGreaterThan(0);
    expect(users.body.items.every((i: { action: string }) => i.action.startsWith('user.'))).toBe(true);
    expect(users.body.nextBefore).toBeNull();

    // "_" is literal in the prefix, not a LIKE wildcard.
    const none = await admin.get('/api/audit?action=user_').expect(200);
    expect(none.body.items).toHaveLength(0);

    const mine = await admin.get(`/api/audit?actorUserId=${admin.user.id}&limit=200`).expect(200);
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(mine.body.items.every((i: { actorUserId: string }) => i.actorUserId === admin.user.id)).toBe(true);

    await admin.get('/api/audit?limit=0').expect(400);
    await admin.get('/api/audit?before=abc').expect(400);
    await admin.get('/api/audit?actorUserId=nej').expect(400);
  });

  it('GET /api/audit: filters by what the entry is about and by whole Stockholm days', async () => {
    const created = await admin
      .post('/api/users')
      .send({ email: 'granskad@example.se', name: 'Granskad', role: 'viewer', password: 'granska-mig-2026!' })
      .expect(201);
    const about = await admin
      .get(`/api/audit?targetType=user&targetId=${created.body.id}&limit=200`)
      .expect(200);
    expect(about.body.items.map((i: { action: string }) => i.action)).toEqual(['user.created']);
    expect(about.body.total).toBe(1);
    const users = await admin.get('/api/audit?targetType=user&limit=200').expect(200);
    expect(users.body.items.length).toBeGreaterThan(1);
    expect(users.body.items.every((i: { targetType: string }) => i.targetType === 'user')).toBe(true);

    // Two entries just after midnight in Stockholm, in winter (UTC+1) and in summer (UTC+2): each belongs to
    // the Stockholm day it was written on, not to the UTC day before it.
    const rows: { id: string }[] = await t.dataSource.query(
      `INSERT INTO audit_log (at, action, target_type, target_id) VALUES
         ('2026-03-14T23:30:00Z', 'test.dag', 'test', 'vinter'),
         ('2026-06-30T22:30:00Z', 'test.dag', 'test', 'sommar')
       RETURNING id`,
    );
    expect(rows).toHaveLength(2);
    const ids = async (query: string): Promise<string[]> => {
      const res = await admin.get(`/api/audit?action=test.dag&limit=200&${query}`).expect(200);
      return res.body.items.map((i: { targetId: string }) => i.targetId);
    };
    await expect(ids('from=2026-03-15&to=2026-03-15')).resolves.toEqual(['vinter']);
    await expect(ids('to=2026-03-14')).resolves.toEqual([]);
    await expect(ids('from=2026-07-01&to=2026-07-01')).resolves.toEqual(['sommar']);
    await expect(ids('to=2026-06-30')).resolves.toEqual(['vinter']);
    await expect(ids('from=2026-03-16')).resolves.toEqual(['sommar']);
    await expect(ids('from=2026-03-15&to=2026-07-01')).resolves.toEqual(['sommar', 'vinter']);

    // Bad input: a 400 in Swedish that names the field, for the form to show beside it.
    const backwards = await admin.get('/api/audit?from=2026-03-15&to=2026-03-14').expect(400);
    expect(backwards.body.message).toMatch(/^to: .*före/);
    expect(backwards.body.details.field).toBe('to');
    const noSuchDay = await admin.get('/api/audit?from=2026-02-30').expect(400);
    expect(noSuchDay.body.message).toBe('from: "2026-02-30" är inget datum; skriv det som 2026-03-14');
    const notADate = await admin.get('/api/audit?to=14/3').expect(400);
    expect(notADate.body.details.fields).toEqual([
      { field: 'to', message: 'to: måste vara ett datum som 2026-03-31' },
    ]);
    const badType = await admin.get('/api/audit?targetType=User;DROP').expect(400);
    expect(badType.body.message).toMatch(/^targetType: /);
    await admin.get(`/api/audit?targetId=${'x'.repeat(101)}`).expect(400);

    const viewer = await createUserAndLogin(t, 'viewer');
    await viewer.get('/api/audit?targetType=user').expect(403);
  });
});
