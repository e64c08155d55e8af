import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loginAsAdmin, TEST_ADMIN } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';
import { describeViolations, seriousViolations } from './support/axe';
import { describeInBrowser, launchBrowser, newContext, screenshot, Viewport } from './support/browser';

const ROOT = join(__dirname, '..', '..');
const WEB_DIST = join(ROOT, 'dist', 'web');

const SUBJECT = 'Höstens nyheter från förbundet';

/**
 * Journey step 4 in Debian's Chromium: a list of five (one without an address, one who unsubscribed), a campaign
 * made in the wizard (its dry run says who gets it and who does not, and why), started behind a confirmation
 * naming the number, its progress bar followed live to 100 %, and a message opened in the outbox as its
 * recipient would see it. No SMTP server: the in-process worker sends to the built-in outbox. The campaigns
 * list, the wizard, the campaign page and the outbox at desktop and phone size, screenshotted and checked with
 * axe-core (no serious or critical WCAG 2.1 AA violation).
 */
describeInBrowser('Campaign send in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let desktop: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  /**
   * Screenshot and axe. `settled: false` when the page has just put a frame in after a client-side navigation
   * (the message's HTML): Chromium never reports such a frame's network as idle, so the caller waits for what the
   * frame shows instead.
   */
  const look = async (p: Page, name: string, viewport: Viewport, settled = true) => {
    if (settled) await p.waitForLoadState('networkidle');
    await screenshot(p, name, viewport);
    const violations = await seriousViolations(p);
    if (violations.length > 0) problems.push(`${name} (${viewport}):\n${describeViolations(violations)}`);
  };

  /** Chooses `option` in the Mantine Select labelled `label`. */
  const choose = async (p: Page, label: string | RegExp, option: string | RegExp) => {
    await p.getByRole('combobox', { name: label }).click();
    await p.getByRole('option', { name: option }).click();
  };

  beforeAll(async () => {
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-web.mjs')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (build.status !== 0) throw new Error(`Webbappen kunde inte byggas:\n${build.stdout}${build.stderr}`);
    // The worker runs in-process (createTestApp's default): it sends what the start puts in the queue.
    [t, browser] = await Promise.all([
      createTestApp({ WEB_DIST_DIR: WEB_DIST, MAIL_TRANSPORT: 'outbox' }, { listen: true }),
      launchBrowser(),
    ]);

    // The contacts and their list, through the API as an import would make them.
    const admin = await loginAsAdmin(t);
    const people: [string, string, string | null][] = [
      ['Anna', 'Öberg', 'anna@exempel.se'],
      ['Bo', 'Ek', 'bo@exempel.se'],
      ['Cecilia', 'Lind', 'cecilia@exempel.se'],
      ['David', 'Utanadress', null],
      ['Eva', 'Avanmäld', 'eva@exempel.se'],
    ];
    const contactIds: string[] = [];
    for (const [firstName, lastName, email] of people) {
      const res = await admin.post('/api/contacts').send({ firstName, lastName, email }).expect(201);
      contactIds.push(res.body.id);
    }
    await admin
      .post('/api/suppressions')
      .send({ email: 'eva@exempel.se', reason: 'Bad per telefon att slippa utskick' })
      .expect(201);
    const list = await admin.post('/api/lists').send({ name: 'Höstutskicket' }).expect(201);
    await admin.post(`/api/lists/${list.body.id}/members`).send({ contactIds }).expect(200);

    desktop = await newContext(browser, 'desktop');
    page = await desktop.newPage();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('makes a campaign in the wizard, starts it, follows it to 100 % and reads a message in the outbox', async () => {
    await page.goto(`${t.url}/logga-in`);
    await page.getByLabel('E-postadress').fill(TEST_ADMIN.email);
    await page.getByLabel('Lösenord').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByRole('heading', { name: 'Översikt', level: 1 }).waitFor();

    // The campaigns: none yet.
    await page.getByRole('link', { name: 'Utskick', exact: true }).click();
    await page.getByRole('heading', { name: 'Utskick', level: 1 }).waitFor();
    await page.getByText('Det finns inget utskick ännu.').waitFor();
    await look(page, 'campaigns-empty', 'desktop');

    // Step 1: who, with the dry run.
    await page.getByRole('link', { name: 'Nytt utskick' }).click();
    await page.getByRole('heading', { name: 'Nytt utskick', level: 1 }).waitFor();
    // Without a name and an audience the wizard does not go on, and says why.
    await page.getByRole('button', { name: 'Nästa' }).click();
    await page.getByText('Ge utskicket ett namn.').waitFor();
    await page.getByRole('textbox', { name: /^Namn på utskicket/ }).fill('Höstens nyheter');
    await choose(page, /^Lista/, /^Höstutskicket/);
    await page.getByRole('heading', { name: '3 får utskicket' }).waitFor();
    await page.getByRole('heading', { name: '2 får det inte' }).waitFor();
    await page.getByText('Saknar e-postadress: 1').waitFor();
    await page.getByText('Adressen är spärrad: 1').waitFor();
    await page.getByText('Eva Avanmäld (eva@exempel.se)').waitFor();
    await look(page, 'wizard-audience', 'desktop');
    await page.getByRole('button', { name: 'Nästa' }).click();

    // Step 2: template, subject, sender.
    await choose(page, /^Mall/, 'Informationsbrev');
    await page.getByRole('textbox', { name: /^Ämnesrad/ }).fill(SUBJECT);
    await page.getByRole('textbox', { name: /^Avsändarnamn/ }).fill('Förbundets kansli');
    // A sender address that is not one: refused by the API at the end, shown beside the field, text kept.
    await page.getByRole('textbox', { name: /^Avsändaradress/ }).fill('kansli-forbundet.se');
    await look(page, 'wizard-message', 'desktop');
    await page.getByRole('button', { name: 'Nästa' }).click();

    // Step 3: when (now), then the review.
    await page.getByRole('radio', { name: 'När jag startar det' }).waitFor();
    await look(page, 'wizard-schedule', 'desktop');
    await page.getByRole('button', { name: 'Nästa' }).click();
    await page.getByRole('heading', { name: '3 får utskicket' }).waitFor();
    await look(page, 'wizard-review', 'desktop');
    await page.getByRole('button', { name: 'Starta utskicket …' }).click();
    await page.getByRole('dialog', { name: 'Starta utskicket?' }).waitFor();
    await page.getByRole('button', { name: 'Ja, skicka till 3 mottagare' }).click();
    const address = page.getByRole('textbox', { name: /^Avsändaradress/ });
    await address.waitFor();
    await page.getByText('"kansli-forbundet.se" är ingen giltig e-postadress').waitFor();
    expect(await page.getByRole('textbox', { name: /^Ämnesrad/ }).inputValue()).toBe(SUBJECT);
    await address.fill('kansli@forbundet.se');
    await page.getByRole('button', { name: 'Nästa' }).click();
    await page.getByRole('button', { name: 'Nästa' }).click();
    await page.getByRole('button', { name: 'Starta utskicket …' }).click();
    await page.getByRole('button', { name: 'Ja, skicka till 3 mottagare' }).click();

    // The campaign's page: the bar follows the sending to 100 %.
    await page.getByRole('heading', { name: 'Höstens nyheter', level: 1 }).waitFor();
    const bar = page.getByRole('progressbar', { name: /behandlade/ });
    await bar.and(page.locator('[aria-valuenow="100"]')).waitFor({ timeout: 60_000 });
    await page.getByText('4 av 4 behandlade (100 %)').waitFor();
    await page.getByText('Skickat', { exact: true }).first().waitFor();
    const recipients = page.getByRole('table', { name: 'Mottagare' });
    await recipients.getByRole('row', { name: /Anna Öberg Skickat anna@exempel\.se/ }).waitFor();
    await recipients.getByRole('row', { name: /Eva Avanmäld Spärrad eva@exempel\.se/ }).waitFor();
    await look(page, 'campaign', 'desktop');
    const campaignPath = new URL(page.url()).pathname;

    // The list shows it sent, at 100 %.
    await page.getByRole('link', { name: 'Alla utskick' }).click();
    await page.getByRole('table', { name: 'Utskick' }).getByText('Skickat').waitFor();
    await page.getByText('4 av 4 behandlade (100 %)').waitFor();
    await look(page, 'campaigns', 'desktop');

    // The outbox: Anna's message as she would see it.
    await page.getByRole('link', { name: 'Utkorg', exact: true }).click();
    await page.getByRole('heading', { name: 'Utkorg', level: 1 }).waitFor();
    const outbox = page.getByRole('table', { name: 'Utkorg' });
    await outbox.getByRole('row', { name: /anna@exempel\.se/ }).waitFor();
    await expect(outbox.getByRole('row').count()).resolves.toBe(1 + 3);
    await look(page, 'outbox', 'desktop');
    await outbox
      .getByRole('row', { name: /anna@exempel\.se/ })
      .getByRole('link', { name: SUBJECT })
      .click();
    await page.getByRole('heading', { name: SUBJECT, level: 1 }).waitFor();
    await page.getByText('anna@exempel.se', { exact: true }).waitFor();
    await page.getByText('"Förbundets kansli" <kansli@forbundet.se>', { exact: true }).waitFor();
    const frame = page.frameLocator(`iframe[title="Meddelandet ”${SUBJECT}” som mottagaren ser det"]`);
    await frame.getByText('Hej Anna,').waitFor();
    await expect(page.locator('iframe').getAttribute('sandbox')).resolves.toBe('');
    await expect(page.locator('pre').textContent()).resolves.toContain('Hej Anna,');
    await look(page, 'outbox-message', 'desktop', false);
    const messagePath = new URL(page.url()).pathname;

    // The same pages on a phone, with the same session.
    const phone = await newContext(browser, 'phone', { storageState: await desktop.storageState() });
    const onPhone = await phone.newPage();
    const pages: [string, string, string][] = [
      ['campaigns', '/utskick', 'Utskick'],
      ['wizard-audience', '/utskick/nytt', 'Nytt utskick'],
      ['campaign', campaignPath, 'Höstens nyheter'],
      ['outbox', '/utkorg', 'Utkorg'],
      ['outbox-message', messagePath, SUBJECT],
    ];
    for (const [name, path, heading] of pages) {
      await onPhone.goto(`${t.url}${path}`);
      await onPhone.getByRole('heading', { name: heading, level: 1 }).waitFor();
      if (name === 'wizard-audience') {
        await choose(onPhone, /^Lista/, /^Höstutskicket/);
        await onPhone.getByRole('heading', { name: '3 får utskicket' }).waitFor();
      }
      await look(onPhone, name, 'phone');
    }
    await phone.close();

    if (problems.length > 0)
      throw new Error(`Allvarliga WCAG 2.1 AA-fel enligt axe-core:\n${problems.join('\n')}`);
  }, 180_000);
});
