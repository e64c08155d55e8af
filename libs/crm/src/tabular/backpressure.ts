import type { Writable } from 'node:stream';

/** Writes and, when the receiver's buffer is full, waits for it: memory stays flat however long the export. */
export async function writeWithBackpressure(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await drained(out);
}

/** Waits until `out` takes more data; a client that hung up ends the export instead of leaving it waiting. */
export function drained(out: Writable): Promise<void> {
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
      reject(new Error('Mottagaren stängde anslutningen under exporten'));
    };
    out.on('drain', onDrain);
    out.on('close', onClose);
    out.on('error', onClose);
  });
}
