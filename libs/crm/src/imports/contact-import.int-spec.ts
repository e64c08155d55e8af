import { AppException } from '@app/common';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createTestApp, TestApp } from '../../../../test/support/test-app';
import { emailHash } from '../suppressions/email-hash';
import { ContactImport } from './contact-import.entity';
import { ContactImportHandler, IMPORT_BATCH_SIZE } from './contact-import.handler';
import { ContactImportService, NewImport } from './contact-import.service';

const SAMPLE = readFileSync(join(__dirname, '../../../../test/fixtures/sample-contacts-sv.csv'));

describe('contact import job (PostgreSQL)', () => {
  let t: TestApp;
  let db: DataSource;
  let service: ContactImportService;
  let handler: ContactImportHandler;

  beforeAll(async () => {
    // No worker in-process: each test runs the handler itself, exactly as the worker would.
    t = await createTestApp({}, { withWorker: false });
    db = t.dataSource;
    service = t.app.get(ContactImportService, { strict: false });
    handler = t.app.get(ContactImportHandler, { strict: false });
  });
  afterAll(async () => {
    await t.close();
  });

  async function importFile(input: NewImport): Promise<ContactImport> {
    const queued = await service.start(input, {});
    await handler.handle({ importId: queued.id });
    return service.get(queued.id);
  }

  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    Number((await db.query(sql, params))[0].n);

  it('imports the Swedish Excel sample: good rows created, bad rows skipped with line and reason', async () => {
    const result = await importFile({ filename: 'sample-contacts-sv.csv', content: SAMPLE });
    expect(result.status).toBe('completed');
    expect(result).toMatchObject({ total: 40, processed: 40, created: 37, updated: 0, skipped: 3 });
    expect(result.errors).toEqual([
      { line: 2, reason: 'Ogiltig e-postadress', field: 'email', kind: 'skipped' },
      { line: 5, reason: 'E-postadress saknas', field: 'email', kind: 'skipped' },
      { line: 21, reason: 'Ogiltig e-postadress', field: 'email', kind: 'skipped' },
    ]);
    expect(result.startedAt).not.toBeNull();
    expect(result.finishedAt).not.toBeNull();
    expect(await count(`SELECT count(*) AS n FROM contacts`)).toBe(37);

    const [anna] = await db.query(
      `SELECT c.first_name, c.last_name, c.phone, c.source, o.name AS org, o.kind, r.name AS region
         FROM contacts c JOIN organizations o ON o.id = c.organization_id JOIN regions r ON r.id = c.region_id
        WHERE c.email = 'anna.oberg72@exempel28.se'`,
    );
    expect(anna).toEqual({
      first_name: 'Anna',
      last_name: 'Öberg',
      phone: '+46707199878',
      source: 'import:sample-contacts-sv.csv',
      org: 'Svenska Arbetarsångarförbundet',
      kind: 'member',
      region: 'Region Dalarna',
    });
    // One organisation per distinct name, matched by name_key.
    expect(await count(`SELECT count(*) AS n FROM organizations`)).toBe(11);
    // search_text is set so "oberg" finds "Öberg".
    expect(await count(`SELECT count(*) AS n FROM contacts WHERE search_text LIKE '%oberg%'`)).toBe(6);
    // The file is gone once the import has ended; the import is audited with its counts.
    expect(await count(`SELECT count(*) AS n FROM import_files WHERE import_id = $1`, [result.id])).toBe(0);
    const [audit] = await db.query(
      `SELECT details FROM audit_log WHERE action = 'import.completed' AND target_id = $1`,
      [result.id],
    );
    expect(audit.details).toMatchObject({ created: 37, updated: 0, skipped: 3, total: 40 });
  });

  it('re-importing the same file creates no duplicates: 0 created, 37 updated', async () => {
    const result = await importFile({ filename: 'sample-contacts-sv.csv', content: SAMPLE });
    expect(result).toMatchObject({ status: 'completed', created: 0, updated: 37, skipped: 3 });
    expect(await count(`SELECT count(*) AS n FROM contacts`)).toBe(37);
    expect(await count(`SELECT count(*) AS n FROM organizations`)).toBe(11);
  });

  it('records started before finished: every time on an import is the database clock at that moment', async () => {
    // Several small imports: each one's transaction began before its claim, which is what made finished_at
    // (then now(), the transaction's start) come out earlier than started_at.
    for (let i = 0; i < 3; i++) {
      const done = await importFile({
        filename: `tid-${i}.csv`,
        content: Buffer.from(`E-post\ntid${i}@exempel.se\n`),
      });
      const [row] = await db.query(
        `SELECT created_at <= started_at AS queued_first, started_at <= finished_at AS started_first
           FROM imports WHERE id = $1`,
        [done.id],
      );
      expect(row).toEqual({ queued_first: true, started_first: true });
    }
    // A failed import too.
    const queued = await service.start({ filename: 'x.csv', content: Buffer.from('E-post\na@b.se\n') }, {});
    await db.query(`UPDATE import_files SET content = $2 WHERE import_id = $1`, [
      queued.id,
      Buffer.from('Namn\nx\n'),
    ]);
    await handler.handle({ importId: queued.id });
    const [failed] = await db.query(
      `SELECT status, started_at <= finished_at AS started_first FROM imports WHERE id = $1`,
      [queued.id],
    );
    expect(failed).toEqual({ status: 'failed', started_first: true });
  });

  it('keeps no personal data in row errors: the line and the field, never the value', async () => {
    const csv =
      'E-post;Förnamn;Telefon;Region;Språk;Förtroendevald\n' +
      'dupe@example.se;Dora;;;;\n' +
      'DUPE@example.se;Dora;;;;\n' +
      'dora@@example.se;Dora;;;;\n' +
      'ok.dora@example.se;Dora;070-12;Dorastan;doriska;kanske\n';
    const result = await importFile({ filename: 'dora.csv', content: Buffer.from(csv) });
    expect(result.errors).toEqual([
      { line: 3, reason: 'Dubblett av rad 2 (e-post)', field: 'email', kind: 'skipped' },
      { line: 4, reason: 'Ogiltig e-postadress', field: 'email', kind: 'skipped' },
      { line: 5, reason: 'Ogiltigt telefonnummer ignorerades', field: 'phone', kind: 'warning' },
      { line: 5, reason: 'Okänd region ignorerades', field: 'region', kind: 'warning' },
      { line: 5, reason: 'Okänt språk ignorerades (sv eller en)', field: 'language', kind: 'warning' },
      {
        line: 5,
        reason: 'Okänt värde för förtroendevald ignorerades (ja eller nej)',
        field: 'elected',
        kind: 'warning',
      },
    ]);
    // Without the generated id and times, whose digits could spell "070" by chance.
    const [stored] = await db.query(
      `SELECT (to_jsonb(i) - 'id' - 'created_at' - 'started_at' - 'finished_at')::text AS row
         FROM imports i WHERE id = $1`,
      [result.id],
    );
    expect(stored.row).not.toMatch(/dupe|dora@|070|Dorastan|doriska|kanske/i);
  });

  it('does not run a completed import again when BullMQ delivers the job twice', async () => {
    const queued = await service.start(
      { filename: 'a.csv', content: Buffer.from('E-post\nny.person@exempel.se\n') },
      {},
    );
    await handler.handle({ importId: queued.id });
    await db.query(`UPDATE contacts SET first_name = 'Ändrad' WHERE email = 'ny.person@exempel.se'`);
    expect(await handler.handle({ importId: queued.id })).toBeNull();
    expect((await service.get(queued.id)).created).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM contacts WHERE first_name = 'Ändrad'`)).toBe(1);
  });

  it('decodes Windows-1252 bytes (older Swedish Excel) with å, ä, ö intact', async () => {
    const bytes = iconv.encode(
      'Förnamn;Efternamn;E-post;Organisation\r\nÅsa;Bäckström;asa.cp@exempel.se;Skådebanan Väst\r\n',
      'win1252',
    );
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const result = await importFile({ filename: 'gammal.csv', content: bytes });
    expect(result).toMatchObject({ status: 'completed', created: 1 });
    const [row] = await db.query(
      `SELECT c.first_name, c.last_name, o.name FROM contacts c JOIN organizations o ON o.id = c.organization_id
        WHERE email = 'asa.cp@exempel.se'`,
    );
    expect(row).toEqual({ first_name: 'Åsa', last_name: 'Bäckström', name: 'Skådebanan Väst' });
  });

  it('reads a Mailchimp audience export (comma, English headers, TAGS) and ignores unknown columns', async () => {
    const csv =
      'Email Address,First Name,Last Name,Address,Phone Number,MEMBER_RATING,TAGS\n' +
      'MC.One@Exempel.se,Mona,Chimp,"Storgatan 1, Visby",070-111 22 33,2,"nyhetsbrev,styrelse"\n' +
      'mc.two@exempel.se,Max,Chimp,,not a phone,1,\n';
    const result = await importFile({ filename: 'mailchimp.csv', content: Buffer.from(csv) });
    expect(result).toMatchObject({ status: 'completed', created: 2, skipped: 0 });
    expect(result.errors).toEqual([
      { line: 3, reason: 'Ogiltigt telefonnummer ignorerades', field: 'phone', kind: 'warning' },
    ]);
    const rows = await db.query(
      `SELECT email, first_name, phone, tags FROM contacts WHERE email LIKE 'mc.%' ORDER BY email`,
    );
    expect(rows).toEqual([
      {
        email: 'mc.one@exempel.se',
        first_name: 'Mona',
        phone: '+46701112233',
        tags: ['nyhetsbrev', 'styrelse'],
      },
      { email: 'mc.two@exempel.se', first_name: 'Max', phone: null, tags: [] },
    ]);
  });

  it('stores =HYPERLINK(…) and <script> cells as plain text, exactly as given', async () => {
    const csv =
      'E-post;Förnamn;Efternamn;Titel\nf@exempel.se;"=HYPERLINK(""http://x"")";<script>alert(1)</script>;+1+1\n';
    await importFile({ filename: 'farligt.csv', content: Buffer.from(csv) });
    const [row] = await db.query(
      `SELECT first_name, last_name, title FROM contacts WHERE email = 'f@exempel.se'`,
    );
    expect(row).toEqual({
      first_name: '=HYPERLINK("http://x")',
      last_name: '<script>alert(1)</script>',
      title: '+1+1',
    });
  });

  it('imports XLSX (first worksheet) with row numbers in its errors', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Medlemmar');
    ws.addRow(['Förnamn', 'Efternamn', 'E-post', 'Region', 'Roll', 'Taggar']);
    ws.addRow(['Örjan', 'Ängström', 'orjan.x@exempel.se', 'Landstinget Sörmland', 'Kulturchef', 'a;b']);
    ws.addRow(['Ingen', 'Adress', '', 'C', '', '']);
    ws.addRow(['Kim', 'Lund', 'kim.x@exempel.se', '3', 'regionråd', '']);
    const result = await importFile({
      filename: 'medlemmar.xlsx',
      content: Buffer.from(await wb.xlsx.writeBuffer()),
    });
    expect(result).toMatchObject({ status: 'completed', total: 3, created: 2, skipped: 1 });
    expect(result.errors).toEqual([
      { line: 3, reason: 'E-postadress saknas', field: 'email', kind: 'skipped' },
    ]);
    const rows = await db.query(
      `SELECT c.email, c.last_name, r.name AS region, c.roles, c.tags FROM contacts c JOIN regions r ON r.id = c.region_id
        WHERE c.email LIKE '%.x@exempel.se' ORDER BY c.email`,
    );
    expect(rows).toEqual([
      {
        email: 'kim.x@exempel.se',
        last_name: 'Lund',
        region: 'Region Uppsala',
        roles: ['regionråd'],
        tags: [],
      },
      {
        email: 'orjan.x@exempel.se',
        last_name: 'Ängström',
        region: 'Region Sörmland',
        roles: ['kulturchef'],
        tags: ['a', 'b'],
      },
    ]);
  });

  it('does not bring back a person erased under GDPR', async () => {
    await db.query(`INSERT INTO suppressions (email_hash, reason) VALUES ($1, 'erased')`, [
      emailHash('raderad@exempel.se'),
    ]);
    const result = await importFile({
      filename: 'x.csv',
      content: Buffer.from('E-post;Förnamn\nRaderad@Exempel.se;Borta\nkvar@exempel.se;Kvar\n'),
    });
    expect(result).toMatchObject({ created: 1, skipped: 1 });
    expect(result.errors).toEqual([
      { line: 2, reason: 'Personen har raderats enligt GDPR och importeras inte igen', kind: 'skipped' },
    ]);
    expect(await count(`SELECT count(*) AS n FROM contacts WHERE email = 'raderad@exempel.se'`)).toBe(0);
  });

  it('skips later duplicates within a file, and empty cells never wipe stored values', async () => {
    await importFile({
      filename: 'a.csv',
      content: Buffer.from(
        'E-post;Förnamn;Efternamn;Telefon;Taggar\nkeep@exempel.se;Karin;Kvar;0704264531;gammal\n',
      ),
    });
    const result = await importFile({
      filename: 'b.csv',
      content: Buffer.from(
        'E-post;Förnamn;Efternamn;Telefon;Taggar\nKEEP@exempel.se;;Nytt;;ny\nkeep@exempel.se;Dubbel;;;\n',
      ),
    });
    expect(result).toMatchObject({ created: 0, updated: 1, skipped: 1 });
    expect(result.errors).toEqual([
      { line: 3, reason: 'Dubblett av rad 2 (e-post)', field: 'email', kind: 'skipped' },
    ]);
    const [row] = await db.query(
      `SELECT first_name, last_name, phone, tags, search_text FROM contacts WHERE email = 'keep@exempel.se'`,
    );
    expect(row).toEqual({
      first_name: 'Karin',
      last_name: 'Nytt',
      phone: '+46704264531',
      tags: ['gammal', 'ny'],
      search_text: 'karin nytt keep@exempel.se',
    });
  });

  it('refuses empty, binary, old .xls, header-only and email-less files, storing nothing', async () => {
    const before = await db.query(
      `SELECT (SELECT count(*) FROM imports) AS i, (SELECT count(*) FROM import_files) AS f, (SELECT count(*) FROM contacts) AS c`,
    );
    const cases: [Buffer, number, RegExp][] = [
      [Buffer.alloc(0), 400, /Filen är tom/],
      [Buffer.from('\ufeff\r\n'), 400, /Filen är tom/],
      [
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
        415,
        /varken CSV eller Excel/,
      ],
      [Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 415, /\.xls stöds inte/],
      [Buffer.from('E-post;Förnamn\r\n'), 400, /bara en rubrikrad/],
      [Buffer.from('Namn;Telefon\nAnna;070\n'), 400, /saknar en kolumn för e-postadress.*Namn, Telefon/],
    ];
    for (const [content, status, message] of cases) {
      const err = await service.start({ filename: 'x', content }, {}).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppException);
      expect((err as AppException).message).toMatch(message);
      expect({ 400: 'VALIDATION_FAILED', 415: 'UNSUPPORTED_FILE' }[status]).toBe((err as AppException).code);
    }
    const after = await db.query(
      `SELECT (SELECT count(*) FROM imports) AS i, (SELECT count(*) FROM import_files) AS f, (SELECT count(*) FROM contacts) AS c`,
    );
    expect(after).toEqual(before);
  });

  it('fails an import whose stored file turns out unreadable, changing nothing', async () => {
    const queued = await service.start({ filename: 'x.csv', content: Buffer.from('E-post\na@b.se\n') }, {});
    await db.query(`UPDATE import_files SET content = $2 WHERE import_id = $1`, [
      queued.id,
      Buffer.from('Namn\nx\n'),
    ]);
    const contactsBefore = await count(`SELECT count(*) AS n FROM contacts`);
    await handler.handle({ importId: queued.id });
    const failed = await service.get(queued.id);
    expect(failed.status).toBe('failed');
    expect(failed.errorMessage).toMatch(/saknar en kolumn för e-postadress.*Inget har importerats/);
    expect(await count(`SELECT count(*) AS n FROM contacts`)).toBe(contactsBefore);
    expect(await count(`SELECT count(*) AS n FROM import_files WHERE import_id = $1`, [queued.id])).toBe(0);
  });

  describe('re-importing: only what changed is written', () => {
    const HEADER =
      'E-post;Förnamn;Efternamn;Organisation;Region;Telefon;Roll;Taggar;Titel;Språk;Förtroendevald;Anteckningar';
    const rows = [
      'om.anna@exempel.se;Anna;Öberg;Omteatern;Region Dalarna;070-111 22 33;Kulturchef;styrelse,vip;Chef;sv;ja;Första',
      'om.bo@exempel.se;Bo;Åkesson;Omscenen;Region Skåne;+46 70 222 33 44;;nyhetsbrev;;en;nej;',
      'om.cia@exempel.se;Cia;Lind;;;;;;;;;',
      'om.dan@exempel.se;Dan;Ek;Omteatern;;;Regionråd;;;;;',
    ];
    const file = (lines: string[]) => Buffer.from([HEADER, ...lines].join('\r\n') + '\r\n');
    /** Each person's row version (xmin), place (ctid) and updated_at: any write changes the first two. */
    const versions = async (): Promise<Record<string, string>> =>
      Object.fromEntries(
        (
          await db.query(
            `SELECT email, xmin::text || '/' || ctid::text || '/' || updated_at::text AS v
               FROM contacts WHERE email LIKE 'om.%' ORDER BY email`,
          )
        ).map((r: { email: string; v: string }) => [r.email, r.v]),
      );

    it('an unchanged file rewrites no contact row; a changed row is updated, and only it', async () => {
      const first = await importFile({ filename: 'om.csv', content: file(rows) });
      expect(first).toMatchObject({ status: 'completed', created: 4, updated: 0, skipped: 0 });
      const before = await versions();
      expect(Object.keys(before)).toHaveLength(4);

      const again = await importFile({ filename: 'om.csv', content: file(rows) });
      expect(again).toMatchObject({ status: 'completed', created: 0, updated: 4, skipped: 0 });
      expect(await versions()).toEqual(before);
      const [audit] = await db.query(
        `SELECT details FROM audit_log WHERE action = 'import.completed' AND target_id = $1`,
        [again.id],
      );
      expect(audit.details).toMatchObject({ updated: 4, unchanged: 4 });

      // Bo gets a new number and a tag he already has; Cia (no organisation in the file) a new last name.
      const changed = [
        rows[0],
        'om.bo@exempel.se;Bo;Åkesson;Omscenen;Region Skåne;+46 70 999 88 77;;nyhetsbrev;;en;nej;',
        'OM.CIA@exempel.se;;Lindqvist;;;;;;;;;',
        rows[3],
      ];
      const third = await importFile({ filename: 'om.csv', content: file(changed) });
      expect(third).toMatchObject({ status: 'completed', created: 0, updated: 4, skipped: 0 });
      const after = await versions();
      expect(after['om.anna@exempel.se']).toBe(before['om.anna@exempel.se']);
      expect(after['om.dan@exempel.se']).toBe(before['om.dan@exempel.se']);
      expect(after['om.bo@exempel.se']).not.toBe(before['om.bo@exempel.se']);
      expect(after['om.cia@exempel.se']).not.toBe(before['om.cia@exempel.se']);
      const stored = await db.query(
        `SELECT c.email, c.first_name, c.last_name, c.phone, c.tags, c.roles, c.elected, c.language, c.title,
                c.notes, c.search_text, o.name AS org, r.name AS region
           FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id
           LEFT JOIN regions r ON r.id = c.region_id
          WHERE c.email LIKE 'om.%' ORDER BY c.email`,
      );
      expect(stored).toEqual([
        {
          email: 'om.anna@exempel.se',
          first_name: 'Anna',
          last_name: 'Öberg',
          phone: '+46701112233',
          tags: ['styrelse', 'vip'],
          roles: ['kulturchef'],
          elected: true,
          language: 'sv',
          title: 'Chef',
          notes: 'Första',
          search_text: 'anna oberg om.anna@exempel.se omteatern',
          org: 'Omteatern',
          region: 'Region Dalarna',
        },
        {
          email: 'om.bo@exempel.se',
          first_name: 'Bo',
          last_name: 'Åkesson',
          phone: '+46709998877',
          tags: ['nyhetsbrev'],
          roles: [],
          elected: false,
          language: 'en',
          title: null,
          notes: null,
          search_text: 'bo akesson om.bo@exempel.se omscenen',
          org: 'Omscenen',
          region: 'Region Skåne',
        },
        {
          // No first name in the file: the stored one is kept, and the search text made with it.
          email: 'om.cia@exempel.se',
          first_name: 'Cia',
          last_name: 'Lindqvist',
          phone: null,
          tags: [],
          roles: [],
          elected: false,
          language: 'sv',
          title: null,
          notes: null,
          search_text: 'cia lindqvist om.cia@exempel.se',
          org: null,
          region: null,
        },
        {
          email: 'om.dan@exempel.se',
          first_name: 'Dan',
          last_name: 'Ek',
          phone: null,
          tags: [],
          roles: ['regionråd'],
          elected: false,
          language: 'sv',
          title: null,
          notes: null,
          search_text: 'dan ek om.dan@exempel.se omteatern',
          org: 'Omteatern',
          region: null,
        },
      ]);

      // A file that only adds a tag adds it to the stored ones; one without the organisation keeps it (and the
      // search text made with it).
      await importFile({
        filename: 'taggar.csv',
        content: Buffer.from('E-post;Efternamn;Taggar\nom.anna@exempel.se;Öberg-Lind;ny,vip\n'),
      });
      const [anna] = await db.query(
        `SELECT last_name, tags, search_text FROM contacts WHERE email = 'om.anna@exempel.se'`,
      );
      expect(anna).toEqual({
        last_name: 'Öberg-Lind',
        tags: ['styrelse', 'vip', 'ny'],
        search_text: 'anna oberg-lind om.anna@exempel.se omteatern',
      });
    });

    it('stores cells with tabs, backslashes, line breaks, quotes and braces exactly as given', async () => {
      const csv =
        'E-post;Förnamn;Efternamn;Anteckningar;Taggar\n' +
        'tecken@exempel.se;"Tab\there";Back\\slash\\N;"rad ett\nrad två ""citat"" {x}";"{a},b""c;\\N"\n';
      const result = await importFile({ filename: 'tecken.csv', content: Buffer.from(csv) });
      expect(result).toMatchObject({ status: 'completed', created: 1, skipped: 0 });
      const [row] = await db.query(
        `SELECT first_name, last_name, notes, tags FROM contacts WHERE email = 'tecken@exempel.se'`,
      );
      expect(row).toEqual({
        first_name: 'Tab\there',
        last_name: 'Back\\slash\\N',
        notes: 'rad ett\nrad två "citat" {x}',
        tags: ['{a}', 'b"c', '\\N'],
      });
      // Once more, unchanged: nothing written.
      const [before] = await db.query(
        `SELECT xmin::text AS x FROM contacts WHERE email = 'tecken@exempel.se'`,
      );
      await importFile({ filename: 'tecken.csv', content: Buffer.from(csv) });
      const [after] = await db.query(
        `SELECT xmin::text AS x FROM contacts WHERE email = 'tecken@exempel.se'`,
      );
      expect(after.x).toBe(before.x);
    });

    it('reads a file that turns out not to be UTF-8 far into it as Windows-1252 throughout, once', async () => {
      // UTF-8 "Åsa" first, then, well past the first piece read, a Windows-1252 "ä": by detectEncoding's rule
      // the file is Windows-1252, so the import starts over reading it so, and writes every person once.
      const lines = ['Email;First name;Last name'];
      for (let i = 0; i < 3000; i++) lines.push(`blandad${i}@exempel.se;Åsa;Nilsson`);
      const utf8 = Buffer.from(lines.join('\n') + '\n', 'utf8');
      const bytes = Buffer.concat([utf8, iconv.encode('sist.blandad@exempel.se;Käll;Bäck\n', 'win1252')]);
      expect(bytes.length).toBeGreaterThan(64 * 1024);
      const result = await importFile({ filename: 'blandad.csv', content: bytes });
      expect(result).toMatchObject({ status: 'completed', total: 3001, created: 3001, skipped: 0 });
      const rows = await db.query(
        `SELECT first_name, last_name FROM contacts WHERE email IN ('blandad0@exempel.se', 'sist.blandad@exempel.se')
          ORDER BY email`,
      );
      expect(rows).toEqual([
        { first_name: iconv.decode(Buffer.from('Åsa', 'utf8'), 'win1252'), last_name: 'Nilsson' },
        { first_name: 'Käll', last_name: 'Bäck' },
      ]);
    });
  });

  describe("organisations by kind: a mixed file's rows say what each organisation is", () => {
    const orgs = async (names: string[]) =>
      db.query(
        `SELECT o.name, o.kind, r.name AS region FROM organizations o LEFT JOIN regions r ON r.id = o.region_id
          WHERE o.name = ANY($1::text[]) ORDER BY o.name`,
        [names],
      );
    const regionOfContact = async (email: string): Promise<string | null> =>
      (
        await db.query(
          `SELECT r.name FROM contacts c LEFT JOIN regions r ON r.id = c.region_id WHERE c.email = $1`,
          [email],
        )
      )[0]?.name ?? null;

    it('CSV: region contacts, member recipients and partners get their kinds; regions their region', async () => {
      // Made by an earlier file as `member` (the file's kind), before kinds could be given per row.
      await importFile({
        filename: 'gammal.csv',
        content: Buffer.from('E-post;Organisation\nfhp.gammal@exempel.se;Folkets Hus och Parker\n'),
      });
      await db.query(
        `INSERT INTO organizations (kind, name, name_key, region_id)
         VALUES ('region', 'Region Gotland', 'region gotland', (SELECT id FROM regions WHERE code = '09'))
         RETURNING id`,
      );
      const csv =
        'E-post;Förnamn;Organisation;Organisationstyp;Region\n' +
        'chef.dalarna@exempel.se;Kim;Region Dalarna;Region;\n' +
        'pol.jh@exempel.se;Pia;Region Jämtland Härjedalen;landsting;Jämtland Härjedalen\n' +
        'vera.vgr@exempel.se;Vera;Västra Götalandsregionen;Regional;\n' +
        'sam.sorm@exempel.se;Sam;Region Sörmland;REGION;\n' +
        'mia.kor@exempel.se;Mia;Sveriges Körförbund;medlem;\n' +
        'max.kor@exempel.se;Max;Sveriges Körförbund;;\n' +
        'per.rt@exempel.se;Per;Riksteatern;Samarbetspartner;Region Stockholm\n' +
        'ola.ovr@exempel.se;Ola;Övriga huset;Övrig;\n' +
        'bo.bad@exempel.se;Bo;Konstigt förbund;Fiende;\n' +
        'cia.rt@exempel.se;Cia;Riksteatern;Medlemsorganisation;\n' +
        'fhp.ny@exempel.se;Fia;Folkets Hus och Parker;partner;\n' +
        'gus.gotland@exempel.se;Gus;Region Gotland;region;Region Skåne\n';
      const result = await importFile({ filename: 'blandad.csv', content: Buffer.from(csv) });
      expect(result).toMatchObject({ status: 'completed', created: 11, skipped: 1 });
      expect(result.errors).toEqual([
        {
          line: 10,
          reason: 'Okänd organisationstyp (region, medlem, partner eller annan)',
          field: 'organizationKind',
          kind: 'skipped',
        },
        {
          line: 11,
          reason: 'Organisationstypen skiljer sig från rad 8 för samma organisation; typen på rad 8 gäller',
          field: 'organizationKind',
          kind: 'warning',
        },
      ]);
      expect(JSON.stringify(result.errors)).not.toMatch(/Fiende|bo\.bad/);

      expect(
        await orgs([
          'Region Dalarna',
          'Region Jämtland Härjedalen',
          'Västra Götalandsregionen',
          'Region Sörmland',
          'Sveriges Körförbund',
          'Riksteatern',
          'Övriga huset',
          'Konstigt förbund',
          'Folkets Hus och Parker',
          'Region Gotland',
        ]),
      ).toEqual([
        { name: 'Folkets Hus och Parker', kind: 'partner', region: null },
        { name: 'Region Dalarna', kind: 'region', region: 'Region Dalarna' },
        // A region staff set is kept; the row's region column is the person's.
        { name: 'Region Gotland', kind: 'region', region: 'Region Gotland' },
        { name: 'Region Jämtland Härjedalen', kind: 'region', region: 'Region Jämtland Härjedalen' },
        { name: 'Region Sörmland', kind: 'region', region: 'Region Sörmland' },
        // The first row stating a kind holds; a region column does not tie a partner to a region.
        { name: 'Riksteatern', kind: 'partner', region: null },
        { name: 'Sveriges Körförbund', kind: 'member', region: null },
        { name: 'Västra Götalandsregionen', kind: 'region', region: 'Västra Götalandsregionen' },
        { name: 'Övriga huset', kind: 'other', region: null },
      ]);
      // People of a region organisation are in its region unless their row says otherwise.
      expect(await regionOfContact('chef.dalarna@exempel.se')).toBe('Region Dalarna');
      expect(await regionOfContact('vera.vgr@exempel.se')).toBe('Västra Götalandsregionen');
      expect(await regionOfContact('gus.gotland@exempel.se')).toBe('Region Skåne');
      expect(await regionOfContact('mia.kor@exempel.se')).toBeNull();

      // The existing organisation the file gave another kind: changed, and audited with from and to.
      const audits = await db.query(
        `SELECT a.target_id, a.details FROM audit_log a WHERE a.action = 'organization.kind_changed'`,
      );
      const [fhp] = await db.query(`SELECT id FROM organizations WHERE name = 'Folkets Hus och Parker'`);
      expect(audits).toEqual([
        {
          target_id: fhp.id,
          details: { from: 'member', to: 'partner', importId: result.id, line: 12 },
        },
      ]);
    });

    it('a repeated or erased row says nothing about its organisation', async () => {
      await db.query(`INSERT INTO suppressions (email_hash, reason) VALUES ($1, 'erased')`, [
        emailHash('borta.org@exempel.se'),
      ]);
      const result = await importFile({
        filename: 'upprepad.csv',
        content: Buffer.from(
          'E-post;Organisation;Organisationstyp\n' +
            'upp.a@exempel.se;Upprepade förbundet;partner\n' +
            'upp.a@exempel.se;Upprepade förbundet;region\n' +
            'borta.org@exempel.se;Raderade förbundet;region\n',
        ),
      });
      expect(result).toMatchObject({ status: 'completed', created: 1, skipped: 2 });
      expect(result.errors).toEqual([
        { line: 3, reason: 'Dubblett av rad 2 (e-post)', field: 'email', kind: 'skipped' },
        { line: 4, reason: 'Personen har raderats enligt GDPR och importeras inte igen', kind: 'skipped' },
      ]);
      expect(await orgs(['Upprepade förbundet', 'Raderade förbundet'])).toEqual([
        { name: 'Upprepade förbundet', kind: 'partner', region: null },
      ]);
    });

    it("never changes an existing organisation's kind by the file's default kind", async () => {
      const result = await importFile({
        filename: 'partners.csv',
        organizationKind: 'partner',
        content: Buffer.from(
          'E-post;Organisation\nny.kor@exempel.se;Sveriges Körförbund\nny.partner@exempel.se;Skådebanan\n',
        ),
      });
      expect(result).toMatchObject({ status: 'completed', created: 2, skipped: 0 });
      expect(await orgs(['Sveriges Körförbund', 'Skådebanan'])).toEqual([
        { name: 'Skådebanan', kind: 'partner', region: null },
        { name: 'Sveriges Körförbund', kind: 'member', region: null },
      ]);
    });

    it('XLSX: the same, with English headers and values', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Blandat');
      ws.addRow(['Email', 'First name', 'Organization', 'Organization type']);
      ws.addRow(['halland.chef@exempel.se', 'Hans', 'Region Halland', 'region']);
      ws.addRow(['hssl@exempel.se', 'Hedda', 'Hela Sverige ska leva', 'Partner']);
      ws.addRow(['hembygd@exempel.se', 'Hemming', 'Sveriges Hembygdsförbund', 'member']);
      ws.addRow(['okand.typ@exempel.se', 'Otto', 'Okänt förbund', 'enemy']);
      ws.addRow(['annat@exempel.se', 'Anna', 'Studieförbund X', 'other']);
      const result = await importFile({
        filename: 'blandad.xlsx',
        content: Buffer.from(await wb.xlsx.writeBuffer()),
      });
      expect(result).toMatchObject({ status: 'completed', created: 4, skipped: 1 });
      expect(result.errors).toEqual([
        {
          line: 5,
          reason: 'Okänd organisationstyp (region, medlem, partner eller annan)',
          field: 'organizationKind',
          kind: 'skipped',
        },
      ]);
      expect(
        await orgs([
          'Region Halland',
          'Hela Sverige ska leva',
          'Sveriges Hembygdsförbund',
          'Okänt förbund',
          'Studieförbund X',
        ]),
      ).toEqual([
        { name: 'Hela Sverige ska leva', kind: 'partner', region: null },
        { name: 'Region Halland', kind: 'region', region: 'Region Halland' },
        { name: 'Studieförbund X', kind: 'other', region: null },
        { name: 'Sveriges Hembygdsförbund', kind: 'member', region: null },
      ]);
      expect(await regionOfContact('halland.chef@exempel.se')).toBe('Region Halland');
    });

    it('a later batch may state the kind of an organisation an earlier batch made with the default', async () => {
      const lines = ['E-post;Organisation;Typ'];
      for (let i = 0; i < IMPORT_BATCH_SIZE; i++) lines.push(`sen${i}@exempel.se;Sena förbundet;`);
      lines.push('sist@exempel.se;Sena förbundet;samarbetsorganisation');
      const result = await importFile({ filename: 'stor.csv', content: Buffer.from(lines.join('\n')) });
      expect(result).toMatchObject({ status: 'completed', created: IMPORT_BATCH_SIZE + 1, skipped: 0 });
      expect(await orgs(['Sena förbundet'])).toEqual([
        { name: 'Sena förbundet', kind: 'partner', region: null },
      ]);
      const [audit] = await db.query(
        `SELECT details FROM audit_log WHERE action = 'organization.kind_changed' AND details->>'importId' = $1`,
        [result.id],
      );
      expect(audit.details).toMatchObject({ from: 'member', to: 'partner', line: IMPORT_BATCH_SIZE + 2 });
    });
  });
});
