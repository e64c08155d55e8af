import { useMutation } from '@tanstack/react-query';
import { ApiError } from '../api/errors';

/** What the typed client answers for a file asked for with `parseAs: 'blob'`. */
export interface FileAnswer {
  data?: Blob;
  error?: unknown;
  response: Response;
}

/**
 * The file name the API gave (Content-Disposition: `filename*=UTF-8''…` first, then `filename="…"`), or
 * `fallback`. Only the last path segment is kept, so a name can never point into a folder.
 */
export function fileNameOf(disposition: string | null, fallback: string): string {
  let name: string | null = null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (star) {
    try {
      name = decodeURIComponent(star[1].trim());
    } catch {
      name = null;
    }
  }
  if (!name) name = /filename="([^"]+)"/i.exec(disposition ?? '')?.[1] ?? null;
  const base = name?.split(/[\\/]/).pop()?.trim();
  return base || fallback;
}

/** Hands `blob` to the browser as a download named `filename`. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the address is let go.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * A file from the API, saved by the browser: `call` is the typed client's request with `parseAs: 'blob'`
 * (`api.GET('/api/…/export', { params, parseAs: 'blob' })`). When the API refuses (a 4xx/5xx with its JSON error),
 * nothing is saved and an ApiError with its Swedish message is thrown, for the page to show beside the button;
 * so is an answer that says 200 but carries JSON instead of the file: a broken file never reaches the staff
 * member's folder. Returns the name the file was saved under.
 */
export async function downloadFile(call: Promise<FileAnswer>, fallbackName: string): Promise<string> {
  let answer: FileAnswer;
  try {
    answer = await call;
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw ApiError.network();
  }
  if (!answer.response.ok) throw await ApiError.fromResponse(answer.response, answer.error);
  const blob = answer.data ?? (await answer.response.blob());
  // A 200 that carries the API's JSON error instead of the file is a refusal too, never saved.
  if ((answer.response.headers.get('content-type') ?? '').toLowerCase().includes('application/json')) {
    const body: unknown = await blob
      .text()
      .then((text) => JSON.parse(text) as unknown)
      .catch(() => undefined);
    const said = (body as { statusCode?: unknown } | undefined)?.statusCode;
    const status = typeof said === 'number' && said >= 400 && said <= 599 ? said : 500;
    throw await ApiError.fromResponse(new Response(null, { status }), body);
  }
  const name = fileNameOf(answer.response.headers.get('content-disposition'), fallbackName);
  saveBlob(blob, name);
  return name;
}

/**
 * A download button's state: `mutate(key)` fetches and saves the file `start(key)` asks for; `error` is the
 * API's Swedish message when it refused, `pendingKey` the file being fetched (for the button's spinner).
 */
export function useDownload<K extends string>(
  start: (key: K) => { call: Promise<FileAnswer>; name: string },
) {
  const mutation = useMutation({
    mutationFn: (key: K) => {
      const { call, name } = start(key);
      return downloadFile(call, name);
    },
  });
  return {
    download: (key: K) => mutation.mutate(key),
    pendingKey: mutation.isPending ? mutation.variables : undefined,
    failedKey: mutation.isError ? mutation.variables : undefined,
    error: mutation.error,
    reset: mutation.reset,
  };
}
