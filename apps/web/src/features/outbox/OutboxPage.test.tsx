import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderRoutes } from '../../test/render';
import { OutboxMessagePage } from './OutboxMessagePage';
import { OutboxPage } from './OutboxPage';

const CAMPAIGN = '33333333-3333-4333-8333-333333333333';
const summary = (id: number, to: string) => ({
  id: String(id),
  createdAt: `2026-10-01T08:0${id}:00.000Z`,
  to,
  subject: `Höstens nyheter ${id}`,
  messageId: `m${id}@forbundet.se`,
});

const ROUTES = [
  { path: '/utkorg', element: <OutboxPage /> },
  { path: '/utkorg/:id', element: <OutboxMessagePage /> },
  { path: '/utskick/:id', element: <div>kampanjsidan</div> },
];

describe('the outbox', () => {
  it('lists the newest first as the API pages them, one mailing at a time when asked', async () => {
    const fake = fakeApi((call) => {
      if (call.path !== '/api/outbox') return { status: 404, body: {} };
      const second = call.query.get('cursor') === '8';
      return {
        body: {
          items: second
            ? [summary(7, 'c@exempel.se')]
            : [summary(9, 'a@exempel.se'), summary(8, 'b@exempel.se')],
          nextCursor: second ? null : '8',
          total: 3,
          totalIsEstimate: false,
        },
      };
    });
    renderRoutes(ROUTES, `/utkorg?utskick=${CAMPAIGN}`, fake);
    const table = await screen.findByRole('table', { name: 'Utkorg' });
    await within(table).findByText('a@exempel.se');
    expect(
      within(table)
        .getAllByRole('row')
        .map((r) => r.textContent),
    ).toEqual([
      'DatumTillÄmne',
      '2026-10-01 kl. 10.09a@exempel.seHöstens nyheter 9',
      '2026-10-01 kl. 10.08b@exempel.seHöstens nyheter 8',
    ]);
    expect(fake.calls[0].query.get('mailingId')).toBe(CAMPAIGN);
    expect(screen.getByText('3 träffar')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Nästa sida' }));
    await within(table).findByText('c@exempel.se');
    expect(fake.calls.at(-1)!.query.get('cursor')).toBe('8');
    expect(fake.calls.at(-1)!.query.get('mailingId')).toBe(CAMPAIGN);
    expect(within(table).getByRole('link', { name: 'Höstens nyheter 7' }).getAttribute('href')).toBe(
      `/utkorg/7?utskick=${CAMPAIGN}`,
    );
  });

  it('says what the outbox is when it is empty', async () => {
    renderRoutes(
      ROUTES,
      '/utkorg',
      fakeApi(() => ({ body: { items: [], nextCursor: null, total: 0, totalIsEstimate: false } })),
    );
    expect(await screen.findByText('Utkorgen är tom.')).toBeTruthy();
    expect(screen.getByText(/Så länge ingen SMTP-server är inställd/)).toBeTruthy();
  });

  it('shows a message as its recipient would: headers, the HTML in a sandbox without scripts, the text part', async () => {
    const fake = fakeApi((call) =>
      call.path === '/api/outbox/9'
        ? {
            body: {
              ...summary(9, 'anna@exempel.se'),
              mailingId: CAMPAIGN,
              campaignId: CAMPAIGN,
              purpose: 'newsletter',
              recipientId: '1',
              from: '"Förbundets kansli" <kansli@forbundet.se>',
              replyTo: 'svar@forbundet.se',
              headers: {},
              text: 'Hej Anna,\n\nHär är höstens nyheter.',
              htmlUrl: '/api/outbox/9/html',
            },
          }
        : { status: 404, body: { statusCode: 404, code: 'NOT_FOUND', message: 'Meddelandet finns inte' } },
    );
    renderRoutes(ROUTES, '/utkorg/9', fake);
    expect(await screen.findByRole('heading', { name: 'Höstens nyheter 9', level: 1 })).toBeTruthy();
    const header = (label: string) =>
      screen.getByText(label, { selector: 'dt' }).nextElementSibling?.textContent;
    expect(header('Från')).toBe('"Förbundets kansli" <kansli@forbundet.se>');
    expect(header('Till')).toBe('anna@exempel.se');
    expect(header('Svar till')).toBe('svar@forbundet.se');
    expect(header('Datum')).toBe('torsdag 1 oktober 2026 kl. 10.09');
    const frame = screen.getByTitle('Meddelandet ”Höstens nyheter 9” som mottagaren ser det');
    expect(frame.getAttribute('src')).toBe('/api/outbox/9/html');
    // Sandboxed with nothing allowed: no scripts, no same origin, no forms, no popups.
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(screen.getByText(/Här är höstens nyheter\./).textContent).toBe(
      'Hej Anna,\n\nHär är höstens nyheter.',
    );
    fireEvent.click(screen.getByRole('link', { name: 'Visa utskicket' }));
    expect(await screen.findByText('kampanjsidan')).toBeTruthy();
  });

  it("shows the API's message when the message is not there", async () => {
    renderRoutes(
      ROUTES,
      '/utkorg/5',
      fakeApi(() => ({
        status: 404,
        body: { statusCode: 404, code: 'NOT_FOUND', message: 'Meddelandet 5 finns inte' },
      })),
    );
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Meddelandet 5 finns inte'));
  });
});
