import fs from 'node:fs';

export interface CapturedLog {
  /** Everything written to stdout (fd 1) since capture began. */
  text(): string;
  /** Resolves once `predicate` holds for the captured text; fails after `timeoutMs`. */
  waitFor(predicate: (text: string) => boolean, timeoutMs?: number): Promise<string>;
  stop(): void;
}

type WriteSync = typeof fs.writeSync;
type Write = typeof fs.write;

/**
 * Captures what the process writes to stdout, which is where the app's pino logger writes: through sonic-boom
 * straight to file descriptor 1, or through process.stdout.write when something (as Jest does) has replaced that
 * method. Both are caught; captured output is not passed on.
 */
export function captureStdout(): CapturedLog {
  const chunks: string[] = [];
  const originalWriteSync = fs.writeSync;
  const originalWrite = fs.write;
  const take = (data: unknown): number => {
    const text = typeof data === 'string' ? data : Buffer.from(data as Uint8Array).toString('utf8');
    chunks.push(text);
    return Buffer.byteLength(text);
  };
  // sonic-boom calls fs.writeSync(fd, buf[, enc]) and fs.write(fd, buf[, enc], cb); other fds go through untouched.
  fs.writeSync = ((fd: number, data: unknown, ...rest: unknown[]) =>
    fd === 1
      ? take(data)
      : (originalWriteSync as (...a: unknown[]) => number)(fd, data, ...rest)) as WriteSync;
  fs.write = ((fd: number, data: unknown, ...rest: unknown[]) => {
    if (fd !== 1) return (originalWrite as (...a: unknown[]) => void)(fd, data, ...rest);
    const written = take(data);
    const cb = rest[rest.length - 1] as (err: Error | null, n: number) => void;
    process.nextTick(() => cb(null, written));
  }) as Write;
  const originalStdoutWrite = Object.getOwnPropertyDescriptor(process.stdout, 'write');
  process.stdout.write = ((data: unknown, ...rest: unknown[]) => {
    take(data);
    const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    if (cb) process.nextTick(cb);
    return true;
  }) as typeof process.stdout.write;
  const text = () => chunks.join('');
  return {
    text,
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(text())) {
        if (Date.now() > deadline) throw new Error(`Loggen fick aldrig det väntade innehållet:\n${text()}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return text();
    },
    stop() {
      fs.writeSync = originalWriteSync;
      fs.write = originalWrite;
      if (originalStdoutWrite) Object.defineProperty(process.stdout, 'write', originalStdoutWrite);
      else delete (process.stdout as { write?: unknown }).write;
    },
  };
}
