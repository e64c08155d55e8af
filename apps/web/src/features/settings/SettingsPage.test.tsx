import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Schemas } from '../../api/client';
import openapi from '../../api/openapi.json';
import { fakeApi, renderRoutes, STAFF, type FakeCall, type StaffRole } from '../../test/render';
import { SESSION_KEY } from '../auth/session';
import { SettingsPage } from './SettingsPage';
import { MIN_PASSWORD_LENGTH } from './UsersTab';

type User = Schemas['UserResponseDto'];
type Status = Schemas['SystemStatusDto'];
type Entry = Schemas['AuditEntryDto'];

const user = (who: (typeof STAFF)[StaffRole], extra: Partial<User> = {}): User => ({
  id: who.id,
  email: who.email,
  name: who.name,
  role: who.role,
  active: true,
  createdAt: '2026-01-10T09:00:00.000Z',
  updatedAt: '2026-01-10T09:00:00.000Z',
  ...extra,
});
const USERS = [user(STAFF.admin), user(STAFF.editor), user(STAFF.viewer)];

const STATUS: Status = {
  version: '0.1.0',
  processRole: 'all',
  checkedAt: '2026-03-14T17:00:05.000Z',
  mail: {
    transport: 'outbox',
    smtp: null,
    sender: {
      name: 'Kansliet',
      address: 'utskick@exempel.se',
      nameConfigured: false,
      addressConfigured: false,
    },
    dkim: null,
  },
  database: { reachable: true, message: null },
  redis: { reachable: true, message: null },
  queues: [
    { name: 'sending', waiting: 12, active: 0, delayed: 0, failed: 1, completed: 5, workers: 0 },
    { name: 'imports', waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0, workers: 2 },
  ],
  workerHeartbeats: { recorded: false, message: 'Arbetarnas hjärtslag registreras inte ännu.' },
  inbound: {
    imap: {
      enabled: true,
      intervalSeconds: 60,
      mailboxes: [
        {
          mailbox: 'svar@exempel.se@imap.exempel.se/INBOX',
          lastPollAt: '2026-03-14T17:00:00.000Z',
          lastSuccessAt: '2026-03-14T16:59:00.000Z',
          lastError: 'inloggningen nekades (fel användare eller lösenord)',
          lastErrorAt: '2026-03-14T17:00:00.000Z',
          messagesTaken: 41,
          messagesTruncated: 1,
        },
      ],
    },
    smtp: { enabled: true, replyDomain: 'svar.exempel.se', port: 2525 },
  },
};

const ENTRY: Entry = {
  id: '42',
  // 23.30 UTC on 14 March is half past midnight on the 15th in Stockholm.
  at: '2026-03-14T23:30:00.000Z',
  actorUserId: STAFF.admin.id,
  actorEmail: STAFF.admin.email,
  action: 'user.created',
  targetType: 'user',
  targetId: STAFF.viewer.id,
  details: { email: STAFF.viewer.email, role: 'viewer' },
  ip: '127.0.0.1',
};

const page = (items: unknown[]) => ({
  body: { items, nextCursor: null, total: items.length, totalIsEstimate: false },
});
const refuse = (status: number, message: string, details?: unknown) => ({
  status,
  body: { statusCode: status, code: status === 409 ? 'CONFLICT' : 'VALIDATION_FAILED', message, details },
});

function render(
  role: StaffRole,
  path: string,
  extra: (call: FakeCall) => { status?: number; body?: unknown } | null = () => null,
) {
  const api = fakeApi(
    (call) =>
      extra(call) ??
      (call.path === '/api/users'
        ? page(USERS)
        : call.path === '/api/system/status'
          ? { body: STATUS }
          : call.path === '/api/audit'
            ? page([ENTRY])
            : refuse(404, 'Finns inte')),
    { as: role },
  );
  const utils = renderRoutes([{ path: '/installningar', element: <SettingsPage /> }], path, api);
  return { api, ...utils };
}

async function sessionOf(queryClient: ReturnType<typeof render>['queryClient'], role: StaffRole) {
  await waitFor(() => expect(queryClient.getQueryData(SESSION_KEY)).toMatchObject({ role }));
}

describe('Inställningar as a viewer', () => {
  it('shows the status only: no users, no audit log, no queue dashboard', async () => {
    const { queryClient, api } = render('viewer', '/installningar?flik=anvandare');
    await sessionOf(queryClient, 'viewer');
    expect(await screen.findByText('Utkorg: skickas inte')).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Status' })).toBeTruthy();
    expect(screen.queryByRole('tab', { name: 'Användare' })).toBeNull();
    expect(screen.queryByRole('tab', { name: 'Granskningslogg' })).toBeNull();
    expect(screen.queryByRole('link', { name: /Öppna kö-översikten/ })).toBeNull();
    expect(api.calls.some((c) => c.path === '/api/users' || c.path === '/api/audit')).toBe(false);
  });
});

describe('Status', () => {
  it('says where mail goes, which queue has no worker, and links admins to the queue dashboard', async () => {
    const { queryClient } = render('admin', '/installningar?flik=status');
    await sessionOf(queryClient, 'admin');
    expect(await screen.findByText('Utkorg: skickas inte')).toBeTruthy();
    const queues = screen.getByRole('table', { name: 'Köer och arbetare' });
    const sending = within(queues).getByRole('row', { name: /Utskick/ });
    expect(within(sending).getByText('Ingen arbetare: jobben väntar')).toBeTruthy();
    expect(within(sending).getByText('12')).toBeTruthy();
    expect(within(queues).getByRole('row', { name: /Import/ }).textContent).toContain('2 arbetare');
    // 17.00.05 UTC is 18.00.05 in Stockholm in March.
    expect(screen.getByText(/Kontrollerad kl\. 18\.00\.05/)).toBeTruthy();
    const inbound = screen.getByRole('region', { name: 'Inkommande e-post' });
    expect(within(inbound).getByText(/Senaste hämtningen misslyckades/)).toBeTruthy();
    expect(within(inbound).getByText(/41 meddelanden mottagna/)).toBeTruthy();
    expect(within(inbound).getByText(/inloggningen nekades/)).toBeTruthy();
    expect(within(inbound).getByText(/1 för stort meddelande/)).toBeTruthy();
    expect(
      within(inbound).getByText('Tar emot svar till @svar.exempel.se över SMTP (port 2525)'),
    ).toBeTruthy();
    const link = screen.getByRole('link', { name: /Öppna kö-översikten/ });
    expect(link.getAttribute('href')).toBe('/api/admin/queues');
    expect(link.getAttribute('target')).toBe('_blank');
  });
});

describe('Användare', () => {
  it('keeps what was typed when the API refuses the password, and shows its Swedish reason beside it', async () => {
    const { api, queryClient } = render('admin', '/installningar', (call) =>
      call.path === '/api/users' && call.method === 'POST'
        ? refuse(400, 'password: Lösenordet är för lätt att gissa: det liknar ett vanligt ord', {
            field: 'password',
          })
        : null,
    );
    await sessionOf(queryClient, 'admin');
    await screen.findByText(STAFF.editor.email);
    fireEvent.click(screen.getByRole('button', { name: 'Ny användare' }));
    const dialog = await screen.findByRole('dialog', { name: 'Ny användare' });
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Namn/ }), { target: { value: 'Nils Ny' } });
    fireEvent.change(within(dialog).getByRole('textbox', { name: /E-postadress/ }), {
      target: { value: 'nils@exempel.se' },
    });
    const password = within(dialog).getByLabelText(/Första lösenord/);
    fireEvent.change(password, { target: { value: 'kort' } });
    expect(within(dialog).getByText(`Minst ${MIN_PASSWORD_LENGTH} tecken.`)).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Skapa användaren' })).toHaveProperty('disabled', true);
    fireEvent.change(password, { target: { value: 'sommarsommar' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Skapa användaren' }));

    expect(
      await within(dialog).findByText('Lösenordet är för lätt att gissa: det liknar ett vanligt ord'),
    ).toBeTruthy();
    // Beside the field: the message is what the password field is described by.
    const describedBy = (password.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
    expect(describedBy.map((id) => document.getElementById(id)?.textContent).join(' ')).toContain(
      'för lätt att gissa',
    );
    expect((within(dialog).getByRole('textbox', { name: /Namn/ }) as HTMLInputElement).value).toBe('Nils Ny');
    const sent = api.calls.find((c) => c.path === '/api/users' && c.method === 'POST')!;
    expect(sent.body).toEqual({
      name: 'Nils Ny',
      email: 'nils@exempel.se',
      role: 'viewer',
      password: 'sommarsommar',
    });
  });

  it('asks before an admin removes their own admin role, and shows the API’s refusal beside the role', async () => {
    const { api, queryClient } = render('admin', '/installningar', (call) =>
      call.method === 'PATCH'
        ? refuse(
            409,
            'Det måste finnas minst en aktiv administratör: skapa eller aktivera en annan administratör först',
          )
        : null,
    );
    await sessionOf(queryClient, 'admin');
    fireEvent.click(await screen.findByRole('button', { name: `Ändra roll för ${STAFF.admin.name}` }));
    const dialog = await screen.findByRole('dialog', { name: `Ändra roll för ${STAFF.admin.name}` });
    fireEvent.click(within(dialog).getByRole('combobox', { name: 'Roll' }));
    fireEvent.click(await screen.findByRole('option', { name: 'Redaktör', hidden: true }));
    expect(within(dialog).getByText('Du tar bort din egen administratörsroll')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Ta bort min administratörsroll' }));

    expect(await within(dialog).findByText(/Det måste finnas minst en aktiv administratör/)).toBeTruthy();
    const patch = api.calls.find((c) => c.method === 'PATCH')!;
    expect(patch.path).toBe(`/api/users/${STAFF.admin.id}`);
    expect(patch.body).toEqual({ role: 'editor' });
  });

  it('deactivates only after a confirmation naming the person, and never offers it for oneself', async () => {
    const { api, queryClient } = render('admin', '/installningar', (call) =>
      call.method === 'DELETE' ? { status: 200, body: user(STAFF.editor, { active: false }) } : null,
    );
    await sessionOf(queryClient, 'admin');
    const own = await screen.findByRole('button', { name: `Inaktivera ${STAFF.admin.name}` });
    expect(own.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(own);
    expect(screen.queryByRole('dialog')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: `Inaktivera ${STAFF.editor.name}` }));
    const dialog = await screen.findByRole('dialog', { name: `Inaktivera ${STAFF.editor.name}?` });
    expect(within(dialog).getByText(new RegExp(STAFF.editor.email))).toBeTruthy();
    expect(api.calls.some((c) => c.method === 'DELETE')).toBe(false);
    fireEvent.click(within(dialog).getByRole('button', { name: `Inaktivera ${STAFF.editor.name}` }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'DELETE')).toBe(true));
    expect(api.calls.find((c) => c.method === 'DELETE')!.path).toBe(`/api/users/${STAFF.editor.id}`);
  });

  it('states the shortest password the API takes', () => {
    const schema = (
      openapi as unknown as {
        components: { schemas: { CreateUserDto: { properties: { password: { minLength: number } } } } };
      }
    ).components.schemas.CreateUserDto;
    expect(schema.properties.password.minLength).toBe(MIN_PASSWORD_LENGTH);
  });
});

describe('Granskningslogg', () => {
  it('shows entries in Stockholm time, sends the filters, and a refused filter beside its field', async () => {
    const { api, queryClient } = render('admin', '/installningar?flik=granskningslogg', (call) =>
      call.path === '/api/audit' && call.query.get('to') === '2026-03-01'
        ? refuse(400, 'to: sista dagen (2026-03-01) är före första dagen (2026-03-15)', { field: 'to' })
        : null,
    );
    await sessionOf(queryClient, 'admin');
    // A shared two-core machine renders a Mantine table slowly: more than testing-library's one second per step.
    const slow = { timeout: 5000 };
    const table = await screen.findByRole('table', { name: 'Granskningslogg' }, slow);
    const row = await within(table).findByRole('row', { name: /Användare skapad/ }, slow);
    expect(row.textContent).toContain('2026-03-15 kl. 00.30');
    expect(row.textContent).toContain(STAFF.viewer.id);
    expect(row.textContent).toContain('role: viewer');

    fireEvent.change(screen.getByLabelText('Från och med'), { target: { value: '2026-03-15' } });
    await waitFor(() => expect(api.calls.some((c) => c.query.get('from') === '2026-03-15')).toBe(true), slow);
    fireEvent.change(screen.getByLabelText('Till och med'), { target: { value: '2026-03-01' } });
    expect(
      await screen.findByText('sista dagen (2026-03-01) är före första dagen (2026-03-15)', {}, slow),
    ).toBeTruthy();
    expect(screen.getByLabelText('Till och med').getAttribute('aria-invalid')).toBe('true');
    expect(within(table).queryByRole('row', { name: /Användare skapad/ })).toBeNull();

    fireEvent.change(screen.getByLabelText('Id'), { target: { value: STAFF.viewer.id } });
    await waitFor(
      () =>
        expect(
          api.calls.some((c) => c.path === '/api/audit' && c.query.get('targetId') === STAFF.viewer.id),
        ).toBe(true),
      slow,
    );
  });
});
