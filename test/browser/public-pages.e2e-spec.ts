import { ContactsService } from '@app/crm';
import { AnswerLinks, MeetingResponsesRepository, MeetingsService, RoundsService } from '@app/meetings';
import { PublicTokenService, TokenPurpose } from '@app/sending';
import { SurveyLinks } from '@app/surveys';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loginAsAdmin, LoggedIn } from '../support/login';
import { createTestApp, TestApp } from '../support/test-app';
import { expectAccessible, smallTouchTargets } from './support/axe';
import { describeInBrowser, launchBrowser, newContext, screenshot, Viewport } from './support/browser';

const STAFF = { userId: null, email: 'kansliet@example.se' };
const VIEWPORT_NAMES: Viewport[] = ['phone', 'desktop'];

async function waitFor<T>(probe: () => Promise<T>, done: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: väntade förgäves; senast ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The pages people reach from links in mail (/u, /v, /r, /h, /s), in Debian's Chromium at phone and desktop size:
 * no serious or critical WCAG 2.1 AA violation (axe-core), touch targets of 44 px, screenshots for a person to
 * look at, and the RSVP journey on a phone, with and without JavaScript; the unsubscribe button by keyboard.
 */
describeInBrowser('Public pages in a browser', () => {
  let t: TestApp;
  let admin: LoggedIn;
  let browser: Browser;
  /** One context per size for the pages only looked at (public pages keep no cookies). */
  const contexts = {} as Record<Viewport, BrowserContext>;
  let links: AnswerLinks;
  let surveyId: string;
  let meetingId: string;
  let lateId: string;
  let campaignId: string;
  let hostRoundId: string;
  const people: Record<string, string> = {};
  const url: Record<string, string> = {};

  /** The first link to `prefix` (/u, /v, /h) in the stored message to `to`. */
  const linkInMail = async (to: string, prefix: string): Promise<string> => {
    const [row] = await t.dataSource.query(
      `SELECT text FROM outbox_messages WHERE to_address = $1 ORDER BY id DESC LIMIT 1`,
      [to],
    );
    const base = t.url!.replace(/[.]/g, '\\.');
    const link = new RegExp(`${base}/${prefix}/[A-Za-z0-9_-]+`).exec(row?.text ?? '')?.[0];
    if (!link) throw new Error(`Ingen länk ${prefix} i brevet till ${to}`);
    return link;
  };

  const sent = (path: string) =>
    waitFor(
      async () => (await admin.get(path).expect(200)).body.status as string,
      (s) => s === 'sent',
      path,
    );

  beforeAll(async () => {
    [t, browser] = await Promise.all([
      createTestApp({ SEND_RATE_PER_MINUTE: '0' }, { listen: true }),
      launchBrowser(),
    ]);
    admin = await loginAsAdmin(t);
    links = t.app.get(AnswerLinks);
    for (const viewport of VIEWPORT_NAMES) contexts[viewport] = await newContext(browser, viewport);

    // People: Anna (Swedish) and John (English), and the cultural chiefs of two regions for the host request.
    const region = async (name: string) =>
      (await t.dataSource.query(`SELECT id FROM regions WHERE name = $1`, [name]))[0].id as number;
    const org = async (name: string, regionName: string) =>
      (
        await t.dataSource.query(
          `INSERT INTO organizations (kind, name, name_key, region_id) VALUES ('region', $1, lower($1), $2)
           RETURNING id`,
          [name, await region(regionName)],
        )
      )[0].id as string;
    const dalarna = await org('Region Dalarna (org)', 'Region Dalarna');
    const gotland = await org('Region Gotland (org)', 'Region Gotland');
    const contacts = t.app.get(ContactsService);
    const person = async (
      first: string,
      last: string,
      email: string,
      language: 'sv' | 'en',
      orgId?: string,
    ) => {
      people[first] = (
        await contacts.create({
          firstName: first,
          lastName: last,
          email,
          language,
          organizationId: orgId ?? null,
          roles: orgId ? ['kulturchef'] : null,
        })
      ).id;
    };
    await person('Anna', 'Öberg', 'anna@exempel.se', 'sv');
    await person('Bo', 'Berg', 'bo@exempel.se', 'sv');
    await person('Cecilia', 'Lind', 'cecilia@exempel.se', 'sv');
    await person('John', 'Smith', 'john@example.com', 'en');
    await person('Eva', 'Dal', 'eva@exempel.se', 'sv', dalarna);
    await person('Gun', 'Gute', 'gun@exempel.se', 'en', gotland);

    // A sent campaign to Anna: her view-in-browser and unsubscribe links.
    const [{ id: templateId }] = await t.dataSource.query(
      `SELECT id FROM templates WHERE built_in_key = 'inbjudan'`,
    );
    const campaign: { id: string } = (
      await admin
        .post('/api/campaigns')
        .send({
          name: 'Inbjudan till vårens möten',
          audience: { type: 'contacts', contactIds: [people.Anna, people.John] },
          templateId,
          fromName: 'Kansliet',
          fromAddress: 'kansli@forbundet.se',
        })
        .expect(201)
    ).body;
    campaignId = campaign.id;
    await admin.post(`/api/campaigns/${campaign.id}/start`).expect(200);

    // A host request to the region chiefs: their answer pages.
    const round: { id: string } = (
      await admin
        .post('/api/rounds')
        .send({ name: 'Regional närvaro 2099', responseDeadline: '2099-12-31' })
        .expect(201)
    ).body;
    hostRoundId = round.id;
    const hostRequest = (
      await admin
        .post(`/api/rounds/${round.id}/host-requests`)
        .send({ fromName: 'Kansliet', fromAddress: 'kansli@forbundet.se' })
        .expect(201)
    ).body;
    await admin.post(`/api/outreach-sends/${hostRequest.id}/start`).expect(200);

    // A meeting with Anna, Bo, Cecilia and John invited: their RSVP pages; one more, to close, for Cecilia.
    const { id: meetingRound } = await t.app.get(RoundsService).create({ name: 'Vårens dialogmöten' }, {});
    const meeting = async () =>
      (
        await t.app.get(MeetingsService).create(
          {
            roundId: meetingRound,
            regionId: await region('Region Dalarna'),
            title: 'Dialogmöte i Falun',
            startsAt: '2099-03-14T18:00',
            endsAt: '2099-03-14T20:00',
            venue: 'Dalarnas museum',
            address: 'Stigaregatan 2–4',
            city: 'Falun',
            capacity: 30,
            rsvpDeadline: '2099-03-10',
            description: 'Vi samtalar om kulturen i regionen.',
          },
          STAFF,
        )
      ).id;
    meetingId = await meeting();
    lateId = await meeting();
    const invite = (id: string, contactIds: string[]) =>
      t.dataSource.transaction((m) => t.app.get(MeetingResponsesRepository).recordInvited(m, id, contactIds));
    await invite(meetingId, [people.Anna, people.Bo, people.Cecilia, people.John]);
    await invite(lateId, [people.Cecilia]);

    await sent(`/api/campaigns/${campaign.id}`);
    await sent(`/api/outreach-sends/${hostRequest.id}`);
    url.unsubscribe = await linkInMail('anna@exempel.se', 'u');
    url.view = await linkInMail('anna@exempel.se', 'v');
    url.viewEn = await linkInMail('john@example.com', 'v');
    url.host = await linkInMail('eva@exempel.se', 'h');
    url.hostEn = await linkInMail('gun@exempel.se', 'h');
    url.rsvp = `${t.url}/r/${links.rsvpToken(meetingId, people.Anna)}`;
    url.rsvpEn = `${t.url}/r/${links.rsvpToken(meetingId, people.John)}`;
    url.rsvpCecilia = `${t.url}/r/${links.rsvpToken(meetingId, people.Cecilia)}`;
    // A real host-answer token of the round for someone who was never asked: the "not for you" page.
    const notAsked = t.app
      .get(PublicTokenService)
      .sign(TokenPurpose.HostResponse, { scopeId: hostRoundId, contactId: people.Anna });
    url.hostNotAsked = `${t.url}/h/${notAsked}`;

    // A member survey of four questions (every kind), and Anna's and John's links to it.
    const survey: { id: string } = (
      await admin
        .post('/api/surveys')
        .send({
          kind: 'member',
          titleSv: 'Medlemsenkät 2099',
          titleEn: 'Member survey 2099',
          introSv: 'Fem minuter om året som gått.',
          questions: [
            {
              kind: 'rating',
              required: true,
              textSv: 'Hur nöjd är du med förbundet?',
              textEn: 'How satisfied are you?',
            },
            {
              kind: 'single',
              required: true,
              textSv: 'Hur ofta läser du nyhetsbrevet?',
              textEn: 'How often do you read the newsletter?',
              choices: [
                { sv: 'Varje gång', en: 'Every time' },
                { sv: 'Ibland', en: 'Sometimes' },
                { sv: 'Aldrig', en: 'Never' },
              ],
            },
            {
              kind: 'multiple',
              required: false,
              textSv: 'Vad vill du ha mer av?',
              textEn: 'What would you like more of?',
              choices: [
                { sv: 'Möten', en: 'Meetings' },
                { sv: 'Utbildning', en: 'Training' },
              ],
            },
            { kind: 'text', required: false, textSv: 'Något mer?', textEn: 'Anything else?' },
          ],
        })
        .expect(201)
    ).body;
    surveyId = survey.id;
    url.survey = `${t.url}/s/${t.app.get(SurveyLinks).token(survey.id, people.Anna)}`;
    url.surveyEn = `${t.url}/s/${t.app.get(SurveyLinks).token(survey.id, people.John)}`;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /**
   * Opens a page at both sizes, side by side, each in a fresh tab of its size's context: no serious or critical
   * WCAG 2.1 AA violation, 44 px touch targets, a screenshot each. `oneAtATime` when `open` changes what the
   * other size would see.
   */
  const check = async (
    name: string,
    open: (page: Page, viewport: Viewport) => Promise<void>,
    options: { touchTargets?: boolean; oneAtATime?: boolean } = {},
  ) => {
    const one = async (viewport: Viewport) => {
      const page = await contexts[viewport].newPage();
      try {
        await open(page, viewport);
        await screenshot(page, name, viewport);
        await expectAccessible(page, `${name} (${viewport})`);
        if (options.touchTargets !== false) expect(await smallTouchTargets(page)).toEqual([]);
      } finally {
        await page.close();
      }
    };
    if (options.oneAtATime) for (const viewport of VIEWPORT_NAMES) await one(viewport);
    else await Promise.all(VIEWPORT_NAMES.map(one));
  };
  /** Opens the address and expects the status and, if given, the main heading. */
  const visit = (target: string, status: number, heading?: string | RegExp) => async (page: Page) => {
    const res = await page.goto(target);
    expect(res?.status()).toBe(status);
    if (heading) expect(await page.locator('h1').innerText()).toMatch(heading);
  };
  /** Submits the page's form by the button and expects the answer's status. */
  const submit = async (page: Page, status: number, how: 'click' | 'tap' = 'click') => {
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button')[how](),
    ]);
    expect(res.status()).toBe(status);
    await page.waitForLoadState();
  };
  const lang = (page: Page) => page.locator('html').getAttribute('lang');
  const surveyAnswers = async () =>
    Number(
      (
        await t.dataSource.query(`SELECT count(*)::int AS n FROM survey_responses WHERE survey_id = $1`, [
          surveyId,
        ])
      )[0].n,
    );
  /** Removes the browser's own checks (required, maxlength), so the server's answer to bad input shows. */
  const withoutBrowserChecks = (page: Page) =>
    page.locator('[required], [maxlength]').evaluateAll((elements) => {
      for (const e of elements as unknown as { removeAttribute(name: string): void }[]) {
        e.removeAttribute('required');
        e.removeAttribute('maxlength');
      }
    });
  const rsvpRow = async (contactId: string, id = meetingId) => {
    const [row] = await t.dataSource.query(
      `SELECT r.state, r.diet, r.companions,
              (SELECT count(*)::int FROM meeting_response_events e
                WHERE e.meeting_id = r.meeting_id AND e.contact_id = r.contact_id AND e.cause = 'link') AS answers
         FROM meeting_responses r WHERE r.meeting_id = $1 AND r.contact_id = $2`,
      [id, contactId],
    );
    return row as { state: string; diet: string | null; companions: string[]; answers: number };
  };

  it('unsubscribe: the page, by keyboard (Tab, Enter) the opt-out, the receipt', async () => {
    await check('avsluta', visit(url.unsubscribe, 200, 'Avsluta prenumeration'));

    const context = await newContext(browser, 'desktop');
    try {
      const page = await context.newPage();
      await page.goto(url.unsubscribe);
      expect(await lang(page)).toBe('sv');
      const button = page.locator('button:focus');
      for (let i = 0; i < 5 && (await button.count()) === 0; i++) await page.keyboard.press('Tab');
      expect(await button.innerText()).toBe('Ja, avsluta prenumerationen');
      // The keyboard focus shows: a 3 px outline (:focus-visible).
      const outline = await button.evaluate(
        (e) =>
          (
            globalThis as unknown as { getComputedStyle(e: unknown): { outlineWidth: string } }
          ).getComputedStyle(e).outlineWidth,
      );
      expect(outline).toBe('3px');
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.keyboard.press('Enter'),
      ]);
      await page.waitForLoadState();
      expect(await page.locator('h1').innerText()).toBe('Prenumerationen är avslutad');
    } finally {
      await context.close();
    }
    const suppressions = await t.dataSource.query(
      `SELECT reason, source FROM suppressions WHERE source = $1`,
      [`mailing:${campaignId}`],
    );
    expect(suppressions).toEqual([{ reason: 'unsubscribed', source: `mailing:${campaignId}` }]);

    await check('avsluta-klart', visit(url.unsubscribe, 200, 'Prenumerationen är avslutad'));
  });

  it('view in browser: the letter as mailed, in Swedish and in English', async () => {
    // The letter is the campaign's own markup: its inline links in running text are not held to 44 px.
    await check('brevet', visit(url.view, 200), { touchTargets: false });
    await check('brevet-en', visit(url.viewEn, 200), { touchTargets: false });
  });

  it('RSVP: the form, in English, its error page (400), the receipt, a closed meeting (409), a broken link (404)', async () => {
    await check('svara', visit(`${url.rsvp}?svar=ja`, 200, 'Dialogmöte i Falun'));
    await check('svara-en', async (page) => {
      await visit(url.rsvpEn, 200, 'Dialogmöte i Falun')(page);
      expect(await lang(page)).toBe('en');
    });
    await check('svara-fel', async (page) => {
      await page.goto(url.rsvpCecilia);
      await withoutBrowserChecks(page);
      await page.getByLabel('Specialkost eller allergier').fill('x'.repeat(301));
      await page.getByLabel('Kollegor som följer med').fill('A\nB\nC\nD\nE\nF');
      await submit(page, 400);
      expect(await page.getByRole('alert').innerText()).toBe('Något behöver rättas innan svaret kan sparas:');
      expect(await page.getByLabel('Specialkost eller allergier').getAttribute('aria-invalid')).toBe('true');
    });
    expect(await rsvpRow(people.Cecilia)).toMatchObject({ state: 'invited', answers: 0 });
    await check('svara-kvitto', async (page) => {
      await page.goto(url.rsvpCecilia);
      await page.getByLabel('Kanske').check();
      await submit(page, 200);
      expect(await page.locator('h1').innerText()).toBe('Tack för ditt svar');
    });
    // Opened while the meeting takes answers, sent after its deadline passed: 409, and the page says so.
    const [{ rsvp_deadline: deadline }] = await t.dataSource.query(
      `SELECT rsvp_deadline FROM meetings WHERE id = $1`,
      [lateId],
    );
    await check(
      'svara-stangt',
      async (page) => {
        await t.dataSource.query(`UPDATE meetings SET rsvp_deadline = $2 WHERE id = $1`, [lateId, deadline]);
        await page.goto(`${t.url}/r/${links.rsvpToken(lateId, people.Cecilia)}`);
        await page.getByLabel('Ja, jag kommer').check();
        await t.dataSource.query(
          `UPDATE meetings SET rsvp_deadline = now() - interval '1 hour' WHERE id = $1`,
          [lateId],
        );
        await submit(page, 409);
        expect(await page.locator('main').innerText()).toContain('Sista dag att svara har passerat');
      },
      { oneAtATime: true },
    );
    expect(await rsvpRow(people.Cecilia, lateId)).toMatchObject({ state: 'invited', answers: 0 });
    await check('svara-fel-lank', visit(`${t.url}/r/kort`, 404, 'Länken fungerar inte'));
  });

  it('survey: the form, in English, its error page (400), the receipt, a broken link (404)', async () => {
    await check('enkat', visit(url.survey, 200, 'Medlemsenkät 2099'));
    await check('enkat-en', async (page) => {
      await visit(url.surveyEn, 200, 'Member survey 2099')(page);
      expect(await lang(page)).toBe('en');
    });
    await check(
      'enkat-fel',
      async (page) => {
        await page.goto(url.survey);
        await withoutBrowserChecks(page);
        await page.getByLabel('Ibland').check();
        await submit(page, 400);
        expect(await page.getByRole('alert').first().innerText()).toBe(
          'Något behöver rättas innan svaren kan sparas:',
        );
      },
      { oneAtATime: true },
    );
    expect(await surveyAnswers()).toBe(0);
    await check(
      'enkat-kvitto',
      async (page) => {
        await page.goto(url.survey);
        await page.getByLabel('4', { exact: true }).check();
        await page.getByLabel('Varje gång').check();
        await page.getByLabel('Utbildning').check();
        await page.getByLabel(/Något mer\?/).fill('Fler möten i norr, tack.');
        await submit(page, 200);
        expect(await page.locator('h1').innerText()).toMatch(/Tack för dina svar!|Dina svar är ändrade/);
      },
      { oneAtATime: true },
    );
    // Answered at both sizes with the same link: one response, the last one.
    expect(await surveyAnswers()).toBe(1);
    await check('enkat-fel-lank', visit(`${t.url}/s/kort`, 404, 'Länken fungerar inte'));
  });

  it('host answer: the form, in English, without a choice (400), the receipt, a stranger’s link, after the deadline', async () => {
    await check(
      'vardskap',
      visit(`${url.host}?svar=ja`, 200, 'Vill Region Dalarna vara värd för ett dialogmöte?'),
    );
    await check('vardskap-en', async (page) => {
      await visit(url.hostEn, 200, 'Would Region Gotland like to host a dialogue meeting?')(page);
      expect(await lang(page)).toBe('en');
    });
    await check('vardskap-fel', async (page) => {
      await page.goto(url.host);
      await withoutBrowserChecks(page);
      await submit(page, 400);
      expect(await page.getByRole('alert').innerText()).toBe('Välj ett av de tre svaren.');
    });
    await check('vardskap-kvitto', async (page) => {
      await page.goto(url.host);
      await page.getByLabel('Ja, vi vill vara värd').check();
      await page.getByLabel('Förslag på datum').fill('vecka 11, gärna en tisdag');
      await submit(page, 200);
      expect(await page.locator('h1').innerText()).toBe('Tack för ert svar!');
    });
    await check('vardskap-fel-lank', visit(url.hostNotAsked, 404, 'Länken fungerar inte'));
    await t.dataSource.query(`UPDATE rounds SET response_deadline = '2020-01-01' WHERE id = $1`, [
      hostRoundId,
    ]);
    await check('vardskap-stangt', async (page) => {
      await visit(url.host, 200)(page);
      expect(await page.locator('main').innerText()).toContain('Sista svarsdag har passerat');
    });
  });

  describe('journey: answer an invitation through the public RSVP page on a phone-sized viewport', () => {
    let context: BrowserContext | undefined;
    afterEach(async () => {
      await context?.close();
      context = undefined;
    });

    const journey = async (who: 'Anna' | 'Bo', javaScriptEnabled: boolean) => {
      context = await newContext(browser, 'phone', { javaScriptEnabled });
      const page = await context.newPage();
      // The "Ja" button in the invitation: the page, with yes chosen, changing nothing yet.
      const res = await page.goto(`${t.url}/r/${links.rsvpToken(meetingId, people[who])}?svar=ja`);
      expect(res?.status()).toBe(200);
      expect(await page.getByLabel('Ja, jag kommer').isChecked()).toBe(true);
      expect(await page.getByLabel('Nej, jag kan inte').isChecked()).toBe(false);
      expect(await rsvpRow(people[who])).toMatchObject({ state: 'invited', answers: 0 });
      await page.getByLabel('Specialkost eller allergier').tap();
      await page.getByLabel('Specialkost eller allergier').fill('Vegetarisk');
      await page.getByLabel('Kollegor som följer med').fill('Eva Ek');
      await screenshot(page, `resa-${javaScriptEnabled ? 'js' : 'utan-js'}-ifylld`, 'phone');
      await submit(page, 200, 'tap');
      expect(await lang(page)).toBe('sv');
      expect(await page.locator('h1').innerText()).toBe('Tack för ditt svar');
      expect(await page.locator('main').innerText()).toContain('Du är anmäld.');
      await screenshot(page, `resa-${javaScriptEnabled ? 'js' : 'utan-js'}-kvitto`, 'phone');
      if (javaScriptEnabled) await expectAccessible(page, 'kvittot (phone)');
      expect(await rsvpRow(people[who])).toEqual({
        state: 'yes',
        diet: 'Vegetarisk',
        companions: ['Eva Ek'],
        answers: 1,
      });
    };

    it('with JavaScript', async () => {
      await journey('Anna', true);
    });
    it('without JavaScript', async () => {
      await journey('Bo', false);
    });
  });
});
