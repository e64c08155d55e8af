import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderRoutes } from '../../test/render';
import { RepliesPage } from './RepliesPage';
import { ReplyPage } from './ReplyPage';

const ID = '44444444-4444-4444-8444-444444444444';
const CONTACT = '55555555-5555-4555-8555-555555555555';
const summary = (overrides: Record<string, unknown> = {}) => ({
  id: ID,
  kind: 'reply',
  origin: 'imap',
  receivedAt: '2026-12-03T09:00:00.000Z',
  fromAddress: 'anna@exempel.se',
  fromName: 'Anna Öberg',
  subject: 'Re: Inbjudan',
  reason: null,
  bounceStatus: null,
  matchedBy: 'verp',
  contactId: CONTACT,
  contactName: 'Anna Öberg',
  mailingId: '66666666-6666-4666-8666-666666666666',
  mailingTitle: 'Inbjudan Dalarna',
  purpose: 'invitation',
  campaignId: null,
  meetingId: '77777777-7777-4777-8777-777777777777',
  handled: false,
  handledAt: null,
  convertedTo: null,
  hasHtml: true,
  attachments: [{ filename: 'program.pdf', contentType: 'application/pdf', size: 1200 }],
  ...overrides,
});
const detail = (overrides: Record<string, unknown> = {}) => ({
  ...summary(overrides),
  messageId: 'r1@exempel.se',
  sentAt: null,
  text: 'Ja, jag kommer gärna.',
  failedRecipient: null,
  recipientId: '1',
  scopeType: 'invitation',
  scopeId: '88888888-8888-4888-8888-888888888888',
  handledBy: null,
});

const ROUTES = [
  { path: '/svar', element: <RepliesPage /> },
  { path: '/svar/:id', element: <ReplyPage /> },
];

describe('Svar (the replies inbox)', () => {
  it('lists the messages and filters them by kind and handled, in the address', async () => {
    const fake = fakeApi(() => ({
      body: { items: [summary()], nextCursor: null, total: 1, totalIsEstimate: false },
    }));
    renderRoutes(ROUTES, '/svar?mote=77777777-7777-4777-8777-777777777777', fake);
    const table = await screen.findByRole('table', { name: 'Svar' });
    await within(table).findByText('Anna Öberg');
    expect(within(table).getByRole('link', { name: 'Re: Inbjudan' }).getAttribute('href')).toBe(
      `/svar/${ID}`,
    );
    expect(fake.calls[0].query.get('meetingId')).toBe('77777777-7777-4777-8777-777777777777');
    fireEvent.change(screen.getByLabelText('Slag'), { target: { value: 'unreadable' } });
    await waitFor(() => expect(fake.calls.at(-1)!.query.get('kind')).toBe('unreadable'));
    fireEvent.change(screen.getByLabelText('Hanterat'), { target: { value: 'nej' } });
    await waitFor(() => expect(fake.calls.at(-1)!.query.get('handled')).toBe('false'));
  });

  it('shows a reply with its text and sandboxed HTML; an editor marks it handled and turns it into an RSVP', async () => {
    let current = detail();
    const fake = fakeApi(
      (call) => {
        if (call.path === `/api/replies/${ID}` && call.method === 'PATCH') {
          current = detail({ handled: (call.body as { handled: boolean }).handled });
          return { body: current };
        }
        if (call.path === `/api/replies/${ID}/answer`) {
          current = detail({ handled: true, convertedTo: 'rsvp' });
          return { body: { replyId: ID, convertedTo: 'rsvp', answer: 'yes' } };
        }
        if (call.path === `/api/replies/${ID}`) return { body: current };
        return { status: 404, body: {} };
      },
      { as: 'editor' },
    );
    renderRoutes(ROUTES, `/svar/${ID}`, fake);
    expect(await screen.findByRole('heading', { name: 'Re: Inbjudan', level: 1 })).toBeTruthy();
    expect(screen.getByText('Ja, jag kommer gärna.')).toBeTruthy();
    expect(screen.getByText('program.pdf (1200 B)')).toBeTruthy();
    const frame = screen.getByTitle('Meddelandet ”Re: Inbjudan” som det skickades');
    expect(frame.getAttribute('src')).toBe(`/api/replies/${ID}/html`);
    expect(frame.getAttribute('sandbox')).toBe('');

    fireEvent.click(await screen.findByRole('button', { name: 'Markera som hanterat' }));
    expect(await screen.findByRole('button', { name: 'Markera som ohanterat' })).toBeTruthy();
    expect(fake.calls.find((c) => c.method === 'PATCH')!.body).toEqual({ handled: true });

    const answers = screen.getByRole('group', { name: 'Gör om till svar' });
    fireEvent.click(within(answers).getByRole('button', { name: 'Ja' }));
    expect(await screen.findByText('OSA')).toBeTruthy();
    expect(fake.calls.find((c) => c.path.endsWith('/answer'))!.body).toEqual({ answer: 'yes' });
    expect(screen.queryByRole('group', { name: 'Gör om till svar' })).toBeNull();
  });

  it('a viewer reads but gets no buttons', async () => {
    renderRoutes(
      ROUTES,
      `/svar/${ID}`,
      fakeApi(() => ({ body: detail() }), { as: 'viewer' }),
    );
    expect(await screen.findByText('Ja, jag kommer gärna.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Markera som hanterat' })).toBeNull();
  });
});
