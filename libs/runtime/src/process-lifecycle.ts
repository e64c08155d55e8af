import { StartupError } from '@app/common';
import { AppConfig, ConfigValidationError, loadConfig } from '@app/config';
import { runMigrations } from '@app/database';
import { RedisServerNotFoundError } from '@app/queue';
import { Infrastructure, startInfrastructure } from './infrastructure';

/** A one-line JSON log before Nest's logger exists (same shape as pino's). */
export const bootLog = (msg: string, level: 30 | 40 | 50 = 30): void => {
  process.stdout.write(`${JSON.stringify({ level, time: Date.now(), msg })}\n`);
};

export interface RunningApp {
  close(): Promise<void>;
}

export interface ProcessOptions {
  /** May this process start the embedded PostgreSQL and redis-server (the API), or only attach (a worker)? */
  startsEmbedded?: boolean;
}

/**
 * The life of an API or worker process: validate config, start (or find) PostgreSQL and Redis, migrate, start
 * the app; on SIGTERM/SIGINT close the app first (jobs in flight finish and record) and then stop what this
 * process started, and exit 0. The handlers are installed before anything starts, so a signal during start-up
 * still stops what was started. Shutdown has a deadline (SHUTDOWN_TIMEOUT_SECONDS): past it the process says
 * what it gave up on and exits 1. A failed start says why in one line and exits 1.
 */
export async function runProcess(
  label: { stopping: string; stopped: string },
  start: (config: AppConfig, infra: Infrastructure) => Promise<RunningApp>,
  options: ProcessOptions = {},
): Promise<void> {
  let config: AppConfig | undefined;
  try {
    config = loadConfig();
    const timeoutMs = config.SHUTDOWN_TIMEOUT_SECONDS * 1000;
    let starting: Promise<Infrastructure> | undefined;
    let infra: Infrastructure | undefined;
    let app: RunningApp | undefined;
    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      bootLog(`${signal} mottagen: ${label.stopping}`);
      // Whatever happens below, the process ends by the deadline (plus a moment to say so).
      setTimeout(() => {
        bootLog(`Avstängningen blev inte klar inom ${timeoutMs / 1000} s: avslutar ändå`, 50);
        process.exit(1);
      }, timeoutMs + 2000);
      const code = await stopWithin(
        timeoutMs,
        () => app,
        async (budget) => {
          if (!infra && starting) {
            const started = await settleWithin(starting, budget);
            if (started.state === 'done') infra = started.value;
          }
          return infra;
        },
      );
      if (code === 0) bootLog(label.stopped);
      process.exit(code);
    };
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void shutdown(signal));

    try {
      starting = startInfrastructure(config, bootLog, { mayStartEmbedded: options.startsEmbedded ?? true });
      infra = await starting;
      const applied = await runMigrations(infra.databaseUrl);
      if (applied.length > 0) bootLog(`Migreringar körda: ${applied.join(', ')}`);
      if (stopping) return;
      app = await start(config, infra);
    } catch (err) {
      if (stopping) return;
      stopping = true;
      await infra?.stop();
      throw err;
    }
  } catch (err) {
    process.stderr.write(`${startFailure(err, config?.LOG_LEVEL)}\n`);
    process.exit(1);
  }
}

type Settled<T> = { state: 'done'; value: T } | { state: 'failed'; error: unknown } | { state: 'timeout' };

function settleWithin<T>(promise: Promise<T>, ms: number): Promise<Settled<T>> {
  return new Promise((res) => {
    const timer = setTimeout(() => res({ state: 'timeout' }), Math.max(ms, 0));
    promise.then(
      (value) => {
        clearTimeout(timer);
        res({ state: 'done', value });
      },
      (error: unknown) => {
        clearTimeout(timer);
        res({ state: 'failed', error });
      },
    );
  });
}

/**
 * Closes the app, then stops the embedded servers, within `timeoutMs` together: the app gets three quarters
 * when there are servers to stop after it. Answers the exit code: 1 if something failed or was given up on.
 */
async function stopWithin(
  timeoutMs: number,
  app: () => RunningApp | undefined,
  infra: (budget: number) => Promise<Infrastructure | undefined>,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const problems: string[] = [];
  const gaveUp: string[] = [];
  const servers = await infra(timeoutMs / 4);
  const owned = servers && (servers.embedded.postgres || servers.embedded.redis);
  const running = app();
  if (running) {
    const budget = owned ? Math.round((deadline - Date.now()) * 0.75) : deadline - Date.now();
    const closed = await settleWithin(running.close(), budget);
    if (closed.state === 'timeout') {
      gaveUp.push('att vänta på att appen stängs (pågående jobb och anslutningar till Redis och PostgreSQL)');
    } else if (closed.state === 'failed') problems.push(`appen: ${describeError(closed.error)}`);
  }
  if (servers) {
    const stopped = await settleWithin(servers.stop(), Math.max(deadline - Date.now(), 1000));
    if (stopped.state === 'timeout')
      gaveUp.push('att vänta på att den inbäddade PostgreSQL och redis-server stannar');
    else if (stopped.state === 'failed')
      problems.push(`de inbäddade tjänsterna: ${describeError(stopped.error)}`);
  }
  if (problems.length > 0) bootLog(`Fel vid avstängning: ${problems.join('; ')}`, 50);
  if (gaveUp.length > 0) {
    bootLog(
      `Avstängningen tog längre än ${timeoutMs / 1000} s (SHUTDOWN_TIMEOUT_SECONDS): gav upp ${gaveUp.join(' och ')}; avslutar ändå`,
      50,
    );
  }
  return problems.length > 0 || gaveUp.length > 0 ? 1 : 0;
}

/** The line (or, for LOG_LEVEL debug/trace, lines) a failed start prints on stderr. */
export function startFailure(err: unknown, logLevel?: string): string {
  if (
    err instanceof ConfigValidationError ||
    err instanceof RedisServerNotFoundError ||
    err instanceof StartupError
  ) {
    return err.message;
  }
  const e = err as NodeJS.ErrnoException & { port?: number };
  if (e instanceof Error && e.code === 'EADDRINUSE' && e.syscall === 'listen') {
    return `Kunde inte starta: port ${e.port ?? ''} är redan upptagen av en annan process; välj en annan med PORT`;
  }
  const line = `Kunde inte starta: ${describeError(err)}`;
  const verbose = logLevel === 'debug' || logLevel === 'trace';
  return verbose && err instanceof Error && err.stack ? `${line}\n${err.stack}` : line;
}

/**
 * An error in one line that always says something: its message (with its code), the parts of an
 * AggregateError (a connection refused on both ::1 and 127.0.0.1 has an empty message), or, for an error
 * without any, what it is and where it was thrown.
 */
export function describeError(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) {
    return [...new Set(err.errors.map(describeError))].join('; ');
  }
  if (err instanceof Error) {
    const e = err as NodeJS.ErrnoException;
    const message = (e.message ?? '').trim().split('\n')[0];
    if (message) return e.code && !message.includes(e.code) ? `${message} (${e.code})` : message;
    if (e.code) return `${e.name}: ${e.code}`;
    const where = e.stack
      ?.split('\n')
      .find((l) => l.trim().startsWith('at '))
      ?.trim()
      .slice(3);
    return `${e.name} utan felmeddelande${where ? `, kastat i ${where}` : ''}`;
  }
  if (err === undefined || err === null) return `ett fel utan beskrivning kastades (${String(err)})`;
  if (typeof err === 'string') return err.trim() || 'ett tomt felmeddelande kastades';
  try {
    return JSON.stringify(err);
  } catch {
    return String(err);
  }
}
