import { screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import type { Schemas } from '../../api/client';
import { fakeApi, renderRoutes, type FakeCall, type StaffRole } from '../../test/render';
import { SESSION_KEY } from './session';
import { ContactPage } from '../contacts/ContactPage';
import { ContactsPage } from '../contacts/ContactsPage';
import { ListsPage } from '../lists/ListsPage';
import { MeetingPage } from '../meetings/MeetingPage';
import { MeetingsPage } from '../meetings/MeetingsPage';
import { OrganizationsPage } from '../organizations/OrganizationsPage';

/**
 * A viewer may read every page but change nothing (the API answers 403): the pages do not offer the buttons that
 * would fail. An editor gets them. Each page is rendered as both, against the same fake API.
 */

const CONTACT = '00000000-0000-4000-8000-000000000001';
const ORG = '00000000-0000-4000-8000-0000000000aa';
const MEETING = '22222222-2222-4222-8222-222222222222';
const empty = { items: [], nextCursor: null, total: 0, totalIsEstimate: false };

const contact: Schemas['ContactResponseDto'] = {
  id: CONTACT,
  firstName: 'Anna',
  lastName: 'Öberg',
  email: 'anna@exempel.se',
  phone: null,
  phoneDisplay: null,
  organizationId: null,
  organization: null,
  regionId: null,
  region: null,
  roles: [],
  elected: false,
  title: null,
  language: 'sv',
  tags: ['styrelse'],
  customFields: {},
  notes: null,
  legalBasis: null,
  source: null,
  createdAt: '2026-01-10T09:00:00.000Z',
  updatedAt: '2026-03-14T17:30:00.000Z',
  suppression: null,
};

const organization: Schemas['OrganizationResponseDto'] = {
  id: ORG,
  kind: 'member',
  name: 'Teaterföreningen Scen',
  shortName: null,
  regionId: null,
  region: null,
  website: null,
  notes: null,
  contactCount: 3,
  createdAt: '2026-01-10T09:00:00.000Z',
  updatedAt: '2026-01-10T09:00:00.000Z',
};

const meeting: Schemas['MeetingViewDto'] = {
  id: MEETING,
  roundId: '11111111-1111-4111-8111-111111111111',
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
  capacity: null,
  placesLeft: null,
  rsvpDeadline: null,
  rsvpDeadlineText: null,
  description: null,
  agenda: null,
  status: 'invited',
  statusLabel: 'Inbjudan skickad',
  calendarSequence: 0,
  representatives: [
    {
      contactId: CONTACT,
      firstName: 'Anna',
      lastName: 'Öberg',
      email: 'anna@exempel.se',
      organizationName: null,
      part: 'elected',
      partLabel: 'Förtroendevald',
    },
  ],
  representativesMissing: ['civil_servant'],
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
};

function handler(call: FakeCall) {
  const page = (items: unknown[]) => ({ body: { ...empty, items, total: items.length } });
  switch (call.path) {
    case '/api/regions':
      return { body: { items: [] } };
    case '/api/contacts':
      return page([contact]);
    case `/api/contacts/${CONTACT}`:
      return { body: contact };
    case `/api/contacts/${CONTACT}/timeline`:
      return page([]);
    case '/api/lists':
    case '/api/segments':
    case '/api/rounds':
    case `/api/meetings/${MEETING}/invitations`:
      return page([]);
    case '/api/organizations':
      return page([organization]);
    case '/api/meetings':
      return page([meeting]);
    case `/api/meetings/${MEETING}`:
      return { body: meeting };
    default:
      return { status: 404, body: { statusCode: 404, code: 'NOT_FOUND', message: 'Finns inte' } };
  }
}

/**
 * Renders the page as a staff member of `role` and waits until both its data (`text`) and the session are there:
 * only then does the absence of a button say anything.
 */
async function show(role: StaffRole, path: string, pattern: string, element: ReactNode, text: string) {
  const api = fakeApi(handler, { as: role });
  const { queryClient } = renderRoutes([{ path: pattern, element }], path, api);
  await waitFor(() => expect(queryClient.getQueryData(SESSION_KEY)).toMatchObject({ role }));
  await screen.findAllByText(text);
}

describe.each([
  ['viewer', false],
  ['editor', true],
  ['admin', true],
] as const)('as %s', (role, can) => {
  const present = (element: HTMLElement | null) =>
    can ? expect(element).not.toBeNull() : expect(element).toBeNull();

  it(`Kontakter ${can ? 'offers' : 'does not offer'} import, export and the selection for lists and tags`, async () => {
    await show(role, '/kontakter', '/kontakter', <ContactsPage />, 'Anna Öberg');
    present(screen.queryByRole('link', { name: 'Importera kontakter' }));
    present(screen.queryByRole('button', { name: 'Exportera' }));
    present(screen.queryByRole('checkbox', { name: 'Välj Anna Öberg' }));
  });

  it(`a contact ${can ? 'offers' : 'does not offer'} editing, lists and the GDPR export and erasure`, async () => {
    await show(role, `/kontakter/${CONTACT}`, '/kontakter/:id', <ContactPage />, 'anna@exempel.se');
    expect(screen.getByRole('heading', { name: 'Anna Öberg' })).toBeTruthy();
    present(screen.queryByRole('button', { name: 'Ändra uppgifter' }));
    present(screen.queryByRole('button', { name: 'Lägg till i lista' }));
    present(screen.queryByRole('button', { name: 'Ladda ner alla uppgifter (JSON)' }));
    present(screen.queryByRole('button', { name: 'Radera personen' }));
  });

  it(`Organisationer ${can ? 'offers' : 'does not offer'} changing an organisation`, async () => {
    await show(role, '/organisationer', '/organisationer', <OrganizationsPage />, 'Teaterföreningen Scen');
    present(screen.queryByRole('button', { name: 'Ändra: Teaterföreningen Scen' }));
  });

  it(`Listor ${can ? 'offers' : 'does not offer'} a new list`, async () => {
    await show(role, '/listor', '/listor', <ListsPage />, 'Inga listor ännu.');
    present(screen.queryByRole('button', { name: 'Skapa listan' }));
  });

  it(`Möten ${can ? 'offers' : 'does not offer'} a new meeting`, async () => {
    await show(role, '/moten', '/moten', <MeetingsPage />, 'Dialogmöte i Falun');
    present(screen.queryByRole('button', { name: 'Nytt möte' }));
  });

  it(`a meeting ${can ? 'offers' : 'does not offer'} editing, cancelling, representatives and invitations`, async () => {
    await show(role, `/moten/${MEETING}`, '/moten/:id', <MeetingPage />, 'Dialogmöte i Falun');
    present(screen.queryByRole('button', { name: 'Ändra eller flytta' }));
    present(screen.queryByRole('button', { name: 'Ställ in mötet' }));
    present(screen.queryByRole('button', { name: 'Ta bort Anna Öberg' }));
    const reps = screen.getByRole('region', { name: 'Regionens representanter' });
    present(within(reps).queryByRole('button', { name: 'Lägg till' }));
    present(screen.queryByRole('button', { name: 'Ny inbjudan' }));
  });
});
