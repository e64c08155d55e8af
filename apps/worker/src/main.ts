import 'reflect-metadata';
import { bootLog, runProcess } from '@app/runtime';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

/**
 * A queue worker on its own (PROCESS_ROLE is ignored): scale these out beside the API processes. Without
 * DATABASE_URL / REDIS_URL it attaches to the embedded servers of a running `npm start` on the same DATA_DIR
 * (DATA_DIR/runtime.json) and never starts or stops them itself.
 */
void runProcess(
  { stopping: 'arbetaren avslutar pågående jobb', stopped: 'Arbetaren avstängd utan fel' },
  async (config, infra) => {
    const app = await NestFactory.createApplicationContext(
      WorkerModule.forRoot({ config, databaseUrl: infra.databaseUrl, redisUrl: infra.redisUrl }),
      { bufferLogs: true },
    );
    app.useLogger(app.get(Logger));
    bootLog('Arbetaren är igång');
    return app;
  },
  { startsEmbedded: false },
);
