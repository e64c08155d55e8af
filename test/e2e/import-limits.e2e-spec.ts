import { monitorEventLoopDelay } from 'node:perf_hooks';
import request from 'supertest';
import { createUserAndLogin, LoggedIn } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';
import { runPart, sharedStringsBomb, SST_OPEN, workbook } from '../support/xlsx-files';

/**
 * Polls /health every 50 ms until stopped, and watches the event loop: what staff and load balancers would see
 * while something heavy is uploaded or imported.
 */
function watchHealth(t: TestApp) {
  const latencies: number[] = [];
  const statuses: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let running = true;
  const polling = (async () => {
    while (running) {
      const started = Date.now();
      const res = await request(t.server).get('/health').timeout(5000);
      statuses.push(res.status);
      latencies.push(Date.now() - started);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    async stop() {
      running = false;
      await polling;
      loop.disable();
      return { statuses, maxLatencyMs: Math.max(...latencies), maxLoopDelayMs: loop.max / 1e6 };
    },
  };
}

describe('hostile spreadsheets over HTTP', () => {
  let t: TestApp;
  let editor: LoggedIn;

  beforeAll(async () => {
    t = await createTestApp();
    editor = await createUserAndLogin(t, 'editor');
  });
  afterAll(async () => {
    await t.close();
  });

  const storedImports = async (): Promise<number> =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM imports`))[0].n;

  it('refuses the shared-strings bomb (205 KB → a 200 MB header cell) at once, with a short Swedish 400, /health answering', async () => {
    const bomb = await sharedStringsBomb(200);
    expect(bomb.length).toBeLessThan(300 * 1024);
    const before = await storedImports();

    const health = watchHealth(t);
    const started = Date.now();
    const res = await editor
      .post('/api/imports/contacts')
      .attach('file', bomb, { filename: 'medlemmar.xlsx', contentType: 'application/octet-stream' });
    const took = Date.now() - started;
    // Let /health answer a few more times after the upload, as it did during it.
    await new Promise((r) => setTimeout(r, 300));
    const seen = await health.stop();

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(res.body.message).toMatch(
      /^Excel-filen ser ut som en dekomprimeringsbomb: delen "xl\/sharedStrings\.xml" packas upp till \d+ gånger/,
    );
    expect(res.text.length).toBeLessThan(1000);
    expect(took).toBeLessThan(3000);
    expect(seen.statuses.length).toBeGreaterThanOrEqual(3);
    expect(seen.statuses.every((s) => s === 200)).toBe(true);
    expect(seen.maxLatencyMs).toBeLessThan(1000);
    expect(seen.maxLoopDelayMs).toBeLessThan(500);
    expect(await storedImports()).toBe(before);
  });

  it('a worksheet that unpacks to more than its directory says: the upload reads only its first rows, the job stops at the stated size and fails the import', async () => {
    // 200 MB of empty rows after a good header and first contact, while the directory claims 64 KB.
    const head =
      '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
      '<row r="1"><c r="A1" t="inlineStr"><is><t>E-post</t></is></c></row>' +
      '<row r="2"><c r="A2" t="inlineStr"><is><t>lurad@exempel.se</t></is></c></row>';
    const honest = await runPart(
      'xl/worksheets/sheet1.xml',
      head,
      ' ',
      200 * 1024 * 1024,
      '</sheetData></worksheet>',
    );
    const lying = workbook({ ...honest, declaredSize: 64 * 1024 }, await emptyStrings());

    const health = watchHealth(t);
    const upload = await editor.post('/api/imports/contacts').attach('file', lying, 'lista.xlsx').expect(202);
    const deadline = Date.now() + 30_000;
    let done: { status: string; errorMessage: string | null; created: number };
    for (;;) {
      done = (await editor.get(`/api/imports/${upload.body.id}`).expect(200)).body;
      if (done.status === 'failed' || done.status === 'completed') break;
      if (Date.now() > deadline) throw new Error(`Importen blev inte klar: ${JSON.stringify(done)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const seen = await health.stop();

    expect(done.status).toBe('failed');
    expect(done.created).toBe(0);
    expect(done.errorMessage).toMatch(
      /packas upp till mer än de 65536 byte som filen uppger.*Inget har importerats\.$/,
    );
    expect(seen.statuses.every((s) => s === 200)).toBe(true);
    expect(seen.maxLatencyMs).toBeLessThan(1000);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM contacts WHERE email = 'lurad@exempel.se'`,
    );
    expect(n).toBe(0);
  });

  it('repeats at most 200 characters of a header or a mapping in its error, however long they are', async () => {
    const longHeader = 'Namn'.repeat(10_000);
    const noEmail = await editor
      .post('/api/imports/contacts')
      .attach('file', Buffer.from(`${longHeader};Telefon\nAnna;070\n`), 'lista.csv')
      .expect(400);
    expect(noEmail.body.message).toMatch(
      /^Filen saknar en kolumn för e-postadress\. Rubrikerna som hittades: Namn/,
    );
    expect(noEmail.text.length).toBeLessThan(1000);
    // The header itself is cut at 200 characters as the file is read.
    expect(noEmail.body.details.headers).toEqual(['Namn'.repeat(50), 'Telefon']);

    const badMapping = await editor
      .post('/api/imports/contacts')
      .attach('file', Buffer.from('E-post\na@b.se\n'), 'lista.csv')
      .field('mapping', JSON.stringify({ ['Rubrik'.repeat(1000)]: 'skonummer'.repeat(100) }))
      .expect(400);
    expect(badMapping.body.message).toMatch(
      /^Okänt fält "(skonummer)+[a-z]*…" för kolumnen "(Rubrik)+[a-zA-Z]*…"/,
    );
    expect(badMapping.text.length).toBeLessThan(1000);
  });
});

async function emptyStrings() {
  return runPart('xl/sharedStrings.xml', SST_OPEN, ' ', 0, '</sst>');
}
