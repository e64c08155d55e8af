import { ContactsService } from '@app/crm';
import {
  MeetingResponsesRepository,
  MeetingResponsesService,
  MeetingsService,
  RoundsService,
} from '@app/meetings';
import { spawnSync } from 'node:child_process';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { TEST_ADMIN } from '../support/login';
import { waitFor } from '../support/wait-for';
import { createTestApp, TestApp } from '../support/test-app';
import { expectAccessible } from './support/axe';
import { describeInBrowser, launchBrowser, newContext, screenshot } from './support/browser';

const STAFF = { userId: null, email: 'kansliet@example.se' };
const ROOT = join(__dirname, '..', '..');

/** The built web app in dist/web, built only when apps/web changed since (scripts/build-web.mjs). */
function buildWebApp(): void {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-web.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(`Webbappen kunde inte byggas:\n${result.stdout}\n${result.stderr}`);
}

/** Touch targets under 44 × 44 px inside the page's own content (the header is the shell's, tested elsewhere). */
function smallTargetsInMain(page: Page): Promise<string[]> {
  return page
    .locator('#innehall')
    .locator(
      'button, a[href], input:not([type=radio]):not([type=checkbox]):not([type=hidden]), textarea, select',
    )
    .evaluateAll((elements) =>
      (
        elements as unknown as {
          tagName: string;
          textContent: string | null;
          getBoundingClientRect(): { width: number; height: number };
        }[]
      )
        .map((e) => ({ e, r: e.getBoundingClientRect() }))
        .filter(({ r }) => !(r.width === 0 && r.height === 0) && (r.width < 44 || r.height < 44))
        .map(
          ({ e, r }) =>
            `<${e.tagName.toLowerCase()}> "${(e.textContent ?? '').trim()}" (${r.width}×${r.height})`,
        ),
    );
}

/**
 * The door of a meeting on a phone, in Debian's Chromium: two people checked in online, then the network drops
 * (context.setOffline): three more and a walk-in wait on the phone, the screen says so; the network is back but
 * the API cannot be reached (the page is reloaded then: the taps are still there); then the first answer is
 * lost on the way back (the uncertain failure) and the phone sends again. In the database: everyone attended
 * once, the walk-in created once, one check_in_operations row per tap.
 */
describeInBrowser('Check-in at the door on a phone, offline for a while', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let meetingId: string;
  const people: Record<string, string> = {};
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    let start = Date.now();
    buildWebApp();
    timings.build = Date.now() - start;
    start = Date.now();
    [t, browser] = await Promise.all([
      createTestApp({}, { listen: true, withWorker: false }),
      launchBrowser(),
    ]);
    timings.start = Date.now() - start;

    const [{ id: regionId }] = await t.dataSource.query(
      `SELECT id FROM regions WHERE name = 'Region Jämtland Härjedalen'`,
    );
    const { id: roundId } = await t.app.get(RoundsService).create({ name: 'Vårens dialogmöten' }, STAFF);
    meetingId = (
      await t.app.get(MeetingsService).create(
        {
          roundId,
          regionId,
          title: 'Dialogmöte i Hammarstrand',
          startsAt: '2099-03-14T18:00',
          endsAt: '2099-03-14T20:00',
          venue: 'Folkets Hus',
          city: 'Hammarstrand',
          capacity: 40,
        },
        STAFF,
      )
    ).id;
    const contacts = t.app.get(ContactsService);
    for (const [first, last] of [
      ['Anna', 'Öberg'],
      ['Bo', 'Berg'],
      ['Cecilia', 'Lind'],
      ['David', 'Åström'],
      ['Eva', 'Ärlig'],
      ['Frida', 'Sist'],
    ]) {
      people[first] = (
        await contacts.create({
          firstName: first,
          lastName: last,
          email: `${first.toLowerCase()}@exempel.se`,
        })
      ).id;
    }
    await t.dataSource.transaction((m) =>
      t.app.get(MeetingResponsesRepository).recordInvited(m, meetingId, Object.values(people)),
    );
    const responses = t.app.get(MeetingResponsesService);
    for (const id of Object.values(people))
      await responses.setByStaff(meetingId, id, { answer: 'yes' }, STAFF);

    context = await newContext(browser, 'phone');
    page = await context.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    process.stdout.write(`check-in browser test timings (ms): ${JSON.stringify(timings)}\n`);
  });

  /** A full-page screenshot from the top (scrolled, the fixed header would be drawn mid-page). */
  const shot = async (name: string) => {
    await page.evaluate(() =>
      (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
    );
    await screenshot(page, name, 'phone');
  };
  /** Waits until the line under the banner says `text` ("4 väntar på att skickas", "Allt är skickat."). */
  const pendingSays = (text: string, timeout = 10_000) =>
    page.getByTestId('pending-status').filter({ hasText: text }).waitFor({ timeout });
  const checkIn = async (name: string) => {
    await page.getByLabel('Sök namn eller e-post').fill(
      name
        .split(' ')[1]
        .toLowerCase()
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, ''),
    );
    await page.getByRole('button', { name: `Checka in ${name}`, exact: true }).click();
    await page.getByLabel('Sök namn eller e-post').fill('');
  };

  /**
   * Every API request passes here. It also turns off the browser's HTTP cache (Playwright does when routing),
   * so no GET is revalidated into a 304, which the API's OpenAPI document does not describe. `mode` decides the
   * fate of the check-ins and walk-ins sent: refused (the API unreachable), done but the answer lost, or done.
   */
  let mode: 'down' | 'loseOnce' | 'pass' = 'pass';
  let offline = false;
  const sends: { path: string; clientIds: string[]; fate: 'refused' | 'answer lost' | 'answered' }[] = [];
  const goOffline = async (value: boolean) => {
    offline = value;
    await context.setOffline(value);
  };
  const routeApi = async (route: Route) => {
    const request = route.request();
    if (offline) return route.abort('internetdisconnected');
    const path = new URL(request.url()).pathname;
    if (request.method() !== 'POST' || !/\/(check-ins\/batch|walk-ins)$/.test(path)) return route.continue();
    const body = request.postDataJSON() as { items?: { clientId: string }[]; clientId?: string };
    const clientIds = body.items ? body.items.map((i) => i.clientId) : [body.clientId!];
    if (mode === 'down') {
      sends.push({ path, clientIds, fate: 'refused' });
      return route.abort('connectionrefused');
    }
    if (mode === 'loseOnce') {
      mode = 'pass';
      await route.fetch();
      sends.push({ path, clientIds, fate: 'answer lost' });
      return route.abort('connectionreset');
    }
    sends.push({ path, clientIds, fate: 'answered' });
    return route.continue();
  };

  it('checks in online, offline, across a reload and a lost answer; each person once', async () => {
    const started = Date.now();
    await context.route(/\/api\//, routeApi);
    // Log in on the phone and find the meeting under Incheckning.
    await page.goto(`${t.url}/logga-in?till=%2Fincheckning`);
    await page.getByLabel('E-postadress').fill(TEST_ADMIN.email);
    await page.getByLabel('Lösenord').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: 'Logga in' }).click();
    await page.getByRole('heading', { name: 'Incheckning', level: 1 }).waitFor();
    await shot('1 möten');
    await page.getByRole('link', { name: /Dialogmöte i Hammarstrand/ }).click();
    await page.waitForURL(`**/incheckning/${meetingId}`);
    await page.getByText('0 av 6 incheckade').waitFor();
    await expectAccessible(page, 'Incheckningen');
    expect(await smallTargetsInMain(page)).toEqual([]);
    await shot('2 listan');

    // Online: two people, sent at once. The search finds Öberg as "oberg".
    await checkIn('Anna Öberg');
    await checkIn('Bo Berg');
    await page.getByText('2 av 6 incheckade').waitFor();
    await pendingSays('Allt är skickat.');
    await shot('3 två incheckade');

    // The network drops: three more and a walk-in wait on the phone.
    await goOffline(true);
    await page.getByText(/Ingen uppkoppling/).waitFor();
    await checkIn('Cecilia Lind');
    await checkIn('David Åström');
    await checkIn('Eva Ärlig');
    await page.getByRole('button', { name: 'Lägg till spontanbesökare' }).click();
    await page.getByLabel('Förnamn').fill('Per');
    await page.getByLabel('Efternamn').fill('Spontan');
    await page.getByLabel('Organisation (valfritt)').fill('Ragunda hembygdsförening');
    await expectAccessible(page, 'Spontanbesökarformuläret');
    expect(await smallTargetsInMain(page)).toEqual([]);
    await shot('4a spontanbesokare');
    await page.getByRole('button', { name: 'Lägg till och checka in' }).click();
    await page.getByText('Per Spontan är incheckad.').waitFor();
    await page.getByRole('button', { name: 'Avbryt' }).click();
    // Focus goes back to the button that opened the form.
    await page
      .getByRole('button', { name: 'Lägg till spontanbesökare' })
      .and(page.locator(':focus'))
      .waitFor();
    await pendingSays('4 väntar på att skickas');
    await page.getByText('6 av 7 incheckade').waitFor();
    expect(await page.locator('li[data-pending="true"]').count()).toBe(4);
    expect(await page.getByText('ej skickad').count()).toBe(4);
    await expectAccessible(page, 'Incheckningen utan nät');
    await shot('4 utan nät');

    // The network is back but the API cannot be reached: the taps stay, the screen says why; a reload keeps them.
    mode = 'down';
    await goOffline(false);
    await page.getByText(/Servern svarar inte/).waitFor();
    await shot('5 servern svarar inte');
    await page.reload();
    await page.getByText('6 av 7 incheckade').waitFor();
    await pendingSays('4 väntar på att skickas');
    expect(await page.getByText('ej skickad').count()).toBe(4);
    await shot('6 efter omladdning');

    // The API answers again, but its first answer is lost: the phone sends again, and each counts once.
    mode = 'loseOnce';
    await page.getByRole('button', { name: 'Skicka nu' }).click();
    await pendingSays('Allt är skickat.', 30_000);
    expect(await page.getByText('ej skickad').count()).toBe(0);
    await page.getByText('6 av 7 incheckade').waitFor();
    await shot('7 allt skickat');
    // Refused while the API was away; one answer lost and that request sent again; every tap answered once.
    expect(sends.some((r) => r.fate === 'refused')).toBe(true);
    expect(sends.filter((r) => r.fate === 'answer lost')).toHaveLength(1);
    const answered = sends.filter((r) => r.fate === 'answered').flatMap((r) => r.clientIds);
    expect(answered).toHaveLength(6);
    expect(new Set(answered).size).toBe(6);
    const lost = sends.find((r) => r.fate === 'answer lost')!.clientIds;
    expect(lost.every((id) => answered.includes(id))).toBe(true);

    // The database: each person attended once, the walk-in once, one operation per tap.
    for (const first of ['Anna', 'Bo', 'Cecilia', 'David', 'Eva']) {
      const [row] = await t.dataSource.query(
        `SELECT r.attendance,
                (SELECT count(*)::int FROM meeting_response_events e
                  WHERE e.meeting_id = r.meeting_id AND e.contact_id = r.contact_id AND e.cause = 'check_in') AS events
           FROM meeting_responses r WHERE r.meeting_id = $1 AND r.contact_id = $2`,
        [meetingId, people[first]],
      );
      expect({ first, ...row }).toEqual({ first, attendance: 'attended', events: 1 });
    }
    const [frida] = await t.dataSource.query(
      `SELECT attendance FROM meeting_responses WHERE meeting_id = $1 AND contact_id = $2`,
      [meetingId, people.Frida],
    );
    expect(frida.attendance).toBeNull();
    const walkIns = await t.dataSource.query(
      `SELECT c.id, r.attendance, r.walk_in, o.name AS organization,
              (SELECT count(*)::int FROM meeting_response_events e
                WHERE e.meeting_id = r.meeting_id AND e.contact_id = c.id AND e.cause = 'walk_in') AS events
         FROM contacts c
         JOIN meeting_responses r ON r.contact_id = c.id AND r.meeting_id = $1
         LEFT JOIN organizations o ON o.id = c.organization_id
        WHERE c.first_name = 'Per' AND c.last_name = 'Spontan'`,
      [meetingId],
    );
    expect(walkIns).toEqual([
      {
        id: expect.any(String),
        attendance: 'attended',
        walk_in: true,
        organization: 'Ragunda hembygdsförening',
        events: 1,
      },
    ]);
    const [{ contacts: perCount }] = await t.dataSource.query(
      `SELECT count(*)::int AS contacts FROM contacts WHERE first_name = 'Per' AND last_name = 'Spontan'`,
    );
    expect(perCount).toBe(1);
    const operations = await t.dataSource.query(
      `SELECT kind, count(*)::int AS n, count(DISTINCT contact_id)::int AS people
         FROM check_in_operations WHERE meeting_id = $1 GROUP BY kind ORDER BY kind`,
      [meetingId],
    );
    expect(operations).toEqual([
      { kind: 'check_in', n: 5, people: 5 },
      { kind: 'walk_in', n: 1, people: 1 },
    ]);
    // Nothing is left on the phone.
    const left = await page.evaluate(() =>
      Object.keys((globalThis as unknown as { localStorage: object }).localStorage).filter((k) =>
        k.startsWith('crm.checkIn.v1.op.'),
      ),
    );
    expect(left).toEqual([]);
    timings.journey = Date.now() - started;
  }, 90_000);

  it('opens again with no network at all: the app from the phone, the list from its memory, synced later', async () => {
    // The app's service worker controls the page and keeps the page and the check-in bundle.
    const kept = await waitFor(
      () =>
        page.evaluate(async () => {
          const w = globalThis as unknown as {
            navigator: { serviceWorker: { controller: unknown } };
            caches: { open(n: string): Promise<{ keys(): Promise<{ url: string }[]> }> };
          };
          const assets = await (await w.caches.open('crm-assets-v1')).keys();
          return {
            controlled: Boolean(w.navigator.serviceWorker.controller),
            checkInBundle: assets.some((r) => /\/assets\/CheckInPage-/.test(r.url)),
          };
        }),
      (v) => v.controlled && v.checkInBundle,
    );
    expect(kept).toEqual({ controlled: true, checkInBundle: true });

    // No network at all, and the page is loaded again (a reload, or a phone that dropped the tab). The server is
    // stopped too, so nothing can come from it whatever the browser's offline mode covers.
    await goOffline(true);
    const server = t.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    const response = await page.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    await page.getByText('6 av 7 incheckade').waitFor();
    await page.getByText(/Ingen uppkoppling/).waitFor();
    await shot('8 omladdad utan nät');
    await checkIn('Frida Sist');
    await pendingSays('1 väntar på att skickas');

    await new Promise<void>((resolve) => server.listen(Number(new URL(t.url!).port), '127.0.0.1', resolve));
    await goOffline(false);
    await pendingSays('Allt är skickat.', 30_000);
    await page.getByText('7 av 7 incheckade').waitFor();
    const [frida] = await t.dataSource.query(
      `SELECT r.attendance,
              (SELECT count(*)::int FROM meeting_response_events e
                WHERE e.meeting_id = r.meeting_id AND e.contact_id = r.contact_id AND e.cause = 'check_in') AS events
         FROM meeting_responses r WHERE r.meeting_id = $1 AND r.contact_id = $2`,
      [meetingId, people.Frida],
    );
    expect(frida).toEqual({ attendance: 'attended', events: 1 });
  }, 90_000);
});
