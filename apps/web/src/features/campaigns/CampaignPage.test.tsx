import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Schemas } from '../../api/client';
import { fakeApi, renderRoutes, type FakeCall } from '../../test/render';
import { CampaignPage } from './CampaignPage';
import { CampaignsPage } from './CampaignsPage';

type Detail = Schemas['CampaignDetailDto'];
type Counts = Schemas['RecipientCountsDto'];

const EDITOR = { id: 'u1', email: 'red@exempel.se', name: 'Redaktör', role: 'editor' };
const VIEWER = { ...EDITOR, role: 'viewer' };
const ID = '33333333-3333-4333-8333-333333333333';
const LIST = '11111111-1111-4111-8111-111111111111';
const page = <T,>(items: T[], nextCursor: string | null = null) => ({
  items,
  nextCursor,
  total: items.length,
  totalIsEstimate: false,
});
const ZERO: Counts = {
  pending: 0,
  sending: 0,
  sent: 0,
  failed_temporary: 0,
  failed_permanent: 0,
  suppressed: 0,
  uncertain: 0,
  withdrawn: 0,
};

function detail(status: Detail['status'], counts: Partial<Counts> = {}): Detail {
  const all = { ...ZERO, ...counts };
  const total = Object.values(all).reduce((a, b) => a + b, 0);
  return {
    id: ID,
    name: 'Höstens nyheter',
    status,
    audience: { type: 'list', listId: LIST },
    templateId: '22222222-2222-4222-8222-222222222222',
    templateVersionId: null,
    subject: 'Hösten',
    fromName: 'Kansliet',
    fromAddress: 'kansli@forbundet.se',
    replyTo: null,
    scheduledAt: null,
    scheduledAtStockholm: null,
    rateLimitPerMinute: null,
    pauseReason: null,
    startedAt: status === 'draft' ? null : '2026-10-01T08:00:00.000Z',
    finishedAt: null,
    createdAt: '2026-09-30T08:00:00.000Z',
    updatedAt: '2026-09-30T08:00:00.000Z',
    progress: { status, counts: all, total },
    replied: 0,
  };
}

const row = (n: number, status: string, extra: Record<string, unknown> = {}) => ({
  id: String(n),
  contactId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  email: `p${n}@exempel.se`,
  firstName: 'Person',
  lastName: `Nummer ${n}`,
  organizationName: null,
  status,
  attempts: 1,
  lastError: null,
  smtpResponse: null,
  messageId: null,
  sentAt: status === 'sent' ? '2026-10-01T08:01:00.000Z' : null,
  ...extra,
});

/** EventSource as the campaign page uses it: the test says what the server sends. */
class FakeEventSource extends EventTarget {
  static readonly CLOSED = 2;
  static all: FakeEventSource[] = [];
  readyState = 1;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    super();
    FakeEventSource.all.push(this);
  }
  send(data: unknown) {
    act(() => {
      this.dispatchEvent(new MessageEvent('progress', { data: JSON.stringify(data) }));
    });
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
}

function api(
  campaign: () => Detail,
  user: typeof EDITOR = EDITOR,
  more: (call: FakeCall) => { status?: number; body?: unknown } | undefined = () => undefined,
) {
  return fakeApi((call) => {
    const extra = more(call);
    if (extra) return extra;
    if (call.path === '/api/auth/me') return { body: { user } };
    if (call.path === `/api/campaigns/${ID}`) return { body: campaign() };
    if (call.path === '/api/campaigns') return { body: page([campaign()]) };
    if (call.path === '/api/lists')
      return {
        body: page([
          {
            id: LIST,
            name: 'Höstutskicket',
            description: null,
            memberCount: 4,
            createdAt: '',
            updatedAt: '',
          },
        ]),
      };
    if (call.path === '/api/segments') return { body: page([]) };
    if (call.path === `/api/campaigns/${ID}/recipients`) {
      const status = call.query.get('status');
      const rows = [row(1, 'sent'), row(2, 'sent'), row(3, 'suppressed'), row(4, 'uncertain')];
      return { body: page(status ? rows.filter((r) => r.status === status) : rows) };
    }
    if (call.path === `/api/mailings/${ID}/uncertain`)
      return {
        body: {
          items: [
            {
              ...row(4, 'uncertain'),
              lastError: 'Arbetaren avbröts under utskicket; okänt om brevet levererades',
              claimedAt: null,
              claimedBy: null,
              expectedMessageId: 'abc.123@forbundet.se',
              inOutbox: true,
            },
          ],
          nextCursor: null,
        },
      };
    if (call.path.startsWith(`/api/mailings/${ID}/recipients/`))
      return {
        body: {
          recipientId: '4',
          status: 'sent',
          resolution: (call.body as { resolution: string }).resolution,
        },
      };
    if (call.path.startsWith(`/api/campaigns/${ID}/`) && call.method === 'POST')
      return { body: campaign().progress };
    return { status: 404, body: { statusCode: 404, code: 'NOT_FOUND', message: 'Finns inte' } };
  });
}

const ROUTES = [
  { path: '/utskick', element: <CampaignsPage /> },
  { path: '/utskick/:id', element: <CampaignPage /> },
];

describe('the campaign page', () => {
  beforeEach(() => {
    FakeEventSource.all = [];
    vi.stubGlobal('EventSource', FakeEventSource);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('follows the progress live to 100 %, then stops listening and asks for the campaign again', async () => {
    let current = detail('sending', { pending: 4 });
    const fake = api(() => current);
    renderRoutes(ROUTES, `/utskick/${ID}`, fake);
    expect(await screen.findByText('0 av 4 behandlade (0 %)')).toBeTruthy();
    const source = FakeEventSource.all.at(-1)!;
    expect(source.url).toBe(`/api/campaigns/${ID}/events`);

    source.send({ status: 'sending', total: 4, counts: { ...ZERO, pending: 2, sent: 2 } });
    expect(await screen.findByText('2 av 4 behandlade (50 %)')).toBeTruthy();
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('50');

    const before = fake.calls.filter((c) => c.path === `/api/campaigns/${ID}`).length;
    current = detail('sent', { sent: 3, suppressed: 1 });
    source.send(current.progress);
    expect(await screen.findByText('4 av 4 behandlade (100 %)')).toBeTruthy();
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    expect(source.readyState).toBe(FakeEventSource.CLOSED);
    await waitFor(() =>
      expect(fake.calls.filter((c) => c.path === `/api/campaigns/${ID}`).length).toBeGreaterThan(before),
    );
    // Sent: nothing to pause or cancel any more.
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Pausa' })).toBeNull());
  });

  it('pauses at once, and cancels only after a confirmation saying who will not get it', async () => {
    const fake = api(() => detail('sending', { pending: 3, sent: 1 }));
    renderRoutes(ROUTES, `/utskick/${ID}`, fake);
    fireEvent.click(await screen.findByRole('button', { name: 'Pausa' }));
    await waitFor(() => expect(fake.calls.some((c) => c.path === `/api/campaigns/${ID}/pause`)).toBe(true));

    fireEvent.click(screen.getByRole('button', { name: 'Avbryt utskicket …' }));
    const dialog = await screen.findByRole('dialog', { name: 'Avbryta utskicket?' });
    expect(within(dialog).getByText(/3 mottagare har inte fått ”Höstens nyheter”/)).toBeTruthy();
    expect(fake.calls.some((c) => c.path.endsWith('/cancel'))).toBe(false);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Ja, avbryt utskicket' }));
    await waitFor(() => expect(fake.calls.some((c) => c.path === `/api/campaigns/${ID}/cancel`)).toBe(true));
  });

  it('explains uncertain recipients in plain Swedish and lets an editor settle them, a resend only after asking', async () => {
    const fake = api(() => detail('sent', { sent: 2, suppressed: 1, uncertain: 1 }));
    renderRoutes(ROUTES, `/utskick/${ID}`, fake);
    expect(await screen.findByRole('heading', { name: 'Osäkra mottagare (1)' })).toBeTruthy();
    expect(screen.getByText('Vi vet inte om de här breven kom fram')).toBeTruthy();
    expect(screen.getByText(/skickas aldrig om av sig själva/)).toBeTruthy();
    expect(await screen.findByText('Ja – brevet lämnades över')).toBeTruthy();
    expect(screen.getByText('Sök i e-postserverns logg efter: abc.123@forbundet.se')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Kom fram till p4@exempel.se: markera som skickat' }));
    await waitFor(() => {
      const resolved = fake.calls.find((c) => c.path === `/api/mailings/${ID}/recipients/4/resolve`);
      expect(resolved?.body).toEqual({ resolution: 'marked_sent' });
    });

    fireEvent.click(
      screen.getByRole('button', {
        name: 'Kom inte fram till p4@exempel.se: markera som misslyckat utan att skicka igen',
      }),
    );
    await waitFor(() => {
      const resolved = fake.calls.filter((c) => c.path === `/api/mailings/${ID}/recipients/4/resolve`);
      expect(resolved.map((c) => c.body)).toEqual([
        { resolution: 'marked_sent' },
        { resolution: 'marked_failed' },
      ]);
    });

    fireEvent.click(screen.getByRole('button', { name: 'Kom inte fram till p4@exempel.se: skicka igen' }));
    const dialog = await screen.findByRole('dialog', { name: 'Skicka brevet igen?' });
    expect(within(dialog).getByText(/får mottagaren det två gånger/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Ja, skicka igen' }));
    await waitFor(() => {
      const resolved = fake.calls.filter((c) => c.path === `/api/mailings/${ID}/recipients/4/resolve`);
      expect(resolved.map((c) => c.body)).toEqual([
        { resolution: 'marked_sent' },
        { resolution: 'marked_failed' },
        { resolution: 'resent' },
      ]);
    });
  });

  it('filters the recipients by status on the server', async () => {
    const fake = api(() => detail('sent', { sent: 2, suppressed: 1, uncertain: 1 }));
    renderRoutes(ROUTES, `/utskick/${ID}`, fake);
    const table = await screen.findByRole('table', { name: 'Mottagare' });
    await within(table).findByText('p4@exempel.se');
    const show = screen
      .getAllByLabelText('Visa')
      .find((el) => el.tagName === 'INPUT' && el.getAttribute('aria-haspopup') === 'listbox')!;
    fireEvent.click(show);
    const listbox = await waitFor(() => {
      const el = document.getElementById(show.getAttribute('aria-controls')!);
      if (!el) throw new Error('no listbox yet');
      return el;
    });
    // Only the statuses the campaign has, with their counts.
    expect(
      within(listbox)
        .getAllByRole('option', { hidden: true })
        .map((o) => o.textContent),
    ).toEqual(['Alla (4)', 'Skickat (2)', 'Spärrad (1)', 'Osäker (1)']);
    fireEvent.click(within(listbox).getByRole('option', { name: 'Spärrad (1)', hidden: true }));
    await waitFor(() => expect(within(table).queryByText('p4@exempel.se')).toBeNull());
    expect(within(table).getByText('p3@exempel.se')).toBeTruthy();
    const asked = fake.calls.filter((c) => c.path === `/api/campaigns/${ID}/recipients`).at(-1)!;
    expect(asked.query.get('status')).toBe('suppressed');
  });

  it("shows the export's Swedish refusal beside the button instead of saving a file", async () => {
    const createObjectURL = vi.fn(() => 'blob:x');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const fake = api(
      () => detail('sent', { sent: 2 }),
      EDITOR,
      (call) =>
        call.path === `/api/campaigns/${ID}/recipients/export`
          ? {
              status: 503,
              body: { statusCode: 503, code: 'EXPORT_FAILED', message: 'Exporten kunde inte göras just nu' },
            }
          : undefined,
    );
    renderRoutes(ROUTES, `/utskick/${ID}`, fake);
    fireEvent.click(await screen.findByRole('button', { name: 'Exportera' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Excel-arbetsbok (.xlsx)' }));
    expect(await screen.findByText('Exporten kunde inte göras just nu')).toBeTruthy();
    expect(createObjectURL).not.toHaveBeenCalled();
    const asked = fake.calls.find((c) => c.path.endsWith('/recipients/export'))!;
    expect(asked.query.get('format')).toBe('xlsx');
  });

  it('sends a test message, its refusal shown beside the address', async () => {
    let refuse = true;
    const fake = api(
      () => detail('draft'),
      EDITOR,
      (call) => {
        if (call.path === `/api/campaigns/${ID}/audience-preview`)
          return {
            body: {
              included: { count: 2, contacts: [] },
              excluded: [],
              excludedCounts: {
                no_email: 0,
                unsubscribed: 0,
                bounced: 0,
                complained: 0,
                suppressed: 0,
                duplicate_email: 0,
              },
            },
          };
        if (call.path !== `/api/campaigns/${ID}/test`) return undefined;
        if (refuse)
          return {
            status: 400,
            body: {
              statusCode: 400,
              code: 'VALIDATION',
              message: 'email: "ja" är ingen giltig e-postadress',
            },
          };
        return { body: { messageId: 'm', response: '250 ok', subject: '[TEST] Hösten' } };
      },
    );
    renderRoutes(ROUTES, `/utskick/${ID}`, fake);
    const address = await screen.findByLabelText('Skicka till');
    expect(address).toHaveProperty('value', 'red@exempel.se');
    fireEvent.change(address, { target: { value: 'ja' } });
    fireEvent.click(screen.getByRole('button', { name: 'Skicka provmeddelande' }));
    expect(await screen.findByText('"ja" är ingen giltig e-postadress')).toBeTruthy();
    expect(address).toHaveProperty('value', 'ja');
    refuse = false;
    fireEvent.change(address, { target: { value: 'granskare@exempel.se' } });
    fireEvent.click(screen.getByRole('button', { name: 'Skicka provmeddelande' }));
    expect(
      await screen.findByText(/skickades till granskare@exempel.se med ämnesraden ”\[TEST\] Hösten”/),
    ).toBeTruthy();

    // A draft: its dry run, and a start that names the number before anything is sent.
    expect(await screen.findByRole('heading', { name: '2 får utskicket' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Starta nu …' }));
    const dialog = await screen.findByRole('dialog', { name: 'Starta utskicket?' });
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Ja, skicka till 2 mottagare' }));
    await waitFor(() => expect(fake.calls.some((c) => c.path === `/api/campaigns/${ID}/start`)).toBe(true));
  });

  it('shows a viewer the campaign and its recipients without the controls', async () => {
    renderRoutes(
      ROUTES,
      `/utskick/${ID}`,
      api(() => detail('sending', { sent: 2, uncertain: 1, pending: 1 }), VIEWER),
    );
    const table = await screen.findByRole('table', { name: 'Mottagare' });
    await within(table).findByText('p1@exempel.se');
    expect(await screen.findByRole('heading', { name: 'Osäkra mottagare (1)' })).toBeTruthy();
    for (const name of [/^Pausa/, /^Avbryt/, /^Exportera/, /^Kom fram/, /^Skicka provmeddelande/])
      expect(screen.queryByRole('button', { name })).toBeNull();
  });
});

describe('the campaigns list', () => {
  it('lists campaigns with status and progress; "Nytt utskick" only for editors', async () => {
    const fake = api(() => detail('sending', { sent: 1, pending: 3 }));
    const { unmount } = renderRoutes(ROUTES, '/utskick', fake);
    const table = await screen.findByRole('table', { name: 'Utskick' });
    expect(await within(table).findByRole('link', { name: 'Höstens nyheter' })).toBeTruthy();
    expect(within(table).getByText('Skickas')).toBeTruthy();
    expect(within(table).getByText('1 av 4 behandlade (25 %)')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Nytt utskick' }).getAttribute('href')).toBe('/utskick/nytt');
    unmount();

    renderRoutes(
      ROUTES,
      '/utskick',
      api(() => detail('draft'), VIEWER),
    );
    expect(await screen.findByText('Inte startat')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Nytt utskick' })).toBeNull();
  });
});
