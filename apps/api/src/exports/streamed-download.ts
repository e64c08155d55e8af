import type { Response } from 'express';

export interface DownloadHeaders {
  contentType: string;
  filename: string;
}

/**
 * Runs a streamed file download over `res`. `write` streams the file into `res` and calls `start()` right before
 * its first byte; only then are the status and the attachment headers set. So:
 *
 * - an error before `start()` (nothing written) leaves the response untouched and is rethrown: the exception
 *   filter answers it as JSON with its own 4xx/5xx status, as any other request;
 * - an error after it cannot become a JSON error any more (a 200 and part of a file are on their way): the
 *   connection is cut (`res.destroy`), so the client sees a failed download instead of a short file that looks
 *   complete. The service that failed has logged and audited it.
 */
export async function streamDownload(
  res: Response,
  headers: DownloadHeaders,
  write: (start: () => void) => Promise<unknown>,
): Promise<void> {
  let started = false;
  const start = () => {
    started = true;
    res.status(200);
    res.setHeader('Content-Type', headers.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${headers.filename}"`);
    res.setHeader('Cache-Control', 'no-store');
  };
  try {
    await write(start);
  } catch (err) {
    if (!started) throw err;
    res.destroy(err instanceof Error ? err : new Error(String(err)));
  }
}
