import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/errors';
import { fakeApi } from '../test/render';
import { downloadFile, fileNameOf } from './download';

const MEETING = '22222222-2222-4222-8222-222222222222';

/** The browser's side of saving: the blob handed over and the name of the link clicked. */
function captureSaves() {
  const saved: { blob: Blob; name: string }[] = [];
  let last: Blob | null = null;
  Object.assign(URL, {
    createObjectURL: vi.fn((blob: Blob) => {
      last = blob;
      return 'blob:fil';
    }),
    revokeObjectURL: vi.fn(),
  });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ blob: last!, name: this.download });
  });
  return saved;
}

afterEach(() => vi.useRealTimers());

describe('downloadFile', () => {
  it('saves the file under the name the API gave (UTF-8 name first)', async () => {
    const saved = captureSaves();
    const api = fakeApi(() => ({
      body: 'Möte;Inbjudna',
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="motesrapport.csv"; filename*=UTF-8''m%C3%B6tesrapport-falun.csv`,
      },
    }));
    const name = await downloadFile(
      api.client.GET('/api/meetings/{id}/report/export', {
        params: { path: { id: MEETING }, query: { format: 'csv' } },
        parseAs: 'blob',
      }),
      'reserv.csv',
    );
    expect(name).toBe('mötesrapport-falun.csv');
    expect(saved).toHaveLength(1);
    expect(saved[0].name).toBe('mötesrapport-falun.csv');
    await expect(saved[0].blob.text()).resolves.toBe('"Möte;Inbjudna"');
    expect(api.calls[0].path).toBe(`/api/meetings/${MEETING}/report/export`);
    expect(api.calls[0].query.get('format')).toBe('csv');
  });

  it('saves nothing when the API refuses, and throws its Swedish message', async () => {
    const saved = captureSaves();
    const api = fakeApi(() => ({
      status: 403,
      body: {
        statusCode: 403,
        code: 'FORBIDDEN',
        message: 'Din roll (viewer) får inte göra detta; det kräver rollen admin eller editor',
      },
    }));
    const failed = downloadFile(
      api.client.GET('/api/meetings/{id}/report/export', {
        params: { path: { id: MEETING }, query: { format: 'xlsx' } },
        parseAs: 'blob',
      }),
      'rapport.xlsx',
    );
    await expect(failed).rejects.toBeInstanceOf(ApiError);
    await expect(failed).rejects.toThrow(
      'Din roll (viewer) får inte göra detta; det kräver rollen admin eller editor',
    );
    expect(saved).toEqual([]);
    expect(URL.createObjectURL).not.toHaveBeenCalled();
  });

  it('saves nothing when a 200 carries the JSON error instead of the file', async () => {
    const saved = captureSaves();
    const api = fakeApi(() => ({
      status: 200,
      body: { statusCode: 403, code: 'FORBIDDEN', message: 'Exporten kräver redaktörsbehörighet' },
    }));
    const failure = downloadFile(
      api.client.GET('/api/meetings/{id}/report/export', {
        params: { path: { id: MEETING }, query: { format: 'xlsx' } },
        parseAs: 'blob',
      }),
      'rapport.xlsx',
    );
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({
      status: 403,
      message: 'Exporten kräver redaktörsbehörighet',
    });
    expect(saved).toHaveLength(0);
  });

  it('says the server could not be reached when the request never got an answer', async () => {
    captureSaves();
    const failed = downloadFile(Promise.reject(new TypeError('Failed to fetch')), 'x.csv');
    await expect(failed).rejects.toMatchObject({ status: 0, code: 'NETWORK' });
  });
});

describe('fileNameOf', () => {
  it('reads either form of Content-Disposition, never a folder, and falls back', () => {
    expect(fileNameOf('attachment; filename="rapport.xlsx"', 'x')).toBe('rapport.xlsx');
    expect(fileNameOf(`attachment; filename*=UTF-8''%C3%A5r.csv`, 'x')).toBe('år.csv');
    expect(fileNameOf('attachment; filename="../../etc/passwd"', 'x')).toBe('passwd');
    expect(fileNameOf(`attachment; filename*=UTF-8''%E0%A4%A`, 'reserv.csv')).toBe('reserv.csv');
    expect(fileNameOf(null, 'reserv.csv')).toBe('reserv.csv');
  });
});
