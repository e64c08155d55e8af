import type { Writable } from 'node:stream';

/** The receiver of a streamed export went away (the client hung up) before it was done. */
export class ReceiverClosedError extends Error {
  constructor() {
    super('Mottagaren stängde anslutningen under exporten');
    this.name = 'ReceiverClosedError';
  }
}

/** Writes and, when the receiver's buffer is full, waits for it: memory stays flat however long the export. */
export async function writeWithBackpressure(out: Writable, text: string): Promise<void> {
  if (out.destroyed) throw new ReceiverClosedError();
  if (!out.write(text)) await drained(out);
}

/**
 * Waits until `out` takes more data; a client that hung up ends the export instead of leaving it waiting (also
 * one that hung up before this was called: a destroyed stream never emits 'drain' or 'close' again).
 */
export function drained(out: Writable): Promise<void> {
  if (out.destroyed) return Promise.reject(new ReceiverClosedError());
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', onClose);
    };
    const onDrain = () => {
      cleanup();
      resolve();
    };
    const onClose = () => {
      cleanup();
      reject(new ReceiverClosedError());
    };
    out.on('drain', onDrain);
    out.on('close', onClose);
    out.on('error', onClose);
  });
}
