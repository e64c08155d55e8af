import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { loginAsAdmin, TEST_ADMIN } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';
import { describeViolations, seriousViolations } from './support/axe';
import { describeInBrowser, launchBrowser, newContext, screenshot, Viewport } from './support/browser';

const ROOT = join(__dirname, '..', '..');
const WEB_DIST = join(ROOT, 'dist', 'web');

/** A letter whose lines are known: line 6 is the one the broken version gets wrong. */
function letter(line6: string): string {
  return [
    '<mjml>',
    '  <mj-body>',
    '    <mj-section>',
    '      <mj-column>',
    '        <mj-text font-size="22px">Välkommen till hösten, {{firstName}}!</mj-text>',
    `        ${line6}`,
    '        <mj-text><a href="{{unsubscribeUrl}}">Avsluta prenumerationen</a></mj-text>',
    '      </mj-column>',
    '    </mj-section>',
    '  </mj-body>',
    '</mjml>',
  ].join('\n');
}
const GOOD = letter('<mj-text>Vi ses på höstmötet i Falun.</mj-text>');
const BROKEN = letter('<mj-textt>Vi ses på höstmötet i Falun.</mj-textt>');

/**
 * Journey step 3 in Debian's Chromium: a template is made, edited in the MJML editor with its preview following,
 * broken (the error marked at its line and listed in Swedish), fixed, saved, and sent as a test that lands in
 * the outbox. The list and the editor at desktop and phone size, screenshotted and checked with axe-core.
 */
describeInBrowser('Templates (Mallar) in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let desktop: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  const look = async (p: Page, name: string, viewport: Viewport): Promise<string> => {
    await p.waitForLoadState('networkidle');
    // From the top: a page scrolled to its editor would be drawn with the fixed header halfway down.
    await p.evaluate('window.scrollTo(0, 0)');
    const path = await screenshot(p, name, viewport);
    const violations = await seriousViolations(p);
    if (violations.length > 0) problems.push(`${name} (${viewport}):\n${describeViolations(violations)}`);
    return path;
  };

  /** Replaces the editor's whole text as one input (typing would let the editor close tags as they open). */
  const replaceText = async (p: Page, text: string) => {
    await p.locator('.cm-content').click();
    await p.keyboard.press('ControlOrMeta+a');
    await p.keyboard.insertText(text);
  };

  const preview = (p: Page): FrameLocator => p.frameLocator('iframe[data-testid="template-preview"]');

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
    desktop = await newContext(browser, 'desktop');
    page = await desktop.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('makes a template, edits it with the preview following, marks an error at its line, saves and test-sends it', async () => {
    await page.goto(`${t.url}/logga-in`);
    await page.getByLabel('E-postadress').fill(TEST_ADMIN.email);
    await page.getByLabel('Lösenord').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByRole('heading', { name: 'Översikt', level: 1 }).waitFor();

    // The list: the built-in templates are there; a new one is made by name and purpose.
    await page.getByRole('link', { name: 'Mallar' }).click();
    await page.getByRole('heading', { name: 'Mallar', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Informationsbrev' }).waitFor();
    await look(page, 'templates', 'desktop');
    await page.getByRole('textbox', { name: /^Namn/ }).fill('Höstbrev');
    await page.getByRole('button', { name: 'Skapa mallen' }).click();

    // The editor opens on the new template (a copy of the information letter), its preview beside it.
    await page.getByRole('heading', { name: 'Höstbrev', level: 1 }).waitFor();
    const editor = page.locator('.cm-content');
    await editor.waitFor();
    await preview(page).getByText('Nytt från förbundet', { exact: false }).first().waitFor();
    const templatePath = new URL(page.url()).pathname;

    // Edit: the preview follows, with the sample recipient's data.
    await replaceText(page, GOOD);
    await page.getByLabel('Ämnesrad').fill('Hösten hos förbundet, {{firstName}}');
    await preview(page).getByText('Välkommen till hösten, Anna!').waitFor();
    await page.getByTestId('preview-subject').getByText('Hösten hos förbundet, Anna').waitFor();

    // An MJML error: marked on its line in the editor, listed in Swedish under it; fixed, it goes away.
    await replaceText(page, BROKEN);
    await page.getByText('1 fel i mallen').waitFor();
    const marked = page.locator('.cm-line', { has: page.locator('.cm-lintRange-error') });
    await marked.waitFor();
    await expect(marked.textContent()).resolves.toContain('<mj-textt>');
    const lineNumber = await marked.evaluate((line) => [...line.parentElement!.children].indexOf(line) + 1);
    expect(lineNumber).toBe(6);
    await page.getByRole('button', { name: 'Rad 6' }).waitFor();
    await page.getByText('Elementet <mj-textt> finns inte i MJML').waitFor();
    await look(page, 'template-error', 'desktop');
    await replaceText(page, GOOD);
    await page.getByText('1 fel i mallen').waitFor({ state: 'detached' });
    await expect(page.locator('.cm-lintRange-error').count()).resolves.toBe(0);

    // Save: a new version.
    await page.getByRole('button', { name: 'Spara' }).click();
    await page.getByText('Allt är sparat').waitFor();
    await page.getByText('Mallen sparades som version 2.').waitFor();

    // The phone width of the preview.
    await page.getByText('Mobil', { exact: true }).click();
    await page.locator('iframe[data-testid="template-preview"][data-width="phone"]').waitFor();
    await preview(page).getByText('Välkommen till hösten, Anna!').waitFor();
    await look(page, 'template', 'desktop');

    // A test to the logged-in staff member's address: no SMTP here, so it is in the outbox.
    await expect(page.getByLabel('Skicka till').inputValue()).resolves.toBe(TEST_ADMIN.email);
    await page.getByRole('button', { name: 'Skicka testutskick' }).click();
    await page.getByText(/finns i utkorgen/).waitFor();
    const admin = await loginAsAdmin(t);
    const outbox = await admin.get('/api/outbox').expect(200);
    const sent = (outbox.body.items as { id: string; to: string; subject: string }[]).find(
      (m) => m.subject === '[TEST] Hösten hos förbundet, Anna',
    );
    expect(sent).toMatchObject({ to: TEST_ADMIN.email });
    const message = await admin.get(`/api/outbox/${sent!.id}`).expect(200);
    expect(message.body.text).toContain('Välkommen till hösten, Anna!');

    // The same pages on a phone, with the same session.
    const phone = await newContext(browser, 'phone', { storageState: await desktop.storageState() });
    const onPhone = await phone.newPage();
    await onPhone.goto(`${t.url}/mallar`);
    await onPhone.getByRole('heading', { name: 'Mallar', level: 1 }).waitFor();
    await look(onPhone, 'templates', 'phone');
    await onPhone.goto(`${t.url}${templatePath}`);
    await onPhone.getByRole('heading', { name: 'Höstbrev', level: 1 }).waitFor();
    await onPhone.locator('iframe[data-testid="template-preview"][data-width="phone"]').waitFor();
    await preview(onPhone).getByText('Välkommen till hösten, Anna!').waitFor();
    const shot = await look(onPhone, 'template', 'phone');
    // A full-page shot on a phone leaves the sandboxed frame (a process of its own) blank: the frame on its own.
    await onPhone
      .locator('iframe[data-testid="template-preview"]')
      .screenshot({ path: join(dirname(shot), 'template-preview-phone.png') });
    await phone.close();

    if (problems.length > 0)
      throw new Error(`Allvarliga WCAG 2.1 AA-fel enligt axe-core:\n${problems.join('\n')}`);
  }, 120_000);
});
