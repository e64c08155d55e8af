import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Schemas } from '../../api/client';
import { fakeApi, renderRoutes, type FakeCall, type StaffRole } from '../../test/render';
import { SESSION_KEY } from '../auth/session';
import { ReportsPage } from './ReportsPage';

type RoundReport = Schemas['RoundReportDto'];

const ROUND = '11111111-1111-4111-8111-111111111111';
const MEETING = '22222222-2222-4222-8222-222222222222';
const CAMPAIGN = '33333333-3333-4333-8333-333333333333';

const numbers = {
  invited: 40,
  yes: 18,
  no: 9,
  maybe: 3,
  waitlisted: 0,
  cancelled: 1,
  noAnswer: 9,
  attended: 16,
  noShow: 2,
  walkIns: 1,
};
const summary = {
  id: MEETING,
  roundId: ROUND,
  title: 'Dialogmöte i Falun',
  status: 'held' as const,
  startsAt: '2027-03-14T17:00:00.000Z',
  endsAt: '2027-03-14T19:00:00.000Z',
  venue: 'Kulturhuset',
  city: 'Falun',
  regionId: 20,
  regionName: 'Region Dalarna',
};

const REPORT: RoundReport = {
  round: { id: ROUND, name: 'Regional närvaro 2026–2027', description: null, responseDeadline: '2027-01-31' },
  regions: {
    total: 21,
    asked: 21,
    interested: 2,
    agreed: 5,
    declined: 4,
    noAnswer: 10,
    notAsked: 0,
    rows: [
      {
        regionId: 20,
        regionName: 'Region Dalarna',
        status: 'meeting_held',
        outcome: 'agreed',
        hostAnswer: 'yes',
        lastActivityAt: '2027-03-14T19:00:00.000Z',
        meetings: 1,
        attended: 16,
      },
    ],
  },
  meetingsHeld: 1,
  meetingsPlanned: 3,
  meetingsCancelled: 0,
  distinctParticipants: 16,
  attendances: 16,
  memberOrganizations: {
    total: 22,
    present: 13,
    presentNames: ['Teaterföreningen Scen'],
    missingNames: ['Musikföreningen'],
  },
  partnerOrganizationsPresent: [],
  meetings: [{ meeting: summary, numbers }],
};

const MEETING_REPORT: Schemas['MeetingReportDto'] = {
  meeting: summary,
  numbers,
  byOrganization: [
    { id: 'o1', name: 'Teaterföreningen Scen', kind: 'member', invited: 4, yes: 3, attended: 3 },
  ],
  byRegion: [],
  needs: [],
  diets: [],
  sections: [
    {
      key: 'evaluation',
      title: 'Utvärdering',
      tables: [
        {
          title: '1. Hur nöjd är du?',
          headers: ['Betyg', 'Antal'],
          rows: [
            ['5', 3],
            ['Medelvärde', '4,50'],
          ],
        },
      ],
    },
  ],
};

const page = (items: unknown[]) => ({
  body: { items, nextCursor: null, total: items.length, totalIsEstimate: false },
});

function render(
  role: StaffRole,
  path: string,
  extra: (call: FakeCall) => { status?: number; body?: unknown } | null = () => null,
) {
  const api = fakeApi(
    (call) => {
      const answer = extra(call);
      if (answer) return answer;
      switch (call.path) {
        case '/api/rounds':
          return page([{ id: ROUND, name: REPORT.round.name, createdAt: '2026-09-01T08:00:00.000Z' }]);
        case `/api/rounds/${ROUND}/report`:
          return { body: REPORT };
        case `/api/meetings/${MEETING}/report`:
          return { body: MEETING_REPORT };
        case '/api/campaigns':
          return page([
            { id: CAMPAIGN, name: 'Nyhetsbrev mars', createdAt: '2026-03-01T08:00:00.000Z', startedAt: null },
          ]);
        case `/api/campaigns/${CAMPAIGN}`:
          return {
            body: {
              id: CAMPAIGN,
              name: 'Nyhetsbrev mars',
              status: 'sent',
              startedAt: '2026-03-02T08:00:00.000Z',
              finishedAt: '2026-03-02T08:20:00.000Z',
              progress: {
                status: 'sent',
                total: 1200,
                counts: {
                  pending: 0,
                  sending: 0,
                  sent: 1180,
                  failed_temporary: 0,
                  failed_permanent: 12,
                  suppressed: 5,
                  uncertain: 3,
                  withdrawn: 0,
                },
              },
            },
          };
        default:
          return { status: 404, body: { statusCode: 404, code: 'NOT_FOUND', message: 'Finns inte' } };
      }
    },
    { as: role },
  );
  const utils = renderRoutes([{ path: '/rapporter', element: <ReportsPage /> }], path, api);
  return { api, ...utils };
}

describe('Rapporter: a round', () => {
  it('shows how the regions answered, the meetings and the member organisations (13 av 22)', async () => {
    render('editor', '/rapporter');
    expect(
      await screen.findByText('13 av 22 medlemsorganisationer hade någon på minst ett möte.'),
    ).toBeTruthy();
    expect(screen.getByText('5 av 21')).toBeTruthy();
    const meetings = screen.getByRole('table', { name: 'Möten' });
    const row = within(meetings).getByRole('row', { name: /Dialogmöte i Falun/ });
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual([
      'Dialogmöte i Falun',
      '2027-03-14 kl. 18.00',
      'Region Dalarna',
      '40',
      '18',
      '9',
      '16',
      'Visa rapport',
    ]);
    expect(screen.getByText('Musikföreningen')).toBeTruthy();
  });

  it('opens a meeting’s own report with its files, kept in the address', async () => {
    const { router } = render('editor', '/rapporter');
    fireEvent.click(await screen.findByRole('button', { name: 'Visa rapport för Dialogmöte i Falun' }));
    const section = await screen.findByRole('region', { name: /Mötets rapport|Rapport: Dialogmöte i Falun/ });
    expect(await within(section).findByRole('table', { name: 'Per organisation' })).toBeTruthy();
    expect(within(section).getByRole('button', { name: 'Rapporten som Excel' })).toBeTruthy();
    // The evaluation survey's results, as the meeting report carries them.
    const evaluation = within(section).getByRole('table', { name: '1. Hur nöjd är du?' });
    expect(within(evaluation).getByText('4,50')).toBeTruthy();
    expect(router.state.location.search).toContain(`mote=${MEETING}`);
  });

  it('downloads the round’s Excel file; a refusal is shown in Swedish and no file is saved', async () => {
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() });
    const { api } = render('editor', '/rapporter', (call) =>
      call.path === `/api/rounds/${ROUND}/report/export`
        ? {
            status: 503,
            body: {
              statusCode: 503,
              code: 'SERVICE_UNAVAILABLE',
              message: 'Databasen svarar inte just nu. Försök igen.',
            },
          }
        : null,
    );
    const files = await screen.findByRole('region', { name: 'Ladda ner omgångens rapport' });
    // The buttons come with the session (an editor's).
    fireEvent.click(await within(files).findByRole('button', { name: /som Excel/ }));
    expect(await within(files).findByRole('alert')).toHaveProperty(
      'textContent',
      'Databasen svarar inte just nu. Försök igen.',
    );
    const call = api.calls.find((c) => c.path === `/api/rounds/${ROUND}/report/export`)!;
    expect(call.query.get('format')).toBe('xlsx');
    expect(click).not.toHaveBeenCalled();
    expect(URL.createObjectURL).not.toHaveBeenCalled();
  });

  it('tells a viewer that files are for editors instead of offering buttons that would be refused', async () => {
    const { queryClient } = render('viewer', '/rapporter');
    await waitFor(() => expect(queryClient.getQueryData(SESSION_KEY)).toMatchObject({ role: 'viewer' }));
    const files = await screen.findByRole('region', { name: 'Ladda ner omgångens rapport' });
    expect(within(files).getByText('Filerna kan laddas ner av redaktörer och administratörer.')).toBeTruthy();
    expect(within(files).queryByRole('button')).toBeNull();
  });
});

describe('Rapporter: a campaign', () => {
  it('shows what happened to the messages, with the recipients as a file', async () => {
    render('editor', '/rapporter?flik=kampanjer');
    const table = await screen.findByRole('table', { name: 'Mottagarna efter status' });
    const count = (label: string) =>
      within(table).getByRole('row', { name: new RegExp(`^${label}`) }).lastElementChild?.textContent;
    // Swedish thousands: a no-break space.
    expect(count('Skickade')).toBe('1\u00a0180');
    expect(count('Misslyckade')).toBe('12');
    expect(count('Osäkra')).toBe('3');
    // (getByText reads every kind of space as one.)
    expect(screen.getByText('1 180 av 1 200')).toBeTruthy();
    expect(await screen.findByRole('button', { name: 'Mottagarregistret som CSV' })).toBeTruthy();
  });
});
