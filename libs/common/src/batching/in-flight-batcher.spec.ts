import { InFlightBatcher } from './in-flight-batcher';

/** A `run` that holds each batch until the test releases it, answering each request by the given rule. */
function heldRun(answer: (request: string) => string | Error = (r) => r.toUpperCase()) {
  const batches: { requests: string[]; release: () => void; fail: (err: Error) => void }[] = [];
  const run = (requests: string[]) =>
    new Promise<(string | Error)[]>((resolve, reject) => {
      batches.push({ requests, release: () => resolve(requests.map(answer)), fail: reject });
    });
  return { run, batches };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('InFlightBatcher', () => {
  it('sends the first request at once and those made meanwhile together in the next batch', async () => {
    const { run, batches } = heldRun();
    const batcher = new InFlightBatcher(run, { maxBatch: 10 });
    const first = batcher.submit('a');
    expect(batches.map((b) => b.requests)).toEqual([['a']]);
    const rest = ['b', 'c', 'd'].map((r) => batcher.submit(r));
    expect(batcher.waiting).toBe(3);
    batches[0].release();
    await expect(first).resolves.toBe('A');
    await settle();
    expect(batches.map((b) => b.requests)).toEqual([['a'], ['b', 'c', 'd']]);
    batches[1].release();
    await expect(Promise.all(rest)).resolves.toEqual(['B', 'C', 'D']);
  });

  it('takes at most maxBatch, and never two requests with the same key in one batch', async () => {
    const { run, batches } = heldRun();
    const batcher = new InFlightBatcher(run, { maxBatch: 3, keyOf: (r: string) => r[0] });
    const all = [batcher.submit('x0'), ...['a1', 'a2', 'b1', 'c1', 'd1'].map((r) => batcher.submit(r))];
    batches[0].release();
    await settle();
    // a2 shares a1's key: it waits, and d1 (beyond the three) waits too.
    expect(batches[1].requests).toEqual(['a1', 'b1', 'c1']);
    batches[1].release();
    await settle();
    expect(batches[2].requests).toEqual(['a2', 'd1']);
    batches[2].release();
    await expect(Promise.all(all)).resolves.toEqual(['X0', 'A1', 'A2', 'B1', 'C1', 'D1']);
  });

  it('fails one request alone when its answer is an Error', async () => {
    const { run, batches } = heldRun((r) => (r === 'bad' ? new Error('nej') : r));
    const batcher = new InFlightBatcher(run, { maxBatch: 10 });
    const first = batcher.submit('ok0');
    const results = ['ok1', 'bad', 'ok2'].map((r) => batcher.submit(r).catch((e: Error) => e.message));
    batches[0].release();
    await first;
    await settle();
    batches[1].release();
    await expect(Promise.all(results)).resolves.toEqual(['ok1', 'nej', 'ok2']);
  });

  it('runs a batch that throws again one request at a time, so only the one that breaks it fails', async () => {
    const seen: string[][] = [];
    const batcher = new InFlightBatcher(
      async (requests: string[]) => {
        seen.push(requests);
        await settle();
        if (requests.includes('poison')) throw new Error('the statement failed');
        return requests.map((r) => r.toUpperCase());
      },
      { maxBatch: 10 },
    );
    const all = ['a', 'b', 'poison', 'c'].map((r) =>
      batcher.submit(r).catch((e: Error) => `fel: ${e.message}`),
    );
    await expect(Promise.all(all)).resolves.toEqual(['A', 'B', 'fel: the statement failed', 'C']);
    expect(seen).toEqual([['a'], ['b', 'poison', 'c'], ['b'], ['poison'], ['c']]);
  });

  it('keeps going after a failure and starts again when idle', async () => {
    const { run, batches } = heldRun();
    const batcher = new InFlightBatcher(run, { maxBatch: 10 });
    const lost = batcher.submit('a');
    batches[0].fail(new Error('borta'));
    await expect(lost).rejects.toThrow('borta');
    await settle();
    const next = batcher.submit('b');
    expect(batches[1].requests).toEqual(['b']);
    batches[1].release();
    await expect(next).resolves.toBe('B');
  });

  it('refuses a batch size below one', () => {
    expect(() => new InFlightBatcher(async () => [], { maxBatch: 0 })).toThrow();
  });
});
