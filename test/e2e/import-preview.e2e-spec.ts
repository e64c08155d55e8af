import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createUserAndLogin, LoggedIn } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';

const SAMPLE = readFileSync(join(__dirname, '../fixtures/sample-contacts-sv.csv'));

/** POST /api/imports/contacts/preview: the mapping step's columns, suggestion and first rows; nothing stored. */
describe('import preview over HTTP', () => {
  let t: TestApp;
  let editor: LoggedIn;

  beforeAll(async () => {
    t = await createTestApp({ IMPORT_MAX_BYTES: String(64 * 1024) }, { withWorker: false });
    editor = await createUserAndLogin(t, 'editor');
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers a CSV file with its columns, the suggested fields and the first five rows', async () => {
    const res = await editor
      .post('/api/imports/contacts/preview')
      .attach('file', SAMPLE, { filename: 'medlemmar.csv', contentType: 'text/csv' })
      .expect(200);
    expect(res.body.format).toBe('csv');
    expect(res.body.columns).toEqual([
      { index: 0, header: 'Förnamn', suggested: 'firstName' },
      { index: 1, header: 'Efternamn', suggested: 'lastName' },
      { index: 2, header: 'E-post', suggested: 'email' },
      { index: 3, header: 'Organisation', suggested: 'organization' },
      { index: 4, header: 'Region', suggested: 'region' },
      { index: 5, header: 'Telefon', suggested: 'phone' },
    ]);
    expect(res.body.rows).toHaveLength(5);
    expect(res.body.rows[0]).toEqual({
      line: 2,
      cells: [
        'Lena',
        'Sjögren',
        'lena.sjogren5024exempel15.se',
        'Sveriges Orkesterförbund',
        'Region Gävleborg',
        '',
      ],
    });
    expect(res.body.rows.map((r: { line: number }) => r.line)).toEqual([2, 3, 4, 5, 6]);
    expect(res.body.fields).toContain('organizationKind');
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM imports`);
    expect(n).toBe(0);
  });

  it('lets a file without a recognised e-mail column through (a mapping may supply it), with unknown columns ignored', async () => {
    const res = await editor
      .post('/api/imports/contacts/preview')
      .attach('file', Buffer.from('Namn;Adress;MEMBER_RATING\r\nAnna;anna@exempel.se;3\r\n'), 'x.csv')
      .expect(200);
    expect(res.body.columns).toEqual([
      { index: 0, header: 'Namn', suggested: null },
      { index: 1, header: 'Adress', suggested: null },
      { index: 2, header: 'MEMBER_RATING', suggested: null },
    ]);
    expect(res.body.rows).toEqual([{ line: 2, cells: ['Anna', 'anna@exempel.se', '3'] }]);
  });

  it('reads the first worksheet of an XLSX workbook', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Kontakter');
    sheet.addRow(['Mejl', 'Förening', 'Typ']);
    sheet.addRow(['a@exempel.se', 'Teaterföreningen', 'partner']);
    sheet.addRow(['b@exempel.se']);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const res = await editor
      .post('/api/imports/contacts/preview')
      .attach('file', bytes, 'k.xlsx')
      .expect(200);
    expect(res.body.format).toBe('xlsx');
    expect(res.body.columns.map((c: { suggested: string }) => c.suggested)).toEqual([
      'email',
      'organization',
      'organizationKind',
    ]);
    expect(res.body.rows).toEqual([
      { line: 2, cells: ['a@exempel.se', 'Teaterföreningen', 'partner'] },
      { line: 3, cells: ['b@exempel.se', '', ''] },
    ]);
  });

  it('refuses what the upload refuses, in Swedish, with the same limit', async () => {
    const tooLarge = await editor
      .post('/api/imports/contacts/preview')
      .attach('file', Buffer.alloc(64 * 1024 + 1, 'a'), 'stor.csv')
      .expect(413);
    expect(tooLarge.body).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'Filen är för stor. Största tillåtna storlek är 64 kB.',
    });
    const binaryFile = await editor
      .post('/api/imports/contacts/preview')
      .attach('file', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), 'bild.csv')
      .expect(415);
    expect(binaryFile.body.code).toBe('UNSUPPORTED_FILE');
    const xls = await editor
      .post('/api/imports/contacts/preview')
      .attach('file', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'gammal.xls')
      .expect(415);
    expect(xls.body.message).toMatch(/\.xls stöds inte/);
    const empty = await editor
      .post('/api/imports/contacts/preview')
      .attach('file', Buffer.alloc(0), 'tom.csv')
      .expect(400);
    expect(empty.body.message).toBe('Filen är tom.');
    const headerOnly = await editor
      .post('/api/imports/contacts/preview')
      .attach('file', Buffer.from('E-post;Förnamn\r\n'), 'rubrik.csv')
      .expect(400);
    expect(headerOnly.body.message).toMatch(/bara en rubrikrad/);
    const noFile = await editor.post('/api/imports/contacts/preview').expect(400);
    expect(noFile.body.message).toMatch(/Ingen fil/);
  });

  it('is for those who may import: a viewer gets 403, no session 401', async () => {
    const viewer = await createUserAndLogin(t, 'viewer');
    await viewer.post('/api/imports/contacts/preview').attach('file', SAMPLE, 'x.csv').expect(403);
    await request(t.server).post('/api/imports/contacts/preview').attach('file', SAMPLE, 'x.csv').expect(401);
  });
});
