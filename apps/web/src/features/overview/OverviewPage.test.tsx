import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderRoutes } from '../../test/render';
import { OverviewPage } from './OverviewPage';

const ROUND = '11111111-1111-4111-8111-111111111111';
const region = (code: string, status: string) => ({ code, status });

describe('Översikt', () => {
  it("shows the newest round's regions by status and the replies nobody has handled", async () => {
    const fake = fakeApi(
      (call) => {
        if (call.path === '/api/campaigns') return { body: { items: [], nextCursor: null, total: 0 } };
        if (call.path === '/api/meetings') return { body: { items: [], nextCursor: null, total: 0 } };
        if (call.path === '/api/rounds')
          return {
            body: {
              items: [
                {
                  id: '00000000-0000-4000-8000-000000000001',
                  name: 'Förra',
                  createdAt: '2025-01-01T00:00:00Z',
                },
                { id: ROUND, name: 'Regional närvaro', createdAt: '2026-01-01T00:00:00Z' },
              ],
            },
          };
        if (call.path === `/api/rounds/${ROUND}/regions`)
          return {
            body: {
              items: [
                region('01', 'agreed'),
                region('03', 'agreed'),
                region('04', 'declined'),
                ...Array.from({ length: 18 }, (_, i) => region(String(10 + i), 'asked')),
              ],
            },
          };
        if (call.path === '/api/replies')
          return {
            body: {
              items: [
                {
                  id: '22222222-2222-4222-8222-222222222222',
                  subject: 'Re: Värdförfrågan',
                  contactName: 'Kim Kulturchef',
                  fromName: null,
                  fromAddress: 'kim@region.se',
                  receivedAt: '2026-12-03T09:00:00Z',
                },
              ],
              nextCursor: null,
              total: 1,
            },
          };
        return { status: 404, body: { statusCode: 404, code: 'NOT_FOUND', message: 'Finns inte' } };
      },
      { as: 'viewer' },
    );
    renderRoutes([{ path: '/', element: <OverviewPage /> }], '/', fake);

    const board = await screen.findByRole('region', { name: 'Regionerna i Regional närvaro' });
    await within(board).findByText(/2 Har tackat ja/);
    expect(within(board).getByText(/18 Tillfrågad/)).toBeTruthy();
    expect(within(board).getByText(/1 Har tackat nej/)).toBeTruthy();
    expect(
      within(board).getByRole('link', { name: 'Visa hela kartan och tavlan' }).getAttribute('href'),
    ).toBe(`/regioner?omgang=${ROUND}`);

    const replies = await screen.findByRole('region', { name: 'Senaste svar' });
    const link = await within(replies).findByRole('link', { name: 'Re: Värdförfrågan' });
    expect(link.getAttribute('href')).toBe('/svar/22222222-2222-4222-8222-222222222222');
    expect(within(replies).getByText(/från Kim Kulturchef, 2026-12-03 kl\. 10\.00/)).toBeTruthy();
    const asked = fake.calls.find((c) => c.path === '/api/replies');
    expect(Object.fromEntries(asked!.query)).toMatchObject({ kind: 'reply', handled: 'false' });
  });
});
