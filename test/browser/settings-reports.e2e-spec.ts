import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { loginAsAdmin, TEST_ADMIN } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';
import { describeViolations, seriousViolations } from './support/axe';
import { describeInBrowser, launchBrowser, newContext, screenshot, Viewport } from './support/browser';

const ROOT = join(__dirname, '..', '..');
const WEB_DIST = join(ROOT, 'dist', 'web');

/** The viewer the admin creates in Inställningar, and logs in as afterwards. */
const VIEWER = { name: 'Vera Läsare', email: 'vera.lasare@exempel.se', password: 'Granska-Vera-2027!' };
const ROUND = 'Regional närvaro 2027';
const MEETING = 'Dialogmöte i Falun';

async function bytesOf(download: Download): Promise<Buffer> {
  return readFileSync(await download.path());
}

/** The value beside a label in a two-column table (a report's summary). */
function valueOf(rows: unknown[][], label: string): unknown {
  const row = rows.find((r) => r[0] === label);
  if (!row) throw new Error(`Ingen rad "${label}" i ${JSON.stringify(rows.slice(0, 20))}`);
  return row[1];
}

/**
 * Inställningar and Rapporter in Debian's Chromium: an admin creates a viewer (a refused password first, shown
 * beside the field), reads the status and finds the creation in the audit log; opens a round's report and a
 * meeting's, downloads its Excel and CSV files and reads them; then the viewer, in a browser of their own, is
 * offered none of the editors' buttons. Desktop and phone screenshots, axe-core on each page.
 */
describeInBrowser('Settings and reports in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let desktop: BrowserContext;
  let page: Page;
  let roundId: string;
  let meetingId: string;
  const problems: string[] = [];

  const look = async (p: Page, name: string, viewport: Viewport) => {
    await p.waitForLoadState('networkidle');
    // From the top: a full-page picture of a scrolled page draws the fixed header (and its skip link) mid-page.
    await p.evaluate('window.scrollTo(0, 0)');
    await screenshot(p, name, viewport);
    const violations = await seriousViolations(p);
    if (violations.length > 0) problems.push(`${name} (${viewport}):\n${describeViolations(violations)}`);
  };

  beforeAll(async () => {
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-web.mjs')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (build.status !== 0) throw new Error(`Webbappen kunde inte byggas:\n${build.stdout}${build.stderr}`);
    [t, browser] = await Promise.all([
      createTestApp({ WEB_DIST_DIR: WEB_DIST }, { listen: true }),
      launchBrowser(),
    ]);

    // A round with a meeting in Dalarna, two member organisations, and two people at the door (walk-ins), one of
    // them from a member organisation: set up through the API as staff would.
    const admin = await loginAsAdmin(t);
    const regions = (await admin.get('/api/regions').expect(200)).body.items as {
      id: number;
      name: string;
    }[];
    const dalarna = regions.find((r) => r.name === 'Region Dalarna')!.id;
    roundId = (await admin.post('/api/rounds').send({ name: ROUND, responseDeadline: null }).expect(201)).body
      .id;
    meetingId = (
      await admin
        .post('/api/meetings')
        .send({
          roundId,
          regionId: dalarna,
          title: MEETING,
          startsAt: '2027-03-14T18:00',
          endsAt: '2027-03-14T20:00',
          venue: 'Kulturhuset',
          city: 'Falun',
        })
        .expect(201)
    ).body.id;
    const member = (
      await admin
        .post('/api/organizations')
        .send({ name: 'Teaterföreningen Scen', kind: 'member' })
        .expect(201)
    ).body.id;
    await admin.post('/api/organizations').send({ name: 'Musikföreningen', kind: 'member' }).expect(201);
    for (const person of [
      { firstName: 'Anna', lastName: 'Öberg', organizationId: member },
      { firstName: 'Bo', lastName: 'Ek' },
    ])
      await admin
        .post(`/api/meetings/${meetingId}/walk-ins`)
        .send({ clientId: randomUUID(), ...person })
        .expect(200);

    desktop = await newContext(browser, 'desktop', { acceptDownloads: true });
    page = await desktop.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('an admin creates a viewer, reads status and audit log, and takes a meeting’s report home', async () => {
    await page.goto(`${t.url}/logga-in`);
    await page.getByLabel('E-postadress').fill(TEST_ADMIN.email);
    await page.getByLabel('Lösenord').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByRole('heading', { name: 'Översikt', level: 1 }).waitFor();

    // Inställningar, last in the menu; the users first.
    const menu = page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link');
    await expect(menu.last().textContent()).resolves.toBe('Inställningar');
    await menu.last().click();
    await page.getByRole('heading', { name: 'Inställningar', level: 1 }).waitFor();
    const users = page.getByRole('table', { name: 'Användare' });
    await users.getByRole('row', { name: new RegExp(TEST_ADMIN.email) }).waitFor();
    await look(page, 'settings-users', 'desktop');

    // A new viewer: a guessable password is refused beside its field, in Swedish, and what was typed stays.
    await page.getByRole('button', { name: 'Ny användare' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ny användare' });
    await dialog.getByRole('textbox', { name: 'Namn' }).fill(VIEWER.name);
    await dialog.getByRole('textbox', { name: 'E-postadress' }).fill(VIEWER.email);
    const password = dialog.getByLabel('Första lösenord');
    await password.fill('lösenord123');
    await dialog.getByRole('button', { name: 'Skapa användaren' }).click();
    // Beside the field: the API's reason is what the password field is described by.
    const reason = dialog.getByText(/^Lösenordet är för lätt att gissa/);
    await reason.waitFor();
    const describedBy = (await password.getAttribute('aria-describedby')) ?? '';
    expect(describedBy.split(' ')).toContain(await reason.getAttribute('id'));
    await look(page, 'settings-new-user-refused', 'desktop');
    await expect(dialog.getByRole('textbox', { name: 'Namn' }).inputValue()).resolves.toBe(VIEWER.name);
    await password.fill(VIEWER.password);
    await dialog.getByRole('button', { name: 'Skapa användaren' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const created = users.getByRole('row', { name: new RegExp(VIEWER.email) });
    await created.waitFor();
    await expect(created.textContent()).resolves.toContain('Läsare');

    // Status: where the mail goes, the database, the queues; the queue dashboard in a new tab.
    await page.getByRole('tab', { name: 'Status' }).click();
    const database = page.getByRole('region', { name: 'Databas (PostgreSQL)' });
    await database.getByText('✓ Svarar').waitFor();
    await page
      .getByRole('table', { name: 'Köer och arbetare' })
      .getByRole('row', { name: /Utskick/ })
      .waitFor();
    const queues = page.getByRole('link', { name: /Öppna kö-översikten/ });
    await expect(queues.getAttribute('href')).resolves.toBe('/api/admin/queues');
    await expect(queues.getAttribute('target')).resolves.toBe('_blank');
    await look(page, 'settings-status', 'desktop');

    // The audit log has the creation, by the admin, about the new user.
    await page.getByRole('tab', { name: 'Granskningslogg' }).click();
    const log = page.getByRole('table', { name: 'Granskningslogg' });
    const entry = log.getByRole('row', { name: /Användare skapad/ }).filter({ hasText: VIEWER.email });
    await entry.waitFor();
    await expect(entry.textContent()).resolves.toContain(TEST_ADMIN.email);
    await expect(entry.textContent()).resolves.toMatch(/\d{4}-\d{2}-\d{2} kl\. \d{2}\.\d{2}/);
    await page.getByRole('combobox', { name: 'Händelse' }).click();
    await page.getByRole('option', { name: 'Användare skapad' }).click();
    // The filtered page has come when the total says so: the first admin (made at start) and the viewer.
    await page.getByText('2 träffar', { exact: true }).waitFor();
    await expect(log.getByRole('row', { name: /Inloggning/ }).count()).resolves.toBe(0);
    await expect(log.getByRole('row', { name: /Användare skapad/ }).count()).resolves.toBe(2);
    await look(page, 'settings-audit', 'desktop');

    // Rapporter: the round (the newest is chosen), its meeting and member organisations, then the meeting.
    await page.getByRole('link', { name: 'Rapporter' }).click();
    await page.getByRole('heading', { name: 'Rapporter', level: 1 }).waitFor();
    await page.getByText('1 av 2 medlemsorganisationer hade någon på minst ett möte.').waitFor();
    const meetings = page.getByRole('table', { name: 'Möten' });
    const row = meetings.getByRole('row', { name: new RegExp(MEETING) });
    await expect(row.getByRole('cell').allTextContents()).resolves.toEqual([
      MEETING,
      '2027-03-14 kl. 18.00',
      'Region Dalarna',
      '0',
      '0',
      '0',
      '2',
      'Visa rapport',
    ]);
    await page.locator('figure .recharts-wrapper').first().waitFor();
    await row.getByRole('button', { name: `Visa rapport för ${MEETING}` }).click();
    const report = page.getByRole('region', { name: `Rapport: ${MEETING}` });
    await report.getByRole('table', { name: 'Per organisation' }).waitFor();
    await look(page, 'reports', 'desktop');

    const [xlsxDownload] = await Promise.all([
      page.waitForEvent('download'),
      report.getByRole('button', { name: 'Rapporten som Excel' }).click(),
    ]);
    expect(xlsxDownload.suggestedFilename()).toMatch(/^motesrapport-[0-9a-f]{8}-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await bytesOf(xlsxDownload)) as unknown as ArrayBuffer);
    const summary: unknown[][] = [];
    workbook.getWorksheet('Sammanfattning')!.eachRow((r) => summary.push((r.values as unknown[]).slice(1)));
    expect(valueOf(summary, 'Närvarade (även spontanbesökare)')).toBe(2);

    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      report.getByRole('button', { name: 'Rapporten som CSV' }).click(),
    ]);
    expect(csvDownload.suggestedFilename()).toMatch(/\.csv$/);
    const bytes = await bytesOf(csvDownload);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes.subarray(3).toString('utf8'), {
      delimiter: ';',
      record_delimiter: '\r\n',
      relax_column_count: true,
    }) as string[][];
    expect(valueOf(rows, 'Närvarade (även spontanbesökare)')).toBe('2');
    expect(rows.find((r) => r[0] === 'Teaterföreningen Scen')?.slice(-1)).toEqual(['1']);

    // The same two pages on a phone, with the same session.
    const phone = await newContext(browser, 'phone', { storageState: await desktop.storageState() });
    const onPhone = await phone.newPage();
    for (const [name, path, heading, ready] of [
      ['settings-users', '/installningar', 'Inställningar', VIEWER.email],
      ['settings-status', '/installningar?flik=status', 'Inställningar', '✓ Svarar'],
      ['settings-audit', '/installningar?flik=granskningslogg', 'Inställningar', VIEWER.email],
      ['reports', `/rapporter?omgang=${roundId}&mote=${meetingId}`, 'Rapporter', 'Per organisation'],
    ] as const) {
      await onPhone.goto(`${t.url}${path}`);
      await onPhone.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await onPhone.getByText(ready).first().waitFor();
      await look(onPhone, name, 'phone');
    }
    await phone.close();

    // The viewer, in a browser of their own: reads, and is offered nothing that would be refused.
    const viewerContext = await newContext(browser, 'desktop');
    const asViewer = await viewerContext.newPage();
    await asViewer.goto(`${t.url}/logga-in`);
    await asViewer.getByLabel('E-postadress').fill(VIEWER.email);
    await asViewer.getByLabel('Lösenord').fill(VIEWER.password);
    await asViewer.getByRole('button', { name: 'Logga in' }).click();
    await asViewer.getByRole('heading', { name: 'Översikt', level: 1 }).waitFor();
    await asViewer.getByRole('link', { name: 'Kontakter' }).click();
    await asViewer.getByText('Anna Öberg').waitFor();
    await expect(asViewer.getByRole('link', { name: 'Importera kontakter' }).count()).resolves.toBe(0);
    await expect(asViewer.getByRole('button', { name: 'Exportera' }).count()).resolves.toBe(0);
    await expect(asViewer.getByRole('checkbox').count()).resolves.toBe(0);
    await asViewer.getByRole('link', { name: 'Inställningar' }).click();
    await asViewer.getByRole('tab', { name: 'Status' }).waitFor();
    await asViewer.getByText('✓ Svarar').first().waitFor();
    await expect(asViewer.getByRole('tab').allTextContents()).resolves.toEqual(['Status']);
    await expect(asViewer.getByRole('link', { name: /Öppna kö-översikten/ }).count()).resolves.toBe(0);
    await look(asViewer, 'settings-viewer', 'desktop');
    await asViewer.goto(`${t.url}/rapporter?omgang=${roundId}&mote=${meetingId}`);
    await asViewer.getByRole('table', { name: 'Per organisation' }).waitFor();
    await expect(asViewer.getByRole('button', { name: /som Excel|som CSV/ }).count()).resolves.toBe(0);
    await asViewer.getByText('Filerna kan laddas ner av redaktörer och administratörer.').first().waitFor();
    await viewerContext.close();

    // The editors' buttons are there for the admin (the test above would pass on an empty page otherwise).
    await page.getByRole('link', { name: 'Kontakter' }).click();
    await page.getByRole('link', { name: 'Importera kontakter' }).waitFor();

    if (problems.length > 0)
      throw new Error(`Allvarliga WCAG 2.1 AA-fel enligt axe-core:\n${problems.join('\n')}`);
  }, 120_000);
});
