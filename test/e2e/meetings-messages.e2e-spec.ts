import { ContactsService } from '@app/crm';
import { TemplatesService } from '@app/mail';
import { AnswerLinks, MeetingResponsesRepository, MeetingsRepository, RoundsService } from '@app/meetings';
import { MailingLifecycle } from '@app/sending';
import ICAL from 'ical.js';
import type { ParsedMail } from 'mailparser';
import request from 'supertest';
import { createUserAndLogin, LoggedIn } from '../support/login';
import { Received, Sink, startSink } from '../support/smtp-sink';
import { createTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

interface Calendar {
  method: string;
  uid: string;
  sequence: number;
  status: string;
  tzid: string;
  start: string;
  attendee: string | null;
  url: string | null;
}

function calendarOf(mail: ParsedMail): Calendar | null {
  const file = mail.attachments.find((a) => a.contentType === 'text/calendar');
  if (!file) return null;
  const calendar = new ICAL.Component(ICAL.parse(file.content.toString('utf8')));
  const event = calendar.getFirstSubcomponent('vevent')!;
  const start = event.getFirstProperty('dtstart')!;
  return {
    method: String(calendar.getFirstPropertyValue('method')),
    uid: String(event.getFirstPropertyValue('uid')),
    sequence: Number(event.getFirstPropertyValue('sequence')),
    status: String(event.getFirstPropertyValue('status')),
    tzid: String(start.getParameter('tzid')),
    start: (start.getFirstValue() as ICAL.Time).toString(),
    attendee: event.getFirstPropertyValue('attendee')
      ? String(event.getFirstPropertyValue('attendee'))
      : null,
    url: event.getFirstPropertyValue('url') ? String(event.getFirstPropertyValue('url')) : null,
  };
}

/**
 * Meeting mail end to end, through the engine and a real SMTP server: invitations with their calendar file,
 * confirmations after every yes (exactly once each), waitlist notices and move-ups, change and cancellation
 * notices to those coming (and nobody who said no).
 */
describe('meeting messages (invitation, confirmation, notices) through the engine', () => {
  let sink: Sink;
  let t: TestApp;
  let editor: LoggedIn;
  let links: AnswerLinks;
  let roundId: string;
  let seq = 0;

  beforeAll(async () => {
    sink = await startSink();
    t = await createTestApp(
      {
        MAIL_TRANSPORT: 'smtp',
        SMTP_URL: sink.url,
        PUBLIC_BASE_URL: 'http://crm.example.se',
        SEND_RATE_PER_MINUTE: '0',
        MAIL_FROM_NAME: 'Förbundets kansli',
        MAIL_FROM_ADDRESS: 'kansli@forbundet.se',
      },
      { withWorker: true },
    );
    editor = await createUserAndLogin(t, 'editor');
    links = t.app.get(AnswerLinks);
    ({ id: roundId } = await t.app.get(RoundsService).create({ name: 'Prov' }, {}));
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  async function meeting(capacity: number | null = null): Promise<string> {
    const res = await editor.post('/api/meetings').send({
      roundId,
      regionId: 1,
      title: 'Dialogmöte i Stockholm',
      startsAt: '2099-03-14T18:00',
      endsAt: '2099-03-14T20:00',
      venue: 'Kulturhuset',
      address: 'Sergels torg 3',
      city: 'Stockholm',
      capacity,
      rsvpDeadline: '2099-03-10',
    });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id;
  }

  async function people(meetingId: string, ...names: string[]): Promise<{ id: string; email: string }[]> {
    const out: { id: string; email: string }[] = [];
    for (const name of names) {
      const email = `${name.toLowerCase()}.${++seq}@exempel.se`;
      const language = name === 'John' ? 'en' : 'sv';
      const c = await t.app
        .get(ContactsService)
        .create({ firstName: name, lastName: 'Prov', email, language });
      out.push({ id: c.id, email });
    }
    await t.dataSource.transaction((m) =>
      t.app.get(MeetingResponsesRepository).recordInvited(
        m,
        meetingId,
        out.map((p) => p.id),
      ),
    );
    return out;
  }

  const answer = (meetingId: string, contactId: string, svar: string) =>
    request(t.server)
      .post(`/r/${links.rsvpToken(meetingId, contactId)}`)
      .type('form')
      .send({ svar })
      .expect(200);
  const to = (email: string) => sink.received.filter((r) => r.to === email);
  const bySubject = (email: string, prefix: string): Received[] =>
    to(email).filter((r) => (r.parsed.subject ?? '').startsWith(prefix));

  it('an invitation carries the meeting variables, the answer links and a calendar file ical.js reads', async () => {
    const meetingId = await meeting();
    const [anna, john] = await people(meetingId, 'Anna', 'John');
    const template = await t.app.get(TemplatesService).findBuiltIn('mote-inbjudan');
    // The invitation send as the outreach engineer's service makes it: a send row, and a mailing scoped to it.
    const [{ id: sendId }] = await t.dataSource.query(
      `INSERT INTO outreach_sends (kind, round_id, meeting_id, title, template_id, from_name, from_address)
       VALUES ('invitation', $1, $2, 'Inbjudan', $3, 'Förbundets kansli', 'kansli@forbundet.se') RETURNING id`,
      [roundId, meetingId, template!.id],
    );
    const lookups = jest.spyOn(t.app.get(MeetingsRepository), 'findForInvitationSend');
    const lifecycle = t.app.get(MailingLifecycle);
    const { mailingId } = await t.dataSource.transaction((m) =>
      lifecycle.start(
        m,
        {
          purpose: 'invitation',
          scope: { type: 'invitation', id: sendId },
          title: 'Inbjudan',
          templateVersionId: template!.currentVersionId!,
          subject: null,
          fromName: 'Förbundets kansli',
          fromAddress: 'kansli@forbundet.se',
          replyTo: null,
          rateLimitPerMinute: null,
        },
        async (mm) =>
          t.app
            .get(MeetingResponsesRepository)
            .audience(mm, meetingId, ['yes', 'no', 'maybe', 'waitlisted', 'cancelled'])
            .orWhere('c.id IN (:...ids)', { ids: [anna.id, john.id] }),
      ),
    );
    await lifecycle.enqueue(mailingId);
    await waitFor(
      () => to(anna.email).length + to(john.email).length,
      (n) => n === 2,
    );
    expect(lookups).toHaveBeenCalledTimes(1);

    const sv = to(anna.email)[0].parsed;
    expect(sv.subject).toBe('Inbjudan: Dialogmöte i Stockholm lördag 14 mars 2099 kl. 18.00');
    expect(sv.text).toContain('lördag 14 mars 2099 kl. 18.00 (18.00–20.00)');
    expect(sv.text).toContain('Kulturhuset, Sergels torg 3, Stockholm');
    expect(sv.text).toContain('Svara senast: tisdag 10 mars 2099');
    const rsvpUrl = `http://crm.example.se/r/${links.rsvpToken(meetingId, anna.id)}`;
    expect(sv.html).toContain(`${rsvpUrl}?svar&#x3D;ja`);
    expect(calendarOf(sv)).toEqual({
      method: 'REQUEST',
      uid: `meeting-${meetingId}@crm.example.se`,
      sequence: 0,
      status: 'CONFIRMED',
      tzid: 'Europe/Stockholm',
      start: '2099-03-14T18:00:00',
      attendee: `MAILTO:${anna.email}`,
      url: rsvpUrl,
    });
    const en = to(john.email)[0].parsed;
    expect(en.subject).toBe('Invitation: Dialogmöte i Stockholm, Saturday 14 March 2099, 6 pm');
    expect(calendarOf(en)!.attendee).toBe(`MAILTO:${john.email}`);
  });

  it('a yes is confirmed exactly once with a calendar file; a full meeting waitlists, and a withdrawal moves the first up', async () => {
    const meetingId = await meeting(1);
    const [eva, bo, cia] = await people(meetingId, 'Eva', 'Bo', 'Cia');
    await answer(meetingId, eva.id, 'ja');
    await answer(meetingId, eva.id, 'ja'); // the same answer again: nothing new is sent
    await answer(meetingId, bo.id, 'ja');
    await answer(meetingId, cia.id, 'nej');
    await waitFor(
      () => to(eva.email).length + to(bo.email).length,
      (n) => n >= 2,
    );

    const confirmation = bySubject(eva.email, 'Bekräftelse')[0].parsed;
    expect(confirmation.text).toContain('Du är anmäld.');
    expect(calendarOf(confirmation)).toMatchObject({
      method: 'REQUEST',
      sequence: 0,
      attendee: `MAILTO:${eva.email}`,
    });
    const waiting = bySubject(bo.email, 'Väntelista')[0].parsed;
    expect(waiting.text).toContain('Du står på väntelistan');
    expect(calendarOf(waiting)).toBeNull();

    // Eva withdraws: Bo gets her place and a confirmation saying so, in the same transaction as her answer.
    await answer(meetingId, eva.id, 'nej');
    await waitFor(
      () => bySubject(bo.email, 'Bekräftelse').length,
      (n) => n === 1,
    );
    const promoted = bySubject(bo.email, 'Bekräftelse')[0].parsed;
    expect(promoted.text).toContain('Du har fått en plats');
    expect(calendarOf(promoted)!.method).toBe('REQUEST');

    // Exactly once each, by the ledger: wait until every meeting mailing has finished, then count.
    await waitFor(
      async () =>
        (
          await t.dataSource.query(
            `SELECT count(*)::int AS n FROM mailings WHERE scope_id = $1 AND status <> 'finished'`,
            [meetingId],
          )
        )[0].n,
      (n) => n === 0,
    );
    expect(to(eva.email).map((r) => r.parsed.subject?.split(':')[0])).toEqual(['Bekräftelse']);
    expect(
      to(bo.email)
        .map((r) => r.parsed.subject?.split(':')[0])
        .sort(),
    ).toEqual(['Bekräftelse', 'Väntelista']);
    expect(to(cia.email)).toEqual([]);
  });

  it('a confirmation whose turn comes after the person said no is withdrawn, not sent', async () => {
    const meetingId = await meeting();
    const [ada] = await people(meetingId, 'Ada');
    // Ada's confirmation is written with her yes but held from the queue until she has said no.
    const lifecycle = t.app.get(MailingLifecycle);
    const enqueueOne = lifecycle.enqueueOne.bind(lifecycle);
    const held: { mailingId: string; recipientId: string }[] = [];
    const hold = jest.spyOn(lifecycle, 'enqueueOne').mockImplementationOnce(async (oneOff) => {
      held.push(oneOff);
    });
    await answer(meetingId, ada.id, 'ja');
    await answer(meetingId, ada.id, 'nej');
    hold.mockRestore();
    expect(held).toHaveLength(1);
    await enqueueOne(held[0]);
    const [row] = await waitFor<{ status: string; last_error: string | null }[]>(
      () =>
        t.dataSource.query(`SELECT status, last_error FROM mailing_recipients WHERE id = $1`, [
          held[0].recipientId,
        ]),
      (rows) => rows[0]?.status !== 'pending' && rows[0]?.status !== 'sending',
    );
    expect(row).toEqual({ status: 'withdrawn', last_error: 'Personen har ändrat sitt svar: Avanmäld' });
    expect(to(ada.email)).toEqual([]);
  });

  it('moving a meeting tells yes, maybe and waitlisted with SEQUENCE+1 (not those who said no); cancelling sends METHOD:CANCEL', async () => {
    const meetingId = await meeting(1);
    const [ja, kanske, vantar, nej] = await people(meetingId, 'Ja', 'Kanske', 'Vantar', 'Nej');
    await answer(meetingId, ja.id, 'ja');
    await answer(meetingId, kanske.id, 'kanske');
    await answer(meetingId, vantar.id, 'ja');
    await answer(meetingId, nej.id, 'nej');
    const moved = await editor
      .patch(`/api/meetings/${meetingId}`)
      .send({ startsAt: '2099-03-15T18:00', endsAt: '2099-03-15T20:00' })
      .expect(200);
    expect(moved.body.calendarSequence).toBe(1);
    for (const p of [ja, kanske, vantar])
      await waitFor(
        () => bySubject(p.email, 'Ändrat').length,
        (n) => n === 1,
      );
    const change = bySubject(kanske.email, 'Ändrat')[0].parsed;
    expect(change.text).toContain('Tid eller plats för mötet har ändrats');
    expect(change.text).toContain('söndag 15 mars 2099 kl. 18.00');
    expect(calendarOf(change)).toMatchObject({
      method: 'REQUEST',
      uid: `meeting-${meetingId}@crm.example.se`,
      sequence: 1,
      start: '2099-03-15T18:00:00',
      attendee: `MAILTO:${kanske.email}`,
    });
    // A change that is not of time or place moves nothing and tells nobody.
    expect(
      (await editor.patch(`/api/meetings/${meetingId}`).send({ title: 'Nytt namn' }).expect(200)).body
        .calendarSequence,
    ).toBe(1);

    await editor
      .post(`/api/meetings/${meetingId}/cancel`)
      .send({ text: 'Vi ställer tyvärr in på grund av sjukdom.' })
      .expect(200);
    for (const p of [ja, kanske, vantar])
      await waitFor(
        () => bySubject(p.email, 'Inställt').length,
        (n) => n === 1,
      );
    const cancel = bySubject(vantar.email, 'Inställt')[0].parsed;
    expect(cancel.text).toContain('Vi ställer tyvärr in på grund av sjukdom.');
    expect(calendarOf(cancel)).toMatchObject({ method: 'CANCEL', sequence: 2, status: 'CANCELLED' });
    expect(to(nej.email)).toEqual([]);
    const notices = await t.dataSource.query(
      `SELECT kind, calendar_sequence FROM meeting_notices WHERE meeting_id = $1 ORDER BY created_at`,
      [meetingId],
    );
    expect(notices.map((n: { kind: string }) => n.kind)).toEqual(['waitlisted', 'change', 'cancellation']);
  });
});
