import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, renderRoutes, type FakeCall } from '../../test/render';
import { CheckInPage } from './CheckInPage';
import type { AttendanceRow, CheckInBody, WalkInBody } from './storage';

const MEETING = '11111111-1111-4111-8111-111111111111';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function row(
  n: number,
  firstName: string,
  lastName: string,
  extra: Partial<AttendanceRow> = {},
): AttendanceRow {
  return {
    contactId: id(n),
    firstName,
    lastName,
    email: `${firstName.toLowerCase()}@exempel.se`,
    organizationId: null,
    organizationName: null,
    organizationKind: null,
    answer: 'yes',
    attendance: null,
    state: 'yes',
    diet: null,
    accessibility: null,
    comment: null,
    companions: [],
    invited: true,
    walkIn: false,
    answeredAt: null,
    ...extra,
  };
}

const LIST = [
  row(1, 'Anna', 'Öberg'),
  row(2, 'Bo', 'Berg'),
  row(3, 'Åsa', 'Lind', { answer: 'maybe', state: 'maybe' }),
];

let online = true;
function setOnline(value: boolean) {
  online = value;
  act(() => {
    window.dispatchEvent(new Event(value ? 'online' : 'offline'));
  });
}

/** The API of the evening; `down` makes every request fail as a lost network does. */
function eveningApi() {
  const state = { down: false, done: new Set<string>() };
  const answer = (clientId: string, contactId: string, kind: 'check_in' | 'walk_in') => ({
    clientId,
    kind,
    meetingId: MEETING,
    contactId,
    answer: 'yes',
    attendance: 'attended',
    state: 'attended',
    invited: kind === 'check_in',
    walkIn: kind === 'walk_in',
    changed: true,
    contactCreated: kind === 'walk_in',
    organizationId: null,
    organizationCreated: false,
    recordedAt: '2099-03-14T17:05:00.000Z',
  });
  const api = fakeApi((call: FakeCall) => {
    if (call.path === '/api/auth/me')
      return { body: { user: { id: id(100), email: 'k@exempel.se', name: 'Kansliet', role: 'editor' } } };
    if (state.down) throw new TypeError('Failed to fetch');
    if (call.path === `/api/meetings/${MEETING}`)
      return {
        body: {
          id: MEETING,
          title: 'Dialogmöte i Östersund',
          startsAt: '2099-03-14T17:00:00.000Z',
          startsAtText: 'lördag 14 mars 2099 kl. 18.00',
          venue: 'Folkets Hus',
          city: 'Hammarstrand',
        },
      };
    if (call.path === `/api/meetings/${MEETING}/attendance`)
      return { body: { items: LIST, total: LIST.length } };
    if (call.path === `/api/meetings/${MEETING}/check-ins/batch`) {
      const items = (call.body as { items: CheckInBody[] }).items;
      items.forEach((i) => state.done.add(i.clientId));
      return {
        body: {
          items: items.map((i) => ({
            clientId: i.clientId,
            status: 200,
            answer: answer(i.clientId, i.contactId, 'check_in'),
            error: null,
          })),
        },
      };
    }
    if (call.path === `/api/meetings/${MEETING}/walk-ins`) {
      const body = call.body as WalkInBody;
      state.done.add(body.clientId);
      return { body: answer(body.clientId, id(50), 'walk_in') };
    }
    if (call.path === `/api/meetings/${MEETING}/attendance/search`) return { body: { items: [] } };
    return { status: 404, body: { statusCode: 404, code: 'NOT_FOUND', message: 'Finns inte' } };
  });
  return { api, state };
}

function renderPage(api: ReturnType<typeof fakeApi>) {
  return renderRoutes(
    [{ path: '/incheckning/:meetingId', element: <CheckInPage queueOptions={{ baseDelayMs: 50 }} /> }],
    `/incheckning/${MEETING}`,
    api,
  );
}

const posts = (api: ReturnType<typeof fakeApi>) => api.calls.filter((c) => c.method === 'POST');

describe('Incheckning', () => {
  beforeEach(() => {
    online = true;
    Object.defineProperty(window.navigator, 'onLine', { configurable: true, get: () => online });
  });
  afterEach(() => {
    online = true;
  });

  it('searches the list without the dots (oberg finds Öberg, asa finds Åsa) and checks in at once', async () => {
    const { api } = eveningApi();
    renderPage(api);
    expect(await screen.findByText('Anna Öberg')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Dialogmöte i Östersund' })).toBeTruthy();
    expect(screen.getByText('0 av 3 incheckade')).toBeTruthy();

    const search = screen.getByLabelText('Sök namn eller e-post');
    fireEvent.change(search, { target: { value: 'OBERG' } });
    expect(screen.getByText('Anna Öberg')).toBeTruthy();
    expect(screen.queryByText('Bo Berg')).toBeNull();
    fireEvent.change(search, { target: { value: 'asa' } });
    expect(screen.getByText('Åsa Lind')).toBeTruthy();
    expect(screen.queryByText('Anna Öberg')).toBeNull();
    fireEvent.change(search, { target: { value: '' } });

    fireEvent.click(screen.getByRole('button', { name: 'Checka in Anna Öberg' }));
    expect(screen.getByText('1 av 3 incheckade')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('pending-status').textContent).toBe('Allt är skickat.'));
    const batch = posts(api).find((c) => c.path.endsWith('/check-ins/batch'))!;
    expect((batch.body as { items: CheckInBody[] }).items).toEqual([
      { clientId: expect.stringMatching(/^[0-9a-f-]{36}$/), contactId: id(1), attendance: 'attended' },
    ]);
    // Checked in: the button is gone, so a second tap cannot check her in twice.
    expect(screen.queryByRole('button', { name: 'Checka in Anna Öberg' })).toBeNull();
  });

  it('offline: says so, keeps the taps and a walk-in on the phone with "ej skickad", sends each once when back', async () => {
    const { api, state } = eveningApi();
    renderPage(api);
    await screen.findByText('Anna Öberg');

    setOnline(false);
    state.down = true;
    expect(await screen.findByText(/Ingen uppkoppling/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Checka in Anna Öberg' }));
    fireEvent.click(screen.getByRole('button', { name: 'Uteblev: Bo Berg' }));

    fireEvent.click(screen.getByRole('button', { name: 'Lägg till spontanbesökare' }));
    fireEvent.change(screen.getByLabelText(/Förnamn/), { target: { value: 'Per' } });
    fireEvent.change(screen.getByLabelText(/Efternamn/), { target: { value: 'Spontan' } });
    fireEvent.change(screen.getByLabelText(/Organisation/), {
      target: { value: 'Ragunda hembygdsförening' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Lägg till och checka in' }));

    const list = screen.getByRole('list', { name: 'Förväntade deltagare' });
    expect(within(list).getByText('Per Spontan')).toBeTruthy();
    expect(within(list).getAllByText('ej skickad')).toHaveLength(3);
    expect(screen.getByTestId('pending-status').textContent).toBe('3 väntar på att skickas');
    expect(screen.getByText('2 av 4 incheckade')).toBeTruthy();
    expect(posts(api)).toHaveLength(0);

    state.down = false;
    setOnline(true);
    await waitFor(() => expect(screen.getByTestId('pending-status').textContent).toBe('Allt är skickat.'));
    expect(screen.queryByText(/Ingen uppkoppling/)).toBeNull();
    expect(within(list).queryAllByText('ej skickad')).toHaveLength(0);
    expect(within(list).getByText('Per Spontan')).toBeTruthy();
    expect(state.done.size).toBe(3);
    const sentIds = posts(api).flatMap((c) =>
      c.path.endsWith('/batch')
        ? (c.body as { items: CheckInBody[] }).items.map((i) => i.clientId)
        : [(c.body as WalkInBody).clientId],
    );
    expect(sentIds).toHaveLength(3);
    expect(new Set(sentIds).size).toBe(3);
    const walkIn = posts(api).find((c) => c.path.endsWith('/walk-ins'))!;
    expect(walkIn.body).toEqual({
      clientId: expect.any(String),
      firstName: 'Per',
      lastName: 'Spontan',
      organizationName: 'Ragunda hembygdsförening',
    });
  });

  it('opened again without a network: the list and the waiting taps come from the phone', async () => {
    const first = eveningApi();
    const view = renderPage(first.api);
    await screen.findByText('Anna Öberg');
    setOnline(false);
    first.state.down = true;
    fireEvent.click(screen.getByRole('button', { name: 'Checka in Bo Berg' }));
    view.unmount();

    const second = eveningApi();
    second.state.down = true;
    renderPage(second.api);
    expect(await screen.findByText('Anna Öberg')).toBeTruthy();
    expect(screen.getByText(/Listan hämtad/)).toBeTruthy();
    expect(screen.getByText(/Ingen uppkoppling/)).toBeTruthy();
    expect(screen.getByTestId('pending-status').textContent).toBe('1 väntar på att skickas');
    expect(screen.getByText('1 av 3 incheckade')).toBeTruthy();
  });
});
