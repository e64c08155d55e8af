import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Schemas } from '../../api/client';
import { fakeApi, renderRoutes, type FakeCall } from '../../test/render';
import { ImportPage } from './ImportPage';

type ImportView = Schemas['ImportViewDto'];
const ID = '11111111-1111-4111-8111-111111111111';
const EDITOR = { id: 'u1', email: 'red@exempel.se', name: 'Redaktör', role: 'editor' };

const PREVIEW: Schemas['ImportPreviewDto'] = {
  format: 'csv',
  columns: [
    { index: 0, header: 'Förnamn', suggested: 'firstName' },
    { index: 1, header: 'Adress', suggested: null },
    { index: 2, header: 'Förening', suggested: 'organization' },
  ],
  rows: [
    { line: 2, cells: ['Anna', 'anna@exempel.se', 'Teatern'] },
    { line: 3, cells: ['Bo', 'bo.exempel.se', 'Operan'] },
  ],
  fields: [],
};

function view(extra: Partial<ImportView>): ImportView {
  return {
    id: ID,
    status: 'running',
    filename: 'medlemmar.csv',
    total: 2,
    processed: 0,
    created: 0,
    updated: 0,
    skipped: 0,
    errors: [],
    errorMessage: null,
    createdAt: '2026-03-14T17:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    ...extra,
  };
}

function importApi(states: ImportView[]) {
  let polls = 0;
  return fakeApi((call: FakeCall) => {
    if (call.path === '/api/auth/me') return { body: { user: EDITOR } };
    if (call.path === '/api/imports/contacts/preview') return { body: PREVIEW };
    if (call.path === '/api/imports/contacts') return { status: 202, body: { id: ID } };
    if (call.path === `/api/imports/${ID}`) return { body: states[Math.min(polls++, states.length - 1)] };
    if (call.path === '/api/imports')
      return { body: { items: [], nextCursor: null, total: 0, totalIsEstimate: false } };
    return { status: 404, body: { statusCode: 404, code: 'NOT_FOUND', message: 'Finns inte' } };
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Import', () => {
  it('maps the columns from the preview, sends only the change, follows the progress and shows the error report', async () => {
    const api = importApi([
      view({ status: 'running', processed: 1 }),
      view({
        status: 'completed',
        processed: 2,
        created: 1,
        skipped: 1,
        errors: [{ line: 3, field: 'email', reason: 'Ogiltig e-postadress', kind: 'skipped' }],
      }),
    ]);
    renderRoutes([{ path: '/import', element: <ImportPage /> }], '/import', api);

    const input = await waitFor(() => {
      const el = document.querySelector('input[type=file]');
      if (!el) throw new Error('no file input yet');
      return el as HTMLInputElement;
    });
    const file = new File(['Förnamn;Adress;Förening\r\nAnna;anna@exempel.se;Teatern\r\n'], 'medlemmar.csv', {
      type: 'text/csv',
    });
    fireEvent.change(input, { target: { files: [file] } });

    expect(await screen.findByText('Kolumner i medlemmar.csv')).toBeTruthy();
    expect(screen.getByText('anna@exempel.se · bo.exempel.se')).toBeTruthy();
    // No column for the e-mail address yet: the start is refused here, before the API is asked.
    expect(screen.getByText(/Välj vilken kolumn som innehåller e-postadressen/)).toBeTruthy();
    const startButton = screen.getByRole('button', { name: 'Starta importen' });
    expect(startButton).toHaveProperty('disabled', true);

    const adress = screen
      .getAllByLabelText('Fält för kolumnen Adress')
      .find((el) => el.tagName === 'INPUT' && el.getAttribute('type') !== 'hidden')!;
    expect(adress).toHaveProperty('value', 'Ignorera kolumnen');
    fireEvent.click(adress);
    const listbox = await waitFor(() => document.getElementById(adress.getAttribute('aria-controls')!)!);
    fireEvent.click(within(listbox).getByRole('option', { name: 'E-postadress', hidden: true }));
    await waitFor(() => expect(startButton).toHaveProperty('disabled', false));
    fireEvent.click(startButton);

    expect(await screen.findByText('Import av medlemmar.csv')).toBeTruthy();
    const start = api.calls.find((c) => c.path === '/api/imports/contacts')!;
    expect(start.method).toBe('POST');
    // (jsdom's File loses its name on the way into Node's FormData; a browser keeps it.)
    expect(start.body).toMatchObject({
      file: { text: expect.stringContaining('Förnamn;Adress;Förening') },
      mapping: JSON.stringify({ Adress: 'email' }),
      organizationKind: 'member',
    });
    const preview = api.calls.find((c) => c.path === '/api/imports/contacts/preview')!;
    expect(preview.body).toMatchObject({ file: { text: expect.stringContaining('anna@exempel.se') } });

    // Asked again every second until it is done.
    expect(await screen.findByText('1 av 2 rader klara', {}, { timeout: 3000 })).toBeTruthy();
    const report = await screen.findByRole('table', { name: 'Felrapport: 1 rad' }, { timeout: 3000 });
    const cells = within(report)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells).toEqual(['3', 'E-postadress', 'Ogiltig e-postadress', 'Raden hoppades över']);
    expect(screen.getByText('Importen är klar.')).toBeTruthy();
    const polls = api.calls.filter((c) => c.path === `/api/imports/${ID}`).length;
    await act(() => new Promise((r) => setTimeout(r, 1500)));
    expect(api.calls.filter((c) => c.path === `/api/imports/${ID}`).length).toBe(polls);

    // The report as a file made here: BOM, ";", CRLF.
    let saved: Blob | null = null;
    const createObjectURL = vi.fn((blob: Blob) => {
      saved = blob;
      return 'blob:rapport';
    });
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    fireEvent.click(screen.getByRole('button', { name: 'Ladda ner felrapporten (CSV)' }));
    expect(click).toHaveBeenCalled();
    const bytes = await new Promise<Uint8Array>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
      reader.readAsArrayBuffer(saved!);
    });
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.slice(3))).toBe(
      'Rad;Fält;Orsak;Följd\r\n3;E-postadress;Ogiltig e-postadress;Raden hoppades över\r\n',
    );
  });

  it('shows a refused file beside the picker, in Swedish', async () => {
    const api = fakeApi((call) => {
      if (call.path === '/api/auth/me') return { body: { user: EDITOR } };
      if (call.path === '/api/imports/contacts/preview')
        return {
          status: 415,
          body: {
            statusCode: 415,
            code: 'UNSUPPORTED_FILE',
            message: 'Det äldre Excel-formatet .xls stöds inte.',
          },
        };
      return { body: { items: [], nextCursor: null, total: 0, totalIsEstimate: false } };
    });
    renderRoutes([{ path: '/import', element: <ImportPage /> }], '/import', api);
    const input = await waitFor(() => {
      const el = document.querySelector('input[type=file]');
      if (!el) throw new Error('no file input yet');
      return el as HTMLInputElement;
    });
    fireEvent.change(input, { target: { files: [new File(['x'], 'gammal.xls')] } });
    expect((await screen.findByRole('alert')).textContent).toBe(
      'gammal.xls: Det äldre Excel-formatet .xls stöds inte.',
    );
  });
});
