import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Schemas } from '../../api/client';
import { fakeApi, renderRoutes, type FakeCall } from '../../test/render';
import { EditCampaignPage, NewCampaignPage } from './CampaignWizard';

const EDITOR = { id: 'u1', email: 'red@exempel.se', name: 'Redaktör', role: 'editor' };
const VIEWER = { ...EDITOR, role: 'viewer' };
const LIST = '11111111-1111-4111-8111-111111111111';
const TEMPLATE = '22222222-2222-4222-8222-222222222222';
const VERSION = '44444444-4444-4444-8444-444444444444';
const CREATED = '33333333-3333-4333-8333-333333333333';
const page = <T,>(items: T[]) => ({ items, nextCursor: null, total: items.length, totalIsEstimate: false });

const PREVIEW: Schemas['AudiencePreviewDto'] = {
  included: {
    count: 3,
    contacts: [
      { contactId: 'c1', name: 'Anna Öberg', email: 'anna@exempel.se' },
      { contactId: 'c2', name: 'Bo Ek', email: 'bo@exempel.se' },
    ],
  },
  excluded: [
    { contactId: 'c4', name: 'David Utan', email: null, reason: 'no_email' },
    { contactId: 'c5', name: 'Eva Dal', email: 'eva@exempel.se', reason: 'unsubscribed' },
  ],
  excludedCounts: {
    no_email: 1,
    unsubscribed: 1,
    bounced: 0,
    complained: 0,
    suppressed: 0,
    duplicate_email: 0,
  },
};

const template = (id: string, name: string, purpose: string, archived = false) => ({
  id,
  name,
  description: null,
  builtInKey: null,
  purpose,
  archived,
  currentVersionId: VERSION,
  currentVersionNumber: 2,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

function api(
  role: typeof EDITOR = EDITOR,
  create: (call: FakeCall) => { status?: number; body?: unknown } = () => ({
    status: 201,
    body: { id: CREATED },
  }),
  more: (call: FakeCall) => { status?: number; body?: unknown } | undefined = () => undefined,
) {
  return fakeApi((call) => {
    const extra = more(call);
    if (extra) return extra;
    if (call.path === '/api/auth/me') return { body: { user: role } };
    if (call.path === '/api/campaigns' && call.method === 'GET')
      return {
        body: page([
          { fromName: 'Förbundets kansli', fromAddress: 'kansli@forbundet.se', replyTo: null, id: 'x' },
        ]),
      };
    if (call.path === '/api/campaigns' && call.method === 'POST') return create(call);
    if (call.path === `/api/campaigns/${CREATED}/start`)
      return { body: { status: 'sending', total: 4, counts: {} } };
    if (call.path === '/api/lists')
      return {
        body: page([
          {
            id: LIST,
            name: 'Höstutskicket',
            description: null,
            memberCount: 5,
            createdAt: '2026-01-01T00:00:00.000Z',
            updatedAt: '2026-01-01T00:00:00.000Z',
          },
        ]),
      };
    if (call.path === '/api/segments') return { body: page([]) };
    if (call.path === '/api/campaigns/audience-preview') return { body: PREVIEW };
    if (call.path === '/api/templates')
      return {
        body: [
          template(TEMPLATE, 'Informationsbrev', 'newsletter'),
          template('t2', 'Inbjudan till möte', 'invitation'),
          template('t3', 'Gammalt brev', 'newsletter', true),
        ],
      };
    if (call.path === `/api/templates/${TEMPLATE}`)
      return {
        body: {
          ...template(TEMPLATE, 'Informationsbrev', 'newsletter'),
          currentVersion: {
            id: VERSION,
            templateId: TEMPLATE,
            version: 2,
            sv: { subject: 'Nytt från förbundet', mjml: '' },
            en: null,
            createdBy: null,
            createdAt: '2026-02-01T00:00:00.000Z',
          },
          versions: [
            { id: VERSION, version: 2, createdBy: null, createdAt: '2026-02-01T00:00:00.000Z' },
            { id: 'v1', version: 1, createdBy: null, createdAt: '2026-01-01T00:00:00.000Z' },
          ],
        },
      };
    return { status: 404, body: { statusCode: 404, code: 'NOT_FOUND', message: 'Finns inte' } };
  });
}

const ROUTES = [
  { path: '/utskick/nytt', element: <NewCampaignPage /> },
  { path: '/utskick/:id/andra', element: <EditCampaignPage /> },
  { path: '/utskick/:id', element: <div>kampanjsidan</div> },
];

/** Opens the Mantine Select labelled `label` and answers its list of options once it has `first`. */
async function open(label: RegExp, first: string | RegExp) {
  const input = screen
    .getAllByLabelText(label)
    .find((el) => el.tagName === 'INPUT' && el.getAttribute('aria-haspopup') === 'listbox')!;
  fireEvent.click(input);
  const listbox = await waitFor(() => {
    const el = document.getElementById(input.getAttribute('aria-controls')!);
    if (!el) throw new Error('no listbox yet');
    return el;
  });
  await within(listbox).findByRole('option', { name: first, hidden: true });
  return listbox;
}

/** Opens the Mantine Select labelled `label` and picks `option`. */
async function choose(label: RegExp, option: string | RegExp) {
  const listbox = await open(label, option);
  fireEvent.click(within(listbox).getByRole('option', { name: option, hidden: true }));
}

const next = () => fireEvent.click(screen.getByRole('button', { name: 'Nästa' }));

describe('the new campaign wizard', () => {
  it('shows the dry run, keeps what was typed when the API refuses, and starts after a confirmation naming the recipients', async () => {
    let attempts = 0;
    const fake = api(EDITOR, () => {
      attempts++;
      return attempts === 1
        ? {
            status: 400,
            body: {
              statusCode: 400,
              code: 'VALIDATION',
              message: 'fromAddress: "kansli-forbundet.se" är ingen giltig e-postadress',
              details: { field: 'fromAddress' },
            },
          }
        : { status: 201, body: { id: CREATED } };
    });
    const { router } = renderRoutes(ROUTES, '/utskick/nytt', fake);
    await screen.findByLabelText(/^Namn på utskicket/);

    // Nothing filled in: the step says what is missing and stays.
    next();
    expect(await screen.findByText('Ge utskicket ett namn.')).toBeTruthy();
    expect(screen.getByText('Välj vilka som ska få utskicket.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/^Namn på utskicket/), { target: { value: 'Höstens nyheter' } });
    await choose(/^Lista/, /^Höstutskicket/);

    // The dry run of the chosen list: who gets it, who does not and why.
    expect(await screen.findByRole('heading', { name: '3 får utskicket' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: '2 får det inte' })).toBeTruthy();
    expect(screen.getByText('Saknar e-postadress: 1')).toBeTruthy();
    expect(screen.getByText('Har avregistrerat sig: 1')).toBeTruthy();
    expect(screen.getByText(/Anna Öberg, Bo Ek och 1 till/)).toBeTruthy();
    expect(screen.getByText('Eva Dal (eva@exempel.se)')).toBeTruthy();
    const preview = fake.calls.find((c) => c.path === '/api/campaigns/audience-preview')!;
    expect(preview.body).toEqual({ audience: { type: 'list', listId: LIST }, limit: 10 });
    next();

    // Template (only newsletters not archived), subject, sender as the last campaign had it.
    const templates = await open(/^Mall/, 'Informationsbrev');
    expect(
      within(templates)
        .getAllByRole('option', { hidden: true })
        .map((o) => o.textContent),
    ).toEqual(['Informationsbrev']);
    fireEvent.click(within(templates).getByRole('option', { name: 'Informationsbrev', hidden: true }));
    expect(await screen.findByPlaceholderText('Nytt från förbundet')).toBeTruthy();
    expect(screen.getByLabelText(/^Avsändarnamn/)).toHaveProperty('value', 'Förbundets kansli');
    fireEvent.change(screen.getByLabelText(/^Ämnesrad/), { target: { value: 'Hösten {{firstName}}' } });
    fireEvent.change(screen.getByLabelText(/^Avsändaradress/), { target: { value: 'kansli-forbundet.se' } });
    next();
    // When: when started (the default); then the review.
    expect(screen.getByRole('radio', { name: 'När jag startar det' })).toHaveProperty('checked', true);
    next();
    expect(await screen.findByText('Lista: Höstutskicket')).toBeTruthy();
    expect(screen.getByText('Hösten {{firstName}}')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Starta utskicket …' }));
    const dialog = await screen.findByRole('dialog', { name: 'Starta utskicket?' });
    expect(within(dialog).getByText(/skickas nu till 3 mottagare/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Ja, skicka till 3 mottagare' }));

    // Refused: back on the sender's step, the message beside the address, everything as typed.
    expect(await screen.findByText('"kansli-forbundet.se" är ingen giltig e-postadress')).toBeTruthy();
    expect(screen.getByLabelText(/^Avsändaradress/)).toHaveProperty('value', 'kansli-forbundet.se');
    expect(screen.getByLabelText(/^Ämnesrad/)).toHaveProperty('value', 'Hösten {{firstName}}');
    expect(fake.calls.some((c) => c.path.endsWith('/start'))).toBe(false);

    fireEvent.change(screen.getByLabelText(/^Avsändaradress/), { target: { value: 'kansli@forbundet.se' } });
    next();
    next();
    fireEvent.click(await screen.findByRole('button', { name: 'Starta utskicket …' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Ja, skicka till 3 mottagare' }));
    expect(await screen.findByText('kampanjsidan')).toBeTruthy();
    expect(router.state.location.pathname).toBe(`/utskick/${CREATED}`);
    const created = fake.calls.filter((c) => c.path === '/api/campaigns' && c.method === 'POST').at(-1)!;
    expect(created.body).toEqual({
      name: 'Höstens nyheter',
      audience: { type: 'list', listId: LIST },
      templateId: TEMPLATE,
      templateVersionId: null,
      subject: 'Hösten {{firstName}}',
      fromName: 'Förbundets kansli',
      fromAddress: 'kansli@forbundet.se',
      replyTo: null,
      scheduledAt: null,
    });
    expect(fake.calls.filter((c) => c.path === `/api/campaigns/${CREATED}/start`)).toHaveLength(1);
    // Four steps rendered again and again by jsdom on a shared machine: slow, not stuck.
  }, 60_000);

  it('schedules at a date and time entered in Swedish time, without starting', async () => {
    const fake = api();
    renderRoutes(ROUTES, '/utskick/nytt', fake);
    fireEvent.change(await screen.findByLabelText(/^Namn på utskicket/), { target: { value: 'Sommarbrev' } });
    await choose(/^Lista/, /^Höstutskicket/);
    await screen.findByRole('heading', { name: '3 får utskicket' });
    next();
    await choose(/^Mall/, 'Informationsbrev');
    await choose(/^Version av mallen/, /^Version 1 /);
    next();
    fireEvent.click(screen.getByRole('radio', { name: 'Vid en bestämd tid' }));
    // A time without a date does not go on.
    next();
    expect(await screen.findByText('Välj ett datum.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/^Datum/), { target: { value: '2030-06-15' } });
    fireEvent.change(screen.getByLabelText(/^Klockslag/), { target: { value: '09:30' } });
    expect(await screen.findByText('Skickas lördag 15 juni 2030 kl. 09.30 (svensk tid)')).toBeTruthy();
    next();
    fireEvent.click(await screen.findByRole('button', { name: 'Schemalägg utskicket …' }));
    const dialog = await screen.findByRole('dialog', { name: 'Schemalägga utskicket?' });
    expect(
      within(dialog).getByText(/skickas lördag 15 juni 2030 kl\. 09\.30\. Just nu skulle 3 mottagare/),
    ).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Ja, schemalägg' }));
    expect(await screen.findByText('kampanjsidan')).toBeTruthy();
    const created = fake.calls.find((c) => c.path === '/api/campaigns' && c.method === 'POST')!;
    expect(created.body).toMatchObject({ scheduledAt: '2030-06-15T09:30', templateVersionId: 'v1' });
    expect(fake.calls.some((c) => c.path.endsWith('/start'))).toBe(false);
  }, 60_000);

  it('is not offered to a viewer', async () => {
    renderRoutes(ROUTES, '/utskick/nytt', api(VIEWER));
    expect(await screen.findByText('Du kan läsa utskick men inte skapa eller ändra dem.')).toBeTruthy();
    expect(screen.queryByLabelText(/^Namn på utskicket/)).toBeNull();
  });

  it('changes a scheduled campaign: its values back in the wizard in Stockholm time, saved as a draft without the time', async () => {
    const saved = {
      id: CREATED,
      name: 'Vårbrev',
      status: 'scheduled',
      audience: { type: 'list', listId: LIST },
      templateId: TEMPLATE,
      templateVersionId: null,
      subject: null,
      fromName: 'Kansliet',
      fromAddress: 'kansli@forbundet.se',
      replyTo: 'svar@forbundet.se',
      // 07:30 UTC in June is 09:30 in Stockholm.
      scheduledAt: '2030-06-15T07:30:00.000Z',
      scheduledAtStockholm: '2030-06-15 09:30',
      rateLimitPerMinute: null,
      pauseReason: null,
      startedAt: null,
      finishedAt: null,
      createdAt: '2030-01-01T00:00:00.000Z',
      updatedAt: '2030-01-01T00:00:00.000Z',
      progress: { status: 'scheduled', total: 0, counts: {} },
    };
    const both = api(EDITOR, undefined, (call) =>
      call.path === `/api/campaigns/${CREATED}` ? { body: saved } : undefined,
    );
    renderRoutes(ROUTES, `/utskick/${CREATED}/andra`, both);
    expect(await screen.findByRole('heading', { name: 'Ändra ”Vårbrev”', level: 1 })).toBeTruthy();
    expect(screen.getByLabelText(/^Namn på utskicket/)).toHaveProperty('value', 'Vårbrev');
    await screen.findByRole('heading', { name: '3 får utskicket' });
    next();
    expect(screen.getByLabelText(/^Svar till/)).toHaveProperty('value', 'svar@forbundet.se');
    next();
    expect(screen.getByRole('radio', { name: 'Vid en bestämd tid' })).toHaveProperty('checked', true);
    expect(screen.getByLabelText(/^Datum/)).toHaveProperty('value', '2030-06-15');
    expect(screen.getByLabelText(/^Klockslag/)).toHaveProperty('value', '09:30');
    next();
    fireEvent.click(await screen.findByRole('button', { name: 'Spara som utkast' }));
    expect(await screen.findByText('kampanjsidan')).toBeTruthy();
    const patched = both.calls.find((c) => c.method === 'PATCH')!;
    expect(patched.path).toBe(`/api/campaigns/${CREATED}`);
    expect(patched.body).toMatchObject({ name: 'Vårbrev', scheduledAt: null, replyTo: 'svar@forbundet.se' });
    expect(both.calls.some((c) => c.method === 'POST' && c.path === '/api/campaigns')).toBe(false);
  }, 60_000);
});
