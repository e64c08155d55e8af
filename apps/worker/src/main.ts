import 'reflect-metadata';
import { ConfigValidationError, loadConfig } from '@app/config';
import { runMigrations } from '@app/database';
import { RedisServerNotFoundError } from '@app/queue';
import { startInfrastructure } from '@app/runtime';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

/** A queue worker on its own (PROCESS_ROLE is ignored): scale these out beside the API processes. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = (m: string) =>
    process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), msg: m })}\n`);
  const infra = await startInfrastructure(config, log);
  await runMigrations(infra.databaseUrl);
  const app = await NestFactory.createApplicationContext(
    WorkerModule.forRoot({ config, databaseUrl: infra.databaseUrl, redisUrl: infra.redisUrl }),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void app
        .close()
        .then(() => infra.stop())
        .then(() => process.exit(0));
    });
  }
  log('Arbetaren är igång');
}

main().catch((err: unknown) => {
  if (err instanceof ConfigValidationError || err instanceof RedisServerNotFoundError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(
      `Arbetaren kunde inte starta: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  }
  process.exit(1);
});
