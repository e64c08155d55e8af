import { unwrap } from '../api/client';
import { ApiError } from '../api/errors';

/** Hands `blob` to the browser as a download named `filename`. */
export function downloadBlob(blob: Blob, filename: string): void {
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

/** The file name the API gave (Content-Disposition, UTF-8 form first), or `fallback`. */
export function fileNameFrom(disposition: string | null, fallback: string): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // A malformed escape: the plain name, or ours.
    }
  }
  const plain = /filename="([^"]+)"/i.exec(disposition ?? '');
  return plain ? plain[1] : fallback;
}

interface BlobCall {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/**
 * Fetches a file from the API (an openapi-fetch call made with `parseAs: 'blob'`) and hands it to the browser as
 * a download; answers the file's name. A refusal is never saved as a broken file: it is thrown as an ApiError
 * with the API's own Swedish message (its JSON error body), for the page to show beside the button, and so is
 * an answer that says 200 but carries JSON instead of the file.
 */
export async function downloadFromApi(call: Promise<BlobCall>, fallbackName: string): Promise<string> {
  let response: Response | undefined;
  const blob = (await unwrap(
    call.then((result) => {
      response = result.response;
      return result;
    }),
  )) as Blob;
  if ((response?.headers.get('content-type') ?? '').toLowerCase().includes('application/json')) {
    const body = await blob
      .text()
      .then((text) => JSON.parse(text) as unknown)
      .catch(() => undefined);
    const said = (body as { statusCode?: unknown } | undefined)?.statusCode;
    const status = typeof said === 'number' && said >= 400 && said <= 599 ? said : 500;
    throw await ApiError.fromResponse(new Response(null, { status }), body);
  }
  const name = fileNameFrom(response?.headers.get('content-disposition') ?? null, fallbackName);
  downloadBlob(blob, name);
  return name;
}
