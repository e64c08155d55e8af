import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { TEST_ADMIN } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';
import { describeViolations, seriousViolations } from './support/axe';
import { describeInBrowser, launchBrowser, newContext, screenshot, Viewport } from './support/browser';

const ROOT = join(__dirname, '..', '..');
const WEB_DIST = join(ROOT, 'dist', 'web');

/**
 * Six people, one of them (line 4) with an address that is not one: the import creates five, skips that row and
 * says why. Three of the five are cultural chiefs (the segment), all five are in the export.
 */
const CONTACTS_CSV = [
  'Förnamn;Efternamn;Mejl;Förening;Roll;Kommun',
  'Anna;Öberg;anna@exempel.se;Teaterföreningen Scen;Kulturchef;Umeå',
  'Bo;Ek;bo@exempel.se;Teaterföreningen Scen;;Umeå',
  'Cecilia;Lind;cecilia-utan-snabel-a.exempel.se;Musikföreningen;Kulturchef;Luleå',
  'David;Ås;david@exempel.se;Musikföreningen;Kulturchef;Luleå',
  'Eva;Dal;eva@exempel.se;Konstföreningen;Kulturchef;Falun',
  'Frida;Berg;frida@exempel.se;Konstföreningen;Handläggare;Falun',
].join('\r\n');
const IMPORTED = 5;
const CHIEFS = 3;

/** A download's bytes: Chromium saves it in its own temporary folder. */
async function bytesOf(download: Download): Promise<Buffer> {
  const path = await download.path();
  return readFileSync(path);
}

/** The rows of a CSV file in the Swedish Excel dialect, after checking its BOM and line ends. */
function excelCsvRows(bytes: Buffer): string[][] {
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  // None of these files has a quoted ";" or line break: a plain split is enough.
  return text
    .slice(0, -2)
    .split('\r\n')
    .map((line) => line.split(';'));
}

/**
 * The staff web app in Debian's Chromium, as a person uses it: log in, import a file with a bad row and take the
 * error report home, build a segment and see its count, export the contacts; every main page at desktop and
 * phone size, screenshotted and checked with axe-core (no serious or critical WCAG 2.1 AA violation).
 */
describeInBrowser('Staff journey in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let desktop: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  /** Screenshot and axe: what breaks is collected and reported at the end, so one run shows every page's faults. */
  const look = async (p: Page, name: string, viewport: Viewport) => {
    await p.waitForLoadState('networkidle');
    await screenshot(p, name, viewport);
    const violations = await seriousViolations(p);
    if (violations.length > 0) problems.push(`${name} (${viewport}):\n${describeViolations(violations)}`);
    if (process.env.AXE_SUMMARY)
      for (const v of violations)
        process.stderr.write(
          `AXE ${name}/${viewport} ${v.id}: ${v.nodes.map((n) => n.target.join(' ') + ' ' + (n.failureSummary ?? '').split('\n')[1]).join(' | ')}\n`,
        );
  };

  beforeAll(async () => {
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-web.mjs')], {
      cwd: ROOT,
      encoding: 'utf8',
      // Jest runs with NODE_ENV=test, which would make Vite build React's development version into dist/web.
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (build.status !== 0) throw new Error(`Webbappen kunde inte byggas:\n${build.stdout}${build.stderr}`);
    [t, browser] = await Promise.all([
      createTestApp({ WEB_DIST_DIR: WEB_DIST }, { listen: true }),
      launchBrowser(),
    ]);
    desktop = await newContext(browser, 'desktop', { acceptDownloads: true });
    page = await desktop.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('logs in, imports with an error report, builds a segment, exports; every page looked at', async () => {
    // Log in.
    await page.goto(`${t.url}/`);
    await page.waitForURL(/\/logga-in/);
    await look(page, 'login', 'desktop');
    await page.getByLabel('E-postadress').fill(TEST_ADMIN.email);
    await page.getByLabel('Lösenord').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByRole('heading', { name: 'Översikt', level: 1 }).waitFor();
    await look(page, 'overview', 'desktop');

    // Import: the file, its columns, the start, the result and the error report.
    await page.getByRole('link', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'Importera kontakter' }).waitFor();
    await page.locator('input[type=file]').setInputFiles({
      name: 'kontakter.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`\ufeff${CONTACTS_CSV}\r\n`, 'utf8'),
    });
    await page.getByRole('heading', { name: 'Kolumner i kontakter.csv' }).waitFor();
    await look(page, 'import-mapping', 'desktop');
    await page.getByRole('button', { name: 'Starta importen' }).click();
    await page.getByText('Importen är klar.').waitFor({ timeout: 20_000 });
    const report = page.getByRole('table', { name: 'Felrapport: 1 rad' });
    await expect(report.getByRole('cell').allTextContents()).resolves.toEqual([
      '4',
      'E-postadress',
      'Ogiltig e-postadress',
      'Raden hoppades över',
    ]);
    await look(page, 'import', 'desktop');
    const [reportDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Ladda ner felrapporten (CSV)' }).click(),
    ]);
    expect(reportDownload.suggestedFilename()).toBe('importfel-kontakter.csv');
    expect(excelCsvRows(await bytesOf(reportDownload))).toEqual([
      ['Rad', 'Fält', 'Orsak', 'Följd'],
      ['4', 'E-postadress', 'Ogiltig e-postadress', 'Raden hoppades över'],
    ]);

    // A segment: the cultural chiefs, counted as the filter is chosen, then saved.
    await page.getByRole('link', { name: 'Listor och segment' }).click();
    await page.getByRole('heading', { name: 'Listor och segment' }).waitFor();
    await look(page, 'lists', 'desktop');
    await page.getByRole('tab', { name: 'Segment' }).click();
    await page.getByRole('link', { name: 'Nytt segment' }).click();
    await page.getByText(`${IMPORTED} kontakter`).waitFor();
    await page.getByRole('combobox', { name: 'Roll', exact: true }).click();
    await page.getByRole('option', { name: 'Kulturchef', exact: true }).click();
    await page.getByText(`${CHIEFS} kontakter`).waitFor();
    await page.getByRole('textbox', { name: /^Namn/ }).fill('Kulturchefer');
    await page.getByRole('button', { name: 'Spara segmentet' }).click();
    await page.getByRole('heading', { name: 'Kulturchefer', level: 1 }).waitFor();
    await look(page, 'segment', 'desktop');

    // The contacts, exported as CSV for Excel: the same five.
    await page.getByRole('link', { name: 'Kontakter' }).click();
    await page.getByText('Anna Öberg').waitFor();
    await look(page, 'contacts', 'desktop');
    await page.getByRole('button', { name: 'Exportera' }).click();
    const [exportDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'CSV för Excel' }).click(),
    ]);
    expect(exportDownload.suggestedFilename()).toMatch(/^kontakter-\d{4}-\d{2}-\d{2}\.csv$/);
    const exported = excelCsvRows(await bytesOf(exportDownload));
    expect(exported[0].slice(0, 3)).toEqual(['Förnamn', 'Efternamn', 'E-post']);
    expect(
      exported
        .slice(1)
        .map((r) => r[2])
        .sort(),
    ).toEqual(['anna@exempel.se', 'bo@exempel.se', 'david@exempel.se', 'eva@exempel.se', 'frida@exempel.se']);
    expect(exported).toHaveLength(1 + IMPORTED);

    await page.getByRole('link', { name: 'Anna Öberg' }).click();
    await page.getByRole('heading', { name: 'Anna Öberg' }).waitFor();
    const contactPath = new URL(page.url()).pathname;
    await look(page, 'contact', 'desktop');
    await page.getByRole('link', { name: 'Organisationer' }).click();
    await page.getByText('Teaterföreningen Scen').waitFor();
    await look(page, 'organizations', 'desktop');
    const segmentPath = '/listor?flik=segment';

    // The same pages on a phone: logged out first, then with the same session.
    const phoneOut = await newContext(browser, 'phone');
    const loginPhone = await phoneOut.newPage();
    await loginPhone.goto(`${t.url}/logga-in`);
    await loginPhone.getByRole('heading', { name: 'Logga in' }).waitFor();
    await look(loginPhone, 'login', 'phone');
    await phoneOut.close();
    const phone = await newContext(browser, 'phone', { storageState: await desktop.storageState() });
    const onPhone = await phone.newPage();
    const pages: [string, string, string][] = [
      ['overview', '/', 'Översikt'],
      ['contacts', '/kontakter', 'Kontakter'],
      ['contact', contactPath, 'Anna Öberg'],
      ['organizations', '/organisationer', 'Organisationer'],
      ['import', '/import', 'Importera kontakter'],
      ['lists', '/listor', 'Listor och segment'],
      ['segments', segmentPath, 'Listor och segment'],
    ];
    for (const [name, path, heading] of pages) {
      await onPhone.goto(`${t.url}${path}`);
      await onPhone.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await look(onPhone, name, 'phone');
    }
    await phone.close();

    if (problems.length > 0)
      throw new Error(`Allvarliga WCAG 2.1 AA-fel enligt axe-core:\n${problems.join('\n')}`);
  }, 150_000);
});
