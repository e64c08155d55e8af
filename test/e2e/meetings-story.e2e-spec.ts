import { Clock } from '@app/common';
import { SendingMaintenance } from '@app/sending';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import ICAL from 'ical.js';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { loginAsAdmin, LoggedIn } from '../support/login';
import { Received, Sink, startSink } from '../support/smtp-sink';
import { createTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

/**
 * The whole story of a round, over HTTP and SMTP only (the clock is the one thing the test moves): 21 region
 * culture chiefs are asked to host; 6 say yes, 2 maybe, 5 no and 8 never, by posting to the links in the mail
 * they received; reminders reach only the silent, in the thread of the request; the deadline turns the silent
 * to "no answer". Six meetings are created; 1000 contacts of 22 member and 7 partner organisations, imported
 * from one mixed file, are invited; some answer through their links; reminders reach only the rest, threaded;
 * a waitlist moves up; a meeting moves and its "yes" and "maybe" people get an updated calendar event; check-in
 * is done with a walk-in; the round report shows exactly what the story made happen, and so do its CSV and
 * XLSX exports.
 */

const BASE = 'http://crm.example.se';

const AGREED = [
  'Region Sörmland',
  'Västra Götalandsregionen',
  'Region Gävleborg',
  'Region Dalarna',
  'Region Norrbotten',
  'Region Jämtland Härjedalen',
];
const MAYBE = ['Region Uppsala', 'Region Skåne'];
const DECLINED = [
  'Region Stockholm',
  'Region Gotland',
  'Region Halland',
  'Region Kronoberg',
  'Region Blekinge',
];
const PARTNERS = [
  'Riksteatern',
  'Ideell kulturallians',
  'Folkets Hus och Parker',
  'Sensus',
  'Hela Sverige ska leva',
  'Skådebanan',
  'Studiefrämjandet',
];
const MEMBERS = Array.from({ length: 22 }, (_, i) => `Medlemsförbund ${String(i + 1).padStart(2, '0')}`);
/** Members 1–13 send people who come; 14–22 do not ("13 av 22"). */
const ATTENDING_MEMBERS = new Set(MEMBERS.slice(0, 13));

interface Person {
  i: number;
  email: string;
  organization: string;
  kind: 'member' | 'partner';
  meeting: number;
  id?: string;
}

/** Contact i: members 0–929 (organisation i mod 22), partners 930–999 (i mod 7); invited to meeting i mod 6. */
const PEOPLE: Person[] = Array.from({ length: 1000 }, (_, i) => ({
  i,
  email: `person${String(i).padStart(4, '0')}@medlem.example.se`,
  organization: i < 930 ? MEMBERS[i % 22] : PARTNERS[i % 7],
  kind: i < 930 ? 'member' : 'partner',
  meeting: i % 6,
}));

function contactsCsv(regionNames: string[]): Buffer {
  const lines = ['Förnamn;Efternamn;E-post;Organisation;Organisationstyp;Region;Roll'];
  regionNames.forEach((name, r) => {
    lines.push(`Kultur;Chef ${r + 1};${chiefEmail(name)};${name};Region;${name};kulturchef`);
  });
  for (const p of PEOPLE) {
    const kind = p.kind === 'member' ? 'Medlemsorganisation' : 'Samarbetspartner';
    const region = AGREED[p.meeting];
    lines.push(`Person;Nummer ${p.i};${p.email};${p.organization};${kind};${region};medlem`);
  }
  return Buffer.from('\ufeff' + lines.join('\r\n') + '\r\n', 'utf8');
}

function chiefEmail(regionName: string): string {
  const slug = regionName
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z]+/g, '-');
  return `kulturchef.${slug}@region.example.se`;
}

/** The links of a received message that start with `prefix` (/h/ or /r/), as paths on our server. */
function linksIn(mail: Received, prefix: string): string[] {
  const html = mail.parsed.html || '';
  return [...html.matchAll(/href="([^"]+)"/g)]
    .map((m) => m[1].replace(/&amp;/g, '&').replace(/&#x3D;/g, '='))
    .filter((href) => href.startsWith(`${BASE}${prefix}`))
    .map((href) => href.slice(BASE.length));
}

function answerLink(mail: Received, prefix: string, word: 'ja' | 'nej' | 'kanske'): string {
  const link = linksIn(mail, prefix).find((l) => l.endsWith(`?svar=${word}`));
  if (!link) throw new Error(`Ingen länk ${prefix}…?svar=${word} i brevet till ${mail.to}`);
  return link.split('?')[0];
}

function calendarOf(mail: Received): { method: string; uid: string; sequence: number; start: string } {
  const ics = mail.parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  if (!ics) throw new Error(`Ingen kalenderfil i brevet till ${mail.to}`);
  const calendar = new ICAL.Component(ICAL.parse(ics.content.toString('utf8')));
  const event = calendar.getFirstSubcomponent('vevent')!;
  return {
    method: String(calendar.getFirstPropertyValue('method')),
    uid: String(event.getFirstPropertyValue('uid')),
    sequence: Number(event.getFirstPropertyValue('sequence')),
    start: `${event.getFirstProperty('dtstart')!.getParameter('tzid')} ${String(event.getFirstPropertyValue('dtstart'))}`,
  };
}

const headerOf = (mail: Received, name: string): string =>
  String(mail.parsed.headers.get(name) ?? '')
    .replace(/^<|>$/g, '')
    .trim();

function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

describe('A round told end to end: host requests, six meetings, 1000 invitations, answers, reminders, check-in, report', () => {
  let sink: Sink;
  let t: TestApp;
  let admin: LoggedIn;
  let clock: Clock;
  const regionId: Record<string, number> = {};
  let roundId: string;
  const meetingIds: string[] = [];
  const invitationMessageId = new Map<string, string>();
  const invitations = new Map<string, Received>();

  const setNow = (iso: string) => jest.spyOn(clock, 'now').mockReturnValue(new Date(iso));
  const mailTo = (email: string) => sink.received.filter((r) => r.to === email);
  const post = (path: string, form: Record<string, string>) =>
    request(t.server).post(path).type('form').send(form);

  async function startSend(sendId: string): Promise<void> {
    await admin.post(`/api/outreach-sends/${sendId}/start`).send({}).expect(200);
  }

  async function runMaintenance(): Promise<void> {
    await t.app.get(SendingMaintenance).run();
  }

  beforeAll(async () => {
    sink = await startSink();
    t = await createTestApp({
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: sink.url,
      PUBLIC_BASE_URL: BASE,
      SEND_RATE_PER_MINUTE: '0',
    });
    admin = await loginAsAdmin(t);
    clock = t.app.get(Clock);
    const regions = await admin.get('/api/regions').expect(200);
    for (const r of regions.body.items as { id: number; name: string }[]) regionId[r.name] = r.id;
    expect(Object.keys(regionId)).toHaveLength(21);
  }, 120_000);

  afterAll(async () => {
    jest.restoreAllMocks();
    await t?.close();
    await sink?.close();
  });

  it('imports one mixed file: region chiefs, member recipients and partners, each organisation of its kind', async () => {
    const upload = await admin
      .post('/api/imports/contacts')
      .attach('file', contactsCsv(Object.keys(regionId)), {
        filename: 'kontakter.csv',
        contentType: 'text/csv',
      })
      .expect(202);
    const done = await waitFor(
      async () => (await admin.get(`/api/imports/${upload.body.id}`).expect(200)).body,
      (b) => b.status === 'completed' || b.status === 'failed',
    );
    expect(done).toMatchObject({ status: 'completed', created: 1021, skipped: 0 });

    const kinds = await t.dataSource.query(
      `SELECT kind, count(*)::int AS n, count(region_id)::int AS with_region FROM organizations GROUP BY kind ORDER BY kind`,
    );
    expect(kinds).toEqual([
      { kind: 'member', n: 22, with_region: 0 },
      { kind: 'partner', n: 7, with_region: 0 },
      { kind: 'region', n: 21, with_region: 21 },
    ]);
    for (let page: string | null = null, first = true; first || page; first = false) {
      const res: request.Response = await admin
        .get(`/api/contacts?q=medlem.example.se&limit=500${page ? `&cursor=${page}` : ''}`)
        .expect(200);
      for (const c of res.body.items as { id: string; email: string }[]) {
        const person = PEOPLE.find((p) => p.email === c.email);
        if (person) person.id = c.id;
      }
      page = res.body.nextCursor;
    }
    expect(PEOPLE.filter((p) => !p.id)).toEqual([]);
  });

  it('asks the 21 culture chiefs; 6 say yes, 2 maybe, 5 no, 8 never; reminders reach only the silent, threaded', async () => {
    const round = await admin
      .post('/api/rounds')
      .send({ name: 'Regional närvaro 2016–2017', responseDeadline: '2027-01-31' })
      .expect(201);
    roundId = round.body.id;
    const hostRequest = await admin
      .post(`/api/rounds/${roundId}/host-requests`)
      .send({
        fromName: 'Förbundets kansli',
        fromAddress: 'kansli@example.se',
        remindAfterDays: 7,
        maxReminders: 1,
      })
      .expect(201);
    setNow('2026-12-07T08:00:00Z');
    await startSend(hostRequest.body.id);
    await waitFor(
      () => sink.received.length,
      (n) => n >= 21,
    );
    expect(new Set(sink.received.map((r) => r.to))).toEqual(new Set(Object.keys(regionId).map(chiefEmail)));

    const firstMessageId = new Map(sink.received.map((r) => [r.to, headerOf(r, 'message-id')]));
    const answer = async (names: string[], word: 'ja' | 'kanske' | 'nej') => {
      for (const name of names) {
        const [mail] = mailTo(chiefEmail(name));
        const page = answerLink(mail, '/h/', word);
        // A scanner opening the link changes nothing.
        await request(t.server).get(`${page}?svar=${word}`).expect(200);
        await request(t.server).head(page).expect(200);
        const unchanged = await admin.get(`/api/rounds/${roundId}/regions`).expect(200);
        expect(
          unchanged.body.items.find((r: { regionId: number }) => r.regionId === regionId[name]).status,
        ).toBe('asked');
        await post(page, { svar: word, kommentar: `Svar från ${name}` }).expect(200);
      }
    };
    const boardBefore = await admin.get(`/api/rounds/${roundId}/regions`).expect(200);
    expect(boardBefore.body.items.every((r: { status: string }) => r.status === 'asked')).toBe(true);
    await answer(AGREED, 'ja');
    await answer(MAYBE, 'kanske');
    await answer(DECLINED, 'nej');

    // A week later the reminder goes to the eight who never answered, in the thread of their request.
    sink.received.length = 0;
    setNow('2026-12-14T09:00:00Z');
    await runMaintenance();
    const silent = Object.keys(regionId).filter((n) => ![...AGREED, ...MAYBE, ...DECLINED].includes(n));
    expect(silent).toHaveLength(8);
    await waitFor(
      () => sink.received.length,
      (n) => n >= 8,
    );
    await runMaintenance(); // a second run sends nothing again
    expect(sink.received.map((r) => r.to).sort()).toEqual(silent.map(chiefEmail).sort());
    for (const mail of sink.received) {
      expect(headerOf(mail, 'in-reply-to')).toBe(firstMessageId.get(mail.to));
      expect(String(mail.parsed.headers.get('references') ?? '')).toContain(firstMessageId.get(mail.to)!);
    }

    // After the deadline the silent are "no answer".
    setNow('2027-02-01T07:00:00Z');
    await runMaintenance();
    const board = await admin.get(`/api/rounds/${roundId}/regions`).expect(200);
    const statusOf = (name: string) =>
      board.body.items.find((r: { regionId: number }) => r.regionId === regionId[name]).status;
    expect(board.body.items).toHaveLength(21);
    for (const n of AGREED) expect(statusOf(n)).toBe('agreed');
    for (const n of MAYBE) expect(statusOf(n)).toBe('interested');
    for (const n of DECLINED) expect(statusOf(n)).toBe('declined');
    for (const n of silent) expect(statusOf(n)).toBe('no_answer');
  });

  it('creates six meetings and invites the 1000, each message with its calendar event', async () => {
    for (const [k, name] of AGREED.entries()) {
      const day = String(14 + k).padStart(2, '0');
      const meeting = await admin
        .post('/api/meetings')
        .send({
          roundId,
          regionId: regionId[name],
          title: `Dialogmöte ${name}`,
          startsAt: `2027-03-${day}T18:00`,
          endsAt: `2027-03-${day}T20:00`,
          venue: 'Kulturhuset',
          address: 'Storgatan 1',
          city: `Stad ${k + 1}`,
          capacity: k === 0 ? 15 : null,
          rsvpDeadline: '2027-03-10',
        })
        .expect(201);
      meetingIds.push(meeting.body.id);
    }
    const board = await admin.get(`/api/rounds/${roundId}/regions`).expect(200);
    for (const name of AGREED) {
      const row = board.body.items.find((r: { regionId: number }) => r.regionId === regionId[name]);
      expect(row.status).toBe('meeting_scheduled');
      expect(row.meeting).toBeTruthy();
    }

    sink.received.length = 0;
    setNow('2027-02-02T08:00:00Z');
    for (const [k, meetingId] of meetingIds.entries()) {
      const invitees = PEOPLE.filter((p) => p.meeting === k).map((p) => p.id!);
      const invitation = await admin
        .post(`/api/meetings/${meetingId}/invitations`)
        .send({
          fromName: 'Förbundets kansli',
          fromAddress: 'kansli@example.se',
          audience: { contactIds: invitees },
          remindAfterDays: 5,
          maxReminders: 1,
        })
        .expect(201);
      await startSend(invitation.body.id);
    }
    await waitFor(
      () => sink.received.length,
      (n) => n >= 1000,
      120_000,
    );
    expect(new Set(sink.received.map((r) => r.to)).size).toBe(1000);
    for (const mail of sink.received) {
      invitationMessageId.set(mail.to, headerOf(mail, 'message-id'));
      invitations.set(mail.to, mail);
    }
    const sample = mailTo(PEOPLE[3].email)[0];
    expect(sample.parsed.subject).toBeTruthy();
    expect(calendarOf(sample)).toMatchObject({
      method: 'REQUEST',
      sequence: 0,
      start: 'Europe/Stockholm 2027-03-17T18:00:00',
    });
  });

  /** Per meeting: yes from 16 members of attending organisations and 2 partners, then 4 no and 3 maybe. */
  const plan = (k: number) => {
    const invitees = PEOPLE.filter((p) => p.meeting === k);
    const yes = [
      ...invitees.filter((p) => ATTENDING_MEMBERS.has(p.organization)).slice(0, 16),
      ...invitees.filter((p) => p.kind === 'partner').slice(0, 2),
    ];
    const rest = invitees.filter((p) => !yes.includes(p));
    return { invitees, yes, no: rest.slice(0, 4), maybe: rest.slice(4, 7), silent: rest.slice(7) };
  };

  it('records answers from the links in the mail; beyond capacity is waitlisted, and a cancellation moves the first up', async () => {
    sink.received.length = 0;
    setNow('2027-02-03T12:00:00Z');
    for (const k of meetingIds.keys()) {
      const { yes, no, maybe } = plan(k);
      for (const [people, word] of [
        [yes, 'ja'],
        [no, 'nej'],
        [maybe, 'kanske'],
      ] as const) {
        for (const p of people) {
          const page = answerLink(await invitationOf(p), '/r/', word);
          await request(t.server).get(`${page}?svar=${word}`).expect(200);
          await post(page, { svar: word, kost: p.i % 5 === 0 ? 'Vegetarisk' : '' }).expect(200);
        }
      }
    }
    // Meeting 1 has 15 places: of its 18 yes, the last three wait.
    const m0 = plan(0);
    const states = async (meetingId: string) =>
      Object.fromEntries(
        (
          await t.dataSource.query(
            `SELECT state, count(*)::int AS n FROM meeting_responses WHERE meeting_id = $1 GROUP BY state`,
            [meetingId],
          )
        ).map((r: { state: string; n: number }) => [r.state, r.n]),
      );
    expect(await states(meetingIds[0])).toEqual({
      yes: 15,
      waitlisted: 3,
      no: 4,
      maybe: 3,
      invited: m0.silent.length,
    });
    expect(await states(meetingIds[1])).toEqual({ yes: 18, no: 4, maybe: 3, invited: plan(1).silent.length });

    // Confirmations: one per yes, with the calendar event; the waitlisted get a waitlist notice without one.
    const confirmed = await waitFor(
      () =>
        sink.received.filter((r) =>
          r.parsed.attachments.some((a) => a.contentType.startsWith('text/calendar')),
        ),
      (list) => list.length >= 15 + 5 * 18,
    );
    expect(new Set(confirmed.map((r) => r.to)).size).toBe(15 + 5 * 18);
    const waiting = m0.yes.slice(15);
    await waitFor(
      () => waiting.every((p) => mailTo(p.email).length === 1),
      (ok) => ok,
    );

    // The first yes of meeting 1 cancels: the first on the waitlist gets the place and a confirmation.
    const [leaving] = m0.yes;
    sink.received.length = 0;
    const page = answerLink(await invitationOf(leaving), '/r/', 'nej');
    await post(page, { svar: 'nej' }).expect(200);
    await waitFor(
      () => mailTo(waiting[0].email),
      (m) => m.length === 1,
    );
    expect(calendarOf(mailTo(waiting[0].email)[0]).method).toBe('REQUEST');
    expect(await states(meetingIds[0])).toMatchObject({ yes: 15, waitlisted: 2, cancelled: 1 });
    expect(mailTo(waiting[1].email)).toHaveLength(0);
  });

  /** The invitation a person received, as the sink got it. */
  async function invitationOf(p: Person): Promise<Received> {
    const kept = invitations.get(p.email);
    if (!kept) throw new Error(`Ingen inbjudan sparad för ${p.email}`);
    return kept;
  }

  it('reminds only those who have not answered, in the thread of their invitation', async () => {
    sink.received.length = 0;
    setNow('2027-02-07T09:00:00Z');
    await runMaintenance();
    const silent = meetingIds.flatMap((_, k) => plan(k).silent);
    await waitFor(
      () => sink.received.length,
      (n) => n >= silent.length,
      120_000,
    );
    await runMaintenance();
    expect(sink.received.map((r) => r.to).sort()).toEqual(silent.map((p) => p.email).sort());
    for (const mail of sink.received) {
      expect(headerOf(mail, 'in-reply-to')).toBe(invitationMessageId.get(mail.to));
    }
  });

  it('moves a meeting: its yes, maybe and waitlisted people get the updated event, nobody who said no', async () => {
    sink.received.length = 0;
    const k = 1;
    await admin
      .patch(`/api/meetings/${meetingIds[k]}`)
      .send({ startsAt: '2027-03-15T17:00', endsAt: '2027-03-15T19:00' })
      .expect(200);
    const { yes, maybe, no } = plan(k);
    await waitFor(
      () => sink.received.length,
      (n) => n >= yes.length + maybe.length,
    );
    expect(sink.received.map((r) => r.to).sort()).toEqual([...yes, ...maybe].map((p) => p.email).sort());
    for (const mail of sink.received) {
      expect(calendarOf(mail)).toMatchObject({
        method: 'REQUEST',
        sequence: 1,
        start: 'Europe/Stockholm 2027-03-15T17:00:00',
      });
    }
    expect(sink.received.some((r) => no.some((p) => p.email === r.to))).toBe(false);
  });

  it('checks people in (a repeated check-in counts once) and adds a walk-in', async () => {
    setNow('2027-03-20T18:00:00Z');
    for (const [k, meetingId] of meetingIds.entries()) {
      const { yes } = plan(k);
      const coming = k === 0 ? yes.slice(1, 15).concat(yes[15]) : yes;
      // The last two members who said yes stay away; everybody else comes.
      const members = coming.filter((p) => p.kind === 'member');
      const away = new Set(members.slice(-2));
      for (const p of coming) {
        const body = {
          clientId: randomUUID(),
          contactId: p.id,
          attendance: away.has(p) ? 'no_show' : 'attended',
        };
        await admin.post(`/api/meetings/${meetingId}/check-ins`).send(body).expect(200);
        if (p === coming[0]) await admin.post(`/api/meetings/${meetingId}/check-ins`).send(body).expect(200);
      }
      // The check-in sent twice is one operation and one line of history.
      const [{ n }] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM meeting_response_events
          WHERE meeting_id = $1 AND contact_id = $2 AND cause = 'check_in'`,
        [meetingId, coming[0].id],
      );
      expect(n).toBe(1);
      const [{ ops }] = await t.dataSource.query(
        `SELECT count(*)::int AS ops FROM check_in_operations WHERE meeting_id = $1`,
        [meetingId],
      );
      expect(ops).toBe(coming.length);
    }
    const walkIn = {
      clientId: randomUUID(),
      firstName: 'Spontan',
      lastName: 'Besökare',
      organizationName: MEMBERS[0],
    };
    await admin.post(`/api/meetings/${meetingIds[2]}/walk-ins`).send(walkIn).expect(200);
    await admin.post(`/api/meetings/${meetingIds[2]}/walk-ins`).send(walkIn).expect(200);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM contacts WHERE first_name = 'Spontan'`,
    );
    expect(n).toBe(1);
    for (const id of meetingIds)
      await admin.patch(`/api/meetings/${id}`).send({ status: 'held' }).expect(200);
  });

  /** What the story made happen, computed from the plan (not typed in). */
  function expected() {
    const attended: Person[] = [];
    for (const k of meetingIds.keys()) {
      const { yes } = plan(k);
      const coming = k === 0 ? yes.slice(1, 15).concat(yes[15]) : yes;
      const members = coming.filter((p) => p.kind === 'member');
      const away = new Set(members.slice(-2));
      attended.push(...coming.filter((p) => !away.has(p)));
    }
    const members = new Set(attended.filter((p) => p.kind === 'member').map((p) => p.organization));
    members.add(MEMBERS[0]); // the walk-in's
    const partners = new Set(attended.filter((p) => p.kind === 'partner').map((p) => p.organization));
    return { participants: attended.length + 1, members, partners };
  }

  it('reports the round exactly as the story went, in JSON, CSV and XLSX', async () => {
    const want = expected();
    expect(want.members.size).toBe(13);
    const report = (await admin.get(`/api/rounds/${roundId}/report`).expect(200)).body;
    expect(report.regions).toMatchObject({
      total: 21,
      asked: 21,
      agreed: 6,
      interested: 2,
      declined: 5,
      noAnswer: 8,
    });
    expect(report.meetingsHeld).toBe(6);
    expect(report.distinctParticipants).toBe(want.participants);
    expect(report.attendances).toBe(want.participants);
    expect(report.memberOrganizations).toMatchObject({ total: 22, present: 13 });
    expect([...report.memberOrganizations.presentNames].sort()).toEqual([...want.members].sort());
    expect([...report.memberOrganizations.missingNames].sort()).toEqual(
      MEMBERS.filter((m) => !want.members.has(m)).sort(),
    );
    expect([...report.partnerOrganizationsPresent].sort()).toEqual([...want.partners].sort());
    const m0 = report.meetings.find(
      (x: { meeting: { id: string } }) => x.meeting.id === meetingIds[0],
    ).numbers;
    const m2 = report.meetings.find(
      (x: { meeting: { id: string } }) => x.meeting.id === meetingIds[2],
    ).numbers;
    expect(m2).toMatchObject({ yes: 18, attended: 16 + 1, noShow: 2, walkIns: 1 });
    expect(m0).toMatchObject({
      invited: plan(0).invitees.length,
      yes: 15,
      no: 4,
      maybe: 3,
      waitlisted: 2,
      cancelled: 1,
    });

    const csv = await admin
      .get(`/api/rounds/${roundId}/report/export?format=csv`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const rows: string[][] = parse(csv.body.toString('utf8'), {
      delimiter: ';',
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
    });
    const cell = (label: string) => rows.find((r) => r[0] === label)?.[1];
    expect(cell('Regioner som sagt ja (även med möte planerat eller genomfört)')).toBe('6');
    expect(cell('Regioner utan svar')).toBe('8');
    expect(cell('Deltagare (unika personer)')).toBe(String(want.participants));
    expect(cell('Medlemsorganisationer närvarande')).toBe('13');
    expect(cell('Medlemsorganisationer totalt')).toBe('22');
    expect(rows.some((r) => r[0] === 'Medlemsorganisationer: 13 av 22 deltog')).toBe(true);

    const xlsx = await admin
      .get(`/api/rounds/${roundId}/report/export?format=xlsx`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    expect(book.worksheets).toHaveLength(1 + 6);
    const summary = book.getWorksheet('Sammanfattning')!;
    const valueOf = (label: string) => {
      let found: unknown;
      summary.eachRow((row) => {
        if (row.getCell(1).value === label) found = row.getCell(2).value;
      });
      return found;
    };
    expect(valueOf('Regioner som avböjt')).toBe(5);
    expect(valueOf('Deltagare (unika personer)')).toBe(want.participants);
    expect(valueOf('Medlemsorganisationer närvarande')).toBe(13);
    expect(valueOf('Partnerorganisationer närvarande')).toBe(want.partners.size);
  });
});
