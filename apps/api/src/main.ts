import 'reflect-metadata';
import { ConfigValidationError, loadConfig } from '@app/config';
import { runMigrations } from '@app/database';
import { RedisServerNotFoundError } from '@app/queue';
import { startInfrastructure } from '@app/runtime';
import { createApiApp } from './bootstrap';

/** One command, everything: API (and by default the worker) on the embedded defaults. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = (m: string) =>
    process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), msg: m })}\n`);
  const infra = await startInfrastructure(config, log);
  let stopping = false;
  const stopInfra = async () => {
    if (stopping) return;
    stopping = true;
    await infra.stop();
  };
  try {
    const applied = await runMigrations(infra.databaseUrl);
    if (applied.length > 0) log(`Migreringar körda: ${applied.join(', ')}`);
    const app = await createApiApp({
      config,
      databaseUrl: infra.databaseUrl,
      redisUrl: infra.redisUrl,
      withWorker: config.runsWorker,
    });
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        void app
          .close()
          .then(stopInfra)
          .then(() => process.exit(0));
      });
    }
    await app.listen(config.PORT);
    log(
      `Outreach CRM lyssnar på ${config.PUBLIC_BASE_URL} (port ${config.PORT}, roll ${config.PROCESS_ROLE})`,
    );
  } catch (err) {
    await stopInfra();
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
