import { ContactsService } from '@app/crm';
import { AnswerLinks } from '@app/meetings';
import { SurveyLinks } from '@app/surveys';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { createUserAndLogin, LoggedIn } from '../support/login';
import { MeetingFixtures } from '../support/meeting-fixtures';
import { Received, Sink, startSink } from '../support/smtp-sink';
import { createTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/** The CSV as rows (BOM checked and dropped; ";" and CRLF), as the other exports are read. */
function csvRows(body: Buffer): string[][] {
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = body.toString('utf8').slice(1);
  expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  return parse(text, { delimiter: ';', record_delimiter: '\r\n', relax_column_count: true });
}

function sheetRows(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

const QUESTIONS = [
  { kind: 'rating', required: true, textSv: 'Hur nöjd är du med mötet?', textEn: 'How satisfied are you?' },
  {
    kind: 'single',
    textSv: 'Var lokalen bra?',
    textEn: 'Was the venue good?',
    choices: [
      { sv: 'Bra', en: 'Good' },
      { sv: 'Dålig', en: 'Poor' },
    ],
  },
  {
    kind: 'multiple',
    textSv: 'Vad var bäst?',
    choices: [{ sv: 'Innehållet' }, { sv: 'Lokalen' }, { sv: 'Maten' }],
  },
  { kind: 'text', textSv: 'Något mer?' },
];

/**
 * Surveys over HTTP with the real engine and SMTP sink: the evaluation goes only to those who came (walk-ins
 * included), answers on /s/TOKEN (anonymous: no contact id stored), results and exports match exactly the
 * answers given, a closed survey refuses, bad links are a 404 page, the member survey goes to a segment, and
 * erasure removes a person's answers.
 */
describe('surveys', () => {
  let sink: Sink;
  let t: TestApp;
  let editor: LoggedIn;
  let viewer: LoggedIn;
  let fx: MeetingFixtures;
  let links: SurveyLinks;
  let meetingId: string;
  let roundId: string;
  const people: Record<string, string> = {};
  let evaluationId: string;

  beforeAll(async () => {
    sink = await startSink();
    t = await createTestApp(
      {
        MAIL_TRANSPORT: 'smtp',
        SMTP_URL: sink.url,
        PUBLIC_BASE_URL: 'http://crm.example.se',
        SEND_RATE_PER_MINUTE: '0',
      },
      { withWorker: true },
    );
    editor = await createUserAndLogin(t, 'editor');
    viewer = await createUserAndLogin(t, 'viewer');
    links = t.app.get(SurveyLinks);
    fx = new MeetingFixtures(t.app);
    roundId = (await fx.round()).id;
    meetingId = (
      await fx.meeting(roundId, 20, {
        title: 'Dialogmöte Dalarna',
        startsAt: new Date('2026-11-10T17:00:00Z'),
        status: 'held',
      })
    ).id;
    const org = await fx.organization('Dalateatern', 'member', 20);
    people.anna = await fx.person('Anna', 'Ek', org); // said yes, came
    people.bo = await fx.person('Bo', 'Berg', org); // said yes, did not come
    people.cia = await fx.person('Cia', 'Dahl', org); // invited, never answered
    people.dan = await fx.person('Dan', 'Fors', null); // walk-in, never invited
    people.eve = (
      await t.app.get(ContactsService).create({
        firstName: 'Eve',
        lastName: 'Smith',
        email: 'eve@example.com',
        language: 'en',
      })
    ).id;
    await fx.response(meetingId, people.anna, 'yes', 'attended');
    await fx.response(meetingId, people.bo, 'yes', 'no_show');
    await fx.response(meetingId, people.cia, null);
    await fx.response(meetingId, people.dan, null, 'attended', { invited: false, walkIn: true });
    await fx.response(meetingId, people.eve, 'yes', 'attended');
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  const path = (surveyId: string, contactId: string) => `/s/${links.token(surveyId, contactId)}`;
  const rowCount = async (surveyId: string) =>
    (
      await t.dataSource.query(`SELECT count(*)::int AS n FROM survey_responses WHERE survey_id = $1`, [
        surveyId,
      ])
    )[0].n as number;
  const mailsTo = (address: string): Received[] => sink.received.filter((r) => r.to === address);

  it('staff make an evaluation; viewers read but cannot write', async () => {
    const body = {
      kind: 'evaluation',
      meetingId,
      titleSv: 'Utvärdering av dialogmötet',
      titleEn: 'Evaluation of the dialogue meeting',
      introSv: 'Tack för att du kom!\nSvara gärna.',
      anonymous: true,
      questions: QUESTIONS,
    };
    await viewer.post('/api/surveys').send(body).expect(403);
    const created = await editor.post('/api/surveys').send(body).expect(201);
    evaluationId = created.body.id;
    expect(created.body).toMatchObject({
      kind: 'evaluation',
      status: 'draft',
      anonymous: true,
      responses: 0,
    });
    expect(created.body.questions.map((q: { id: string }) => q.id)).toEqual(['q1', 'q2', 'q3', 'q4']);
    await viewer.patch(`/api/surveys/${evaluationId}`).send({ titleSv: 'X' }).expect(403);
    await viewer
      .post(`/api/surveys/${evaluationId}/send`)
      .send({ fromName: 'X', fromAddress: 'x@x.se' })
      .expect(403);
    await viewer.post(`/api/surveys/${evaluationId}/close`).expect(403);
    await viewer.delete(`/api/surveys/${evaluationId}`).expect(403);
    await viewer.get(`/api/surveys/${evaluationId}/results/export`).expect(403);
    await viewer.get(`/api/surveys/${evaluationId}`).expect(200);
    await viewer.get('/api/surveys').query({ meetingId }).expect(200);
    const audit = await t.dataSource.query(`SELECT action FROM audit_log WHERE target_id = $1`, [
      evaluationId,
    ]);
    expect(audit.map((a: { action: string }) => a.action)).toContain('survey.created');
  });

  it('refuses bad surveys with Swedish messages', async () => {
    const bad = async (body: Record<string, unknown>, text: string) => {
      const res = await editor.post('/api/surveys').send(body).expect(400);
      expect(res.body.message).toContain(text);
    };
    await bad({ kind: 'evaluation', titleSv: 'A' }, 'meetingId');
    await bad({ kind: 'member', titleSv: 'A', meetingId }, 'bara en utvärdering');
    await bad(
      { kind: 'member', titleSv: 'A', questions: [{ kind: 'single', textSv: 'F', choices: [{ sv: 'En' }] }] },
      'minst två',
    );
    await bad({ kind: 'member', titleSv: 'A', questions: [{ kind: 'slider', textSv: 'F' }] }, 'kind');
    await bad({ kind: 'member', titleSv: '' }, 'titleSv');
    await bad({ kind: 'member', titleSv: 'A\u0000' }, 'kontrolltecken');
  });

  it('sends the evaluation only to those who came, walk-ins included, once', async () => {
    const res = await editor
      .post(`/api/surveys/${evaluationId}/send`)
      .send({ fromName: 'Förbundets kansli', fromAddress: 'kansli@forbundet.se' })
      .expect(200);
    expect(res.body.sendStatus).toBe('sending');
    await waitFor(
      () => editor.get(`/api/surveys/${evaluationId}/send`).then((r) => r.body.sendStatus),
      (s) => s === 'sent',
    );
    const expected = ['anna', 'dan', 'eve'].map((p) => p);
    const addresses = (await t.dataSource.query(`SELECT id, email FROM contacts WHERE id = ANY($1::uuid[])`, [
      Object.values(people),
    ])) as { id: string; email: string }[];
    const email = (p: string) => addresses.find((a) => a.id === people[p])!.email;
    await waitFor(
      () => sink.received.length,
      (n) => n >= 3,
    );
    expect(sink.received.map((r) => r.to).sort()).toEqual(expected.map(email).sort());
    for (const p of ['bo', 'cia']) expect(mailsTo(email(p))).toHaveLength(0);
    const anna = mailsTo(email('anna'))[0];
    expect(anna.parsed.subject).toBe('Utvärdering av dialogmötet');
    expect(anna.parsed.html).toContain(`http://crm.example.se${path(evaluationId, people.anna)}`);
    expect(anna.parsed.html).toContain('Dialogmöte Dalarna');
    expect(mailsTo(email('eve'))[0].parsed.subject).toBe('Evaluation of the dialogue meeting');
    // Sent once: a second start is refused, and nothing more goes out.
    const again = await editor
      .post(`/api/surveys/${evaluationId}/send`)
      .send({ fromName: 'Förbundets kansli', fromAddress: 'kansli@forbundet.se' })
      .expect(409);
    expect(again.body.message).toContain('redan skickad');
    expect(sink.received).toHaveLength(3);
  });

  it('GET shows the form and changes nothing; English for an English speaker', async () => {
    const res = await request(t.server).get(path(evaluationId, people.anna)).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    // The form posts to the page itself, so the page's policy must let it (form-action 'none' would stop it).
    expect(res.headers['content-security-policy']).toMatch(/form-action 'self'/);
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(res.text).toContain('<html lang="sv">');
    expect(res.text).toContain('Hej Anna!');
    expect(res.text).toContain('Hur nöjd är du med mötet?');
    expect(res.text).toContain('<form method="post">');
    expect(res.text).not.toContain('<script');
    await request(t.server).head(path(evaluationId, people.anna)).expect(200);
    expect(await rowCount(evaluationId)).toBe(0);
    const en = await request(t.server).get(path(evaluationId, people.eve)).expect(200);
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('How satisfied are you?');
    // A question without English wording is shown in Swedish.
    expect(en.text).toContain('Vad var bäst?');
  });

  it('stores anonymous answers without a contact id; a second post changes them, not the count', async () => {
    await request(t.server)
      .post(path(evaluationId, people.anna))
      .type('form')
      .send('q1=4&q2=2&q3=2&q3=3&q4=Bra+m%C3%B6te')
      .expect(200);
    const changed = await request(t.server)
      .post(path(evaluationId, people.anna))
      .type('form')
      .send('q1=5&q2=2&q3=2&q4=B%C3%A4ttre+%C3%A4n+v%C3%A4ntat')
      .expect(200);
    expect(changed.text).toContain('Dina svar är ändrade.');
    await request(t.server)
      .post(path(evaluationId, people.dan))
      .type('form')
      .send('q1=2&q2=1&q3=1')
      .expect(200);
    expect(await rowCount(evaluationId)).toBe(2);
    const stored = await t.dataSource.query(
      `SELECT contact_id, respondent_key, answers FROM survey_responses WHERE survey_id = $1`,
      [evaluationId],
    );
    expect(stored.every((r: { contact_id: string | null }) => r.contact_id === null)).toBe(true);
    const keys = stored.map((r: { respondent_key: string }) => r.respondent_key).join(' ');
    for (const id of Object.values(people)) expect(keys).not.toContain(id);
    // The page shows the current answers.
    const page = await request(t.server).get(path(evaluationId, people.anna)).expect(200);
    expect(page.text).toMatch(/name="q1"\s+value="5"\s+checked/);
    expect(page.text).not.toMatch(/name="q1"\s+value="4"\s+checked/);
    expect(page.text).toContain('Bättre än väntat</textarea');
    expect(page.text).toContain('Du har redan svarat');
  });

  it('refuses wrong answers with Swedish messages, a 400 and nothing stored', async () => {
    const before = await t.dataSource.query(`SELECT answers, updated_at FROM survey_responses ORDER BY id`);
    const wrong = async (form: string, message: string) => {
      const res = await request(t.server)
        .post(path(evaluationId, people.anna))
        .type('form')
        .send(form)
        .expect(400);
      expect(res.text).toContain(message);
      expect(res.text).toContain('Något behöver rättas');
    };
    await wrong('q2=1', 'Svara på frågan.');
    await wrong('q1=6', 'Välj ett betyg från 1 till 5.');
    await wrong('q1=0', 'Välj ett betyg från 1 till 5.');
    await wrong('q1=3&q2=3', 'Välj ett av svarsalternativen.');
    await wrong('q1=3&q3=1&q3=9', 'Välj bland svarsalternativen.');
    await wrong('q1=3&q1=4', 'Fältet skickades flera gånger.');
    await wrong(`q1=3&q4=${'a'.repeat(2001)}`, 'Högst 2000 tecken.');
    await wrong('q1=3&q4=hej%07', 'Innehåller tecken som inte kan sparas.');
    expect(await t.dataSource.query(`SELECT answers, updated_at FROM survey_responses ORDER BY id`)).toEqual(
      before,
    );
  });

  it('a forged, altered or other-purpose link is a 404 page, and changes nothing', async () => {
    const good = links.token(evaluationId, people.anna);
    const altered = (good[10] === 'A' ? 'B' : 'A') + '';
    const bad = [
      'x'.repeat(64),
      good.slice(0, 10) + altered + good.slice(11),
      t.app.get(AnswerLinks).rsvpToken(evaluationId, people.anna),
      links.token('00000000-0000-4000-8000-000000000000', people.anna),
    ];
    for (const token of bad) {
      const res = await request(t.server).get(`/s/${token}`).expect(404);
      expect(res.text).toContain('Länken fungerar inte');
      await request(t.server).post(`/s/${token}`).type('form').send('q1=1').expect(404);
    }
    expect(await rowCount(evaluationId)).toBe(2);
  });

  it('results match exactly the answers given', async () => {
    const res = await viewer.get(`/api/surveys/${evaluationId}/results`).expect(200);
    expect(res.body).toMatchObject({ sent: 3, answered: 2, responseRate: 0.6667 });
    const [q1, q2, q3, q4] = res.body.questions;
    expect(q1).toMatchObject({ answered: 2, average: 3.5 });
    expect(q1.distribution.map((d: { count: number }) => d.count)).toEqual([0, 1, 0, 0, 1]);
    expect(q2.distribution).toEqual([
      { value: 1, label: 'Bra', count: 1 },
      { value: 2, label: 'Dålig', count: 1 },
    ]);
    expect(q2.average).toBeNull();
    expect(q3.distribution.map((d: { count: number }) => d.count)).toEqual([1, 1, 0]);
    expect(q4).toMatchObject({ answered: 1, texts: ['Bättre än väntat'] });
  });

  it('questions cannot change once answered; the texts can', async () => {
    const res = await editor
      .patch(`/api/surveys/${evaluationId}`)
      .send({ questions: QUESTIONS.slice(0, 1) })
      .expect(409);
    expect(res.body.message).toContain('frågorna kan inte längre ändras');
    await editor.patch(`/api/surveys/${evaluationId}`).send({ titleSv: 'Utvärdering, Dalarna' }).expect(200);
  });

  it('the meeting report and the round workbook carry the evaluation', async () => {
    const report = await viewer.get(`/api/meetings/${meetingId}/report`).expect(200);
    expect(report.body.sections).toHaveLength(1);
    expect(report.body.sections[0]).toMatchObject({ key: 'evaluation', title: 'Utvärdering' });
    const rows = report.body.sections[0].tables.flatMap((tb: { rows: unknown[][] }) => tb.rows);
    expect(rows).toContainEqual(['Medelvärde', '3,50']);
    const xlsx = await editor
      .get(`/api/rounds/${roundId}/report/export`)
      .query({ format: 'xlsx' })
      .buffer(true)
      .parse(binary)
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const meetingSheet = wb.worksheets.find((s) => s.name !== 'Sammanfattning')!;
    const cells = sheetRows(meetingSheet).flat();
    expect(cells).toContain('Medelvärde');
    expect(cells).toContain('1. Hur nöjd är du med mötet? (betyg 1–5, 2 svar)');
  });

  it('a closed survey says so and refuses answers', async () => {
    await editor.post(`/api/surveys/${evaluationId}/close`).expect(200);
    const post = await request(t.server)
      .post(path(evaluationId, people.eve))
      .type('form')
      .send('q1=3')
      .expect(409);
    expect(post.text).toContain('The survey is closed');
    const sv = await request(t.server)
      .post(path(evaluationId, people.anna))
      .type('form')
      .send('q1=1')
      .expect(409);
    expect(sv.text).toContain('Enkäten är stängd. Svar tas inte längre emot.');
    const page = await request(t.server).get(path(evaluationId, people.anna)).expect(200);
    expect(page.text).toContain('Enkäten är stängd');
    expect(page.text).not.toContain('<form');
    expect(await rowCount(evaluationId)).toBe(2);
    const survey = await viewer.get(`/api/surveys/${evaluationId}`).expect(200);
    expect(survey.body.status).toBe('closed');
  });

  describe('the member survey', () => {
    let memberId: string;
    const member: Record<string, string> = {};

    beforeAll(async () => {
      const org = await fx.organization('Kulturföreningen Norr', 'member', 3);
      member.one = await fx.person('Olle', 'Norr', org);
      member.two = await fx.person('Tova', 'Norr', org);
      member.out = await fx.person('Ulla', 'Annan', null);
    });

    it('goes to a segment, stores who answered, exports formula-safe CSV and XLSX', async () => {
      const org = (
        await t.dataSource.query(`SELECT id FROM organizations WHERE name = 'Kulturföreningen Norr'`)
      )[0].id;
      const segment = await editor
        .post('/api/segments')
        .send({ name: 'Medlemmar norr', filter: { organizationId: org } })
        .expect(201);
      const created = await editor
        .post('/api/surveys')
        .send({
          kind: 'member',
          titleSv: 'Medlemsenkät 2026',
          questions: [
            { kind: 'rating', textSv: 'Hur nöjd är ni med förbundet?' },
            { kind: 'text', textSv: '=Vad vill ni ändra?' },
          ],
        })
        .expect(201);
      memberId = created.body.id;
      const noAudience = await editor
        .post(`/api/surveys/${memberId}/send`)
        .send({ fromName: 'Kansliet', fromAddress: 'kansli@forbundet.se' })
        .expect(400);
      expect(noAudience.body.message).toContain('audience');
      const before = sink.received.length;
      await editor
        .post(`/api/surveys/${memberId}/send`)
        .send({
          fromName: 'Kansliet',
          fromAddress: 'kansli@forbundet.se',
          audience: { segmentIds: [segment.body.id] },
        })
        .expect(200);
      await waitFor(
        () => editor.get(`/api/surveys/${memberId}/send`).then((r) => r.body.sendStatus),
        (s) => s === 'sent',
      );
      await waitFor(
        () => sink.received.length,
        (n) => n >= before + 2,
      );
      const emails = (
        await t.dataSource.query(`SELECT email FROM contacts WHERE id = ANY($1::uuid[]) ORDER BY email`, [
          [member.one, member.two],
        ])
      ).map((r: { email: string }) => r.email);
      expect(
        sink.received
          .slice(before)
          .map((r) => r.to)
          .sort(),
      ).toEqual(emails);

      await request(t.server)
        .post(path(memberId, member.one))
        .type('form')
        .send({ q1: '4', q2: '=HYPERLINK("http://x","klicka")' })
        .expect(200);
      const stored = await t.dataSource.query(
        `SELECT contact_id FROM survey_responses WHERE survey_id = $1`,
        [memberId],
      );
      expect(stored).toEqual([{ contact_id: member.one }]);

      const csv = await editor
        .get(`/api/surveys/${memberId}/results/export`)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      const rows = csvRows(csv.body as Buffer);
      expect(rows).toContainEqual(['Svarande', '1']);
      expect(rows).toContainEqual(['Skickade', '2']);
      expect(rows).toContainEqual(['Svarsfrekvens', '50,0 %']);
      expect(rows).toContainEqual(['Medelvärde', '4,00']);
      expect(rows).toContainEqual([`'=HYPERLINK("http://x","klicka")`]);
      expect(rows).toContainEqual(['2. =Vad vill ni ändra? (fritext, 1 svar)']);

      const xlsx = await editor
        .get(`/api/surveys/${memberId}/results/export`)
        .query({ format: 'xlsx' })
        .buffer(true)
        .parse(binary)
        .expect(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.body as unknown as Parameters<typeof wb.xlsx.load>[0]);
      expect(wb.worksheets.map((s) => s.name)).toEqual(['Sammanfattning', 'Frågor', 'Fritext']);
      const texts = sheetRows(wb.getWorksheet('Fritext')!).flat();
      expect(texts).toContain(`'=HYPERLINK("http://x","klicka")`);
      for (const sheet of wb.worksheets)
        sheet.eachRow((row) =>
          row.eachCell((cell) => {
            expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          }),
        );
    });

    it('three posts at once on one link make one response', async () => {
      const posts = await Promise.all(
        ['1', '2', '3'].map((q1) =>
          request(t.server).post(path(memberId, member.two)).type('form').send({ q1 }),
        ),
      );
      expect(posts.map((p) => p.status)).toEqual([200, 200, 200]);
      const rows = await t.dataSource.query(
        `SELECT contact_id FROM survey_responses WHERE survey_id = $1 ORDER BY contact_id`,
        [memberId],
      );
      expect(rows.map((r: { contact_id: string }) => r.contact_id).sort()).toEqual(
        [member.one, member.two].sort(),
      );
    });

    it('the GDPR export holds the answers; erasure removes them', async () => {
      const exported = await editor.get(`/api/contacts/${member.one}/export`).expect(200);
      expect(exported.body.held.surveys).toEqual([
        expect.objectContaining({
          kind: 'survey_answer',
          surveyId: memberId,
          question: 'Hur nöjd är ni med förbundet?',
          answer: '4',
        }),
        expect.objectContaining({ kind: 'survey_answer', answer: '=HYPERLINK("http://x","klicka")' }),
      ]);
      await editor.delete(`/api/contacts/${member.one}`).query({ erase: 'true' }).expect(200);
      // Only the other person's answer is left.
      expect(
        await t.dataSource.query(`SELECT contact_id FROM survey_responses WHERE survey_id = $1`, [memberId]),
      ).toEqual([{ contact_id: member.two }]);
      const results = await viewer.get(`/api/surveys/${memberId}/results`).expect(200);
      expect(results.body.answered).toBe(1);
    });

    it('closes by itself when its closing time has passed', async () => {
      const patched = await editor
        .patch(`/api/surveys/${memberId}`)
        .send({ closesAt: '2020-01-01T00:00:00+01:00' })
        .expect(200);
      expect(patched.body.status).toBe('closed');
      const res = await request(t.server)
        .post(path(memberId, member.two))
        .type('form')
        .send({ q1: '5' })
        .expect(409);
      expect(res.text).toContain('Enkäten är stängd');
      const bad = await editor.patch(`/api/surveys/${memberId}`).send({ closesAt: 'snart' }).expect(400);
      expect(bad.body.message).toContain('closesAt');
    });
  });
});
