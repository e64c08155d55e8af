import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderRoutes } from '../../test/render';
import { LoginPage } from './LoginPage';

const routes = [
  { path: '/logga-in', element: <LoginPage /> },
  { path: '/kontakter', element: <div>Kontaktsidan</div> },
  { path: '/', element: <div>Startsidan</div> },
];
const noSession = {
  status: 401,
  body: { statusCode: 401, code: 'UNAUTHENTICATED', message: 'Logga in först' },
};

function fillIn(email: string, password: string) {
  fireEvent.change(screen.getByLabelText(/E-postadress/), { target: { value: email } });
  fireEvent.change(screen.getByLabelText(/Lösenord/), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Logga in' }));
}

describe('Logga in', () => {
  it("shows the API's Swedish refusal beside the form and keeps what was typed", async () => {
    const api = fakeApi(({ path }) =>
      path === '/api/auth/login'
        ? {
            status: 401,
            body: {
              statusCode: 401,
              code: 'INVALID_CREDENTIALS',
              message: 'Fel e-postadress eller lösenord',
            },
          }
        : noSession,
    );
    renderRoutes(routes, '/logga-in', api);
    fillIn('anna@exempel.se', 'fel-losenord');

    expect((await screen.findByRole('alert')).textContent).toContain('Fel e-postadress eller lösenord');
    expect(screen.getByLabelText(/E-postadress/)).toHaveProperty('value', 'anna@exempel.se');
    expect(screen.getByLabelText(/Lösenord/)).toHaveProperty('value', 'fel-losenord');
    const login = api.calls.find((c) => c.path === '/api/auth/login')!;
    expect(login.body).toEqual({ email: 'anna@exempel.se', password: 'fel-losenord' });
    expect(login.headers.get('content-type')).toMatch(/application\/json/);
  });

  it('says how long to wait when throttled, and holds the button until then', async () => {
    const api = fakeApi(({ path }) =>
      path === '/api/auth/login'
        ? {
            status: 429,
            headers: { 'retry-after': '30' },
            body: {
              statusCode: 429,
              code: 'TOO_MANY_ATTEMPTS',
              message: 'För många misslyckade inloggningsförsök härifrån. Vänta 30 sekunder och försök igen.',
              details: { retryAfterSeconds: 30 },
            },
          }
        : noSession,
    );
    renderRoutes(routes, '/logga-in', api);
    fillIn('anna@exempel.se', 'fel-losenord');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('För många misslyckade inloggningsförsök');
    expect(alert.textContent).toContain('Vänta 30 sekunder innan du försöker igen.');
    expect(screen.getByRole('button', { name: 'Logga in' })).toHaveProperty('disabled', true);
  });

  it('goes where the user was going after logging in, and only within the app', async () => {
    const api = fakeApi(({ path }) =>
      path === '/api/auth/login'
        ? { body: { user: { id: 'u1', email: 'anna@exempel.se', name: 'Anna', role: 'editor' } } }
        : noSession,
    );
    const { router } = renderRoutes(routes, '/logga-in?till=%2Fkontakter', api);
    fillIn('anna@exempel.se', 'ratt-losenord-123');
    expect(await screen.findByText('Kontaktsidan')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/kontakter');
  });

  it('never follows a return address to another site', async () => {
    const api = fakeApi(({ path }) =>
      path === '/api/auth/login'
        ? { body: { user: { id: 'u1', email: 'anna@exempel.se', name: 'Anna', role: 'editor' } } }
        : noSession,
    );
    const { router } = renderRoutes(routes, '/logga-in?till=%2F%2Fevil.example', api);
    fillIn('anna@exempel.se', 'ratt-losenord-123');
    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
  });
});
