/** One request waiting for its batch. */
interface Waiting<Req, Res> {
  request: Req;
  resolve: (value: Res) => void;
  reject: (reason: unknown) => void;
}

export interface InFlightBatcherOptions<Req> {
  /** The most requests one batch takes; the rest wait for the next. */
  maxBatch: number;
  /** Requests with the same key never share a batch: the later one must see what the earlier one did. */
  keyOf?: (request: Req) => string;
}

/**
 * Runs requests in batches formed while the previous batch is in flight: a request made when nothing runs goes
 * at once, alone; requests made meanwhile wait and go together next. Under load many small transactions (a few
 * round trips and a commit each) become a few larger ones; when idle nothing waits. One batch runs at a time.
 *
 * `run` answers each request by its position: a value, or an Error for that request alone. A batch whose `run`
 * throws is run again one request at a time, so a request that breaks the batch fails only itself (`run` must
 * therefore leave nothing behind when it throws, as a rolled-back transaction does).
 */
export class InFlightBatcher<Req, Res> {
  private queue: Waiting<Req, Res>[] = [];
  private running = false;

  constructor(
    private readonly run: (batch: Req[]) => Promise<(Res | Error)[]>,
    private readonly options: InFlightBatcherOptions<Req>,
  ) {
    if (!(options.maxBatch >= 1)) throw new Error('maxBatch must be at least 1');
  }

  submit(request: Req): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  /** Requests waiting for a batch (not those in the one running). */
  get waiting(): number {
    return this.queue.length;
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) await this.runBatch(this.take());
    } finally {
      this.running = false;
    }
  }

  private take(): Waiting<Req, Res>[] {
    const { maxBatch, keyOf } = this.options;
    const batch: Waiting<Req, Res>[] = [];
    const later: Waiting<Req, Res>[] = [];
    const keys = new Set<string>();
    for (const waiting of this.queue) {
      const key = keyOf?.(waiting.request);
      if (batch.length < maxBatch && (key === undefined || !keys.has(key))) {
        batch.push(waiting);
        if (key !== undefined) keys.add(key);
      } else later.push(waiting);
    }
    this.queue = later;
    return batch;
  }

  private async runBatch(batch: Waiting<Req, Res>[]): Promise<void> {
    let answers: (Res | Error)[];
    try {
      answers = await this.run(batch.map((w) => w.request));
      if (answers.length !== batch.length)
        throw new Error(`A batch of ${batch.length} was answered with ${answers.length}`);
    } catch (err) {
      if (batch.length === 1) batch[0].reject(err);
      else for (const waiting of batch) await this.runBatch([waiting]);
      return;
    }
    batch.forEach((waiting, i) => {
      const answer = answers[i];
      if (answer instanceof Error) waiting.reject(answer);
      else waiting.resolve(answer);
    });
  }
}
