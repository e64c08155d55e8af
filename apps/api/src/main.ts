import 'reflect-metadata';
import { ConfigValidationError, loadConfig } from '@app/config';
import { runMigrations } from '@app/database';
import { RedisServerNotFoundError } from '@app/queue';
import { Infrastructure, startInfrastructure } from '@app/runtime';
import type { INestApplication } from '@nestjs/common';
import { createApiApp } from './bootstrap';

const log = (m: string) =>
  process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), msg: m })}\n`);

/** One command, everything: API (and by default the worker) on the embedded defaults. */
async function main(): Promise<void> {
  const config = loadConfig();
  let infra: Infrastructure | undefined;
  let app: INestApplication | undefined;
  let stopping = false;
  // Installed before anything starts, so a signal during start-up still stops what was started.
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal} mottagen: stänger av`);
    try {
      await app?.close(); // stops taking jobs, lets jobs in flight finish, closes HTTP and the pools
      await infra?.stop(); // then the embedded PostgreSQL and Redis, if this process started them
      log('Avstängd utan fel');
      process.exit(0);
    } catch (err) {
      process.stderr.write(`Fel vid avstängning: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    }
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void shutdown(signal));

  try {
    infra = await startInfrastructure(config, log);
    const applied = await runMigrations(infra.databaseUrl);
    if (applied.length > 0) log(`Migreringar körda: ${applied.join(', ')}`);
    app = await createApiApp({
      config,
      databaseUrl: infra.databaseUrl,
      redisUrl: infra.redisUrl,
      withWorker: config.runsWorker,
    });
    await app.listen(config.PORT);
    log(
      `Outreach CRM lyssnar på ${config.PUBLIC_BASE_URL} (port ${config.PORT}, roll ${config.PROCESS_ROLE})`,
    );
  } catch (err) {
    await infra?.stop();
    throw err;
  }
}

main().catch((err: unknown) => {
  if (err instanceof ConfigValidationError || err instanceof RedisServerNotFoundError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(
      `Kunde inte starta: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  }
  process.exit(1);
});
