import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { LoginPage } from '../features/auth/LoginPage';
import { fakeApi, renderRoutes } from '../test/render';
import i18n, { LANGUAGE_STORAGE_KEY } from '.';
import en from './en.json';
import sv from './sv.json';

function keys(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, v]) =>
    typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe('languages', () => {
  afterEach(async () => {
    await i18n.changeLanguage('sv');
  });

  it('has every Swedish string in English too, and no English string without a Swedish one', () => {
    expect(keys(en).sort()).toEqual(keys(sv).sort());
  });

  it('starts in Swedish; the switch changes the strings, <html lang> and is remembered', async () => {
    const api = fakeApi(() => ({
      status: 401,
      body: { statusCode: 401, code: 'UNAUTHENTICATED', message: 'x' },
    }));
    renderRoutes([{ path: '/logga-in', element: <LoginPage /> }], '/logga-in', api);
    expect(await screen.findByRole('heading', { name: 'Logga in' })).toBeTruthy();
    expect(screen.getByLabelText(/Lösenord/)).toBeTruthy();

    fireEvent.click(screen.getByText('English'));

    expect(await screen.findByRole('heading', { name: 'Log in' })).toBeTruthy();
    expect(screen.getByLabelText(/Password/)).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
    expect(window.localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en');
  });
});
