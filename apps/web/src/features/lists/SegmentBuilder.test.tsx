import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderRoutes } from '../../test/render';
import { SegmentPage } from './SegmentBuilder';

const EDITOR = { id: 'u1', email: 'red@exempel.se', name: 'Redaktör', role: 'editor' };
const empty = { items: [], nextCursor: null, total: 0, totalIsEstimate: false };

describe('the segment builder', () => {
  it('counts again as a filter changes, and keeps what was typed when the name is refused', async () => {
    const api = fakeApi((call) => {
      if (call.path === '/api/auth/me') return { body: { user: EDITOR } };
      if (call.path === '/api/regions') return { body: { items: [] } };
      if (call.path === '/api/lists') return { body: empty };
      if (call.path === '/api/segments/preview') {
        const filter = (call.body as { filter: Record<string, unknown> }).filter;
        const total = filter.organizationKind === 'partner' ? 3 : 120;
        return { body: { ...empty, total, count: total } };
      }
      if (call.path === '/api/segments' && call.method === 'POST')
        return {
          status: 409,
          body: {
            statusCode: 409,
            code: 'CONFLICT',
            message: 'Det finns redan ett segment med namnet "Partner"',
            details: { field: 'name' },
          },
        };
      return { status: 404, body: { statusCode: 404, code: 'NOT_FOUND', message: 'Finns inte' } };
    });
    renderRoutes([{ path: '/listor/segment/:id', element: <SegmentPage /> }], '/listor/segment/ny', api);
    expect(await screen.findByText('120 kontakter')).toBeTruthy();

    const kind = screen
      .getAllByLabelText('Organisationstyp')
      .find((el) => el.tagName === 'INPUT' && el.getAttribute('type') !== 'hidden')!;
    fireEvent.click(kind);
    const listbox = await waitFor(() => document.getElementById(kind.getAttribute('aria-controls')!)!);
    fireEvent.click(within(listbox).getByRole('option', { name: 'Samarbetspartner', hidden: true }));
    expect(await screen.findByText('3 kontakter', {}, { timeout: 3000 })).toBeTruthy();
    const last = api.calls.filter((c) => c.path === '/api/segments/preview').at(-1)!;
    expect(last.body).toEqual({ filter: { organizationKind: 'partner' }, limit: 5 });

    fireEvent.change(screen.getByLabelText(/^Namn/), { target: { value: 'Partner' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spara segmentet' }));
    expect(await screen.findByText('Det finns redan ett segment med namnet "Partner"')).toBeTruthy();
    expect(screen.getByLabelText(/^Namn/)).toHaveProperty('value', 'Partner');
    const saved = api.calls.find((c) => c.path === '/api/segments' && c.method === 'POST')!;
    expect(saved.body).toEqual({
      name: 'Partner',
      description: null,
      filter: { organizationKind: 'partner' },
    });
  });
});
