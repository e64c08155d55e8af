import { SuppressionsService } from '@app/crm';
import { TemplatesService } from '@app/mail';
import { DueReminder, HostResponse, OutreachSend } from '@app/meetings';
import { LedgerRepository, RecipientStatus } from '@app/sending';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { MeetingFixtures } from '../support/meeting-fixtures';
import { createUserAndLogin, LoggedIn } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';

/** Collects a binary response body (supertest only buffers text types by itself). */
function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

const FORMULA_ORG = '=HYPERLINK("http://x","klicka")';

/** The CSV as rows (BOM checked and dropped; ";" and CRLF). */
function csvRows(body: Buffer): string[][] {
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = body.toString('utf8').slice(1);
  expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  return parse(text, { delimiter: ';', record_delimiter: '\r\n', relax_column_count: true });
}

/** The value next to a label in a two-column table of a CSV or a sheet. */
function valueOf(rows: unknown[][], labelText: string): unknown {
  const row = rows.find((r) => r[0] === labelText);
  if (!row) throw new Error(`Ingen rad "${labelText}"`);
  return row[1];
}

function sheetRows(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

/**
 * The reports with exactly the numbers of a small scenario: a round over 21 regions in various states, three
 * meetings (one cancelled), organisations of every kind (one named like a formula), answers, attendance and a
 * walk-in; an invitation with a reminder and a host request in the ledger. JSON, CSV and XLSX agree.
 */
describe('meeting reports and exports over HTTP', () => {
  let t: TestApp;
  let editor: LoggedIn;
  let viewer: LoggedIn;
  let f: MeetingFixtures;
  let roundId: string;
  const meetings: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };
  const p: Record<string, string> = {};
  let invitationId: string;
  let hostRequestId: string;
  let invitationMailing: string;

  beforeAll(async () => {
    t = await createTestApp({}, { withWorker: false });
    editor = await createUserAndLogin(t, 'editor');
    viewer = await createUserAndLogin(t, 'viewer');
    f = new MeetingFixtures(t.app);
    const round = await f.round('Regional närvaro 2027');
    roundId = round.id;
    await f.regionStatus(roundId, 1, ['asked', 'agreed', 'meeting_scheduled', 'meeting_held']);
    await f.regionStatus(roundId, 2, ['asked', 'agreed']);
    await f.regionStatus(roundId, 3, ['asked', 'interested']);
    await f.regionStatus(roundId, 4, ['asked', 'declined']);
    await f.regionStatus(roundId, 5, ['asked']);
    await f.regionStatus(roundId, 6, ['asked', 'no_answer']);

    const m1 = await f.organization('Hembygdsförbundet', 'member');
    const m2 = await f.organization('Spelmansförbundet', 'member');
    const m3 = await f.organization(FORMULA_ORG, 'member');
    const m4 = await f.organization('Körförbundet', 'member');
    const p1 = await f.organization('Riksteatern', 'partner');
    await f.organization('Sensus', 'partner');
    const g1 = await f.organization('Region Västerbotten (org)', 'region', 20);

    p.a1 = await f.person('Anna', 'Ek', m1, undefined, 1);
    p.a2 = await f.person('Bo', 'Ek', m1, undefined, 1);
    p.a3 = await f.person('Cecilia', 'Fur', m2, undefined, 2);
    p.a4 = await f.person('David', 'Gran', p1);
    p.a5 = await f.person('=1+2', 'Hägg', m3);
    p.a6 = await f.person('Frida', 'Idegran', null);
    p.a7 = await f.person('Gustav', 'Jolon', g1);
    p.a8 = await f.person('Hanna', 'Kastanj', m2);
    p.b2 = await f.person('Ivar', 'Lind', m2);
    p.b3 = await f.person('Jenny', 'Lönn', p1);
    p.b4 = await f.person('Karl', 'Må', m1);
    p.c1 = await f.person('Lisa', 'Nypon', m4);

    meetings.a = (
      await f.meeting(roundId, 1, {
        title: 'Dialogmöte: Stockholm',
        startsAt: new Date('2027-03-14T17:00:00Z'),
      })
    ).id;
    meetings.b = (
      await f.meeting(roundId, 2, {
        title: 'Dialogmöte Uppsala',
        startsAt: new Date('2027-04-02T16:00:00Z'),
        status: 'held',
      })
    ).id;
    meetings.c = (
      await f.meeting(roundId, 3, {
        title: 'Dialogmöte Sörmland',
        startsAt: new Date('2027-05-01T16:00:00Z'),
        status: 'cancelled',
      })
    ).id;
    await f.response(meetings.a, p.a1, 'yes', 'attended', { diet: 'Vegetarisk' });
    await f.response(meetings.a, p.a2, 'yes', 'no_show', { diet: ' vegetarisk ' });
    await f.response(meetings.a, p.a3, 'maybe', 'attended', { accessibility: 'Hörslinga' });
    await f.response(meetings.a, p.a4, 'no');
    await f.response(meetings.a, p.a5, 'yes', 'attended');
    await f.response(meetings.a, p.a6, null);
    await f.response(meetings.a, p.a7, 'waitlisted', null, { diet: 'Glutenfri' });
    await f.response(meetings.a, p.a8, 'cancelled', null, { diet: 'Laktosfri' });
    await f.response(meetings.b, p.a1, 'yes', 'attended');
    await f.response(meetings.b, p.b2, 'yes', 'attended');
    await f.response(meetings.b, p.b3, 'yes', 'attended');
    await f.response(meetings.b, p.b4, 'no');
    await f.response(meetings.c, p.c1, 'yes', 'attended');
    // A walk-in at A, through the API: a new person without organisation.
    const walkIn = await editor
      .post(`/api/meetings/${meetings.a}/walk-ins`)
      .send({ clientId: randomUUID(), firstName: 'Olle', lastName: 'Oväntad' })
      .expect(200);
    p.w1 = walkIn.body.contactId;

    // The invitation to A and its reminder, in the ledger; a host request to three region contacts.
    const template = await t.app.get(TemplatesService).create({
      name: 'Inbjudan prov',
      purpose: 'invitation',
      sv: {
        subject: 'Inbjudan',
        mjml: '<mjml><mj-body><mj-section><mj-column><mj-text>Hej</mj-text></mj-column></mj-section></mj-body></mjml>',
      },
    });
    const ledger = t.app.get(LedgerRepository);
    const mailing = async (
      purpose: 'invitation' | 'reminder' | 'host_request',
      scopeId: string,
      rows: [string, RecipientStatus][],
    ): Promise<string> =>
      t.dataSource.transaction(async (m) => {
        const id = await ledger.createMailing(
          m,
          {
            purpose,
            scope: { type: 'meeting', id: scopeId },
            title: `${purpose} prov`,
            templateVersionId: template.currentVersionId!,
            subject: null,
            fromName: 'Kansliet',
            fromAddress: 'kansli@example.se',
            replyTo: null,
            rateLimitPerMinute: null,
          },
          new Date(),
        );
        for (const [contactId, status] of rows) {
          const [{ email }] = await m.query(`SELECT email FROM contacts WHERE id = $1`, [contactId]);
          const rowId = await ledger.addOne(m, id, contactId, email);
          await m.query(`UPDATE mailing_recipients SET status = $2 WHERE id = $1`, [rowId, status]);
        }
        return id;
      });
    invitationMailing = await mailing('invitation', meetings.a, [
      [p.a1, 'sent'],
      [p.a2, 'sent'],
      [p.a3, 'sent'],
      [p.a4, 'sent'],
      [p.a5, 'failed_permanent'],
      [p.a6, 'failed_temporary'],
      [p.a7, 'suppressed'],
      [p.a8, 'sent'],
    ]);
    const reminderMailing = await mailing('reminder', meetings.a, [[p.a6, 'sent']]);
    const suppressions = t.app.get(SuppressionsService);
    const emailOf = async (id: string) =>
      (await t.dataSource.query(`SELECT email FROM contacts WHERE id = $1`, [id]))[0].email as string;
    await suppressions.suppress(await emailOf(p.a5), 'bounced', 'smtp:550');
    await suppressions.suppress(await emailOf(p.a8), 'unsubscribed', `mailing:${invitationMailing}`);
    await suppressions.suppress(await emailOf(p.b4), 'unsubscribed', 'mailing:ett-annat-utskick');
    const sends = t.dataSource.getRepository(OutreachSend);
    const send = await sends.save({
      kind: 'invitation',
      roundId,
      meetingId: meetings.a,
      title: 'Inbjudan Stockholm',
      templateId: template.id,
      fromName: 'Kansliet',
      fromAddress: 'kansli@example.se',
      status: 'sent',
      mailingId: invitationMailing,
      startedAt: new Date(),
    });
    invitationId = send.id;
    await t.dataSource.getRepository(DueReminder).insert({
      sendId: send.id,
      kind: 'no_answer',
      sequence: 1,
      dueAt: new Date(),
      mailingId: reminderMailing,
      startedAt: new Date(),
    });
    const chiefs = [
      await f.person('Maria', 'Kulturchef', g1),
      await f.person('Nils', 'Kulturchef', null),
      await f.person('Ola', 'Kulturchef', null),
    ];
    const hostMailing = await mailing(
      'host_request',
      roundId,
      chiefs.map((c) => [c, 'sent'] as [string, RecipientStatus]),
    );
    hostRequestId = (
      await sends.save({
        kind: 'host_request',
        roundId,
        meetingId: null,
        title: 'Värdförfrågan 2027',
        templateId: template.id,
        fromName: 'Kansliet',
        fromAddress: 'kansli@example.se',
        status: 'sent',
        mailingId: hostMailing,
        startedAt: new Date(),
      })
    ).id;
    await t.dataSource.getRepository(HostResponse).insert([
      {
        roundId,
        contactId: chiefs[0],
        regionId: 1,
        answer: 'yes',
        answeredAt: new Date(),
        updatedAt: new Date(),
      },
      {
        roundId,
        contactId: chiefs[1],
        regionId: 4,
        answer: 'no',
        answeredAt: new Date(),
        updatedAt: new Date(),
      },
    ]);
  });
  afterAll(async () => {
    await t.close();
  });

  const NUMBERS_A = {
    invited: 8,
    yes: 3,
    no: 1,
    maybe: 1,
    waitlisted: 1,
    cancelled: 1,
    noAnswer: 1,
    attended: 4,
    noShow: 1,
    walkIns: 1,
  };

  it('reports a meeting: answers and attendance apart, per organisation and region, needs for the host', async () => {
    const res = await viewer.get(`/api/meetings/${meetings.a}/report`).expect(200);
    expect(res.body.numbers).toEqual(NUMBERS_A);
    expect(res.body.meeting).toMatchObject({
      title: 'Dialogmöte: Stockholm',
      regionName: 'Region Stockholm',
    });
    const byOrg = Object.fromEntries(
      res.body.byOrganization.map((r: { name: string; invited: number; yes: number; attended: number }) => [
        r.name,
        [r.invited, r.yes, r.attended],
      ]),
    );
    expect(byOrg).toEqual({
      [FORMULA_ORG]: [1, 1, 1],
      Hembygdsförbundet: [2, 2, 1],
      'Region Västerbotten (org)': [1, 0, 0],
      Riksteatern: [1, 0, 0],
      Spelmansförbundet: [2, 0, 1],
      '': [1, 0, 1],
    });
    const byRegion = Object.fromEntries(
      res.body.byRegion.map((r: { name: string; invited: number; yes: number; attended: number }) => [
        r.name,
        [r.invited, r.yes, r.attended],
      ]),
    );
    expect(byRegion).toEqual({
      'Region Stockholm': [2, 2, 1],
      'Region Uppsala': [1, 0, 1],
      'Region Västerbotten': [1, 0, 0],
      '': [4, 1, 2],
    });
    expect(
      res.body.needs.map((n: { lastName: string; diet: string; accessibility: string }) => [
        n.lastName,
        n.diet,
        n.accessibility,
      ]),
    ).toEqual([
      ['Ek', 'Vegetarisk', null],
      ['Ek', 'vegetarisk', null],
      ['Fur', null, 'Hörslinga'],
      ['Jolon', 'Glutenfri', null],
    ]);
    expect(res.body.diets).toEqual([
      { diet: 'Vegetarisk', count: 2 },
      { diet: 'Glutenfri', count: 1 },
    ]);
  });

  it('reports a round: regions, meetings held, distinct participants, member organisations present and missing', async () => {
    const res = await viewer.get(`/api/rounds/${roundId}/report`).expect(200);
    expect(res.body.regions).toMatchObject({
      total: 21,
      asked: 6,
      agreed: 2,
      interested: 1,
      declined: 1,
      noAnswer: 2,
      notAsked: 15,
    });
    expect(res.body).toMatchObject({
      meetingsHeld: 2,
      meetingsPlanned: 0,
      meetingsCancelled: 1,
      distinctParticipants: 6,
      attendances: 7,
      memberOrganizations: {
        total: 4,
        present: 3,
        presentNames: [FORMULA_ORG, 'Hembygdsförbundet', 'Spelmansförbundet'],
        missingNames: ['Körförbundet'],
      },
      partnerOrganizationsPresent: ['Riksteatern'],
    });
    const stockholm = res.body.regions.rows.find((r: { regionId: number }) => r.regionId === 1);
    expect(stockholm).toMatchObject({
      status: 'meeting_held',
      outcome: 'agreed',
      hostAnswer: 'yes',
      meetings: 1,
      attended: 4,
    });
    expect(res.body.meetings.map((m: { meeting: { id: string } }) => m.meeting.id)).toEqual([
      meetings.a,
      meetings.b,
      meetings.c,
    ]);
    expect(res.body.meetings[1].numbers).toMatchObject({ invited: 4, yes: 3, no: 1, attended: 3 });
  });

  it('reports a send with its reminder: delivery, bounces, unsubscribes and answers among its audience', async () => {
    const res = await viewer.get(`/api/outreach-sends/${invitationId}/report`).expect(200);
    expect(res.body).toMatchObject({
      audience: 8,
      sent: 5,
      failed: 1,
      retrying: 1,
      suppressed: 1,
      uncertain: 0,
      waiting: 0,
      bounced: 1,
      unsubscribed: 1,
      answers: { yes: 3, no: 1, maybe: 1, waitlisted: 1, cancelled: 1 },
      noAnswer: 1,
    });
    expect(
      res.body.mailings.map((m: { sequence: number; kind: string; audience: number; sent: number }) => [
        m.sequence,
        m.kind,
        m.audience,
        m.sent,
      ]),
    ).toEqual([
      [0, 'send', 8, 5],
      [1, 'no_answer', 1, 1],
    ]);
    const host = await viewer.get(`/api/outreach-sends/${hostRequestId}/report`).expect(200);
    expect(host.body).toMatchObject({
      audience: 3,
      sent: 3,
      answers: { yes: 1, maybe: 0, no: 1 },
      noAnswer: 1,
    });
    expect(invitationMailing).toBeTruthy();
  });

  it('exports the meeting report as Swedish Excel CSV and as XLSX with the same numbers, formulas neutralised', async () => {
    const csv = await editor
      .get(`/api/meetings/${meetings.a}/report/export`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(
      /^attachment; filename="motesrapport-[0-9a-f]{8}-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const rows = csvRows(csv.body as Buffer);
    expect(valueOf(rows, 'Inbjudna')).toBe('8');
    expect(valueOf(rows, 'Närvarade (även spontanbesökare)')).toBe('4');
    expect(valueOf(rows, 'Inget svar')).toBe('1');
    expect(rows.find((r) => r[0] === `'${FORMULA_ORG}`)).toEqual([
      `'${FORMULA_ORG}`,
      'medlem',
      '1',
      '1',
      '1',
    ]);
    expect(rows.some((r) => r.some((c) => c.startsWith('=')))).toBe(false);

    const xlsx = await editor
      .get(`/api/meetings/${meetings.a}/report/export`)
      .query({ format: 'xlsx' })
      .buffer(true)
      .parse(binary)
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as Parameters<typeof wb.xlsx.load>[0]);
    expect(wb.worksheets.map((s) => s.name)).toEqual([
      'Sammanfattning',
      'Per organisation',
      'Per region',
      'Kost och tillgänglighet',
    ]);
    const summary = sheetRows(wb.getWorksheet('Sammanfattning')!);
    expect(valueOf(summary, 'Inbjudna')).toBe(8);
    expect(valueOf(summary, 'Ja')).toBe(3);
    expect(valueOf(summary, 'Uteblev')).toBe(1);
    const orgs = sheetRows(wb.getWorksheet('Per organisation')!);
    expect(orgs[0]).toEqual(['Organisation', 'Organisationstyp', 'Inbjudna', 'Ja', 'Närvarade']);
    expect(orgs.find((r) => r[0] === `'${FORMULA_ORG}`)).toEqual([`'${FORMULA_ORG}`, 'medlem', 1, 1, 1]);
    expect(wb.getWorksheet('Per organisation')!.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(wb.getWorksheet('Per organisation')!.getRow(1).font?.bold).toBe(true);
  });

  it('exports the round as one workbook: a summary sheet and one sheet per meeting', async () => {
    const res = await editor
      .get(`/api/rounds/${roundId}/report/export`)
      .query({ format: 'xlsx' })
      .buffer(true)
      .parse(binary)
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const names = wb.worksheets.map((s) => s.name);
    expect(names).toEqual([
      'Sammanfattning',
      '2027-03-14 Stockholm',
      '2027-04-02 Uppsala',
      '2027-05-01 Sörmland',
    ]);
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(31);
      expect(name).not.toMatch(/[[\]:*?/\\]/);
    }
    const summary = sheetRows(wb.getWorksheet('Sammanfattning')!);
    expect(valueOf(summary, 'Regioner tillfrågade')).toBe(6);
    expect(valueOf(summary, 'Regioner som sagt ja (även med möte planerat eller genomfört)')).toBe(2);
    expect(valueOf(summary, 'Möten genomförda')).toBe(2);
    expect(valueOf(summary, 'Deltagare (unika personer)')).toBe(6);
    expect(valueOf(summary, 'Medlemsorganisationer närvarande')).toBe(3);
    expect(valueOf(summary, 'Medlemsorganisationer totalt')).toBe(4);
    expect(summary.some((r) => r[0] === 'Medlemsorganisationer: 3 av 4 deltog')).toBe(true);
    expect(summary.find((r) => r[0] === 'Körförbundet')).toEqual(['Körförbundet', 'nej']);
    expect(summary.find((r) => r[0] === 'Riksteatern')).toEqual(['Riksteatern']);
    const stockholm = sheetRows(wb.getWorksheet('2027-03-14 Stockholm')!);
    expect(valueOf(stockholm, 'Tid')).toBe('2027-03-14 18:00–20:00');
    expect(valueOf(stockholm, 'Närvarade (även spontanbesökare)')).toBe(4);
    const participants = stockholm.slice(stockholm.findIndex((r) => r[0] === 'Deltagare') + 2);
    expect(participants.map((r) => r[1])).toEqual(['Ek', 'Fur', 'Hägg', 'Oväntad']);
    expect(participants.find((r) => r[1] === 'Hägg')?.[0]).toBe("'=1+2");

    const csv = await editor
      .get(`/api/rounds/${roundId}/report/export`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const rows = csvRows(csv.body as Buffer);
    expect(valueOf(rows, 'Deltagare (unika personer)')).toBe('6');
    expect(valueOf(rows, 'Regioner utan svar')).toBe('2');
  });

  it('exports the attendance and responses lists and the send report', async () => {
    const attendance = await editor
      .get(`/api/meetings/${meetings.a}/attendance/export`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const rows = csvRows(attendance.body as Buffer);
    expect(rows[0].slice(0, 3)).toEqual(['Förnamn', 'Efternamn', 'E-post']);
    expect(rows.slice(1).map((r) => r[1])).toEqual(['Ek', 'Ek', 'Fur', 'Hägg', 'Jolon', 'Oväntad']);
    expect(rows.find((r) => r[1] === 'Hägg')?.[0]).toBe("'=1+2");

    const responses = await editor
      .get(`/api/meetings/${meetings.a}/responses/export`)
      .query({ format: 'xlsx' })
      .buffer(true)
      .parse(binary)
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(responses.body as unknown as Parameters<typeof wb.xlsx.load>[0]);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Svar']);
    expect(sheetRows(wb.worksheets[0])).toHaveLength(1 + 9);

    const send = await editor
      .get(`/api/outreach-sends/${invitationId}/report/export`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const sendRows = csvRows(send.body as Buffer);
    expect(valueOf(sendRows, 'Mottagare')).toBe('8');
    expect(valueOf(sendRows, 'Studsade')).toBe('1');
    expect(valueOf(sendRows, 'Avregistrerade')).toBe('1');
    expect(valueOf(sendRows, 'Svar: Väntelista')).toBe('1');

    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'export.meeting%' OR action LIKE 'export.round%' OR action LIKE 'export.send%'`,
    );
    expect(n).toBeGreaterThanOrEqual(6);
  });

  it('lets viewers read reports but not export them; unknown ids are 404 and bad formats 400, in Swedish', async () => {
    await viewer.get(`/api/meetings/${meetings.a}/report/export`).expect(403);
    await viewer.get(`/api/rounds/${roundId}/report/export`).expect(403);
    await viewer.get(`/api/meetings/${meetings.a}/attendance/export`).expect(403);
    const unknown = randomUUID();
    expect((await viewer.get(`/api/meetings/${unknown}/report`).expect(404)).body.message).toBe(
      `Mötet hittades inte (${unknown})`,
    );
    expect((await viewer.get(`/api/rounds/${unknown}/report`).expect(404)).body.message).toBe(
      `Omgången hittades inte (${unknown})`,
    );
    expect((await viewer.get(`/api/outreach-sends/${unknown}/report`).expect(404)).body.message).toBe(
      `Utskicket hittades inte (${unknown})`,
    );
    await editor.get(`/api/meetings/${unknown}/report/export`).query({ format: 'xlsx' }).expect(404);
    const bad = await editor
      .get(`/api/meetings/${meetings.a}/report/export`)
      .query({ format: 'pdf' })
      .expect(400);
    expect(bad.body.message).toMatch(/csv eller xlsx/);
  });
});
