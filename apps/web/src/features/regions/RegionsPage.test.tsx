import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderRoutes, type FakeCall } from '../../test/render';
import { fillsByCode, HOSTING_STYLE, legendOf, type BoardItem, type HostingStatus } from './hosting';
import map from './map/region-paths.json';
import { RegionsPage } from './RegionsPage';

const ROUND = '11111111-1111-4111-8111-111111111111';

/** The 21 regions of the map, with the statuses given by code (the rest not asked). */
function board(statuses: Record<string, HostingStatus>): BoardItem[] {
  return map.regions.map((r) => ({
    regionId: Number(r.code),
    code: r.code,
    name: r.name,
    status: statuses[r.code] ?? 'not_asked',
    statusLabel: '',
    note: null,
    lastActivityAt: null,
    askedContact: null,
    latestAnswer: null,
    meeting: null,
  }));
}

const STATUSES: Record<string, HostingStatus> = {
  '01': 'asked',
  '03': 'asked',
  '20': 'agreed',
  '12': 'meeting_scheduled',
  '14': 'declined',
};

function regionsApi(
  items: BoardItem[],
  extra?: (call: FakeCall) => ReturnType<Parameters<typeof fakeApi>[0]> | null,
) {
  return fakeApi(
    (call) => {
      const answer = extra?.(call);
      if (answer) return answer;
      if (call.path === '/api/rounds')
        return {
          body: {
            items: [
              {
                id: 'old',
                name: 'Regional närvaro 2016–2017',
                description: null,
                responseDeadline: null,
                createdAt: '2016-01-01T00:00:00.000Z',
                updatedAt: '2016-01-01T00:00:00.000Z',
              },
              {
                id: ROUND,
                name: 'Regional närvaro 2026–2027',
                description: null,
                responseDeadline: '2027-03-10',
                createdAt: '2026-01-01T00:00:00.000Z',
                updatedAt: '2026-01-01T00:00:00.000Z',
              },
            ],
          },
        };
      if (call.path === `/api/rounds/${ROUND}/regions`) return { body: { items } };
      if (call.path === `/api/rounds/${ROUND}/host-requests`) return { body: { items: [] } };
      if (call.path.endsWith('/history')) return { body: { items: [] } };
      if (call.path === '/api/contacts')
        return { body: { items: [], nextCursor: null, total: 0, totalIsEstimate: false } };
      return { status: 404, body: { statusCode: 404, code: 'NOT_FOUND', message: 'Finns inte' } };
    },
    { as: 'editor' },
  );
}

describe('the hosting map', () => {
  it('counts every status for the legend, zeros included, and colours each region by its status', () => {
    const items = board(STATUSES);
    const legend = legendOf(items);
    expect(legend.map((e) => [e.status, e.count])).toEqual([
      ['not_asked', 16],
      ['asked', 2],
      ['interested', 0],
      ['agreed', 1],
      ['declined', 1],
      ['no_answer', 0],
      ['meeting_scheduled', 1],
      ['meeting_held', 0],
    ]);
    const fills = fillsByCode(items);
    expect(fills.get('20')).toBe(HOSTING_STYLE.agreed.fill);
    expect(fills.get('01')).toBe(HOSTING_STYLE.asked.fill);
    expect(fills.get('25')).toBe(HOSTING_STYLE.not_asked.fill);
    // Every status has a colour of its own and a symbol (only "not asked" goes without one).
    expect(new Set(Object.values(HOSTING_STYLE).map((s) => s.fill)).size).toBe(8);
  });

  it('draws the newest round on the map: named, coloured, focusable regions and a legend with counts', async () => {
    const api = regionsApi(board(STATUSES));
    renderRoutes([{ path: '/regioner', element: <RegionsPage /> }], '/regioner', api);

    const dalarna = await screen.findByRole('button', { name: 'Region Dalarna: Har tackat ja' });
    expect(dalarna.getAttribute('fill')).toBe(HOSTING_STYLE.agreed.fill);
    expect(dalarna.getAttribute('tabindex')).toBe('0');
    expect(dalarna.querySelector('title')?.textContent).toBe('Region Dalarna: Har tackat ja');
    expect(screen.getAllByRole('button', { name: /: Tillfrågad$/ })).toHaveLength(2);
    expect(api.calls.some((c) => c.path === `/api/rounds/${ROUND}/regions`)).toBe(true);

    const legend = screen.getByRole('list', { name: 'Teckenförklaring' });
    expect(within(legend).getByText('Inte tillfrågad: 16')).toBeTruthy();
    expect(within(legend).getByText('Tillfrågad: 2')).toBeTruthy();
    expect(within(legend).getByText('Möte genomfört: 0')).toBeTruthy();

    // The same data as a table.
    const table = screen.getByRole('table', { name: 'Regionerna i omgången' });
    expect(within(table).getAllByRole('row')).toHaveLength(22);
  });
});

describe('a region', () => {
  it('opens by Enter on the map; its status form sends PATCH and shows a refusal beside the field', async () => {
    const api = regionsApi(board(STATUSES), (call) =>
      call.method === 'PATCH'
        ? {
            status: 400,
            body: {
              statusCode: 400,
              code: 'VALIDATION_FAILED',
              message: 'note: högst 2000 tecken',
              details: {
                errors: ['note: högst 2000 tecken'],
                fields: [{ field: 'note', message: 'note: högst 2000 tecken' }],
              },
            },
          }
        : null,
    );
    renderRoutes([{ path: '/regioner', element: <RegionsPage /> }], '/regioner', api);

    fireEvent.keyDown(await screen.findByRole('button', { name: 'Region Dalarna: Har tackat ja' }), {
      key: 'Enter',
    });
    const drawer = await screen.findByRole('dialog', { name: 'Region Dalarna' });
    await waitFor(() =>
      expect(
        api.calls.some(
          (c) =>
            c.path === '/api/contacts' &&
            c.query.get('regionId') === '20' &&
            c.query.get('organizationKind') === 'region',
        ),
      ).toBe(true),
    );
    expect(api.calls.some((c) => c.path === `/api/rounds/${ROUND}/regions/20/history`)).toBe(true);

    const statusInput = within(drawer)
      .getAllByLabelText('Ny status')
      .find((el) => el.tagName === 'INPUT' && el.getAttribute('type') !== 'hidden')!;
    fireEvent.click(statusInput);
    fireEvent.click(await screen.findByRole('option', { name: 'Möte planerat', hidden: true }));
    const note = within(drawer).getByLabelText(/Anteckning/);
    fireEvent.change(note, { target: { value: 'Bekräftat per telefon' } });
    fireEvent.click(within(drawer).getByRole('button', { name: 'Spara status' }));

    expect(await within(drawer).findByText('högst 2000 tecken')).toBeTruthy();
    expect(note.getAttribute('aria-invalid')).toBe('true');
    expect(note).toHaveProperty('value', 'Bekräftat per telefon');
    const patch = api.calls.find((c) => c.method === 'PATCH')!;
    expect(patch.path).toBe(`/api/rounds/${ROUND}/regions/20`);
    expect(patch.body).toEqual({ status: 'meeting_scheduled', note: 'Bekräftat per telefon' });
  });
});

describe('a host request', () => {
  it('is created for kulturchef by default, started, and its progress shown', async () => {
    const SEND = '33333333-3333-4333-8333-333333333333';
    let started = false;
    const send = {
      id: SEND,
      kind: 'host_request',
      kindLabel: 'Värdförfrågan',
      roundId: ROUND,
      meetingId: null,
      title: 'Värdförfrågan',
      templateId: SEND,
      reminderTemplateId: null,
      subject: null,
      fromName: 'Kansliet',
      fromAddress: 'kansli@exempel.se',
      replyTo: null,
      audience: { roles: ['kulturchef'] },
      remindAfterDays: 7,
      maxReminders: 1,
      remindAttendingDaysBefore: null,
      mailingId: null,
      startedAt: null,
      createdAt: '2026-02-01T10:00:00.000Z',
      updatedAt: '2026-02-01T10:00:00.000Z',
    };
    const progress = {
      status: 'sending',
      statusLabel: 'Skickas',
      first: {
        status: 'sending',
        total: 21,
        counts: {
          pending: 11,
          sending: 0,
          sent: 9,
          failed_temporary: 0,
          failed_permanent: 0,
          suppressed: 1,
          uncertain: 0,
          withdrawn: 0,
        },
      },
      reminders: [],
    };
    const api = regionsApi(board({}), (call) => {
      if (call.method === 'POST' && call.path === `/api/rounds/${ROUND}/host-requests`)
        return { status: 201, body: { ...send, status: 'draft', statusLabel: 'Utkast' } };
      if (call.method === 'POST' && call.path === `/api/outreach-sends/${SEND}/start`) {
        started = true;
        return { body: progress };
      }
      if (call.path === `/api/rounds/${ROUND}/host-requests`)
        return {
          body: {
            items: started ? [{ ...send, status: 'sending', statusLabel: 'Skickas' }] : [],
          },
        };
      if (call.path === `/api/outreach-sends/${SEND}/progress`) return { body: progress };
      return null;
    });
    renderRoutes([{ path: '/regioner', element: <RegionsPage /> }], '/regioner', api);
    fireEvent.click(await screen.findByRole('button', { name: 'Skicka värdförfrågan' }));
    const dialog = await screen.findByRole('dialog', { name: 'Skicka värdförfrågan' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Skicka nu' }));

    expect(await screen.findByText('10 av 21 behandlade')).toBeTruthy();
    const create = api.calls.find((c) => c.method === 'POST' && c.path.endsWith('/host-requests'))!;
    expect(create.body).toMatchObject({
      audience: { roles: ['kulturchef'] },
      remindAfterDays: 7,
      maxReminders: 1,
    });
    expect(api.calls.some((c) => c.path === `/api/outreach-sends/${SEND}/start`)).toBe(true);
  });
});
