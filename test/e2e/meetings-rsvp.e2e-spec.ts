import { ContactsService } from '@app/crm';
import { AnswerLinks, MeetingResponsesRepository, MeetingsService, RoundsService } from '@app/meetings';
import { PublicTokenService, TokenPurpose } from '@app/sending';
import request from 'supertest';
import { createUserAndLogin } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';

const STAFF = { userId: null, email: 'kansliet@example.se' };

/** The RSVP page /r/TOKEN: GET shows, POST records; scanners, forged links and late answers change nothing. */
describe('RSVP page (/r/:token)', () => {
  let t: TestApp;
  let links: AnswerLinks;
  let meetingId: string;
  let roundId: string;
  let anna: string;
  let john: string;
  let outsider: string;

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_BASE_URL: 'https://crm.example.se' }, { withWorker: false });
    links = t.app.get(AnswerLinks);
    ({ id: roundId } = await t.app.get(RoundsService).create({ name: 'Prov' }, {}));
    meetingId = (await newMeeting()).id;
    const contacts = t.app.get(ContactsService);
    anna = (await contacts.create({ firstName: 'Anna', lastName: 'Ek', email: 'anna@exempel.se' })).id;
    john = (
      await contacts.create({
        firstName: 'John',
        lastName: 'Smith',
        email: 'john@example.com',
        language: 'en',
      })
    ).id;
    outsider = (await contacts.create({ firstName: 'Olle', lastName: 'Utanför', email: 'olle@exempel.se' }))
      .id;
    await invite(meetingId, [anna, john]);
  });
  afterAll(async () => {
    await t?.close();
  });

  const newMeeting = () =>
    t.app.get(MeetingsService).create(
      {
        roundId,
        regionId: 1,
        title: 'Dialogmöte <i>Stockholm</i>',
        startsAt: '2099-03-14T18:00',
        endsAt: '2099-03-14T20:00',
        venue: 'Kulturhuset',
        city: 'Stockholm',
        capacity: 30,
        rsvpDeadline: '2099-03-10',
      },
      STAFF,
    );
  const invite = (id: string, contactIds: string[]) =>
    t.dataSource.transaction((m) => t.app.get(MeetingResponsesRepository).recordInvited(m, id, contactIds));
  const rsvpPath = (contactId: string, id = meetingId) => `/r/${links.rsvpToken(id, contactId)}`;
  const row = async (contactId: string, id = meetingId) =>
    (
      await t.dataSource.query(
        `SELECT state, diet, accessibility, comment, companions, updated_at FROM meeting_responses
          WHERE meeting_id = $1 AND contact_id = $2`,
        [id, contactId],
      )
    )[0];
  const eventCount = async () =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM meeting_response_events`))[0].n;

  it('GET and HEAD show the page with the link’s answer chosen, escaped, and change nothing', async () => {
    const before = { row: await row(anna), events: await eventCount() };
    const res = await request(t.server)
      .get(`${rsvpPath(anna)}?svar=ja`)
      .expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toMatch(/form-action 'self'/);
    expect(res.text).toContain('<html lang="sv">');
    expect(res.text).toContain('Hej Anna!');
    expect(res.text).toContain('Dialogmöte &lt;i&gt;Stockholm&lt;/i&gt;');
    expect(res.text).toContain('lördag 14 mars 2099 kl. 18.00');
    expect(res.text).toMatch(/value="ja"[^>]*checked/);
    expect(res.text).not.toMatch(/value="nej"[^>]*checked/);
    await request(t.server)
      .head(`${rsvpPath(anna)}?svar=nej`)
      .expect(200);
    expect({ row: await row(anna), events: await eventCount() }).toEqual(before);
  });

  it('POST records the answer with its details, the page is prefilled, and it can be changed', async () => {
    const saved = await request(t.server)
      .post(rsvpPath(anna))
      .type('form')
      .send({
        svar: 'ja',
        kost: 'Vegetarisk',
        tillganglighet: 'Hörslinga',
        kommentar: 'Hej!',
        sallskap: 'Eva Ek\nBo Berg',
      })
      .expect(200);
    expect(saved.text).toContain('Du är anmäld.');
    expect(await row(anna)).toMatchObject({
      state: 'yes',
      diet: 'Vegetarisk',
      accessibility: 'Hörslinga',
      comment: 'Hej!',
      companions: ['Eva Ek', 'Bo Berg'],
    });
    const again = await request(t.server).get(rsvpPath(anna)).expect(200);
    expect(again.text).toContain('value="Vegetarisk"');
    expect(again.text).toContain('Eva Ek\nBo Berg</textarea>');
    expect(again.text).toMatch(/value="ja"[^>]*checked/);
    const changed = await request(t.server)
      .post(rsvpPath(anna))
      .type('form')
      .send({ svar: 'nej' })
      .expect(200);
    expect(changed.text).toContain('Du har avanmält dig.');
    expect((await row(anna)).state).toBe('cancelled');
  });

  it('bad input is a 400 page naming the fields in the person’s language; nothing is stored', async () => {
    const before = { row: await row(john), events: await eventCount() };
    const res = await request(t.server)
      .post(rsvpPath(john))
      .type('form')
      .send({ svar: 'perhaps', kost: 'x'.repeat(301), sallskap: 'A\nB\nC\nD\nE\nF', kommentar: 'ok\u0007' })
      .expect(400);
    expect(res.text).toContain('<html lang="en">');
    expect(res.text).toContain('Choose an answer: yes, no or maybe.');
    expect(res.text).toContain('At most 300 characters.');
    expect(res.text).toContain('At most 5 names, one per line.');
    expect(res.text).toContain('Contains characters that cannot be stored.');
    expect({ row: await row(john), events: await eventCount() }).toEqual(before);
    const ok = await request(t.server).post(rsvpPath(john)).type('form').send({ svar: 'kanske' }).expect(200);
    expect(ok.text).toContain('You have replied maybe.');
  });

  it('forged links, links made for something else, and people not invited get a clear page; nothing changes', async () => {
    const before = await eventCount();
    const token = links.rsvpToken(meetingId, anna);
    const forged = `${token.slice(0, -2)}${token.endsWith('A') ? 'BB' : 'AA'}`;
    const unsubscribe = t.app
      .get(PublicTokenService)
      .sign(TokenPurpose.Unsubscribe, { scopeId: meetingId, contactId: anna });
    for (const path of [`/r/${forged}`, `/r/${unsubscribe}`, '/r/kort']) {
      const get = await request(t.server).get(path).expect(404);
      expect(get.text).toContain('Länken är ogiltig');
      await request(t.server).post(path).type('form').send({ svar: 'ja' }).expect(404);
    }
    const notInvited = await request(t.server)
      .post(rsvpPath(outsider))
      .type('form')
      .send({ svar: 'ja' })
      .expect(404);
    expect(notInvited.text).toContain('Du finns inte bland de inbjudna till det här mötet.');
    expect(await eventCount()).toBe(before);
  });

  it('after the deadline, and for a cancelled meeting, the page says so and a POST changes nothing', async () => {
    const late = await newMeeting();
    await invite(late.id, [anna]);
    await t.dataSource.query(`UPDATE meetings SET rsvp_deadline = now() - interval '1 hour' WHERE id = $1`, [
      late.id,
    ]);
    const page = await request(t.server).get(rsvpPath(anna, late.id)).expect(200);
    expect(page.text).toContain('Sista dag att svara har passerat');
    expect(page.text).not.toContain('<form');
    const refused = await request(t.server)
      .post(rsvpPath(anna, late.id))
      .type('form')
      .send({ svar: 'ja' })
      .expect(409);
    expect(refused.text).toContain('Sista dag att svara har passerat');
    expect((await row(anna, late.id)).state).toBe('invited');

    const called = await newMeeting();
    await invite(called.id, [john]);
    await t.app.get(MeetingsService).cancel(called.id, {}, STAFF);
    const cancelled = await request(t.server)
      .post(rsvpPath(john, called.id))
      .type('form')
      .send({ svar: 'ja' })
      .expect(409);
    expect(cancelled.text).toContain('The meeting has been cancelled.');
    expect((await row(john, called.id)).state).toBe('invited');
  });

  it('fifty yes posted at once against ten places: ten yes, forty waitlisted; staff list and set answers', async () => {
    const { id } = await newMeeting();
    await t.dataSource.query(`UPDATE meetings SET capacity = 10 WHERE id = $1`, [id]);
    const contacts = t.app.get(ContactsService);
    const ids: string[] = [];
    for (let i = 0; i < 50; i++)
      ids.push((await contacts.create({ firstName: `P${i}`, lastName: 'Prov', email: `p${i}@massa.se` })).id);
    await invite(id, ids);
    const pages = await Promise.all(
      ids.map((c) => request(t.server).post(rsvpPath(c, id)).type('form').send({ svar: 'ja' })),
    );
    expect(pages.map((p) => p.status)).toEqual(ids.map(() => 200));
    expect(pages.filter((p) => p.text.includes('Du är anmäld.'))).toHaveLength(10);
    expect(pages.filter((p) => p.text.includes('du står på väntelistan'))).toHaveLength(40);

    // The session cookie is Secure (https PUBLIC_BASE_URL): sent by hand over the test's plain connection.
    const as = (cookie: string) => ({
      get: (path: string) => request(t.server).get(path).set('Cookie', cookie),
      patch: (path: string) => request(t.server).patch(path).set('Cookie', cookie),
    });
    const editor = as((await createUserAndLogin(t, 'editor')).cookie);
    const viewer = as((await createUserAndLogin(t, 'viewer')).cookie);
    const queue = await viewer.get(`/api/meetings/${id}/responses?state=waitlisted&limit=15`).expect(200);
    expect(queue.body).toMatchObject({ total: 40, totalIsEstimate: false });
    expect(queue.body.items).toHaveLength(15);
    const first = queue.body.items[0].contactId;
    const second = await viewer
      .get(`/api/meetings/${id}/responses?state=waitlisted&limit=15&cursor=${queue.body.nextCursor}`)
      .expect(200);
    expect(second.body.items[0].contactId).not.toBe(first);
    const yes = await viewer.get(`/api/meetings/${id}/responses?state=yes`).expect(200);
    expect(yes.body.total).toBe(10);

    // Staff cancel one place by hand: the first in the queue moves up.
    await viewer
      .patch(`/api/meetings/${id}/responses/${yes.body.items[0].contactId}`)
      .send({ answer: 'cancelled' })
      .expect(403);
    const set = await editor
      .patch(`/api/meetings/${id}/responses/${yes.body.items[0].contactId}`)
      .send({ answer: 'cancelled', note: 'Ringde och lämnade återbud' })
      .expect(200);
    expect(set.body).toEqual({
      state: 'cancelled',
      answer: 'cancelled',
      waitlistPosition: null,
      promoted: [first],
    });
    const meeting = await viewer.get(`/api/meetings/${id}`).expect(200);
    expect(meeting.body).toMatchObject({
      placesLeft: 0,
      responseCounts: { yes: 10, waitlisted: 39, cancelled: 1 },
    });
    await editor.patch(`/api/meetings/${id}/responses/${ids[0]}`).send({ answer: 'kommer' }).expect(400);
  });
});
