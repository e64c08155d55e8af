import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { captureStdout, CapturedLog } from '../support/capture-log';
import { createUserAndLogin, LoggedIn } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';

interface Download {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Whether the response ended properly; false when the connection was cut before its end. */
  complete: boolean;
}

/** Waits for a condition, polling; never a fixed sleep. */
async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Väntade förgäves på: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Issue 8 item 10: a failed export must fail visibly, and be logged and audited. */
describe('an export that fails', () => {
  let t: TestApp;
  let editor: LoggedIn;
  let log: CapturedLog;
  let port: number;

  beforeAll(async () => {
    log = captureStdout();
    t = await createTestApp({ LOG_LEVEL: 'warn' }, { withWorker: false });
    editor = await createUserAndLogin(t, 'editor');
    const server = t.app.getHttpServer() as http.Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    // More people than one chunk of the export (2000): a later chunk is read after the file has begun.
    await t.dataSource.query(
      `INSERT INTO contacts (email, first_name, last_name)
       SELECT 'person' || i || '@exempel.se', 'Per', 'Person ' || lpad(i::text, 5, '0')
         FROM generate_series(1, 2100) AS i`,
    );
  });
  afterAll(async () => {
    log.stop();
    await t.close();
  });
  afterEach(async () => {
    await t.dataSource.query(`DELETE FROM contacts WHERE email LIKE 'trasig%'`);
  });

  /** GET as the editor over a plain socket, telling a finished response from one whose connection was cut. */
  function download(path: string, onFirstBytes?: (res: http.IncomingMessage) => void): Promise<Download> {
    return new Promise((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path, headers: { cookie: editor.cookie } }, (res) => {
        const chunks: Buffer[] = [];
        let settled = false;
        const settle = (complete: boolean) => {
          if (settled) return;
          settled = true;
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            complete,
          });
        };
        res.on('data', (c: Buffer) => {
          if (chunks.length === 0) onFirstBytes?.(res);
          chunks.push(c);
        });
        res.on('end', () => settle(res.complete));
        res.on('aborted', () => settle(false));
        res.on('error', () => settle(false));
        res.on('close', () => settle(res.complete));
      });
      req.on('error', reject);
    });
  }

  /** A person whose updated_at no export can format ('infinity' is a valid timestamptz, but no date). */
  const brokenPerson = (lastName: string) =>
    t.dataSource.query(
      `INSERT INTO contacts (email, first_name, last_name, updated_at)
       VALUES ('trasig@exempel.se', 'Trasig', $1, 'infinity')`,
      [lastName],
    );

  const failures = () =>
    t.dataSource.query(
      `SELECT details FROM audit_log WHERE action = 'export.contacts.failed' ORDER BY id`,
    ) as Promise<{ details: Record<string, unknown> }[]>;

  it('cuts the connection when it fails after the file began, in CSV and XLSX, and logs and audits it', async () => {
    await brokenPerson('Zzzon'); // last in name order: in the second chunk
    const before = (await failures()).length;

    const csv = await download('/api/exports/contacts?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="kontakter-.*\.csv"$/);
    expect(csv.complete).toBe(false);
    const lines = csv.body.toString('utf8').split('\r\n');
    expect(lines[0]).toBe(
      '\ufeffFörnamn;Efternamn;E-post;Telefon;Organisation;Organisationstyp;Region;Roller;Förtroendevald;Titel;Språk;Taggar;Skapad;Uppdaterad',
    );
    expect(csv.body.toString('utf8')).not.toContain('trasig@exempel.se');

    const xlsx = await download('/api/exports/contacts?format=xlsx');
    expect(xlsx.status).toBe(200);
    expect(xlsx.complete).toBe(false);

    const audited = (await failures()).slice(before);
    expect(audited.map((a) => a.details)).toEqual([
      expect.objectContaining({ format: 'csv', rowsWritten: 2000, started: true, reason: 'fel i exporten' }),
      expect.objectContaining({ format: 'xlsx', rowsWritten: 2000, started: true, reason: 'fel i exporten' }),
    ]);
    const text = await log.waitFor((s) => (s.match(/Kontaktexporten misslyckades/g) ?? []).length >= 2);
    expect(text).toMatch(/"format":"csv","started":true,"rowsWritten":2000/);
    expect(text).not.toContain('trasig@exempel.se');
  });

  it('answers a failure before the first byte with an error of its own (500, JSON, Swedish), not an empty file', async () => {
    await brokenPerson('Aaberg'); // first in name order: in the first chunk, read before anything is written
    for (const format of ['csv', 'xlsx']) {
      const res = await download(`/api/exports/contacts?format=${format}`);
      expect(res.complete).toBe(true);
      expect(res.status).toBe(500);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['content-disposition']).toBeUndefined();
      expect(JSON.parse(res.body.toString('utf8'))).toMatchObject({
        statusCode: 500,
        code: 'INTERNAL',
        message: expect.stringMatching(/^Ett oväntat fel inträffade\. Ange fel-id/),
      });
    }
    const audited = (await failures()).slice(-2);
    expect(audited.map((a) => [a.details.format, a.details.started, a.details.rowsWritten])).toEqual([
      ['csv', false, 0],
      ['xlsx', false, 0],
    ]);
  });

  it("a campaign's recipient export fails the same way: visibly after the file began, as JSON before it", async () => {
    // A sent campaign whose ledger has more rows than one chunk (2000); one sent_at no export can format.
    const [{ id: templateId }] = await t.dataSource.query(
      `INSERT INTO templates (name) VALUES ('Exportfel') RETURNING id`,
    );
    const [{ id: versionId }] = await t.dataSource.query(
      `INSERT INTO template_versions (template_id, version, subject_sv, mjml_sv)
       VALUES ($1, 1, 'Hej', '<mjml></mjml>') RETURNING id`,
      [templateId],
    );
    const [{ id: campaignId }] = await t.dataSource.query(
      `INSERT INTO campaigns (name, status, audience, template_id, template_version_id, from_name, from_address, started_at)
       VALUES ('Exportfel', 'sent', '{"type":"contacts","contactIds":[]}', $1, $2, 'Kansliet', 'k@exempel.se', now())
       RETURNING id`,
      [templateId, versionId],
    );
    await t.dataSource.query(
      `INSERT INTO mailings (id, purpose, scope_type, scope_id, title, status, template_version_id, from_name, from_address)
       VALUES ($1, 'newsletter', 'campaign', $1, 'Exportfel', 'finished', $2, 'Kansliet', 'k@exempel.se')`,
      [campaignId, versionId],
    );
    await t.dataSource.query(
      `INSERT INTO mailing_recipients (mailing_id, email, status, sent_at)
       SELECT $1, 'mottagare' || i || '@exempel.se', 'sent', CASE WHEN i = 2050 THEN 'infinity'::timestamptz ELSE now() END
         FROM generate_series(1, 2100) AS i`,
      [campaignId],
    );
    const path = `/api/campaigns/${campaignId}/recipients/export?format=csv`;
    const late = await download(path);
    expect(late.status).toBe(200);
    expect(late.headers['content-disposition']).toMatch(/^attachment; filename="mottagare-/);
    expect(late.complete).toBe(false);
    // The broken row first: nothing is written, the answer is an error of its own.
    await t.dataSource.query(
      `UPDATE mailing_recipients SET sent_at = 'infinity' WHERE mailing_id = $1 AND email = 'mottagare1@exempel.se'`,
      [campaignId],
    );
    const early = await download(path);
    expect(early.status).toBe(500);
    expect(early.headers['content-disposition']).toBeUndefined();
    expect(JSON.parse(early.body.toString('utf8'))).toMatchObject({ code: 'INTERNAL' });
    const audited: { details: Record<string, unknown> }[] = await t.dataSource.query(
      `SELECT details FROM audit_log WHERE action = 'export.campaign_recipients.failed' ORDER BY id`,
    );
    expect(audited.map((a) => [a.details.started, a.details.rowsWritten])).toEqual([
      [true, 2000],
      [false, 0],
    ]);
  });

  it('cuts the connection when the database connection is lost in the middle of the file', async () => {
    // Enough people (about 9 MB of CSV) that a client that stops reading after the first bytes makes the export
    // wait for it between two chunks, inside its transaction (the sockets take about 4 MB by themselves); then
    // the export's database connection is killed, and the client reads on.
    await t.dataSource.query(
      `INSERT INTO contacts (email, first_name, last_name, title)
       SELECT 'massa' || i || '@exempel.se', 'Maja', 'Massa ' || lpad(i::text, 6, '0'), repeat('Titel ', 60)
         FROM generate_series(1, 20000) AS i`,
    );
    let paused: http.IncomingMessage | undefined;
    const downloading = download('/api/exports/contacts?format=csv', (res) => {
      paused = res;
      res.pause();
    });
    const exportBackend = await until('the export waiting between chunks', async () => {
      const [row] = await t.dataSource.query(
        `SELECT pid FROM pg_stat_activity
          WHERE datname = current_database() AND state = 'idle in transaction' AND query LIKE '%FROM "contacts"%'`,
      );
      return paused && row ? (row.pid as number) : undefined;
    });
    await t.dataSource.query(`SELECT pg_terminate_backend($1)`, [exportBackend]);
    paused!.resume();
    const res = await downloading;
    expect(res.status).toBe(200);
    expect(res.complete).toBe(false);
    const [last] = (await failures()).slice(-1);
    expect(last.details).toMatchObject({ format: 'csv', started: true, reason: 'fel i exporten' });
  });
});
