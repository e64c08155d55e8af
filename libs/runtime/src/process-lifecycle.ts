import { AppConfig, ConfigValidationError, loadConfig } from '@app/config';
import { runMigrations } from '@app/database';
import { RedisServerNotFoundError } from '@app/queue';
import { Infrastructure, startInfrastructure } from './infrastructure';

/** A one-line JSON log before Nest's logger exists (same shape as pino's). */
export const bootLog = (msg: string): void => {
  process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), msg })}\n`);
};

export interface RunningApp {
  close(): Promise<void>;
}

/**
 * The life of an API or worker process: validate config, start (or find) PostgreSQL and Redis, migrate, start
 * the app; on SIGTERM/SIGINT close the app first (jobs in flight finish and record) and then stop what this
 * process started, and exit 0. The handlers are installed before anything starts, so a signal during start-up
 * still stops what was started.
 */
export async function runProcess(
  label: { stopping: string; stopped: string },
  start: (config: AppConfig, infra: Infrastructure) => Promise<RunningApp>,
): Promise<void> {
  try {
    const config = loadConfig();
    let infra: Infrastructure | undefined;
    let app: RunningApp | undefined;
    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      bootLog(`${signal} mottagen: ${label.stopping}`);
      try {
        await app?.close();
        await infra?.stop();
        bootLog(label.stopped);
        process.exit(0);
      } catch (err) {
        process.stderr.write(`Fel vid avstängning: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      }
    };
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void shutdown(signal));

    try {
      infra = await startInfrastructure(config, bootLog);
      const applied = await runMigrations(infra.databaseUrl);
      if (applied.length > 0) bootLog(`Migreringar körda: ${applied.join(', ')}`);
      app = await start(config, infra);
    } catch (err) {
      await infra?.stop();
      throw err;
    }
  } catch (err) {
    if (err instanceof ConfigValidationError || err instanceof RedisServerNotFoundError) {
      process.stderr.write(`${err.message}\n`);
    } else {
      process.stderr.write(
        `Kunde inte starta: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
    }
    process.exit(1);
  }
}
