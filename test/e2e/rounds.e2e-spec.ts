import request from 'supertest';
import { createUserAndLogin, loginAsAdmin, LoggedIn } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';

/** Rounds: the 21 regions, the board, hand-set status with its history and audit, and the delete rule. */
describe('Rounds /api/rounds', () => {
  let t: TestApp;
  let admin: LoggedIn;

  beforeAll(async () => {
    t = await createTestApp({}, { withWorker: false });
    admin = await loginAsAdmin(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates a round with all 21 regions not asked, and refuses a second one by the same name', async () => {
    const res = await admin
      .post('/api/rounds')
      .send({ name: 'Regional närvaro 2027', description: 'Dialogmöten', responseDeadline: '2027-03-10' })
      .expect(201);
    expect(res.body).toMatchObject({ name: 'Regional närvaro 2027', responseDeadline: '2027-03-10' });
    const board = await admin.get(`/api/rounds/${res.body.id}/regions`).expect(200);
    expect(board.body.items).toHaveLength(21);
    expect(board.body.items.every((r: { status: string }) => r.status === 'not_asked')).toBe(true);
    expect(board.body.items[0]).toMatchObject({
      statusLabel: 'Inte tillfrågad',
      askedContact: null,
      meeting: null,
    });
    const dup = await admin.post('/api/rounds').send({ name: 'regional NÄRVARO 2027' }).expect(409);
    expect(dup.body.message).toContain('Det finns redan en omgång');
    const bad = await admin
      .post('/api/rounds')
      .send({ name: 'X', responseDeadline: '2027-02-30' })
      .expect(400);
    expect(bad.body.message).toContain('responseDeadline');
    expect((await admin.get('/api/rounds').expect(200)).body.items.length).toBe(1);
  });

  it('hand-set status with a note appears on the board, in the history and in the audit log', async () => {
    const round = (await admin.post('/api/rounds').send({ name: 'Handsatt' }).expect(201)).body;
    const board = (await admin.get(`/api/rounds/${round.id}/regions`).expect(200)).body.items;
    const dalarna = board.find((r: { name: string }) => r.name === 'Region Dalarna');
    const set = await admin
      .patch(`/api/rounds/${round.id}/regions/${dalarna.regionId}`)
      .send({ status: 'interested', note: 'Ringde kulturchefen' })
      .expect(200);
    expect(set.body).toMatchObject({
      status: 'interested',
      statusLabel: 'Intresserad',
      note: 'Ringde kulturchefen',
    });
    const history = await admin
      .get(`/api/rounds/${round.id}/regions/${dalarna.regionId}/history`)
      .expect(200);
    expect(history.body.items).toEqual([
      expect.objectContaining({
        fromStatus: 'not_asked',
        toStatus: 'interested',
        cause: 'staff',
        note: 'Ringde kulturchefen',
        actorUserId: admin.user.id,
      }),
    ]);
    const [audit] = await t.dataSource.query(
      `SELECT actor_user_id, details FROM audit_log WHERE action = 'round.region_status_changed' AND target_id = $1`,
      [round.id],
    );
    expect(audit).toMatchObject({
      actor_user_id: admin.user.id,
      details: {
        regionId: dalarna.regionId,
        from: 'not_asked',
        to: 'interested',
        note: 'Ringde kulturchefen',
      },
    });
    await admin
      .patch(`/api/rounds/${round.id}/regions/${dalarna.regionId}`)
      .send({ status: 'nonsense' })
      .expect(400);
    await admin.patch(`/api/rounds/${round.id}/regions/999`).send({ status: 'agreed' }).expect(404);
    await admin.patch(`/api/rounds/${round.id}/regions/99999999999`).send({ status: 'agreed' }).expect(404);
  });

  it('viewers read, only editors change; a round with a meeting cannot be deleted', async () => {
    const viewer = await createUserAndLogin(t, 'viewer');
    const round = (await admin.post('/api/rounds').send({ name: 'Att ta bort' }).expect(201)).body;
    await viewer.get(`/api/rounds/${round.id}/regions`).expect(200);
    await viewer.post('/api/rounds').send({ name: 'Nej' }).expect(403);
    await viewer.delete(`/api/rounds/${round.id}`).expect(403);
    const kept = (await admin.post('/api/rounds').send({ name: 'Med möte' }).expect(201)).body;
    await t.dataSource.query(
      `INSERT INTO meetings (round_id, region_id, title, starts_at, ends_at)
       VALUES ($1, 1, 'Dialogmöte', '2027-03-14T17:00Z', '2027-03-14T19:00Z')`,
      [kept.id],
    );
    const conflict = await admin.delete(`/api/rounds/${kept.id}`).expect(409);
    expect(conflict.body.message).toContain('kan inte tas bort');
    const board = (await admin.get(`/api/rounds/${kept.id}/regions`).expect(200)).body.items;
    expect(board.find((r: { regionId: number }) => r.regionId === 1).meeting).toMatchObject({
      startsAt: '2027-03-14T18:00:00.000+01:00',
      date: 'söndag 14 mars 2027 kl. 18.00',
    });
    await admin.delete(`/api/rounds/${round.id}`).expect(204);
    await request(t.server).get(`/api/rounds/${round.id}`).set('Cookie', admin.cookie).expect(404);
  });

  it('outreach sends over HTTP: drafts edited, listed, started, paused, resumed and cancelled', async () => {
    const round = (await admin.post('/api/rounds').send({ name: 'Utskick via HTTP' }).expect(201)).body;
    const [{ id: orgId }] = await t.dataSource.query(
      `INSERT INTO organizations (kind, name, name_key, region_id) VALUES ('region', 'Region Halland (org)',
         'region halland (org)', (SELECT id FROM regions WHERE name = 'Region Halland')) RETURNING id`,
    );
    await t.dataSource.query(
      `INSERT INTO contacts (first_name, last_name, email, organization_id, roles)
       VALUES ('Hanna', 'Chef', 'hanna@exempel.se', $1, '{kulturchef}')`,
      [orgId],
    );
    const send = (
      await admin
        .post(`/api/rounds/${round.id}/host-requests`)
        .send({ fromName: 'Kansliet', fromAddress: 'kansli@example.se' })
        .expect(201)
    ).body;
    const bad = await admin.patch(`/api/outreach-sends/${send.id}`).send({ maxReminders: 2 }).expect(400);
    expect(bad.body.message).toContain('remindAfterDays');
    await admin.patch(`/api/outreach-sends/${send.id}`).send({ fromAddress: 'inte en adress' }).expect(400);
    const edited = await admin
      .patch(`/api/outreach-sends/${send.id}`)
      .send({ title: 'Värdförfrågan Halland', remindAfterDays: 5, maxReminders: 1 })
      .expect(200);
    expect(edited.body).toMatchObject({
      title: 'Värdförfrågan Halland',
      statusLabel: 'Utkast',
      maxReminders: 1,
    });
    expect((await admin.get(`/api/rounds/${round.id}/host-requests`).expect(200)).body.items).toHaveLength(1);
    expect((await admin.get(`/api/outreach-sends/${send.id}/progress`).expect(200)).body).toMatchObject({
      status: 'draft',
      first: null,
      reminders: [],
    });
    const started = await admin.post(`/api/outreach-sends/${send.id}/start`).expect(200);
    expect(started.body).toMatchObject({ status: 'sending', first: { total: 1, counts: { pending: 1 } } });
    await admin.patch(`/api/outreach-sends/${send.id}`).send({ title: 'Sent' }).expect(409);
    const halland = (await admin.get(`/api/rounds/${round.id}/regions`).expect(200)).body.items.find(
      (r: { name: string }) => r.name === 'Region Halland',
    );
    expect(halland).toMatchObject({ status: 'asked', askedContact: { name: 'Hanna Chef' } });
    expect((await admin.post(`/api/outreach-sends/${send.id}/pause`).send({}).expect(200)).body.status).toBe(
      'paused',
    );
    expect((await admin.post(`/api/outreach-sends/${send.id}/resume`).expect(200)).body.status).toBe(
      'sending',
    );
    expect((await admin.post(`/api/outreach-sends/${send.id}/cancel`).expect(200)).body.status).toBe(
      'cancelled',
    );
    await admin.post(`/api/outreach-sends/${send.id}/start`).expect(409);
    await admin.delete(`/api/rounds/${round.id}`).expect(409);

    const [{ id: meetingId }] = await t.dataSource.query(
      `INSERT INTO meetings (round_id, region_id, title, starts_at, ends_at)
       VALUES ($1, 1, 'Dialogmöte', now() + interval '30 days', now() + interval '30 days 2 hours') RETURNING id`,
      [round.id],
    );
    const template = await admin
      .post('/api/templates')
      .send({
        name: 'Inbjudan via HTTP',
        purpose: 'invitation',
        sv: {
          subject: 'Inbjudan: {{meeting.title}}',
          mjml: '<mjml><mj-body><mj-section><mj-column><mj-text>{{meeting.title}} <a href="{{rsvpUrl}}">Svara</a></mj-text></mj-column></mj-section></mj-body></mjml>',
        },
      })
      .expect(201);
    const wrongPurpose = await admin
      .post(`/api/meetings/${meetingId}/invitations`)
      .send({
        fromName: 'Kansliet',
        fromAddress: 'kansli@example.se',
        templateId: send.templateId,
        audience: { organizationKinds: ['member'] },
      })
      .expect(400);
    expect(wrongPurpose.body.message).toContain('här behövs en mall för invitation');
    const invitation = await admin
      .post(`/api/meetings/${meetingId}/invitations`)
      .send({
        fromName: 'Kansliet',
        fromAddress: 'kansli@example.se',
        templateId: template.body.id,
        audience: { organizationKinds: ['member'] },
      })
      .expect(201);
    expect(invitation.body).toMatchObject({ kind: 'invitation', meetingId, title: 'Inbjudan Dialogmöte' });
    expect((await admin.get(`/api/meetings/${meetingId}/invitations`).expect(200)).body.items).toHaveLength(
      1,
    );
  });
});
