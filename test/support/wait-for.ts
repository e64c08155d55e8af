/**
 * Waits for a condition, never a fixed time: asks `probe` every 50 ms until `done` holds, and fails with the
 * last value seen after `timeoutMs`.
 */
export async function waitFor<T>(
  probe: () => Promise<T> | T,
  done: (v: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Tidsgränsen nåddes; senast: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
