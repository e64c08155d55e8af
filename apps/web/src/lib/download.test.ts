import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApiClient } from '../api/client';
import { ApiError } from '../api/errors';
import { downloadFromApi, fileNameFrom } from './download';

const ID = '11111111-1111-4111-8111-111111111111';

function clientAnswering(response: () => Response) {
  return createApiClient((async () => response()) as unknown as typeof fetch);
}

describe('downloads from the API', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('saves the file under the name the API gave', async () => {
    const created: Blob[] = [];
    const createObjectURL = vi.fn((blob: Blob) => {
      created.push(blob);
      return 'blob:fil';
    });
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const api = clientAnswering(
      () =>
        new Response('\ufeffE-post;Status\r\n', {
          headers: {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="x.csv"; filename*=UTF-8''mottagare-%C3%A5%C3%A4%C3%B6.csv`,
          },
        }),
    );
    const name = await downloadFromApi(
      api.GET('/api/campaigns/{id}/recipients/export', {
        params: { path: { id: ID }, query: { format: 'csv' } },
        parseAs: 'blob',
      }),
      'mottagare.csv',
    );
    expect(name).toBe('mottagare-åäö.csv');
    expect(click).toHaveBeenCalledTimes(1);
    // The bytes as the API sent them, the BOM Swedish Excel needs included.
    const bytes = new Uint8Array(await created[0].arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toBe('E-post;Status\r\n');
  });

  it.each([
    ['a refusal', 403],
    ['a 200 that carries JSON instead of the file', 200],
  ])('shows the Swedish message of %s and saves nothing', async (_what, status) => {
    const createObjectURL = vi.fn(() => 'blob:fel');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const api = clientAnswering(
      () =>
        new Response(
          JSON.stringify({
            statusCode: 403,
            code: 'FORBIDDEN',
            message: 'Exporten kräver redaktörsbehörighet',
          }),
          { status, headers: { 'content-type': 'application/json' } },
        ),
    );
    const failure = downloadFromApi(
      api.GET('/api/campaigns/{id}/recipients/export', {
        params: { path: { id: ID }, query: { format: 'xlsx' } },
        parseAs: 'blob',
      }),
      'mottagare.xlsx',
    );
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({
      status: 403,
      message: 'Exporten kräver redaktörsbehörighet',
    });
    expect(createObjectURL).not.toHaveBeenCalled();
  });

  it('falls back to its own name when the API gives none (or a broken one)', () => {
    expect(fileNameFrom(null, 'mottagare.csv')).toBe('mottagare.csv');
    expect(fileNameFrom('attachment; filename="a.csv"', 'b.csv')).toBe('a.csv');
    expect(fileNameFrom(`attachment; filename*=UTF-8''%E0%A4%A`, 'b.csv')).toBe('b.csv');
  });
});
