import { randomUUID } from 'node:crypto';
import { MeetingFixtures } from '../support/meeting-fixtures';
import { createUserAndLogin, LoggedIn } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Check-in on the evening over HTTP: the list of the expected, check-ins sent twice or at once, a batch from a
 * phone that was offline, walk-ins (existing and new people), roles and Swedish errors.
 */
describe('meeting check-in over HTTP', () => {
  let t: TestApp;
  let editor: LoggedIn;
  let viewer: LoggedIn;
  let f: MeetingFixtures;
  let meetingId: string;
  const people: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({}, { withWorker: false });
    editor = await createUserAndLogin(t, 'editor');
    viewer = await createUserAndLogin(t, 'viewer');
    f = new MeetingFixtures(t.app);
    const round = await f.round();
    const meeting = await f.meeting(round.id, 20, {
      title: 'Dialogmöte Dalarna',
      startsAt: new Date('2027-03-14T17:00:00Z'),
    });
    meetingId = meeting.id;
    const org = await f.organization('Sveriges Hembygdsförbund', 'member');
    people.asa = await f.person('Åsa', 'Öberg', org);
    people.bo = await f.person('Bo', 'Ek', org);
    people.cia = await f.person('Cia', 'Lind', null);
    people.dan = await f.person('Dan', 'Nej', org);
    people.eva = await f.person('Eva', 'Tyst', null);
    people.fia = await f.person('Fia', 'Vänt', null);
    await f.response(meetingId, people.asa, 'yes', null, {
      diet: 'vegetarisk',
      accessibility: 'rullstol',
      companions: ['Gun Gästsson'],
    });
    await f.response(meetingId, people.bo, 'yes');
    await f.response(meetingId, people.cia, 'maybe');
    await f.response(meetingId, people.dan, 'no');
    await f.response(meetingId, people.eva, null);
    await f.response(meetingId, people.fia, 'waitlisted');
  });
  afterAll(async () => {
    await t.close();
  });

  const attendanceOf = async (contactId: string) =>
    (
      await t.dataSource.query(
        `SELECT answer, attendance, state, invited, walk_in FROM meeting_responses WHERE meeting_id = $1 AND contact_id = $2`,
        [meetingId, contactId],
      )
    )[0];

  it('lists the expected (yes, maybe, waitlisted) with organisation and needs, and searches åäö-insensitively', async () => {
    const list = await viewer.get(`/api/meetings/${meetingId}/attendance`).expect(200);
    expect(list.body.items.map((r: { lastName: string }) => r.lastName)).toEqual([
      'Ek',
      'Lind',
      'Vänt',
      'Öberg',
    ]);
    expect(list.body.total).toBe(4);
    const asa = list.body.items.find((r: { lastName: string }) => r.lastName === 'Öberg');
    expect(asa).toMatchObject({
      firstName: 'Åsa',
      organizationName: 'Sveriges Hembygdsförbund',
      organizationKind: 'member',
      answer: 'yes',
      attendance: null,
      state: 'yes',
      diet: 'vegetarisk',
      accessibility: 'rullstol',
      companions: ['Gun Gästsson'],
    });
    const found = await viewer
      .get(`/api/meetings/${meetingId}/attendance`)
      .query({ q: 'asa oberg' })
      .expect(200);
    expect(found.body.items.map((r: { contactId: string }) => r.contactId)).toEqual([people.asa]);
    const byOrg = await viewer
      .get(`/api/meetings/${meetingId}/attendance`)
      .query({ q: 'hembygds' })
      .expect(200);
    expect(byOrg.body.total).toBe(2);
  });

  it('checks in once for a clientId sent twice, and answers the same', async () => {
    const clientId = randomUUID();
    const body = { clientId, contactId: people.asa, attendance: 'attended' };
    const first = await editor.post(`/api/meetings/${meetingId}/check-ins`).send(body).expect(200);
    expect(first.body).toMatchObject({
      clientId,
      kind: 'check_in',
      contactId: people.asa,
      answer: 'yes',
      attendance: 'attended',
      state: 'attended',
      changed: true,
    });
    const again = await editor.post(`/api/meetings/${meetingId}/check-ins`).send(body).expect(200);
    expect(again.body).toEqual(first.body);
    const events = await t.dataSource.query(
      `SELECT from_state, to_state, cause FROM meeting_response_events WHERE meeting_id = $1 AND contact_id = $2`,
      [meetingId, people.asa],
    );
    expect(events).toEqual([{ from_state: 'yes', to_state: 'attended', cause: 'check_in' }]);
    const audits = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'meeting.check_in' AND details->>'clientId' = $1`,
      [clientId],
    );
    expect(audits[0].n).toBe(1);
    // The same id for someone else, or another attendance: 409 in Swedish.
    const reused = await editor
      .post(`/api/meetings/${meetingId}/check-ins`)
      .send({ ...body, contactId: people.bo })
      .expect(409);
    expect(reused.body.message).toMatch(/clientId har redan använts/);
    await editor
      .post(`/api/meetings/${meetingId}/check-ins`)
      .send({ ...body, attendance: 'no_show' })
      .expect(409);
    expect(await attendanceOf(people.bo)).toMatchObject({ attendance: null });
  });

  it('counts identical check-ins sent at the same moment once', async () => {
    const body = { clientId: randomUUID(), contactId: people.bo, attendance: 'attended' };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => editor.post(`/api/meetings/${meetingId}/check-ins`).send(body)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    for (const a of answers) expect(a.body).toEqual(answers[0].body);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM meeting_response_events WHERE contact_id = $1 AND cause = 'check_in'`,
      [people.bo],
    );
    expect(n).toBe(1);
    const [{ ops }] = await t.dataSource.query(
      `SELECT count(*)::int AS ops FROM check_in_operations WHERE client_id = $1`,
      [body.clientId],
    );
    expect(ops).toBe(1);
  });

  it('takes a batch from a phone that was offline, answering each item on its own', async () => {
    const ok = { clientId: randomUUID(), contactId: people.cia, attendance: 'no_show' };
    const stranger = { clientId: randomUUID(), contactId: randomUUID(), attendance: 'attended' };
    const res = await editor
      .post(`/api/meetings/${meetingId}/check-ins/batch`)
      .send({ items: [ok, stranger, ok] })
      .expect(200);
    expect(res.body.items.map((i: { status: number }) => i.status)).toEqual([200, 404, 200]);
    expect(res.body.items[0].answer).toMatchObject({ state: 'no_show', changed: true });
    expect(res.body.items[2].answer).toEqual(res.body.items[0].answer);
    expect(res.body.items[1].error.message).toMatch(/hittades inte/);
    expect(await attendanceOf(people.cia)).toMatchObject({ answer: 'maybe', attendance: 'no_show' });
  });

  it('registers a walk-in found by search once, however often it is sent', async () => {
    const search = await editor
      .get(`/api/meetings/${meetingId}/attendance/search`)
      .query({ q: 'eva tyst' })
      .expect(200);
    expect(search.body.items.map((c: { id: string }) => c.id)).toEqual([people.eva]);
    const body = { clientId: randomUUID(), contactId: people.eva };
    const [a, b] = await Promise.all([
      editor.post(`/api/meetings/${meetingId}/walk-ins`).send(body),
      editor.post(`/api/meetings/${meetingId}/walk-ins`).send(body),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.body).toEqual(a.body);
    // Eva was invited and never answered: now attended, and a walk-in.
    expect(a.body).toMatchObject({ kind: 'walk_in', invited: true, walkIn: true, attendance: 'attended' });
    expect(await attendanceOf(people.eva)).toMatchObject({ invited: true, walk_in: true, state: 'attended' });
  });

  it('creates a new person and their organisation for a walk-in, once', async () => {
    const body = {
      clientId: randomUUID(),
      firstName: 'Örjan',
      lastName: 'Ny',
      email: 'orjan.ny@exempel.se',
      organizationName: 'Nya Spelmansförbundet',
    };
    const answers = await Promise.all(
      [1, 2, 3].map(() => editor.post(`/api/meetings/${meetingId}/walk-ins`).send(body)),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    for (const a of answers) expect(a.body).toEqual(answers[0].body);
    expect(answers[0].body).toMatchObject({
      invited: false,
      walkIn: true,
      attendance: 'attended',
      answer: null,
      contactCreated: true,
      organizationCreated: true,
    });
    const contacts = await t.dataSource.query(`SELECT id, organization_id FROM contacts WHERE email = $1`, [
      'orjan.ny@exempel.se',
    ]);
    expect(contacts).toHaveLength(1);
    const [org] = await t.dataSource.query(
      `SELECT id, kind FROM organizations WHERE name = 'Nya Spelmansförbundet'`,
    );
    expect(org.kind).toBe('member');
    expect(contacts[0].organization_id).toBe(org.id);
    const events = await t.dataSource.query(
      `SELECT from_state, to_state, cause FROM meeting_response_events WHERE contact_id = $1`,
      [contacts[0].id],
    );
    expect(events).toEqual([{ from_state: null, to_state: 'attended', cause: 'walk_in' }]);
    // A second walk-in naming the same organisation (differently written) finds it.
    const other = await editor
      .post(`/api/meetings/${meetingId}/walk-ins`)
      .send({
        clientId: randomUUID(),
        firstName: 'Per',
        lastName: 'Två',
        organizationName: 'nya spelmansförbundet ',
      })
      .expect(200);
    expect(other.body).toMatchObject({
      organizationId: org.id,
      organizationCreated: false,
      contactCreated: true,
    });
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'meeting.walk_in'`,
    );
    expect(n).toBe(3);
  });

  it('refuses viewers, bad input, unknown and cancelled meetings, in Swedish', async () => {
    await viewer
      .post(`/api/meetings/${meetingId}/check-ins`)
      .send({ clientId: randomUUID(), contactId: people.bo, attendance: 'attended' })
      .expect(403);
    await viewer
      .post(`/api/meetings/${meetingId}/walk-ins`)
      .send({ clientId: randomUUID(), contactId: people.bo })
      .expect(403);
    const bad = await editor
      .post(`/api/meetings/${meetingId}/check-ins`)
      .send({ clientId: 'inte-ett-id', contactId: people.bo, attendance: 'kanske' })
      .expect(400);
    expect(bad.body.message).toMatch(/clientId måste vara ett UUID|attendance/);
    const neither = await editor
      .post(`/api/meetings/${meetingId}/walk-ins`)
      .send({ clientId: randomUUID(), email: 'x@exempel.se' })
      .expect(400);
    expect(neither.body.message).toMatch(/förnamn och efternamn/);
    const both = await editor
      .post(`/api/meetings/${meetingId}/walk-ins`)
      .send({ clientId: randomUUID(), contactId: people.bo, firstName: 'A' })
      .expect(400);
    expect(both.body.message).toMatch(/inte båda/);
    const unknown = randomUUID();
    const missing = await editor.get(`/api/meetings/${unknown}/attendance`).expect(404);
    expect(missing.body.message).toBe(`Mötet hittades inte (${unknown})`);
    await editor
      .post(`/api/meetings/${unknown}/check-ins`)
      .send({ clientId: randomUUID(), contactId: people.bo, attendance: 'attended' })
      .expect(404);
    await editor.get(`/api/meetings/inte-ett-id/attendance`).expect(400);

    const round = await f.round();
    const cancelled = await f.meeting(round.id, 3, {
      title: 'Inställt möte',
      startsAt: new Date('2027-04-01T16:00:00Z'),
      status: 'cancelled',
    });
    await f.response(cancelled.id, people.bo, 'yes');
    const refused = await editor
      .post(`/api/meetings/${cancelled.id}/check-ins`)
      .send({ clientId: randomUUID(), contactId: people.bo, attendance: 'attended' })
      .expect(409);
    expect(refused.body.message).toMatch(/inställt/);
    await editor
      .post(`/api/meetings/${cancelled.id}/walk-ins`)
      .send({ clientId: randomUUID(), contactId: people.dan })
      .expect(409);
  });
});
