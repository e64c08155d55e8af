import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Schemas } from '../../api/client';
import { fakeApi, renderRoutes, type FakeCall } from '../../test/render';
import { MeetingPage } from './MeetingPage';
import { MeetingsPage } from './MeetingsPage';
import { toWallTime } from './meetingTime';

type Meeting = Schemas['MeetingViewDto'];
type Row = Schemas['MeetingResponseRowDto'];

const ROUND = '11111111-1111-4111-8111-111111111111';
const MEETING = '22222222-2222-4222-8222-222222222222';

function meeting(extra: Partial<Meeting> = {}): Meeting {
  return {
    id: MEETING,
    roundId: ROUND,
    region: { id: 20, code: '20', name: 'Region Dalarna' },
    hostOrganization: null,
    title: 'Dialogmöte i Falun',
    startsAt: '2027-03-14T17:00:00.000Z',
    endsAt: '2027-03-14T19:00:00.000Z',
    startsAtText: 'söndag 14 mars 2027 kl. 18.00',
    timeText: '18.00–20.00',
    venue: 'Kulturhuset',
    address: null,
    city: 'Falun',
    capacity: 40,
    placesLeft: 37,
    rsvpDeadline: null,
    rsvpDeadlineText: null,
    description: null,
    agenda: null,
    status: 'invited',
    statusLabel: 'Inbjudan skickad',
    calendarSequence: 0,
    representatives: [],
    representativesMissing: ['elected', 'civil_servant'],
    responseCounts: {
      invited: 10,
      yes: 3,
      no: 2,
      maybe: 1,
      waitlisted: 0,
      attended: 0,
      no_show: 0,
      cancelled: 0,
    },
    createdAt: '2026-12-01T10:00:00.000Z',
    updatedAt: '2026-12-01T10:00:00.000Z',
    ...extra,
  };
}

function row(n: number, state: Row['state'], extra: Partial<Row> = {}): Row {
  return {
    contactId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    firstName: 'Person',
    lastName: `Nummer ${n}`,
    email: `p${n}@exempel.se`,
    organizationName: 'Region Dalarna',
    state,
    answer: null,
    diet: null,
    accessibility: null,
    comment: null,
    companions: [],
    invited: true,
    walkIn: false,
    answeredAt: null,
    waitlistedAt: null,
    updatedAt: '2027-02-01T10:00:00.000Z',
    ...extra,
  };
}

const EMPTY_PAGE = { items: [], nextCursor: null, total: 0, totalIsEstimate: false };

function base(call: FakeCall) {
  if (call.path === '/api/rounds')
    return {
      body: {
        items: [
          {
            id: ROUND,
            name: 'Regional närvaro 2026–2027',
            description: null,
            responseDeadline: null,
            createdAt: '2026-01-01T00:00:00.000Z',
            updatedAt: '2026-01-01T00:00:00.000Z',
          },
        ],
      },
    };
  if (call.path === '/api/regions')
    return {
      body: {
        items: [
          {
            id: 20,
            code: '20',
            letter: 'W',
            name: 'Region Dalarna',
            formerNames: [],
            seat: 'Falun',
            inKultursamverkansmodellen: true,
          },
        ],
      },
    };
  if (call.path === '/api/meetings') return { body: EMPTY_PAGE };
  if (call.path === `/api/meetings/${MEETING}`) return { body: meeting() };
  if (call.path === `/api/meetings/${MEETING}/invitations`) return { body: { items: [] } };
  return { status: 404, body: { statusCode: 404, code: 'NOT_FOUND', message: 'Finns inte' } };
}

const input = (label: RegExp) => screen.getByLabelText(label) as HTMLInputElement;

describe('the meeting form', () => {
  it('keeps what was typed when the API refuses, and shows its Swedish message beside the field', async () => {
    const api = fakeApi(
      (call) =>
        call.method === 'POST' && call.path === '/api/meetings'
          ? {
              status: 400,
              body: {
                statusCode: 400,
                code: 'VALIDATION_FAILED',
                message: 'rsvpDeadline: sista svarsdag måste vara senast när mötet börjar',
                details: { field: 'rsvpDeadline' },
              },
            }
          : base(call),
      { as: 'editor' },
    );
    renderRoutes(
      [{ path: '/moten', element: <MeetingsPage /> }],
      `/moten?ny=1&omgang=${ROUND}&region=20`,
      api,
    );
    // The form opens once the session says an editor is logged in (the first test also loads the modules).
    await screen.findByRole('dialog', { name: 'Nytt möte' }, { timeout: 10_000 });
    fireEvent.change(input(/Mötets namn/), { target: { value: 'Dialogmöte i Falun' } });
    fireEvent.change(input(/Börjar/), { target: { value: '2027-03-14T18:00' } });
    fireEvent.change(input(/Slutar/), { target: { value: '2027-03-14T20:00' } });
    fireEvent.change(input(/Lokal/), { target: { value: 'Kulturhuset' } });
    fireEvent.change(input(/Sista svarsdag/), { target: { value: '2027-03-20' } });
    fireEvent.click(screen.getByRole('button', { name: 'Skapa mötet' }));

    expect(await screen.findByText('sista svarsdag måste vara senast när mötet börjar')).toBeTruthy();
    expect(input(/Sista svarsdag/).getAttribute('aria-invalid')).toBe('true');
    expect(input(/Sista svarsdag/).value).toBe('2027-03-20');
    expect(input(/Mötets namn/).value).toBe('Dialogmöte i Falun');
    expect(input(/Börjar/).value).toBe('2027-03-14T18:00');
    expect(input(/Lokal/).value).toBe('Kulturhuset');
    const post = api.calls.find((c) => c.method === 'POST')!;
    expect(post.body).toMatchObject({
      roundId: ROUND,
      regionId: 20,
      title: 'Dialogmöte i Falun',
      startsAt: '2027-03-14T18:00',
      endsAt: '2027-03-14T20:00',
      venue: 'Kulturhuset',
      rsvpDeadline: '2027-03-20',
      capacity: null,
    });
  });

  it('says so beside the end time when the meeting would end before it starts, without asking the API', async () => {
    const api = fakeApi(base, { as: 'editor' });
    renderRoutes(
      [{ path: '/moten', element: <MeetingsPage /> }],
      `/moten?ny=1&omgang=${ROUND}&region=20`,
      api,
    );
    // The form opens once the session says an editor is logged in (the first test also loads the modules).
    await screen.findByRole('dialog', { name: 'Nytt möte' }, { timeout: 10_000 });
    fireEvent.change(input(/Mötets namn/), { target: { value: 'Dialogmöte' } });
    fireEvent.change(input(/Börjar/), { target: { value: '2027-03-14T18:00' } });
    fireEvent.change(input(/Slutar/), { target: { value: '2027-03-14T17:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Skapa mötet' }));
    expect(await screen.findByText('Mötet måste sluta efter att det börjar.')).toBeTruthy();
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('shows times as Stockholm wall time, summer time included', () => {
    expect(toWallTime('2027-03-14T17:00:00.000Z')).toBe('2027-03-14T18:00');
    expect(toWallTime('2027-06-14T16:00:00.000Z')).toBe('2027-06-14T18:00');
  });
});

describe('the answers', () => {
  it('asks the API for the chosen state and shows diets and accessibility needs', async () => {
    const api = fakeApi(
      (call) => {
        if (call.path === `/api/meetings/${MEETING}/responses`) {
          const state = call.query.get('state');
          const items =
            state === 'waitlisted'
              ? [row(5, 'waitlisted', { diet: 'Vegetarisk', accessibility: 'Rullstol' })]
              : [row(1, 'yes', { diet: 'Glutenfri' }), row(2, 'no'), row(5, 'waitlisted')];
          return { body: { items, nextCursor: null, total: items.length, totalIsEstimate: false } };
        }
        return base(call);
      },
      { as: 'editor' },
    );
    renderRoutes([{ path: '/moten/:id', element: <MeetingPage /> }], `/moten/${MEETING}`, api);
    fireEvent.click(await screen.findByRole('tab', { name: 'Svar' }));
    const table = await screen.findByRole('table', { name: 'Svar' });
    await within(table).findByText('Person Nummer 1');
    expect(within(table).getByText('Glutenfri')).toBeTruthy();
    expect(within(table).getAllByRole('row')).toHaveLength(4);

    const filter = screen
      .getAllByLabelText('Visa')
      .find((el) => el.tagName === 'INPUT' && el.getAttribute('type') !== 'hidden')!;
    fireEvent.click(filter);
    fireEvent.click(await screen.findByRole('option', { name: 'Väntelista', hidden: true }));

    await waitFor(() => expect(within(table).queryByText('Person Nummer 1')).toBeNull());
    expect(within(table).getByText('Vegetarisk')).toBeTruthy();
    expect(within(table).getByText('Rullstol')).toBeTruthy();
    const last = api.calls.filter((c) => c.path === `/api/meetings/${MEETING}/responses`).at(-1)!;
    expect(last.query.get('state')).toBe('waitlisted');
    expect(last.query.get('cursor')).toBeNull();
  });
});

describe('moving and cancelling', () => {
  it('asks before moving a meeting people are coming to, naming how many get a change notice', async () => {
    const api = fakeApi(
      (call) =>
        call.method === 'PATCH' ? { body: meeting({ startsAt: '2027-03-14T18:00:00.000Z' }) } : base(call),
      { as: 'editor' },
    );
    renderRoutes([{ path: '/moten/:id', element: <MeetingPage /> }], `/moten/${MEETING}`, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Ändra eller flytta' }));
    expect(input(/Börjar/).value).toBe('2027-03-14T18:00');
    fireEvent.change(input(/Börjar/), { target: { value: '2027-03-14T19:00' } });
    fireEvent.change(input(/Slutar/), { target: { value: '2027-03-14T21:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spara' }));

    const dialog = await screen.findByRole('dialog', { name: 'Flytta mötet?' });
    // 3 yes, 1 maybe, 0 waiting.
    expect(within(dialog).getByText(/^Ny tid eller plats\. 4 personer/)).toBeTruthy();
    expect(api.calls.some((c) => c.method === 'PATCH')).toBe(false);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Spara och meddela' }));

    await waitFor(() => expect(api.calls.some((c) => c.method === 'PATCH')).toBe(true));
    expect(api.calls.find((c) => c.method === 'PATCH')!.body).toEqual({
      startsAt: '2027-03-14T19:00',
      endsAt: '2027-03-14T21:00',
      notify: true,
    });
  });

  it('cancels with a text after a confirmation naming how many are told', async () => {
    const api = fakeApi(
      (call) =>
        call.method === 'POST' && call.path.endsWith('/cancel')
          ? { body: meeting({ status: 'cancelled' }) }
          : base(call),
      { as: 'editor' },
    );
    renderRoutes([{ path: '/moten/:id', element: <MeetingPage /> }], `/moten/${MEETING}`, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Ställ in mötet' }));
    const dialog = await screen.findByRole('dialog', { name: 'Ställ in mötet?' });
    expect(within(dialog).getByText(/^4 personer som tackat ja/)).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText(/Meddelande/), {
      target: { value: 'Lokalen är stängd.' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Ställ in och meddela 4 personer' }));

    await waitFor(() => expect(api.calls.some((c) => c.path.endsWith('/cancel'))).toBe(true));
    expect(api.calls.find((c) => c.path.endsWith('/cancel'))!.body).toEqual({ text: 'Lokalen är stängd.' });
    expect(await screen.findByText('Inställt')).toBeTruthy();
  });
});
