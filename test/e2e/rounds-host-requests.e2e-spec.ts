import { Clock } from '@app/common';
import { OutreachSendsService } from '@app/meetings';
import { PublicTokenService, SendingMaintenance, TokenPurpose } from '@app/sending';
import request from 'supertest';
import { loginAsAdmin, LoggedIn } from '../support/login';
import { Received, Sink, startSink } from '../support/smtp-sink';
import { createTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

const DAY = 24 * 3600 * 1000;

/** The host answer links of a received message, as paths on our server. */
function hostLinks(mail: Received): { page: string; yes: string; maybe: string; no: string } {
  const hrefs = [...(mail.parsed.html || '').matchAll(/href="http:\/\/localhost:3000(\/h\/[^"]+)"/g)].map(
    (m) => m[1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '='),
  );
  const page = hrefs.find((h) => !h.includes('?'))!;
  return {
    page,
    yes: hrefs.find((h) => h.endsWith('?svar=ja'))!,
    maybe: hrefs.find((h) => h.endsWith('?svar=kanske'))!,
    no: hrefs.find((h) => h.endsWith('?svar=nej'))!,
  };
}

/**
 * The host request end to end: region chiefs get it, answer through the page in the mail (GET changes nothing,
 * POST moves the board), reminders go once and only to the silent, in the thread of the first message, and the
 * deadline turns silent regions to "no answer". A reminder already started is withdrawn from whoever answers,
 * or whose region answers through a colleague, before their message goes out.
 */
describe('Host requests, the answer page /h/:token and reminders', () => {
  let sink: Sink;
  let t: TestApp;
  let admin: LoggedIn;
  let clock: Clock;
  let realNow: () => Date;
  const people: Record<string, string> = {};
  const regions: Record<string, number> = {};

  const setNow = (at: Date) => jest.spyOn(clock, 'now').mockReturnValue(at);
  const maintenance = () => t.app.get(SendingMaintenance);
  const mailTo = (name: string) => sink.received.filter((r) => r.to.startsWith(`${name.toLowerCase()}@`));
  const counts = async () =>
    (
      await t.dataSource.query(
        `SELECT (SELECT count(*)::int FROM host_responses) AS answers,
                (SELECT count(*)::int FROM round_region_events) AS events,
                (SELECT count(*)::int FROM audit_log) AS audits`,
      )
    )[0];
  const board = async (roundId: string) => {
    const items: { name: string; status: string }[] = (
      await admin.get(`/api/rounds/${roundId}/regions`).expect(200)
    ).body.items;
    return Object.fromEntries(items.map((r) => [r.name, r]));
  };

  beforeAll(async () => {
    sink = await startSink();
    t = await createTestApp({ MAIL_TRANSPORT: 'smtp', SMTP_URL: sink.url, SEND_RATE_PER_MINUTE: '0' });
    admin = await loginAsAdmin(t);
    clock = t.app.get(Clock);
    realNow = clock.now.bind(clock);
    for (const name of ['Region Dalarna', 'Region Gotland', 'Region Skåne', 'Region Uppsala']) {
      [{ id: regions[name] }] = await t.dataSource.query(`SELECT id FROM regions WHERE name = $1`, [name]);
    }
    const org = async (kind: string, name: string, region: string) =>
      (
        await t.dataSource.query(
          `INSERT INTO organizations (kind, name, name_key, region_id) VALUES ($1, $2, lower($2), $3) RETURNING id`,
          [kind, name, regions[region]],
        )
      )[0].id as string;
    const dalarna = await org('region', 'Region Dalarna (org)', 'Region Dalarna');
    const gotland = await org('region', 'Region Gotland (org)', 'Region Gotland');
    const skane = await org('region', 'Region Skåne (org)', 'Region Skåne');
    const member = await org('member', 'Hemslöjden Uppsala', 'Region Uppsala');
    const person = async (first: string, orgId: string, roles: string[], language = 'sv') => {
      [{ id: people[first] }] = await t.dataSource.query(
        `INSERT INTO contacts (first_name, last_name, email, language, organization_id, roles)
         VALUES ($1, 'Test', lower($1) || '@exempel.se', $2, $3, $4) RETURNING id`,
        [first, language, orgId, roles],
      );
    };
    await person('Eva', dalarna, ['kulturchef']);
    await person('Erik', dalarna, ['kulturchef', 'kulturstrateg']);
    await person('Gun', gotland, ['kulturchef'], 'en');
    await person('Sara', skane, ['kulturchef']);
    await person('Hans', skane, ['handläggare']);
    await person('Mia', member, ['kulturchef']);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t?.close();
    await sink?.close();
  });

  it('goes to the region chiefs only; answers through the page move the board; reminders and the deadline follow', async () => {
    const round = (
      await admin
        .post('/api/rounds')
        .send({ name: 'Regional närvaro 2099', responseDeadline: '2099-12-31' })
        .expect(201)
    ).body;
    const newsletter = (await admin.get('/api/templates').expect(200)).body.find(
      (x: { purpose: string }) => x.purpose === 'newsletter',
    );
    const wrong = await admin
      .post(`/api/rounds/${round.id}/host-requests`)
      .send({ fromName: 'Kansliet', fromAddress: 'kansli@example.se', templateId: newsletter.id })
      .expect(400);
    expect(wrong.body.message).toContain('här behövs en mall för host_request');

    const send = (
      await admin
        .post(`/api/rounds/${round.id}/host-requests`)
        .send({ fromName: 'Kansliet', fromAddress: 'kansli@example.se', remindAfterDays: 7, maxReminders: 2 })
        .expect(201)
    ).body;
    expect(send).toMatchObject({
      kind: 'host_request',
      status: 'draft',
      audience: { roles: ['kulturchef'] },
    });
    const startedAt = realNow();
    setNow(startedAt);
    const started = await admin.post(`/api/outreach-sends/${send.id}/start`).expect(200);
    expect(started.body.reminders).toHaveLength(2);
    await admin.post(`/api/outreach-sends/${send.id}/start`).expect(200); // a second start changes nothing

    await waitFor(
      () => sink.received.length,
      (n) => n >= 4,
    );
    await waitFor(
      async () => (await admin.get(`/api/outreach-sends/${send.id}`).expect(200)).body.status,
      (s) => s === 'sent',
    );
    expect(sink.received.map((r) => r.to).sort()).toEqual([
      'erik@exempel.se',
      'eva@exempel.se',
      'gun@exempel.se',
      'sara@exempel.se',
    ]);
    const evaMail = mailTo('Eva')[0].parsed;
    expect(evaMail.subject).toBe('Förfrågan om värdskap för dialogmöte – Regional närvaro 2099');
    expect(evaMail.text).toContain('senast torsdag 31 december 2099');
    expect(mailTo('Gun')[0].parsed.subject).toBe(
      'Would you host a dialogue meeting? – Regional närvaro 2099',
    );
    let b = await board(round.id);
    // The first of the region's recipients in the ledger (address order) is the one asked.
    expect(b['Region Dalarna']).toMatchObject({ status: 'asked', askedContact: { id: people.Erik } });
    expect(b['Region Skåne']).toMatchObject({ status: 'asked', askedContact: { id: people.Sara } });
    expect(b['Region Uppsala'].status).toBe('not_asked');

    // Following the links (as a mail scanner would), GET and HEAD, changes nothing.
    const eva = hostLinks(mailTo('Eva')[0]);
    const before = await counts();
    const shown = await request(t.server).get(eva.yes).expect(200);
    expect(shown.text).toContain('Vill Region Dalarna vara värd för ett dialogmöte?');
    expect(shown.text).toMatch(/value="ja"\s+required\s+checked/);
    expect(shown.headers['content-security-policy']).toContain("form-action 'self'");
    await request(t.server).head(eva.no).expect(200);
    await request(t.server).get(eva.page).expect(200);
    expect(await counts()).toEqual(before);
    const gun = hostLinks(mailTo('Gun')[0]);
    expect((await request(t.server).get(gun.maybe).expect(200)).text).toContain(
      'Would Region Gotland like to host a dialogue meeting?',
    );

    // An answer without a choice is refused with the form again; nothing is recorded.
    const noChoice = await request(t.server)
      .post(eva.page)
      .type('form')
      .send({ kommentar: 'Hm' })
      .expect(400);
    expect(noChoice.text).toContain('Välj ett av de tre svaren.');
    expect(await counts()).toEqual(before);

    // Yes, maybe; then a changed answer.
    const yes = await request(t.server)
      .post(eva.page)
      .type('form')
      .send({ svar: 'ja', kommentar: 'Gärna i Falun', datum: 'vecka 11', kontaktperson: 'Eva Test, 070-123' })
      .expect(200);
    expect(yes.text).toContain('Tack för ert svar!');
    await request(t.server).post(gun.page).type('form').send({ svar: 'kanske' }).expect(200);
    b = await board(round.id);
    expect(b['Region Dalarna']).toMatchObject({
      status: 'agreed',
      latestAnswer: {
        answer: 'yes',
        comment: 'Gärna i Falun',
        suggestedDates: 'vecka 11',
        contactPerson: 'Eva Test, 070-123',
      },
    });
    expect(b['Region Gotland']).toMatchObject({ status: 'interested', latestAnswer: { answer: 'maybe' } });
    await request(t.server).post(eva.page).type('form').send({ svar: 'nej' }).expect(200);
    expect((await board(round.id))['Region Dalarna']).toMatchObject({
      status: 'declined',
      latestAnswer: { answer: 'no' },
    });
    const answers = (await admin.get(`/api/rounds/${round.id}/host-responses`).expect(200)).body.items;
    expect(answers.map((a: { contactId: string; answer: string }) => [a.contactId, a.answer]).sort()).toEqual(
      [
        [people.Eva, 'no'],
        [people.Gun, 'maybe'],
      ].sort(),
    );
    const history = (
      await admin.get(`/api/rounds/${round.id}/regions/${regions['Region Dalarna']}/history`).expect(200)
    ).body.items.map((e: { toStatus: string; cause: string }) => [e.toStatus, e.cause]);
    expect(history).toEqual([
      ['asked', 'request_sent'],
      ['agreed', 'answer'],
      ['declined', 'answer'],
    ]);

    // Forged, wrong-purpose and foreign tokens: a clear page, nothing changed.
    const afterAnswers = await counts();
    const token = eva.page.slice(3);
    const forged = `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`;
    const forgedPage = await request(t.server)
      .post(`/h/${forged}`)
      .type('form')
      .send({ svar: 'ja' })
      .expect(404);
    expect(forgedPage.text).toContain('Länken är ogiltig');
    const tokens = t.app.get(PublicTokenService);
    const rsvp = tokens.sign(TokenPurpose.Rsvp, { scopeId: round.id, contactId: people.Eva });
    await request(t.server).post(`/h/${rsvp}`).type('form').send({ svar: 'ja' }).expect(404);
    const notAsked = tokens.sign(TokenPurpose.HostResponse, { scopeId: round.id, contactId: people.Hans });
    const foreign = await request(t.server)
      .post(`/h/${notAsked}`)
      .type('form')
      .send({ svar: 'ja' })
      .expect(404);
    expect(foreign.text).toContain('Länken hör inte till någon förfrågan');
    expect(await counts()).toEqual(afterAnswers);

    // The first reminder, due a week later: two workers ask at once, and again; it starts once, to the silent
    // region's chief only (Erik's region has answered), in the thread of her first message.
    sink.received.length = 0;
    setNow(new Date(startedAt.getTime() + 7 * DAY + 3600_000));
    // Counted in the table, not in what these calls answer: the app's own worker runs maintenance too.
    const remindersStarted = async () =>
      (
        await t.dataSource.query(
          `SELECT count(*)::int AS n FROM due_reminders WHERE send_id = $1 AND mailing_id IS NOT NULL`,
          [send.id],
        )
      )[0].n;
    await Promise.all([maintenance().startDue(), maintenance().startDue()]);
    expect(await remindersStarted()).toBe(1);
    await maintenance().startDue();
    expect(await remindersStarted()).toBe(1);
    await waitFor(
      () => sink.received.length,
      (n) => n >= 1,
    );
    const progress = await waitFor(
      async () => (await admin.get(`/api/outreach-sends/${send.id}/progress`).expect(200)).body,
      (p) => p.reminders[0].progress?.status === 'finished',
    );
    expect(progress.reminders[0]).toMatchObject({ kind: 'no_answer', sequence: 1, skippedReason: null });
    expect(progress.reminders[0].progress.counts.sent).toBe(1);
    expect(progress.reminders[1]).toMatchObject({ mailingId: null, skippedReason: null });
    expect(sink.received.map((r) => r.to)).toEqual(['sara@exempel.se']);
    const reminder = sink.received[0].parsed;
    const mailingId = (await admin.get(`/api/outreach-sends/${send.id}`).expect(200)).body.mailingId;
    const [{ message_id: firstId }] = await t.dataSource.query(
      `SELECT message_id FROM mailing_recipients WHERE mailing_id = $1 AND contact_id = $2`,
      [mailingId, people.Sara],
    );
    expect(reminder.inReplyTo).toBe(`<${firstId}>`);
    expect(reminder.references).toBe(`<${firstId}>`);
    expect(reminder.subject).toBe('Påminnelse: förfrågan om värdskap för dialogmöte – Regional närvaro 2099');
    expect(hostLinks(sink.received[0]).page).toBe(
      `/h/${tokens.sign(TokenPurpose.HostResponse, { scopeId: round.id, contactId: people.Sara })}`,
    );

    // After the deadline: Skåne, still silent, has no answer; the second reminder is skipped; the page says so.
    const saraPage = hostLinks(sink.received[0]).page;
    setNow(new Date('2100-01-01T00:30:00+01:00'));
    await maintenance().startDue();
    await maintenance().startDue();
    b = await board(round.id);
    expect(b['Region Skåne'].status).toBe('no_answer');
    expect(b['Region Gotland'].status).toBe('interested');
    const skaneHistory = (
      await admin.get(`/api/rounds/${round.id}/regions/${regions['Region Skåne']}/history`).expect(200)
    ).body.items;
    expect(skaneHistory.filter((e: { cause: string }) => e.cause === 'deadline')).toHaveLength(1);
    const late = (await admin.get(`/api/outreach-sends/${send.id}/progress`).expect(200)).body;
    expect(late.reminders[1]).toMatchObject({
      mailingId: null,
      skippedReason: 'Sista svarsdag för värdförfrågan har passerat',
    });
    const beforeLate = await counts();
    expect((await request(t.server).get(saraPage).expect(200)).text).toContain('Sista svarsdag har passerat');
    await request(t.server).post(saraPage).type('form').send({ svar: 'ja' }).expect(410);
    expect(await counts()).toEqual(beforeLate);
    jest.restoreAllMocks();
  });

  it('a cancelled send skips its reminders, and they never go out', async () => {
    const round = (await admin.post('/api/rounds').send({ name: 'Avbruten omgång' }).expect(201)).body;
    const send = (
      await admin
        .post(`/api/rounds/${round.id}/host-requests`)
        .send({
          fromName: 'Kansliet',
          fromAddress: 'kansli@example.se',
          remindAfterDays: 3,
          maxReminders: 2,
          audience: { roles: ['kulturchef'], regionIds: [regions['Region Skåne']] },
        })
        .expect(201)
    ).body;
    sink.received.length = 0;
    const startedAt = realNow();
    setNow(startedAt);
    await admin.post(`/api/outreach-sends/${send.id}/start`).expect(200);
    await waitFor(
      () => sink.received.length,
      (n) => n >= 1,
    );
    expect(sink.received.map((r) => r.to)).toEqual(['sara@exempel.se']);
    const cancelled = (await admin.post(`/api/outreach-sends/${send.id}/cancel`).expect(200)).body;
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.reminders.map((r: { skippedReason: string }) => r.skippedReason)).toEqual([
      'Utskicket avbröts',
      'Utskicket avbröts',
    ]);
    setNow(new Date(startedAt.getTime() + 30 * DAY));
    expect(await maintenance().startDue()).toEqual([]);
    expect(sink.received).toHaveLength(1);
    jest.restoreAllMocks();
  });

  it('a reminder started is withdrawn from whoever answered, or whose region did, before their message went out', async () => {
    const round = (
      await admin
        .post('/api/rounds')
        .send({ name: 'Återkallade påminnelser', responseDeadline: '2099-12-31' })
        .expect(201)
    ).body;
    const send = (
      await admin
        .post(`/api/rounds/${round.id}/host-requests`)
        .send({
          fromName: 'Kansliet',
          fromAddress: 'kansli@example.se',
          remindAfterDays: 3,
          maxReminders: 1,
          audience: {
            roles: ['kulturchef'],
            regionIds: [regions['Region Dalarna'], regions['Region Skåne']],
          },
        })
        .expect(201)
    ).body;
    sink.received.length = 0;
    const startedAt = realNow();
    setNow(startedAt);
    await admin.post(`/api/outreach-sends/${send.id}/start`).expect(200);
    await waitFor(
      () => sink.received.length,
      (n) => n >= 3,
    );
    expect(sink.received.map((r) => r.to).sort()).toEqual([
      'erik@exempel.se',
      'eva@exempel.se',
      'sara@exempel.se',
    ]);

    // The reminder starts for all three (nobody has answered), but its messages are held: its mailing is
    // paused before they are queued. Meanwhile Erik answers for Dalarna; then the reminder is resumed.
    sink.received.length = 0;
    setNow(new Date(startedAt.getTime() + 3 * DAY + 60_000));
    const outreach = t.app.get(OutreachSendsService);
    const afterStart = outreach.afterStart.bind(outreach);
    const held = jest.spyOn(outreach, 'afterStart').mockImplementationOnce(async (mailingId, empty) => {
      await admin.post(`/api/outreach-sends/${send.id}/pause`).send({}).expect(200);
      await afterStart(mailingId, empty);
    });
    // The worker's own maintenance run may start it first (the clock is moved for it too): either way once.
    await maintenance().startDue();
    const [{ reminderId }] = await waitFor<{ reminderId: string }[]>(
      () =>
        t.dataSource.query(
          `SELECT mailing_id AS "reminderId" FROM due_reminders WHERE send_id = $1 AND mailing_id IS NOT NULL`,
          [send.id],
        ),
      (rows) => rows.length === 1,
    );
    await waitFor(
      () => held.mock.calls.length,
      (n) => n === 1,
    );
    held.mockRestore();
    expect(reminderId).toBeDefined();
    const erikPage = `/h/${t.app.get(PublicTokenService).sign(TokenPurpose.HostResponse, { scopeId: round.id, contactId: people.Erik })}`;
    await request(t.server).post(erikPage).type('form').send({ svar: 'ja' }).expect(200);
    expect(sink.received).toHaveLength(0);
    await admin.post(`/api/outreach-sends/${send.id}/resume`).expect(200);
    const progress = await waitFor(
      async () => (await admin.get(`/api/outreach-sends/${send.id}/progress`).expect(200)).body,
      (p) => p.reminders[0].progress?.status === 'finished',
    );
    expect(progress.reminders[0].progress.counts).toMatchObject({ sent: 1, withdrawn: 2 });

    // Only Sara, whose region still waits, is reminded; Erik answered, Eva's region answered through him.
    expect(sink.received.map((r) => r.to)).toEqual(['sara@exempel.se']);
    const rows: { contact_id: string; status: string; last_error: string | null }[] =
      await t.dataSource.query(
        `SELECT contact_id, status, last_error FROM mailing_recipients WHERE mailing_id = $1`,
        [reminderId],
      );
    const byPerson = new Map(rows.map((r) => [r.contact_id, r]));
    expect(byPerson.get(people.Erik)).toMatchObject({
      status: 'withdrawn',
      last_error: 'Personen har redan svarat på värdförfrågan',
    });
    expect(byPerson.get(people.Eva)?.status).toBe('withdrawn');
    expect(byPerson.get(people.Eva)?.last_error).toMatch(/^Regionen väntar inte längre på svar: /);
    expect(byPerson.get(people.Sara)).toMatchObject({ status: 'sent', last_error: null });
    jest.restoreAllMocks();
  });
});
