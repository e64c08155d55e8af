import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Schemas } from '../../api/client';
import { fakeApi, renderRoutes, type FakeCall } from '../../test/render';
import { TemplatePage } from './TemplatePage';
import { TemplatesPage } from './TemplatesPage';

type Detail = Schemas['TemplateDetailDto'];
type Role = Schemas['SessionUserDto']['role'];

const ID = '33333333-3333-4333-8333-333333333333';
const VERSION = '44444444-4444-4444-8444-444444444444';
const MJML =
  '<mjml>\n<mj-body>\n<mj-section>\n<mj-column>\n<mj-text>Hej!</mj-text>\n</mj-column>\n</mj-section>\n</mj-body>\n</mjml>';

function detail(extra: Partial<Detail> = {}): Detail {
  return {
    id: ID,
    name: 'Höstbrev',
    description: null,
    builtInKey: null,
    purpose: 'newsletter',
    archived: false,
    currentVersionId: VERSION,
    currentVersionNumber: 3,
    languages: ['sv'],
    createdAt: '2026-09-01T08:00:00.000Z',
    updatedAt: '2026-09-02T08:00:00.000Z',
    currentVersion: {
      id: VERSION,
      templateId: ID,
      version: 3,
      sv: { subject: 'Hösten', mjml: MJML },
      en: null,
      createdBy: null,
      createdAt: '2026-09-02T08:00:00.000Z',
    },
    versions: [],
    ...extra,
  };
}

const VARIABLES = {
  purpose: 'newsletter',
  variables: [
    { name: 'firstName', description: 'Mottagarens förnamn' },
    { name: 'organization.name', description: 'Organisationens namn' },
  ],
  helpers: [{ name: 'default', example: '{{default firstName "du"}}' }],
};

function rendered(subject: string, text: string) {
  return { language: 'sv', subject, html: `<html><body><p>${text}</p></body></html>`, text };
}

/** The API as the page sees it: `overrides` answer first, anything else as a newsletter template would. */
function api(
  role: Role,
  overrides: (call: FakeCall) => ReturnType<Parameters<typeof fakeApi>[0]> | null = () => null,
) {
  return fakeApi((call) => {
    const own = overrides(call);
    if (own) return own;
    if (call.path === '/api/auth/me')
      return { body: { user: { id: 'u1', email: 'karin@forbundet.se', name: 'Karin', role } } };
    if (call.path === `/api/templates/${ID}` && call.method === 'GET') return { body: detail() };
    if (call.path === '/api/templates/variables') return { body: VARIABLES };
    if (call.path === '/api/templates/draft-preview') {
      const body = call.body as { mjml: string; subject: string };
      return {
        body: {
          problems: [],
          message: rendered(body.subject, body.mjml.includes('{{firstName}}') ? 'Hej Anna!' : 'Hej!'),
        },
      };
    }
    if (call.path === `/api/templates/${ID}/preview`) return { body: rendered('Hösten', 'Sparad version') };
    return { status: 404, body: { statusCode: 404, code: 'NOT_FOUND', message: 'Finns inte' } };
  });
}

function open(fake: ReturnType<typeof fakeApi>) {
  return renderRoutes(
    [
      { path: '/mallar/:id', element: <TemplatePage /> },
      { path: '/mallar', element: <TemplatesPage /> },
    ],
    `/mallar/${ID}`,
    fake,
  );
}

const drafts = (fake: ReturnType<typeof fakeApi>) =>
  fake.calls
    .filter((c) => c.path === '/api/templates/draft-preview')
    .map((c) => c.body as { mjml: string; language: string; purpose: string });

const editorText = () => document.querySelector('.cm-content')?.textContent ?? '';

describe('the template page', () => {
  beforeAll(() => {
    // jsdom lays nothing out; CodeMirror measures text ranges for its selection layer.
    Range.prototype.getClientRects ??= () =>
      Object.assign([], { item: () => null }) as unknown as DOMRectList;
    Range.prototype.getBoundingClientRect ??= () => new DOMRect();
  });

  it('previews the unsaved text, and a variable clicked goes in at the cursor and into the preview', async () => {
    const fake = api('editor');
    open(fake);
    await screen.findByRole('heading', { name: 'Höstbrev', level: 1 });
    await waitFor(() => expect(editorText()).toContain('<mj-text>Hej!</mj-text>'));
    await waitFor(() => expect(drafts(fake)).toHaveLength(1));
    expect(drafts(fake)[0]).toEqual({ purpose: 'newsletter', language: 'sv', subject: 'Hösten', mjml: MJML });
    const frame = await screen.findByTitle(/Förhandsvisning av brevet, Dator/);
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toContain('Hej!');

    fireEvent.click(screen.getByRole('button', { name: 'Infoga firstName: Mottagarens förnamn' }));
    await waitFor(() => expect(editorText()).toContain('{{firstName}}'));
    await waitFor(() =>
      expect(screen.getByTitle(/Förhandsvisning av brevet/).getAttribute('srcdoc')).toContain('Hej Anna!'),
    );
    expect(drafts(fake).at(-1)!.mjml).toContain('{{firstName}}');
    expect(screen.getByText('Osparade ändringar')).toBeTruthy();
  });

  it('lists the API’s problems under the editor by line, marks them there, and keeps the last good preview', async () => {
    let broken = false;
    const fake = api('editor', (call) =>
      call.path === '/api/templates/draft-preview' && broken
        ? {
            body: {
              problems: [
                { part: 'body', language: 'sv', line: 5, message: 'Elementet <mj-textt> finns inte i MJML' },
                { part: 'subject', language: 'sv', line: 1, message: 'Okänd variabel "fornamn"' },
              ],
              message: null,
            },
          }
        : null,
    );
    open(fake);
    await screen.findByTitle(/Förhandsvisning av brevet/);
    broken = true;
    fireEvent.change(screen.getByLabelText('Ämnesrad'), { target: { value: 'Hej {{fornamn}}' } });
    expect(await screen.findByText('1 fel i mallen')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Rad 5' })).toBeTruthy();
    expect(screen.getByText(/Elementet <mj-textt> finns inte i MJML/)).toBeTruthy();
    expect(screen.getByText('Okänd variabel "fornamn"')).toBeTruthy();
    await waitFor(() =>
      expect(document.querySelector('.cm-lintRange-error')?.closest('.cm-line')?.textContent).toBe(
        '<mj-text>Hej!</mj-text>',
      ),
    );
    expect(screen.getByText(/förhandsvisningen visar den senaste versionen utan fel/)).toBeTruthy();
    expect(screen.getByTitle(/Förhandsvisning av brevet/).getAttribute('srcdoc')).toContain('Hej!');
    expect(within(screen.getByRole('tab', { name: /Svenska/ })).getByText('2')).toBeTruthy();
  });

  it('keeps what was typed when saving fails, with the API’s answer beside the button; saves a new version', async () => {
    let refuse = true;
    const fake = api('editor', (call) => {
      if (call.method !== 'PATCH') return null;
      if (refuse)
        return {
          status: 400,
          body: {
            statusCode: 400,
            code: 'VALIDATION_FAILED',
            message: 'Mallen innehåller fel: en/innehåll rad 5: Okänd variabel "fornamn"',
            details: {
              problems: [{ part: 'body', language: 'en', line: 5, message: 'Okänd variabel "fornamn"' }],
            },
          },
        };
      const body = call.body as {
        sv: { subject: string; mjml: string };
        en: { subject: string; mjml: string } | null;
      };
      return {
        body: detail({
          currentVersionNumber: 4,
          languages: ['sv', 'en'],
          currentVersion: { ...detail().currentVersion!, version: 4, sv: body.sv, en: body.en },
        }),
      };
    });
    open(fake);
    await screen.findByLabelText('Ämnesrad');
    fireEvent.change(screen.getByLabelText('Ämnesrad'), { target: { value: 'Vintern' } });
    fireEvent.click(screen.getByRole('tab', { name: /Engelska/ }));
    fireEvent.click(await screen.findByRole('button', { name: 'Lägg till engelsk version' }));
    await waitFor(() =>
      expect((screen.getByLabelText('Ämnesrad') as HTMLInputElement).value).toBe('Vintern'),
    );
    fireEvent.change(screen.getByLabelText('Ämnesrad'), { target: { value: 'Winter' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spara' }));

    const refused = await screen.findByText(/Mallen sparades inte: den har fel \(Engelska\)/);
    expect(refused.closest('[role=alert]')).not.toBeNull();
    expect((screen.getByLabelText('Ämnesrad') as HTMLInputElement).value).toBe('Winter');
    expect(screen.getByText('Osparade ändringar')).toBeTruthy();
    const patch = fake.calls.find((c) => c.method === 'PATCH')!;
    expect(patch.body).toEqual({
      sv: { subject: 'Vintern', mjml: MJML },
      en: { subject: 'Winter', mjml: MJML },
    });

    refuse = false;
    fireEvent.click(screen.getByRole('button', { name: 'Spara' }));
    expect(await screen.findByText('Allt är sparat')).toBeTruthy();
    expect(screen.queryByText(/Mallen sparades inte/)).toBeNull();
    expect((screen.getByLabelText('Ämnesrad') as HTMLInputElement).value).toBe('Winter');
  });

  it('sends a test of the saved version to the staff member’s own address and says it is in the outbox', async () => {
    const fake = api('editor', (call) =>
      call.path === `/api/templates/${ID}/test`
        ? {
            body: {
              messageId: 'test.1@crm',
              response: 'utkorgen',
              subject: '[TEST] Hösten',
              to: 'karin@forbundet.se',
              transport: 'outbox',
            },
          }
        : null,
    );
    open(fake);
    const address = (await screen.findByLabelText('Skicka till')) as HTMLInputElement;
    await waitFor(() => expect(address.value).toBe('karin@forbundet.se'));
    fireEvent.click(screen.getByRole('button', { name: 'Skicka testutskick' }));
    expect(await screen.findByText(/finns i utkorgen/)).toBeTruthy();
    expect(fake.calls.find((c) => c.path.endsWith('/test'))!.body).toEqual({
      email: 'karin@forbundet.se',
      language: 'sv',
    });

    // Unsaved changes: the test would send something else than what is on screen, so it waits for a save.
    fireEvent.change(screen.getByLabelText('Ämnesrad'), { target: { value: 'Ändrad' } });
    expect((screen.getByRole('button', { name: 'Skicka testutskick' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    expect(screen.getByText(/Spara först/)).toBeTruthy();
  });

  it('shows a viewer the saved template read-only, previewed, with nothing to save or send', async () => {
    const fake = api('viewer');
    open(fake);
    await screen.findByText(/Du har läsbehörighet/);
    await waitFor(() =>
      expect(screen.getByTitle(/Förhandsvisning av brevet/).getAttribute('srcdoc')).toContain(
        'Sparad version',
      ),
    );
    await waitFor(() =>
      expect(document.querySelector('.cm-content')?.getAttribute('aria-readonly')).toBe('true'),
    );
    expect((screen.getByLabelText('Ämnesrad') as HTMLInputElement).readOnly).toBe(true);
    expect(screen.queryByRole('button', { name: 'Spara' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Skicka testutskick' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Infoga/ })).toBeNull();
    expect(drafts(fake)).toEqual([]);
    expect(fake.calls.find((c) => c.path.endsWith('/preview'))!.body).toEqual({
      language: 'sv',
      versionId: VERSION,
    });
  });
});

describe('the templates list', () => {
  it('shows purpose, languages and version, and creates a template that opens in the editor', async () => {
    const fake = api('editor', (call) => {
      if (call.path === '/api/templates' && call.method === 'GET')
        return {
          body: [
            {
              ...detail(),
              currentVersion: undefined,
              versions: undefined,
              languages: ['sv', 'en'],
              purpose: 'invitation',
              builtInKey: 'inbjudan',
              name: 'Inbjudan',
            },
          ],
        };
      if (call.path === '/api/templates' && call.method === 'POST')
        return { status: 201, body: detail({ name: 'Vårbrev' }) };
      return null;
    });
    renderRoutes(
      [
        { path: '/mallar', element: <TemplatesPage /> },
        { path: '/mallar/:id', element: <TemplatePage /> },
      ],
      '/mallar',
      fake,
    );
    const row = (await screen.findByRole('link', { name: 'Inbjudan' })).closest('tr')!;
    expect(within(row).getByText('Inbyggd')).toBeTruthy();
    expect(within(row).getByText('Svenska, Engelska')).toBeTruthy();
    expect(within(row).getByText('Version 3')).toBeTruthy();
    expect(within(row).getByText('2026-09-02 kl. 10.00')).toBeTruthy();
    expect(row.textContent).toContain('Inbjudan');

    fireEvent.change(screen.getByLabelText(/^Namn/), { target: { value: 'Vårbrev' } });
    fireEvent.click(screen.getByRole('button', { name: 'Skapa mallen' }));
    await screen.findByRole('heading', { name: 'Vårbrev', level: 1 });
    expect(fake.calls.find((c) => c.method === 'POST')!.body).toEqual({
      name: 'Vårbrev',
      purpose: 'newsletter',
    });
  });
});
