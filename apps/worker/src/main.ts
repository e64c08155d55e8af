import 'reflect-metadata';
import { ConfigValidationError, loadConfig } from '@app/config';
import { runMigrations } from '@app/database';
import { RedisServerNotFoundError } from '@app/queue';
import { Infrastructure, startInfrastructure } from '@app/runtime';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

const log = (m: string) =>
  process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), msg: m })}\n`);

/** A queue worker on its own (PROCESS_ROLE is ignored): scale these out beside the API processes. */
async function main(): Promise<void> {
  const config = loadConfig();
  let infra: Infrastructure | undefined;
  let app: INestApplicationContext | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal} mottagen: arbetaren avslutar pågående jobb`);
    try {
      await app?.close();
      await infra?.stop();
      log('Arbetaren avstängd utan fel');
      process.exit(0);
    } catch (err) {
      process.stderr.write(`Fel vid avstängning: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    }
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void shutdown(signal));

  try {
    infra = await startInfrastructure(config, log);
    await runMigrations(infra.databaseUrl);
    app = await NestFactory.createApplicationContext(
      WorkerModule.forRoot({ config, databaseUrl: infra.databaseUrl, redisUrl: infra.redisUrl }),
      { bufferLogs: true },
    );
    app.useLogger(app.get(Logger));
    log('Arbetaren är igång');
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
      `Arbetaren kunde inte starta: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  }
  process.exit(1);
});
