import { RoundsService } from '@app/meetings';
import { ContactsService, OrganizationsService } from '@app/crm';
import { createUserAndLogin, LoggedIn } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';

/** Meetings over HTTP: Stockholm times, Swedish validation, the region board, representatives, roles, audit. */
describe('Meetings over HTTP (/api/meetings)', () => {
  let t: TestApp;
  let editor: LoggedIn;
  let viewer: LoggedIn;
  let roundId: string;
  let organizationId: string;
  let dalarna: number;

  beforeAll(async () => {
    t = await createTestApp({}, { withWorker: false });
    editor = await createUserAndLogin(t, 'editor');
    viewer = await createUserAndLogin(t, 'viewer');
    ({ id: roundId } = await t.app.get(RoundsService).create({ name: 'Regional närvaro 2016–2017' }, {}));
    [{ id: dalarna }] = await t.dataSource.query(`SELECT id FROM regions WHERE name = 'Region Dalarna'`);
    ({ id: organizationId } = await t.app
      .get(OrganizationsService)
      .create({ kind: 'region', name: 'Region Dalarna', regionId: dalarna }));
  });
  afterAll(async () => {
    await t?.close();
  });

  const body = (overrides: Record<string, unknown> = {}) => ({
    roundId,
    regionId: dalarna,
    hostOrganizationId: organizationId,
    title: 'Dialogmöte i Dalarna',
    startsAt: '2017-03-14T18:00',
    endsAt: '2017-03-14T20:00',
    venue: 'Kulturhuset',
    address: 'Storgatan 1',
    city: 'Falun',
    capacity: 40,
    rsvpDeadline: '2017-03-10',
    ...overrides,
  });

  it('creates a meeting from Stockholm wall time, answers UTC and Swedish text, and moves the region on the board', async () => {
    const res = await editor.post('/api/meetings').send(body()).expect(201);
    expect(res.body).toMatchObject({
      title: 'Dialogmöte i Dalarna',
      startsAt: '2017-03-14T17:00:00.000Z',
      endsAt: '2017-03-14T19:00:00.000Z',
      startsAtText: 'tisdag 14 mars 2017 kl. 18.00',
      timeText: '18.00–20.00',
      rsvpDeadlineText: 'fredag 10 mars 2017 kl. 23.59',
      region: { id: dalarna, name: 'Region Dalarna' },
      hostOrganization: { id: organizationId, name: 'Region Dalarna' },
      status: 'planned',
      statusLabel: 'Planerat',
      capacity: 40,
      placesLeft: 40,
      calendarSequence: 0,
      representatives: [],
      representativesMissing: ['elected', 'civil_servant'],
      responseCounts: { invited: 0, yes: 0 },
    });
    const [region] = await t.dataSource.query(
      `SELECT status FROM round_regions WHERE round_id = $1 AND region_id = $2`,
      [roundId, dalarna],
    );
    expect(region.status).toBe('meeting_scheduled');
    const events = await t.dataSource.query(
      `SELECT to_status, cause FROM round_region_events WHERE round_id = $1 AND region_id = $2`,
      [roundId, dalarna],
    );
    expect(events).toEqual([{ to_status: 'meeting_scheduled', cause: 'meeting' }]);
    const [audit] = await t.dataSource.query(
      `SELECT actor_user_id FROM audit_log WHERE action = 'meeting.created' AND target_id = $1`,
      [res.body.id],
    );
    expect(audit.actor_user_id).toBe(editor.user.id);

    // An ISO time with an offset is taken as given; summer time is read right.
    const summer = await editor
      .post('/api/meetings')
      .send(body({ startsAt: '2017-09-05T18:30', endsAt: '2017-09-05T16:45:00Z', rsvpDeadline: null }))
      .expect(201);
    expect(summer.body.startsAt).toBe('2017-09-05T16:30:00.000Z');
    expect(summer.body.startsAtText).toBe('tisdag 5 september 2017 kl. 18.30');
  });

  it('refuses bad input with Swedish messages naming the field, and writes nothing', async () => {
    const before = (await t.dataSource.query(`SELECT count(*)::int AS n FROM meetings`))[0].n;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ endsAt: '2017-03-14T17:00' }, /endsAt: mötet måste sluta efter att det börjar/],
      [{ capacity: 0 }, /capacity/],
      [{ startsAt: 'i morgon' }, /startsAt: "i morgon" är ingen tid/],
      [{ roundId: '00000000-0000-4000-8000-000000000000' }, /roundId: omgången finns inte/],
      [{ regionId: 99 }, /regionId: regionen finns inte/],
      [
        { hostOrganizationId: '00000000-0000-4000-8000-000000000000' },
        /hostOrganizationId: organisationen finns inte/,
      ],
      [{ rsvpDeadline: '2017-03-20' }, /rsvpDeadline: sista svarsdag/],
      [{ title: '' }, /title/],
    ];
    for (const [overrides, message] of cases) {
      const res = await editor.post('/api/meetings').send(body(overrides)).expect(400);
      expect(res.body.message).toMatch(message);
    }
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM meetings`))[0].n).toBe(before);
  });

  it('lists with filters and paging; viewers read, only editors write', async () => {
    const created = await editor
      .post('/api/meetings')
      .send(
        body({
          regionId: 1,
          title: 'Dialogmöte i Stockholm',
          startsAt: '2017-04-01T10:00',
          endsAt: '2017-04-01T12:00',
          hostOrganizationId: null,
          rsvpDeadline: null,
        }),
      )
      .expect(201);
    const page1 = await viewer.get(`/api/meetings?roundId=${roundId}&limit=1`).expect(200);
    expect(page1.body.items).toHaveLength(1);
    expect(page1.body.total).toBeGreaterThanOrEqual(3);
    const page2 = await viewer
      .get(`/api/meetings?roundId=${roundId}&limit=1&cursor=${page1.body.nextCursor}`)
      .expect(200);
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
    const byRegion = await viewer.get('/api/meetings?regionId=1').expect(200);
    expect(byRegion.body.items.map((m: { id: string }) => m.id)).toEqual([created.body.id]);
    await viewer.get('/api/meetings?status=cancelled').expect(200);
    await viewer.get('/api/meetings?status=okand').expect(400);
    await viewer.post('/api/meetings').send(body()).expect(403);
    await viewer.patch(`/api/meetings/${created.body.id}`).send({ title: 'x' }).expect(403);
    await viewer.get(`/api/meetings/${created.body.id}`).expect(200);
  });

  it('updates, keeps the round and region, marks held (region: meeting held), deletes one without invitees', async () => {
    const { body: meeting } = await editor
      .post('/api/meetings')
      .send(body({ regionId: 3, title: 'Uppsala', hostOrganizationId: null }))
      .expect(201);
    const patched = await editor
      .patch(`/api/meetings/${meeting.id}`)
      .send({ title: 'Dialogmöte i Uppsala', capacity: null, description: 'Om kulturplanen' })
      .expect(200);
    expect(patched.body).toMatchObject({
      title: 'Dialogmöte i Uppsala',
      capacity: null,
      placesLeft: null,
      calendarSequence: 0,
    });
    await editor.patch(`/api/meetings/${meeting.id}`).send({ regionId: 4 }).expect(400);
    await editor.patch(`/api/meetings/${meeting.id}`).send({ status: 'cancelled' }).expect(400);
    await editor.patch(`/api/meetings/${meeting.id}`).send({ endsAt: '2017-03-14T12:00' }).expect(400);
    const held = await editor.patch(`/api/meetings/${meeting.id}`).send({ status: 'held' }).expect(200);
    expect(held.body.statusLabel).toBe('Genomfört');
    const [region] = await t.dataSource.query(
      `SELECT status FROM round_regions WHERE round_id = $1 AND region_id = 3`,
      [roundId],
    );
    expect(region.status).toBe('meeting_held');
    await editor.delete(`/api/meetings/${meeting.id}`).expect(204);
    await editor.get(`/api/meetings/${meeting.id}`).expect(404);
    // A meeting that was held and then deleted leaves its region "held".
    const [after] = await t.dataSource.query(
      `SELECT status FROM round_regions WHERE round_id = $1 AND region_id = 3`,
      [roundId],
    );
    expect(after.status).toBe('meeting_held');
    const actions = await t.dataSource.query(
      `SELECT action FROM audit_log WHERE target_id = $1 ORDER BY id`,
      [meeting.id],
    );
    expect(actions.map((a: { action: string }) => a.action)).toEqual([
      'meeting.created',
      'meeting.updated',
      'meeting.updated',
      'meeting.deleted',
    ]);
  });

  it('moves the region back to "agreed" when its last scheduled meeting is cancelled or deleted, with a note', async () => {
    const regionStatus = async () =>
      (
        await t.dataSource.query(`SELECT status FROM round_regions WHERE round_id = $1 AND region_id = 5`, [
          roundId,
        ])
      )[0].status;
    const first = (
      await editor
        .post('/api/meetings')
        .send(body({ regionId: 5, title: 'Första', hostOrganizationId: null }))
    ).body;
    const second = (
      await editor.post('/api/meetings').send(body({ regionId: 5, title: 'Andra', hostOrganizationId: null }))
    ).body;
    expect(await regionStatus()).toBe('meeting_scheduled');
    // One of two called off: the other still stands.
    await editor.post(`/api/meetings/${first.id}/cancel`).send({}).expect(200);
    expect(await regionStatus()).toBe('meeting_scheduled');
    await editor.delete(`/api/meetings/${second.id}`).expect(204);
    expect(await regionStatus()).toBe('agreed');
    const events = await t.dataSource.query(
      `SELECT to_status, cause, note FROM round_region_events WHERE round_id = $1 AND region_id = 5 ORDER BY id`,
      [roundId],
    );
    expect(events).toEqual([
      { to_status: 'meeting_scheduled', cause: 'meeting', note: null },
      { to_status: 'agreed', cause: 'meeting', note: 'Mötet Andra togs bort' },
    ]);
  });

  it('keeps regional representatives and says which kind is missing', async () => {
    const contacts = t.app.get(ContactsService);
    const politician = await contacts.create({
      firstName: 'Pia',
      lastName: 'Politiker',
      email: 'pia@region.se',
    });
    const officer = await contacts.create({
      firstName: 'Tor',
      lastName: 'Tjänsteman',
      email: 'tor@region.se',
    });
    const { body: meeting } = await editor
      .post('/api/meetings')
      .send(body({ regionId: 5 }))
      .expect(201);
    const one = await editor
      .post(`/api/meetings/${meeting.id}/representatives`)
      .send({ contactId: politician.id, part: 'elected' })
      .expect(200);
    expect(one.body.representativesMissing).toEqual(['civil_servant']);
    expect(one.body.representatives).toEqual([
      expect.objectContaining({
        contactId: politician.id,
        firstName: 'Pia',
        part: 'elected',
        partLabel: 'Förtroendevald',
      }),
    ]);
    const both = await editor
      .put(`/api/meetings/${meeting.id}/representatives`)
      .send({
        representatives: [
          { contactId: politician.id, part: 'elected' },
          { contactId: officer.id, part: 'civil_servant' },
        ],
      })
      .expect(200);
    expect(both.body.representativesMissing).toEqual([]);
    await editor
      .put(`/api/meetings/${meeting.id}/representatives`)
      .send({ representatives: [{ contactId: '00000000-0000-4000-8000-000000000000', part: 'elected' }] })
      .expect(400);
    await editor
      .post(`/api/meetings/${meeting.id}/representatives`)
      .send({ contactId: officer.id, part: 'borgmästare' })
      .expect(400);
    const removed = await editor
      .delete(`/api/meetings/${meeting.id}/representatives/${politician.id}`)
      .expect(200);
    expect(removed.body.representativesMissing).toEqual(['elected']);
    await editor.delete(`/api/meetings/${meeting.id}/representatives/${politician.id}`).expect(404);
  });
});
