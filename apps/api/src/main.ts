import 'reflect-metadata';
import { bootLog, runProcess } from '@app/runtime';
import { createApiApp } from './bootstrap';

/** One command, everything: API (and by default the worker) on the embedded defaults. */
void runProcess({ stopping: 'stänger av', stopped: 'Avstängd utan fel' }, async (config, infra) => {
  const app = await createApiApp({
    config,
    databaseUrl: infra.databaseUrl,
    redisUrl: infra.redisUrl,
    withWorker: config.runsWorker,
  });
  await app.listen(config.PORT);
  bootLog(
    `Outreach CRM lyssnar på ${config.PUBLIC_BASE_URL} (port ${config.PORT}, roll ${config.PROCESS_ROLE})`,
  );
  return app;
});
