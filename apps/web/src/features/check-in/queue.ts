import { ApiError } from '../../api/errors';
import type {
  CheckInAnswer,
  CheckInBody,
  CheckInStore,
  OpPerson,
  QueuedOp,
  RejectedOp,
  WalkInBody,
} from './storage';

export interface BatchItemAnswer {
  clientId: string;
  status: number;
  answer: CheckInAnswer | null;
  error: { code: string; message: string } | null;
}

/** How the queue reaches the API (the app's client in the page; a fake in tests). Errors are ApiErrors. */
export interface CheckInTransport {
  batch(meetingId: string, items: CheckInBody[]): Promise<BatchItemAnswer[]>;
  walkIn(meetingId: string, body: WalkInBody): Promise<CheckInAnswer>;
}

/**
 * Why nothing is being sent: the phone is offline; the API could not be reached or failed (retried with
 * backoff); the session ended (log in again); or the user may not check in (a viewer).
 */
export type SyncProblem = 'offline' | 'unreachable' | 'session' | 'forbidden' | null;

export interface QueueState {
  pending: QueuedOp[];
  rejected: RejectedOp[];
  syncing: boolean;
  problem: SyncProblem;
  /** When the next attempt is due after a failure (ms since epoch), or null. */
  retryAt: number | null;
  /** Storing a tap on the phone failed (storage full or refused): it is kept in memory only. */
  storageFailed: boolean;
}

export interface QueueOptions {
  isOnline?: () => boolean;
  now?: () => number;
  random?: () => number;
  /** Tests pass a bigger or smaller one; the phone waits 1 s, 2 s, 4 s … up to a minute. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** While something waits, try at least this often even without an online event (navigator.onLine can lie). */
  pollMs?: number;
  /** At most this many check-ins in one batch request (the API takes 500). */
  batchSize?: number;
}

const PERMANENT = new Set([400, 404, 409, 422]);

/**
 * The outbox of one meeting's check-ins and walk-ins on this phone. A tap becomes an operation with its own
 * clientId, stored (synchronously) before anything is sent; the queue sends the stored operations in tap order
 * (check-ins in batches, walk-ins one by one) whenever the phone is online, and removes an operation only when
 * the API has answered for it. A request that fails without an answer (lost network, timeout, 5xx) leaves the
 * operations where they are, to be sent again with the same clientId: the API does each clientId once and
 * answers a repeat the same, so a resend after an uncertain failure cannot count twice. An answer for an
 * operation that is no longer waiting (a duplicate) is ignored. Refusals for good (400, 404, 409) are moved
 * to a list of their own that the screen shows until dismissed: never dropped silently.
 */
export class CheckInQueue {
  private state: QueueState;
  private readonly listeners = new Set<() => void>();
  private readonly answerListeners = new Set<(op: QueuedOp, answer: CheckInAnswer) => void>();
  private readonly memoryOnly = new Map<string, QueuedOp>();
  private running: Promise<void> | null = null;
  private again = false;
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private started = false;
  private readonly isOnline: () => boolean;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly pollMs: number;
  private readonly batchSize: number;

  constructor(
    readonly meetingId: string,
    private readonly store: CheckInStore,
    private readonly transport: CheckInTransport,
    options: QueueOptions = {},
  ) {
    this.isOnline =
      options.isOnline ?? (() => typeof navigator === 'undefined' || navigator.onLine !== false);
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 60_000;
    this.pollMs = options.pollMs ?? 30_000;
    this.batchSize = options.batchSize ?? 100;
    this.state = {
      pending: this.readPending(),
      rejected: store.rejected(meetingId),
      syncing: false,
      problem: this.isOnline() ? null : 'offline',
      retryAt: null,
      storageFailed: false,
    };
  }

  getState = (): QueueState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Called once per operation the API answered for, in tap order (never twice for one clientId). */
  onAnswer(listener: (op: QueuedOp, answer: CheckInAnswer) => void): () => void {
    this.answerListeners.add(listener);
    return () => this.answerListeners.delete(listener);
  }

  /** Listens for the network coming and going, another tab's changes, and polls while something waits. */
  start(): void {
    if (this.started) return;
    this.started = true;
    window.addEventListener('online', this.handleOnline);
    window.addEventListener('offline', this.handleOffline);
    window.addEventListener('storage', this.handleStorage);
    this.pollTimer = setInterval(() => {
      if (this.state.pending.length > 0 && !this.running && this.retryTimer === null) void this.sync();
    }, this.pollMs);
    void this.sync();
  }

  stop(): void {
    if (!this.started) return;
    this.started = false;
    window.removeEventListener('online', this.handleOnline);
    window.removeEventListener('offline', this.handleOffline);
    window.removeEventListener('storage', this.handleStorage);
    if (this.pollTimer !== null) clearInterval(this.pollTimer);
    this.pollTimer = null;
    this.clearRetry();
  }

  /** A check-in or "no show" tapped now: stored first, then sent when it can be. */
  checkIn(contactId: string, attendance: CheckInBody['attendance'], person: OpPerson): QueuedOp {
    return this.enqueue({
      kind: 'check_in',
      body: { clientId: '', contactId, attendance },
      person,
    });
  }

  /** A walk-in: an existing contact (contactId) or a new person. */
  walkIn(body: Omit<WalkInBody, 'clientId'>, person: OpPerson): QueuedOp {
    return this.enqueue({ kind: 'walk_in', body: { ...body, clientId: '' }, person });
  }

  dismissRejected(clientId: string): void {
    this.store.removeRejected(this.meetingId, clientId);
    this.setState({ rejected: this.store.rejected(this.meetingId) });
  }

  /** Sends what waits, now (an online event, a tap, the retry timer, the "send now" button). */
  sync(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.clearRetry();
    this.running = this.loop().finally(() => {
      this.running = null;
      this.setState({ syncing: false });
      // Asked again while this pass was ending (an online event, a tap): one more pass.
      if (this.again) {
        this.again = false;
        void this.sync();
      }
    });
    return this.running;
  }

  private enqueue(draft: Pick<QueuedOp, 'kind' | 'person'> & { body: CheckInBody | WalkInBody }): QueuedOp {
    const clientId = crypto.randomUUID();
    const last = this.state.pending.at(-1)?.seq ?? 0;
    const op = {
      ...draft,
      clientId,
      meetingId: this.meetingId,
      seq: Math.max(last + 1, this.now()),
      createdAt: new Date(this.now()).toISOString(),
      body: { ...draft.body, clientId },
    } as QueuedOp;
    const stored = this.store.add(op);
    if (!stored) this.memoryOnly.set(clientId, op);
    this.setState({ pending: this.readPending(), storageFailed: this.state.storageFailed || !stored });
    if (this.started) void this.sync();
    return op;
  }

  private readPending(): QueuedOp[] {
    const stored = this.store.pending(this.meetingId);
    if (this.memoryOnly.size === 0) return stored;
    const ids = new Set(stored.map((op) => op.clientId));
    return [...stored, ...[...this.memoryOnly.values()].filter((op) => !ids.has(op.clientId))].sort(
      (a, b) => a.seq - b.seq,
    );
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      const pending = this.readPending();
      this.setState({ pending });
      if (pending.length === 0) {
        this.failures = 0;
        this.setState({ problem: this.isOnline() ? null : 'offline', retryAt: null });
        continue;
      }
      if (!this.isOnline()) {
        this.setState({ problem: 'offline', retryAt: null });
        return;
      }
      this.setState({ syncing: true });
      const head = pending[0];
      let outcome: 'progress' | SyncProblem;
      if (head.kind === 'walk_in') {
        outcome = await this.sendWalkIn(head);
      } else {
        const run: QueuedOp[] = [];
        for (const op of pending) {
          if (op.kind !== 'check_in' || run.length >= this.batchSize) break;
          run.push(op);
        }
        outcome = await this.sendBatch(run as Extract<QueuedOp, { kind: 'check_in' }>[]);
      }
      if (outcome !== 'progress') {
        this.failed(outcome);
        return;
      }
      this.failures = 0;
      this.setState({ problem: null, retryAt: null });
      this.again = true;
    } while (this.again);
  }

  private async sendWalkIn(op: Extract<QueuedOp, { kind: 'walk_in' }>): Promise<'progress' | SyncProblem> {
    try {
      const answer = await this.transport.walkIn(this.meetingId, op.body);
      this.answered(op, answer);
      return 'progress';
    } catch (err) {
      return this.refusedOrProblem(err, [op]);
    }
  }

  private async sendBatch(ops: Extract<QueuedOp, { kind: 'check_in' }>[]): Promise<'progress' | SyncProblem> {
    let answers: BatchItemAnswer[];
    try {
      answers = await this.transport.batch(
        this.meetingId,
        ops.map((op) => op.body),
      );
    } catch (err) {
      return this.refusedOrProblem(err, ops);
    }
    const byId = new Map(ops.map((op) => [op.clientId, op]));
    let progress = false;
    for (const item of answers) {
      const op = byId.get(item.clientId);
      if (!op) continue; // not ours, or answered already in this batch: a duplicate counts once
      if (item.status >= 200 && item.status < 300 && item.answer) {
        byId.delete(item.clientId);
        this.answered(op, item.answer);
        progress = true;
      } else if (PERMANENT.has(item.status)) {
        byId.delete(item.clientId);
        this.reject(op, item.status, item.error?.message ?? '');
        progress = true;
      }
    }
    // An answer that left out some of ours is no answer for them: they wait for the next attempt.
    return progress ? 'progress' : 'unreachable';
  }

  /** A refusal for good rejects the operations; anything else leaves them waiting and names the problem. */
  private refusedOrProblem(err: unknown, ops: QueuedOp[]): SyncProblem | 'progress' {
    const status = err instanceof ApiError ? err.status : 0;
    if (status === 401) return 'session';
    if (status === 403) return 'forbidden';
    if (PERMANENT.has(status)) {
      for (const op of ops) this.reject(op, status, (err as ApiError).message);
      return 'progress';
    }
    return this.isOnline() ? 'unreachable' : 'offline';
  }

  private answered(op: QueuedOp, answer: CheckInAnswer): void {
    if (!this.isWaiting(op.clientId)) return;
    this.store.remove(this.meetingId, op.clientId);
    this.memoryOnly.delete(op.clientId);
    this.setState({ pending: this.readPending() });
    for (const listener of this.answerListeners) listener(op, answer);
  }

  private reject(op: QueuedOp, status: number, message: string): void {
    if (!this.isWaiting(op.clientId)) return;
    this.store.addRejected(this.meetingId, { op, status, message, at: new Date(this.now()).toISOString() });
    this.store.remove(this.meetingId, op.clientId);
    this.memoryOnly.delete(op.clientId);
    this.setState({ pending: this.readPending(), rejected: this.store.rejected(this.meetingId) });
  }

  private isWaiting(clientId: string): boolean {
    return this.readPending().some((op) => op.clientId === clientId);
  }

  private failed(problem: SyncProblem): void {
    if (problem === 'offline') {
      this.setState({ problem, retryAt: null });
      return;
    }
    // Backoff with jitter: 1, 2, 4 … 60 s (a session or permission problem waits the longest).
    this.failures += 1;
    const exp = problem === 'unreachable' ? this.failures - 1 : 16;
    const delay = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(exp, 16));
    const jittered = Math.round(delay * (0.8 + 0.4 * this.random()));
    this.setState({ problem, retryAt: this.now() + jittered });
    if (this.started) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        void this.sync();
      }, jittered);
    }
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private handleOnline = () => {
    this.failures = 0;
    this.setState({ problem: null });
    void this.sync();
  };

  private handleOffline = () => {
    this.setState({ problem: 'offline', retryAt: null });
  };

  private handleStorage = (event: StorageEvent) => {
    if (event.key === null || event.key.startsWith('crm.checkIn.v1.')) {
      this.setState({ pending: this.readPending(), rejected: this.store.rejected(this.meetingId) });
    }
  };

  private setState(patch: Partial<QueueState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}
