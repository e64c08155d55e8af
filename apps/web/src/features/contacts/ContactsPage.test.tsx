import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Schemas } from '../../api/client';
import { fakeApi, renderRoutes, type FakeCall } from '../../test/render';
import { ContactPage } from './ContactPage';
import { ContactsPage } from './ContactsPage';

type Contact = Schemas['ContactResponseDto'];

function contact(n: number, extra: Partial<Contact> = {}): Contact {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    firstName: 'Person',
    lastName: `Nummer ${n}`,
    email: `person${n}@exempel.se`,
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
    tags: [],
    customFields: {},
    notes: null,
    legalBasis: null,
    source: null,
    createdAt: '2026-01-10T09:00:00.000Z',
    updatedAt: '2026-03-14T17:30:00.000Z',
    suppression: null,
    ...extra,
  };
}

/** 100 000 contacts, as the API pages them: 50 a page, the cursor a position, the total an estimate. */
function contactsApi(call: FakeCall) {
  if (call.path === '/api/regions') return { body: { items: [] } };
  if (call.path === '/api/lists')
    return { body: { items: [], nextCursor: null, total: 0, totalIsEstimate: false } };
  if (call.path === '/api/contacts') {
    const start = Number(call.query.get('cursor') ?? '0');
    const limit = Number(call.query.get('limit'));
    return {
      body: {
        items: Array.from({ length: limit }, (_, i) => contact(start + i + 1)),
        nextCursor: String(start + limit),
        total: 100_000,
        totalIsEstimate: true,
      },
    };
  }
  return { status: 404, body: { statusCode: 404, code: 'NOT_FOUND', message: 'Finns inte' } };
}

describe('Kontakter', () => {
  it('shows the first page, the estimated total the Swedish way, and pages by cursor both ways', async () => {
    const api = fakeApi(contactsApi, { as: 'editor' });
    renderRoutes([{ path: '/kontakter', element: <ContactsPage /> }], '/kontakter', api);

    expect(await screen.findByText('Person Nummer 1')).toBeTruthy();
    expect(screen.getByText('Person Nummer 50')).toBeTruthy();
    expect(screen.getByText(/ca 100\s000 träffar/)).toBeTruthy();
    expect(screen.getAllByText('2026-03-14').length).toBe(50);
    const first = api.calls.find((c) => c.path === '/api/contacts')!;
    expect(first.query.get('cursor')).toBeNull();
    expect(first.query.get('limit')).toBe('50');
    expect(first.query.get('sort')).toBe('name');

    fireEvent.click(screen.getByRole('button', { name: 'Nästa sida' }));
    expect(await screen.findByText('Person Nummer 51')).toBeTruthy();
    expect(screen.getByText('Sida 2')).toBeTruthy();
    expect(
      api.calls
        .filter((c) => c.path === '/api/contacts')
        .at(-1)!
        .query.get('cursor'),
    ).toBe('50');

    fireEvent.click(screen.getByRole('button', { name: 'Föregående sida' }));
    expect(await screen.findByText('Person Nummer 1')).toBeTruthy();
    expect(screen.getByText('Sida 1')).toBeTruthy();
  });

  it('sends the search to the API and starts again at page one', async () => {
    const api = fakeApi(contactsApi, { as: 'editor' });
    renderRoutes([{ path: '/kontakter', element: <ContactsPage /> }], '/kontakter', api);
    await screen.findByText('Person Nummer 1');
    fireEvent.click(screen.getByRole('button', { name: 'Nästa sida' }));
    await screen.findByText('Person Nummer 51');

    fireEvent.change(screen.getByLabelText('Sök'), { target: { value: 'öberg' } });
    await waitFor(() =>
      expect(api.calls.some((c) => c.path === '/api/contacts' && c.query.get('q') === 'öberg')).toBe(true),
    );
    const searched = api.calls.filter((c) => c.query.get('q') === 'öberg').at(-1)!;
    expect(searched.query.get('cursor')).toBeNull();
  });

  it('adds the chosen rows to a list in one request', async () => {
    const api = fakeApi(
      (call) => {
        if (call.path === '/api/lists')
          return {
            body: {
              items: [
                {
                  id: 'l1',
                  name: 'Kulturchefer 2026',
                  description: null,
                  memberCount: 3,
                  createdAt: '',
                  updatedAt: '',
                },
              ],
              nextCursor: null,
              total: 1,
              totalIsEstimate: false,
            },
          };
        if (call.path === '/api/lists/l1/members') return { body: { added: 2, memberCount: 5 } };
        return contactsApi(call);
      },
      { as: 'editor' },
    );
    renderRoutes([{ path: '/kontakter', element: <ContactsPage /> }], '/kontakter', api);
    await screen.findByText('Person Nummer 1');
    fireEvent.click(screen.getByLabelText('Välj Person Nummer 1'));
    fireEvent.click(screen.getByLabelText('Välj Person Nummer 2'));
    expect(screen.getByText('2 valda')).toBeTruthy();

    const listInput = screen
      .getAllByLabelText('Lista')
      .find((el) => el.tagName === 'INPUT' && el.getAttribute('type') !== 'hidden')!;
    fireEvent.click(listInput);
    fireEvent.click(await screen.findByRole('option', { name: 'Kulturchefer 2026', hidden: true }));
    fireEvent.click(screen.getByRole('button', { name: 'Lägg till i lista' }));

    await waitFor(() => expect(api.calls.some((c) => c.path === '/api/lists/l1/members')).toBe(true));
    const add = api.calls.find((c) => c.path === '/api/lists/l1/members')!;
    expect(add.method).toBe('POST');
    expect(add.body).toEqual({ contactIds: [contact(1).id, contact(2).id] });
  });
});

describe('a contact', () => {
  it('shows a refused edit beside the field, in Swedish, and keeps what was typed', async () => {
    const anna = contact(7, { firstName: 'Anna', lastName: 'Öberg' });
    const api = fakeApi(
      (call) => {
        if (call.method === 'PATCH')
          return {
            status: 400,
            body: {
              statusCode: 400,
              code: 'VALIDATION_FAILED',
              message: 'email: måste vara en e-postadress',
              details: {
                errors: ['email: måste vara en e-postadress'],
                fields: [{ field: 'email', message: 'email: måste vara en e-postadress' }],
              },
            },
          };
        if (call.path === `/api/contacts/${anna.id}`) return { body: anna };
        if (call.path.endsWith('/timeline'))
          return { body: { items: [], nextCursor: null, total: 0, totalIsEstimate: false } };
        return contactsApi(call);
      },
      { as: 'editor' },
    );
    renderRoutes([{ path: '/kontakter/:id', element: <ContactPage /> }], `/kontakter/${anna.id}`, api);
    fireEvent.click(await screen.findByRole('button', { name: 'Ändra uppgifter' }));
    const email = screen.getByLabelText('E-postadress');
    fireEvent.change(email, { target: { value: 'inte-en-adress' } });
    fireEvent.change(screen.getByLabelText('Titel'), { target: { value: 'Kulturchef' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spara' }));

    await screen.findByText('måste vara en e-postadress');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(email).toHaveProperty('value', 'inte-en-adress');
    expect(screen.getByLabelText('Titel')).toHaveProperty('value', 'Kulturchef');
    const patch = api.calls.find((c) => c.method === 'PATCH')!;
    expect(patch.body).toEqual({ email: 'inte-en-adress', title: 'Kulturchef' });
  });

  it('erases only after the person is named', async () => {
    const anna = contact(8, { firstName: 'Anna', lastName: 'Öberg' });
    const api = fakeApi(
      (call) => {
        if (call.method === 'DELETE') return { body: { deleted: true, erased: true, suppressed: true } };
        if (call.path === `/api/contacts/${anna.id}`) return { body: anna };
        if (call.path.endsWith('/timeline'))
          return { body: { items: [], nextCursor: null, total: 0, totalIsEstimate: false } };
        return contactsApi(call);
      },
      { as: 'editor' },
    );
    const { router } = renderRoutes(
      [
        { path: '/kontakter/:id', element: <ContactPage /> },
        { path: '/kontakter', element: <div>Listan</div> },
      ],
      `/kontakter/${anna.id}`,
      api,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Radera personen' }));
    const dialog = await screen.findByRole('dialog');
    const confirm = within(dialog).getByRole('button', { name: 'Radera för gott' });
    expect(confirm).toHaveProperty('disabled', true);
    fireEvent.change(within(dialog).getByLabelText(/Skriv namnet/), { target: { value: 'Anna Öberg' } });
    expect(confirm).toHaveProperty('disabled', false);
    fireEvent.click(confirm);

    await waitFor(() => expect(router.state.location.pathname).toBe('/kontakter'));
    const erase = api.calls.find((c) => c.method === 'DELETE')!;
    expect(erase.path).toBe(`/api/contacts/${anna.id}`);
    expect(erase.query.get('erase')).toBe('true');
  });
});
