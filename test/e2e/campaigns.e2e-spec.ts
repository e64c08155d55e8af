import { ContactsService } from '@app/crm';
import { PublicTokenService, SEND_BLOCK_SIZE, TokenPurpose } from '@app/sending';
import { emailHash } from '@app/crm';
import { JobProducer, QueueName } from '@app/queue';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { createUserAndLogin, LoggedIn } from '../support/login';
import { startSink } from '../support/smtp-sink';
import { createTestApp, TestApp } from '../support/test-app';

/** Collects a binary response body (supertest only buffers text types by itself). */
function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

describe('Campaigns over HTTP (/api/campaigns)', () => {
  let t: TestApp;
  let sink: Awaited<ReturnType<typeof startSink>>;
  let editor: LoggedIn;
  let viewer: LoggedIn;
  let templateId: string;
  let listId: string;
  const ids: Record<string, string> = {};

  const body = (overrides: Record<string, unknown> = {}) => ({
    name: 'Inbjudan hösten',
    audience: { type: 'list', listId },
    templateId,
    fromName: 'Förbundets kansli',
    fromAddress: 'kansli@forbundet.se',
    ...overrides,
  });

  beforeAll(async () => {
    sink = await startSink();
    t = await createTestApp(
      { MAIL_TRANSPORT: 'smtp', SMTP_URL: sink.url, PUBLIC_BASE_URL: 'http://crm.example.se' },
      { withWorker: false },
    );
    editor = await createUserAndLogin(t, 'editor');
    viewer = await createUserAndLogin(t, 'viewer');
    [{ id: templateId }] = await t.dataSource.query(
      `SELECT id FROM templates WHERE built_in_key = 'inbjudan'`,
    );
    [{ id: listId }] = await t.dataSource.query(
      `INSERT INTO contact_lists (name) VALUES ('Alla') RETURNING id`,
    );
    const people: [string, string | null][] = [
      ['anna', 'anna@exempel.se'],
      ['utan', null],
      ['avanmald', 'avanmald@exempel.se'],
      ['studsad', 'studsad@exempel.se'],
      ['klagade', 'klagade@exempel.se'],
      ['sparrad', 'sparrad@exempel.se'],
      ['bertil', 'bertil@exempel.se'],
    ];
    for (const [name, email] of people) {
      const [row] = await t.dataSource.query(
        `INSERT INTO contacts (first_name, last_name, email, region_id)
         VALUES ($1, 'Test', $2, (SELECT id FROM regions WHERE code = '20')) RETURNING id`,
        [name === 'anna' ? '<b>Anna</b>' : name, email],
      );
      ids[name] = row.id;
      await t.dataSource.query(`INSERT INTO contact_list_members (list_id, contact_id) VALUES ($1, $2)`, [
        listId,
        row.id,
      ]);
    }
    for (const [email, reason] of [
      ['avanmald@exempel.se', 'unsubscribed'],
      ['STUDSAD@exempel.se', 'bounced'],
      ['klagade@exempel.se', 'complained'],
      ['sparrad@exempel.se', 'manual'],
    ]) {
      await t.dataSource.query(`INSERT INTO suppressions (email_hash, reason) VALUES ($1, $2)`, [
        emailHash(email),
        reason,
      ]);
    }
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  it('creates a draft, schedules it in Stockholm time, and unschedules it', async () => {
    const created = await editor.post('/api/campaigns').send(body()).expect(201);
    expect(created.body).toMatchObject({
      status: 'draft',
      scheduledAt: null,
      fromAddress: 'kansli@forbundet.se',
    });
    const id = created.body.id as string;

    const scheduled = await editor
      .patch(`/api/campaigns/${id}`)
      .send({ scheduledAt: '2030-06-15T09:30' })
      .expect(200);
    expect(scheduled.body).toMatchObject({
      status: 'scheduled',
      scheduledAt: '2030-06-15T07:30:00.000Z',
      scheduledAtStockholm: '2030-06-15 09:30',
    });
    const utc = await editor
      .patch(`/api/campaigns/${id}`)
      .send({ scheduledAt: '2030-12-01T08:00:00Z', rateLimitPerMinute: 120, subject: 'Hej {{firstName}}' })
      .expect(200);
    expect(utc.body).toMatchObject({
      scheduledAtStockholm: '2030-12-01 09:00',
      rateLimitPerMinute: 120,
      subject: 'Hej {{firstName}}',
    });
    const draft = await editor.patch(`/api/campaigns/${id}`).send({ scheduledAt: null }).expect(200);
    expect(draft.body).toMatchObject({ status: 'draft', scheduledAt: null, scheduledAtStockholm: null });

    // A chosen template version must belong to the campaign's template.
    const [own] = await t.dataSource.query(`SELECT current_version_id AS v FROM templates WHERE id = $1`, [
      templateId,
    ]);
    const [other] = await t.dataSource.query(
      `SELECT current_version_id AS v FROM templates WHERE built_in_key = 'informationsbrev'`,
    );
    const pinned = await editor.patch(`/api/campaigns/${id}`).send({ templateVersionId: own.v }).expect(200);
    expect(pinned.body.templateVersionId).toBe(own.v);
    const wrong = await editor.patch(`/api/campaigns/${id}`).send({ templateVersionId: other.v }).expect(400);
    expect(wrong.body.message).toMatch(/^templateVersionId/);

    const got = await viewer.get(`/api/campaigns/${id}`).expect(200);
    expect(got.body.progress).toMatchObject({ status: 'draft', total: 0, counts: { pending: 0, sent: 0 } });
    expect(
      (await viewer.get('/api/campaigns').expect(200)).body.items.map((c: { id: string }) => c.id),
    ).toContain(id);

    await editor.delete(`/api/campaigns/${id}`).expect(204);
    await viewer.get(`/api/campaigns/${id}`).expect(404);
  });

  it.each([
    ['an invalid sender address', { fromAddress: 'inte-en-adress' }, /fromAddress/],
    [
      'an unknown list',
      { audience: { type: 'list', listId: '00000000-0000-4000-8000-000000000000' } },
      /audience/,
    ],
    ['an audience type that does not exist', { audience: { type: 'alla' } }, /type/],
    ['no contacts', { audience: { type: 'contacts', contactIds: [] } }, /contactIds/],
    ['an unknown template', { templateId: '00000000-0000-4000-8000-000000000000' }, /templateId/],
    ['a time that is not one', { scheduledAt: '2030-02-30T10:00' }, /scheduledAt/],
    ['a time in the past', { scheduledAt: '2020-01-01T10:00' }, /scheduledAt/],
    ['an unknown variable in the subject', { subject: 'Hej {{fornamn}}' }, /fornamn/],
    ['an unknown field', { colour: 'red' }, /colour/],
    [
      'a line break in the sender name (header injection)',
      { fromName: 'Kansliet\r\nBcc: x@evil.example' },
      /fromName/,
    ],
    ['a line break in the subject', { subject: 'Hej\nBcc: x@evil.example' }, /subject/],
  ])('answers 400 for %s, naming the field, and creates nothing', async (_what, overrides, message) => {
    const res = await editor.post('/api/campaigns').send(body(overrides)).expect(400);
    expect(res.body.message).toMatch(message);
    expect(await t.dataSource.query(`SELECT 1 FROM campaigns WHERE name = 'Inbjudan hösten'`)).toEqual([]);
  });

  it('lets viewers read but not write', async () => {
    await viewer.post('/api/campaigns').send(body()).expect(403);
    const { body: c } = await editor
      .post('/api/campaigns')
      .send(body({ name: 'Läsbar' }))
      .expect(201);
    await viewer.patch(`/api/campaigns/${c.id}`).send({ name: 'x' }).expect(403);
    await viewer.post(`/api/campaigns/${c.id}/test`).send({ email: 'x@example.se' }).expect(403);
    await viewer.post(`/api/campaigns/${c.id}/start`).expect(403);
    await viewer.get(`/api/campaigns/${c.id}/recipients/export`).expect(403);
    await viewer.get(`/api/campaigns/${c.id}/audience-preview`).expect(200);
    await viewer.get(`/api/campaigns/${c.id}/recipients`).expect(200);
  });

  it('previews the audience: who is in, and who is out and why', async () => {
    const { body: c } = await editor
      .post('/api/campaigns')
      .send(body({ name: 'Provkörning' }))
      .expect(201);
    const res = await viewer.get(`/api/campaigns/${c.id}/audience-preview`).expect(200);
    expect(res.body.included.count).toBe(2);
    expect(res.body.included.contacts.map((x: { contactId: string }) => x.contactId).sort()).toEqual(
      [ids.anna, ids.bertil].sort(),
    );
    const reasons = Object.fromEntries(
      (res.body.excluded as { contactId: string; reason: string }[]).map((x) => [x.contactId, x.reason]),
    );
    expect(reasons).toEqual({
      [ids.utan]: 'no_email',
      [ids.avanmald]: 'unsubscribed',
      [ids.studsad]: 'bounced',
      [ids.klagade]: 'complained',
      [ids.sparrad]: 'suppressed',
    });
    expect(res.body.excluded.find((x: { contactId: string }) => x.contactId === ids.avanmald)).toMatchObject({
      name: 'avanmald Test',
      email: 'avanmald@exempel.se',
    });
    expect(res.body.excludedCounts).toMatchObject({ no_email: 1, unsubscribed: 1, duplicate_email: 0 });

    // Explicit contacts, with a limit on the listed included contacts.
    const { body: c2 } = await editor
      .post('/api/campaigns')
      .send(
        body({
          name: 'Utvalda',
          audience: { type: 'contacts', contactIds: [ids.anna, ids.bertil, ids.utan] },
        }),
      )
      .expect(201);
    const res2 = await viewer.get(`/api/campaigns/${c2.id}/audience-preview?limit=1`).expect(200);
    expect(res2.body.included.count).toBe(2);
    expect(res2.body.included.contacts).toHaveLength(1);
    expect(res2.body.excluded).toEqual([
      { contactId: ids.utan, name: 'utan Test', email: null, reason: 'no_email' },
    ]);
  });

  it('sends one test message through SMTP, prefixed [TEST], escaped, not in the ledger, audited', async () => {
    const { body: c } = await editor
      .post('/api/campaigns')
      .send(body({ name: 'Testsänd', replyTo: 'svar@forbundet.se' }))
      .expect(201);
    const before = sink.received.length;
    const res = await editor
      .post(`/api/campaigns/${c.id}/test`)
      .send({ email: 'Granskare@Forbundet.se', contactId: ids.anna })
      .expect(200);
    expect(res.body.subject).toBe('[TEST] Inbjudan: dialogmöte om regional kulturpolitik');
    expect(sink.received.length).toBe(before + 1);
    const mail = sink.received[sink.received.length - 1].parsed;
    expect(mail.subject).toBe('[TEST] Inbjudan: dialogmöte om regional kulturpolitik');
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('granskare@forbundet.se');
    expect(mail.from?.value[0]).toMatchObject({ name: 'Förbundets kansli', address: 'kansli@forbundet.se' });
    expect(mail.replyTo?.value[0].address).toBe('svar@forbundet.se');
    expect(String(mail.html)).toContain('Hej &lt;b&gt;Anna&lt;/b&gt;');
    expect(mail.text).toContain('Hej <b>Anna</b>');
    expect(mail.text).toContain('Region Dalarna');
    const header = (name: string) =>
      mail.headerLines.find((h) => h.key === name)?.line.replace(/\r?\n\s+/g, ' ');
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(header('list-unsubscribe')).toMatch(
      /^List-Unsubscribe: +<http:\/\/crm\.example\.se\/u\/[A-Za-z0-9_-]+>$/,
    );
    // Its link is a test send's: it shows Anna's page and can never unsubscribe her.
    const token = /\/u\/([A-Za-z0-9_-]+)>/.exec(header('list-unsubscribe') ?? '')![1];
    expect(t.app.get(PublicTokenService).verify(token, TokenPurpose.TestUnsubscribe)).toEqual({
      scopeId: null,
      contactId: ids.anna,
    });

    // With sample data when no contact is chosen, and with the campaign's own subject.
    await editor
      .patch(`/api/campaigns/${c.id}`)
      .send({ subject: 'Till {{default firstName "du"}}' })
      .expect(200);
    await editor.post(`/api/campaigns/${c.id}/test`).send({ email: 'granskare@forbundet.se' }).expect(200);
    expect(sink.received[sink.received.length - 1].parsed.subject).toBe('[TEST] Till Anna');

    await editor.post(`/api/campaigns/${c.id}/test`).send({ email: 'inte en adress' }).expect(400);
    expect(sink.received.length).toBe(before + 2);
    expect(
      await t.dataSource.query(`SELECT 1 FROM mailing_recipients WHERE mailing_id = $1`, [c.id]),
    ).toEqual([]);
    const audits = await t.dataSource.query(
      `SELECT details FROM audit_log WHERE action = 'campaign.test_sent' AND target_id = $1::text`,
      [c.id],
    );
    expect(audits).toHaveLength(2);
    expect(audits[0].details.to).toBe('granskare@forbundet.se');
  });

  it('two start calls at once over HTTP snapshot and enqueue the audience once', async () => {
    const { body: c } = await editor
      .post('/api/campaigns')
      .send(body({ name: 'Dubbelstart' }))
      .expect(201);
    const sendingQueue = t.app.get(JobProducer).queue(QueueName.Sending);
    const queued = async () =>
      Object.values(await sendingQueue.getJobCounts('waiting', 'delayed', 'active', 'prioritized')).reduce(
        (a, b) => a + b,
        0,
      );
    const queuedBefore = await queued();
    const [a, b] = await Promise.all([
      editor.post(`/api/campaigns/${c.id}/start`),
      editor.post(`/api/campaigns/${c.id}/start`),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const [{ rows, blocks }] = await t.dataSource.query(
      `SELECT count(*)::int AS rows,
              count(DISTINCT id / ${SEND_BLOCK_SIZE}) FILTER (WHERE status = 'pending')::int AS blocks
         FROM mailing_recipients WHERE mailing_id = $1`,
      [c.id],
    );
    expect(rows).toBe(6);
    // One job per block of pending rows, not two.
    expect(blocks).toBeGreaterThan(0);
    expect(await queued()).toBe(queuedBefore + blocks);
    const started = await t.dataSource.query(
      `SELECT 1 FROM audit_log WHERE action = 'campaign.started' AND target_id = $1`,
      [c.id],
    );
    expect(started).toHaveLength(1);
    await editor.post(`/api/campaigns/${c.id}/cancel`).expect(200);
  });

  it('starting through the sending engine snapshots the audience; then edits are refused (409) and the stream ends on cancel', async () => {
    const { body: c } = await editor
      .post('/api/campaigns')
      .send(body({ name: 'Startad' }))
      .expect(201);
    const preview = await viewer.get(`/api/campaigns/${c.id}/audience-preview`).expect(200);
    const started = await editor.post(`/api/campaigns/${c.id}/start`).expect(200);
    expect(started.body).toMatchObject({ status: 'sending', total: 6 });
    expect(started.body.counts.suppressed).toBe(4);
    // The dry run said exactly who the snapshot would take and who it would hold back as suppressed.
    const ledger: { contact_id: string; status: string }[] = await t.dataSource.query(
      `SELECT contact_id, status FROM mailing_recipients WHERE mailing_id = $1`,
      [c.id],
    );
    const sortedIds = (rows: { contactId: string }[]) => rows.map((r) => r.contactId).sort();
    expect(
      ledger
        .filter((r) => r.status === 'pending')
        .map((r) => r.contact_id)
        .sort(),
    ).toEqual(sortedIds(preview.body.included.contacts));
    expect(
      ledger
        .filter((r) => r.status === 'suppressed')
        .map((r) => r.contact_id)
        .sort(),
    ).toEqual(sortedIds(preview.body.excluded.filter((x: { reason: string }) => x.reason !== 'no_email')));
    await editor.patch(`/api/campaigns/${c.id}`).send({ name: 'Ändrad' }).expect(409);
    await editor.patch(`/api/campaigns/${c.id}`).send({ scheduledAt: null }).expect(409);
    await editor.delete(`/api/campaigns/${c.id}`).expect(409);

    // The live stream sends counts every second while sending and ends once the campaign is cancelled: the
    // cancel comes once the stream has sent its first event.
    let firstEvent: () => void = () => undefined;
    const streaming = new Promise<void>((res) => (firstEvent = res));
    const streamed = viewer
      .get(`/api/campaigns/${c.id}/events`)
      .buffer(true)
      .parse((stream, done) => {
        let text = '';
        stream.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('data:')) firstEvent();
        });
        stream.on('end', () => done(null, text));
      });
    const cancelling = streaming.then(() => editor.post(`/api/campaigns/${c.id}/cancel`).expect(200));
    const [res] = await Promise.all([streamed, cancelling]);
    const events = (res.body as string)
      .split('\n\n')
      .filter((e) => e.includes('data:'))
      .map(
        (e) =>
          JSON.parse(
            e
              .split('\n')
              .find((l) => l.startsWith('data:'))!
              .slice(5),
          ) as { status: string },
      );
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events[0].status).not.toBe('cancelled');
    expect(events[events.length - 1].status).toBe('cancelled');
  });

  describe('a campaign that has started', () => {
    let id: string;

    beforeAll(async () => {
      const { body: c } = await editor
        .post('/api/campaigns')
        .send(body({ name: 'Skickad' }))
        .expect(201);
      id = c.id;
      // The ledger as the sending engine leaves it (written directly: this file tests the HTTP side).
      await t.dataSource.query(
        `UPDATE campaigns SET status = 'sent', started_at = now(),
                template_version_id = (SELECT current_version_id FROM templates WHERE id = template_id)
          WHERE id = $1`,
        [id],
      );
      await t.dataSource.query(
        `INSERT INTO mailings (id, purpose, scope_type, scope_id, title, status, template_version_id, from_name,
                               from_address)
         SELECT id, 'newsletter', 'campaign', id, name, 'finished', template_version_id, from_name, from_address
           FROM campaigns WHERE id = $1`,
        [id],
      );
      const rows: [
        string | null,
        string,
        string,
        number,
        string | null,
        string | null,
        string | null,
        string | null,
      ][] = [
        [
          ids.anna,
          'anna@exempel.se',
          'sent',
          1,
          null,
          '250 2.0.0 Ok',
          'm1@forbundet.se',
          '2026-06-15T07:30:00Z',
        ],
        [
          ids.bertil,
          'bertil@exempel.se',
          'failed_permanent',
          1,
          '=HYPERLINK("http://x")',
          '550 5.1.1 nej',
          null,
          null,
        ],
        [ids.avanmald, 'avanmald@exempel.se', 'suppressed', 0, null, null, null, null],
        [null, 'raderad@exempel.se', 'failed_temporary', 3, '-timeout', '+451 vänta', null, null],
      ];
      for (const r of rows) {
        await t.dataSource.query(
          `INSERT INTO mailing_recipients (mailing_id, contact_id, email, status, attempts, last_error, smtp_response, message_id, sent_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [id, ...r],
        );
      }
    });

    it('cannot be edited or deleted (409)', async () => {
      await editor.patch(`/api/campaigns/${id}`).send({ name: 'Nytt' }).expect(409);
      await editor.delete(`/api/campaigns/${id}`).expect(409);
      expect((await viewer.get(`/api/campaigns/${id}`).expect(200)).body.name).toBe('Skickad');
    });

    it('reports counts per recipient status', async () => {
      const res = await viewer.get(`/api/campaigns/${id}`).expect(200);
      expect(res.body.progress).toMatchObject({
        status: 'sent',
        total: 4,
        counts: { sent: 1, failed_permanent: 1, suppressed: 1, failed_temporary: 1, pending: 0 },
      });
    });

    it('lists recipients by status, keyset-paged by id', async () => {
      const first = await viewer.get(`/api/campaigns/${id}/recipients?limit=3`).expect(200);
      expect(first.body.items.map((r: { email: string }) => r.email)).toEqual([
        'anna@exempel.se',
        'bertil@exempel.se',
        'avanmald@exempel.se',
      ]);
      expect(first.body.items[0]).toMatchObject({
        firstName: '<b>Anna</b>',
        status: 'sent',
        sentAt: '2026-06-15T07:30:00.000Z',
      });
      const second = await viewer
        .get(`/api/campaigns/${id}/recipients?limit=3&cursor=${first.body.nextCursor}`)
        .expect(200);
      expect(second.body).toMatchObject({
        items: [{ email: 'raderad@exempel.se', contactId: null }],
        nextCursor: null,
      });
      const failed = await viewer.get(`/api/campaigns/${id}/recipients?status=failed_permanent`).expect(200);
      expect(failed.body.items.map((r: { email: string }) => r.email)).toEqual(['bertil@exempel.se']);
      await viewer.get(`/api/campaigns/${id}/recipients?status=glad`).expect(400);
    });

    it('exports the ledger as CSV for Swedish Excel, formula-safe', async () => {
      const res = await editor
        .get(`/api/campaigns/${id}/recipients/export?format=csv`)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="mottagare-.*\.csv"$/);
      const bytes = res.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString('utf8').slice(1);
      expect(text.replace(/\r\n/g, '')).not.toContain('\n');
      const rows: string[][] = parse(text, { delimiter: ';', record_delimiter: '\r\n' });
      expect(rows[0]).toEqual([
        'E-post',
        'Förnamn',
        'Efternamn',
        'Organisation',
        'Status',
        'Försök',
        'Senaste fel',
        'SMTP-svar',
        'Message-ID',
        'Skickat',
      ]);
      expect(rows.slice(1)).toEqual([
        [
          'anna@exempel.se',
          '<b>Anna</b>',
          'Test',
          '',
          'Skickat',
          '1',
          '',
          '250 2.0.0 Ok',
          'm1@forbundet.se',
          '2026-06-15 09:30',
        ],
        [
          'bertil@exempel.se',
          'bertil',
          'Test',
          '',
          'Permanent fel',
          '1',
          `'=HYPERLINK("http://x")`,
          '550 5.1.1 nej',
          '',
          '',
        ],
        ['avanmald@exempel.se', 'avanmald', 'Test', '', 'Spärrad', '0', '', '', '', ''],
        ['raderad@exempel.se', '', '', '', 'Tillfälligt fel', '3', "'-timeout", "'+451 vänta", '', ''],
      ]);
      const filtered = await editor
        .get(`/api/campaigns/${id}/recipients/export?format=csv&status=sent`)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect((filtered.body as Buffer).toString('utf8').trim().split('\r\n')).toHaveLength(2);
      const audit = await t.dataSource.query(
        `SELECT details FROM audit_log WHERE action = 'export.campaign_recipients' ORDER BY id`,
      );
      expect(audit[0].details).toMatchObject({ format: 'csv', rowCount: 4 });
    });

    it('exports the ledger as XLSX with the same cells', async () => {
      const res = await editor
        .get(`/api/campaigns/${id}/recipients/export?format=xlsx`)
        .buffer(true)
        .parse(binary)
        .expect(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as unknown as Parameters<typeof wb.xlsx.load>[0]);
      const sheet = wb.worksheets[0];
      expect(sheet.rowCount).toBe(5);
      expect((sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1, 3)).toEqual(['E-post', 'Förnamn']);
      expect(sheet.getRow(3).getCell(7).value).toBe(`'=HYPERLINK("http://x")`);
      expect(sheet.getRow(2).getCell(10).value).toBe('2026-06-15 09:30');
    });

    it('streams progress as server-sent events and ends when the campaign is sent', async () => {
      const res = await viewer.get(`/api/campaigns/${id}/events`).buffer(true).expect(200);
      expect(res.headers['content-type']).toMatch(/text\/event-stream/);
      const events = res.text
        .split('\n\n')
        .filter((e) => e.includes('data:'))
        .map((e) =>
          JSON.parse(
            e
              .split('\n')
              .find((l) => l.startsWith('data:'))!
              .slice(5),
          ),
        );
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ status: 'sent', total: 4, counts: { sent: 1 } });
      await viewer.get('/api/campaigns/00000000-0000-4000-8000-000000000000/events').expect(404);
    });
  });
});

describe('Test send with the built-in outbox (no SMTP_URL)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({}, { withWorker: false });
  });
  afterAll(async () => {
    await t.close();
  });

  it('stores the one rendered test message in the outbox, outside any campaign', async () => {
    const editor = await createUserAndLogin(t, 'editor');
    const [{ id: templateId }] = await t.dataSource.query(
      `SELECT id FROM templates WHERE built_in_key = 'informationsbrev'`,
    );
    const [{ id: contactId }] = await t.dataSource.query(
      `INSERT INTO contacts (first_name, email, language) VALUES ('Alice', 'alice@example.com', 'en') RETURNING id`,
    );
    const { body: c } = await editor
      .post('/api/campaigns')
      .send({
        name: 'Nyhetsbrev',
        audience: { type: 'contacts', contactIds: [contactId] },
        templateId,
        fromName: 'Kansliet',
        fromAddress: 'kansli@forbundet.se',
      })
      .expect(201);
    await editor
      .post(`/api/campaigns/${c.id}/test`)
      .send({ email: 'granskare@forbundet.se', contactId })
      .expect(200);
    const stored = await t.dataSource.query(
      `SELECT to_address, subject, mailing_id, html FROM outbox_messages`,
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      to_address: 'granskare@forbundet.se',
      subject: '[TEST] News from the federation',
      mailing_id: null,
    });
    expect(stored[0].html).toContain('Dear Alice');
    expect(await t.dataSource.query(`SELECT 1 FROM mailing_recipients`)).toEqual([]);
    // The test send was made with Alice's data: erasing her scrubs it from the outbox too.
    await t.app.get(ContactsService).erase(contactId, {});
    const [scrubbed] = await t.dataSource.query(`SELECT row_to_json(o)::text AS row FROM outbox_messages o`);
    expect(scrubbed.row).not.toMatch(/alice/i);
  });
});
