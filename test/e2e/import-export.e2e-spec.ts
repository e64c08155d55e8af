import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createUserAndLogin, LoggedIn } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';

const SAMPLE = readFileSync(join(__dirname, '../fixtures/sample-contacts-sv.csv'));

/** Collects a binary response body (supertest only buffers text types by itself). */
function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

describe('import → export round trip over HTTP', () => {
  let t: TestApp;
  let editor: LoggedIn;

  beforeAll(async () => {
    t = await createTestApp({ IMPORT_MAX_BYTES: String(64 * 1024) });
    editor = await createUserAndLogin(t, 'editor');
  });
  afterAll(async () => {
    await t.close();
  });

  async function waitForImport(id: string): Promise<Record<string, unknown>> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await editor.get(`/api/imports/${id}`).expect(200);
      if (res.body.status === 'completed' || res.body.status === 'failed') return res.body;
      if (Date.now() > deadline) throw new Error(`Importen blev inte klar: ${JSON.stringify(res.body)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('imports the sample through the worker, then exports it as Swedish Excel CSV and as XLSX', async () => {
    const dangerous = Buffer.from(
      '=HYPERLINK("http://x");Person;formel@exempel.se;Ångström & Co;Region Skåne;\r\n',
      'utf8',
    );
    const upload = await editor
      .post('/api/imports/contacts')
      .attach('file', Buffer.concat([SAMPLE, dangerous]), {
        filename: 'medlemmar-åäö.csv',
        contentType: 'text/csv',
      })
      .field('organizationKind', 'partner')
      .expect(202);
    expect(upload.body.id).toMatch(/^[0-9a-f-]{36}$/);

    const done = await waitForImport(upload.body.id);
    expect(done).toMatchObject({
      status: 'completed',
      filename: 'medlemmar-åäö.csv',
      total: 41,
      processed: 41,
      created: 38,
      updated: 0,
      skipped: 3,
      errorMessage: null,
    });
    expect(done.errors).toEqual([
      { line: 2, reason: 'Ogiltig e-postadress', field: 'email', kind: 'skipped' },
      { line: 5, reason: 'E-postadress saknas', field: 'email', kind: 'skipped' },
      { line: 21, reason: 'Ogiltig e-postadress', field: 'email', kind: 'skipped' },
    ]);
    expect(new Date(done.startedAt as string).getTime()).toBeLessThanOrEqual(
      new Date(done.finishedAt as string).getTime(),
    );
    const list = await editor.get('/api/imports?limit=1').expect(200);
    expect(list.body.items[0].id).toBe(upload.body.id);
    expect(list.body).toMatchObject({ total: 1, totalIsEstimate: false, nextCursor: null });

    // CSV: BOM, ";" and CRLF, Swedish headers, åäö intact, the formula cell neutralised with a leading "'".
    const csv = await editor.get('/api/exports/contacts?format=csv').buffer(true).parse(binary).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(
      /^attachment; filename="kontakter-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const bytes = csv.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.split('\r\n')[0]).toBe(
      'Förnamn;Efternamn;E-post;Telefon;Organisation;Organisationstyp;Region;Roller;Förtroendevald;Titel;Språk;Taggar;Skapad;Uppdaterad',
    );
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    const rows: string[][] = parse(text, { delimiter: ';', record_delimiter: '\r\n' });
    expect(rows).toHaveLength(39);
    const byEmail = new Map(rows.slice(1).map((r) => [r[2], r]));
    expect(byEmail.get('angla.oberg281@exempel11.se')?.slice(0, 7)).toEqual([
      'Ängla',
      'Öberg',
      'angla.oberg281@exempel11.se',
      '070-473 70 33',
      'SUB – Riksförbundet För Subkultur',
      'partner',
      'Region Jämtland Härjedalen',
    ]);
    expect(byEmail.get('formel@exempel.se')?.slice(0, 7)).toEqual([
      `'=HYPERLINK("http://x")`,
      'Person',
      'formel@exempel.se',
      '',
      'Ångström & Co',
      'partner',
      'Region Skåne',
    ]);
    expect(byEmail.get('angla.oberg281@exempel11.se')?.[12]).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // A filtered export: only the people in one region.
    const filtered = await editor
      .get('/api/exports/contacts')
      .query({ q: 'oberg' })
      .buffer(true)
      .parse(binary)
      .expect(200);
    const filteredRows: string[][] = parse((filtered.body as Buffer).toString('utf8').slice(1), {
      delimiter: ';',
    });
    expect(filteredRows.slice(1).map((r) => r[1])).toEqual(Array(6).fill('Öberg'));

    // XLSX, read back with exceljs.
    const xlsx = await editor.get('/api/exports/contacts?format=xlsx').buffer(true).parse(binary).expect(200);
    expect(xlsx.headers['content-disposition']).toMatch(/filename="kontakter-\d{4}-\d{2}-\d{2}\.xlsx"/);
    const wb = new ExcelJS.Workbook();
    // exceljs types its argument as the pre-Node-20 Buffer.
    await wb.xlsx.load(xlsx.body as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(39);
    expect(ws.getRow(1).getCell(1).value).toBe('Förnamn');
    const xlsxRows = new Map<string, ExcelJS.CellValue[]>();
    ws.eachRow((row) =>
      xlsxRows.set(String(row.getCell(3).value), (row.values as ExcelJS.CellValue[]).slice(1)),
    );
    expect(xlsxRows.get('formel@exempel.se')?.[0]).toBe(`'=HYPERLINK("http://x")`);
    expect(xlsxRows.get('angla.oberg281@exempel11.se')?.slice(0, 2)).toEqual(['Ängla', 'Öberg']);

    // Both exports are audited with their row counts.
    const audits = await t.dataSource.query(
      `SELECT details FROM audit_log WHERE action = 'export.contacts' ORDER BY id`,
    );
    expect(
      audits.map((a: { details: { format: string; rowCount: number } }) => [
        a.details.format,
        a.details.rowCount,
      ]),
    ).toEqual([
      ['csv', 38],
      ['csv', 6],
      ['xlsx', 38],
    ]);
  });

  it('re-importing the same file over HTTP updates instead of duplicating', async () => {
    const upload = await editor
      .post('/api/imports/contacts')
      .attach('file', SAMPLE, 'sample-contacts-sv.csv')
      .expect(202);
    expect(await waitForImport(upload.body.id)).toMatchObject({
      status: 'completed',
      created: 0,
      updated: 37,
    });
  });

  it('refuses bad uploads with a specific Swedish message and stores nothing', async () => {
    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM imports`);
    const tooLarge = await editor
      .post('/api/imports/contacts')
      .attach('file', Buffer.alloc(64 * 1024 + 1, 'a'), 'stor.csv')
      .expect(413);
    expect(tooLarge.body).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'Filen är för stor. Största tillåtna storlek är 64 kB.',
    });
    const binaryFile = await editor
      .post('/api/imports/contacts')
      .attach('file', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), 'bild.csv')
      .expect(415);
    expect(binaryFile.body.code).toBe('UNSUPPORTED_FILE');
    const noEmail = await editor
      .post('/api/imports/contacts')
      .attach('file', Buffer.from('Namn;Telefon\nA;1\n'), 'x.csv')
      .expect(400);
    expect(noEmail.body.message).toMatch(/saknar en kolumn för e-postadress/);
    const empty = await editor
      .post('/api/imports/contacts')
      .attach('file', Buffer.alloc(0), 'tom.csv')
      .expect(400);
    expect(empty.body.message).toMatch(/tom/);
    const noFile = await editor.post('/api/imports/contacts').field('organizationKind', 'member').expect(400);
    expect(noFile.body.message).toMatch(/Ingen fil/);
    const badMapping = await editor
      .post('/api/imports/contacts')
      .attach('file', SAMPLE, 'x.csv')
      .field('mapping', '{"E-post": "skonummer"}')
      .expect(400);
    expect(badMapping.body.message).toMatch(/Okänt fält "skonummer"/);
    const after = await t.dataSource.query(`SELECT count(*)::int AS n FROM imports`);
    expect(after).toEqual(before);
  });

  it('honours an explicit column mapping from the request', async () => {
    const upload = await editor
      .post('/api/imports/contacts')
      .attach('file', Buffer.from('Mejl;Förening\nmappad@exempel.se;Mappföreningen\n'), 'm.csv')
      .field('mapping', JSON.stringify({ Mejl: 'email', Förening: 'organization' }))
      .expect(202);
    expect(await waitForImport(upload.body.id)).toMatchObject({ status: 'completed', created: 1 });
    const [row] = await t.dataSource.query(
      `SELECT o.name FROM contacts c JOIN organizations o ON o.id = c.organization_id WHERE c.email = 'mappad@exempel.se'`,
    );
    expect(row.name).toBe('Mappföreningen');
  });

  it('lets viewers read import status but not import or export; no session → 401', async () => {
    const viewer = await createUserAndLogin(t, 'viewer');
    await viewer.post('/api/imports/contacts').attach('file', SAMPLE, 'x.csv').expect(403);
    await viewer.get('/api/exports/contacts?format=csv').expect(403);
    await viewer.get('/api/imports').expect(200);
    await request(t.server).get('/api/exports/contacts').expect(401);
    await request(t.server).get('/api/imports').expect(401);
    await editor.get('/api/exports/contacts?format=pdf').expect(400);
  });
});
