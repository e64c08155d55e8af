import { loadConfig } from '@app/config';
import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createApiApp } from '../../apps/api/src/bootstrap';

/** The real API (createApiApp, as production) on a loopback port, and a staff session on it. */
export interface BenchApi {
  app: INestApplication;
  base: string;
  /** The session cookie, `name=value`. */
  cookie: string;
}

/** Starts the API on `databaseUrl` with a first admin and logs in as that admin; no worker. */
export async function startBenchApi(options: {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  env?: Record<string, string>;
}): Promise<BenchApi> {
  const password = randomBytes(12).toString('hex');
  const env = {
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    QUEUE_PREFIX: options.queuePrefix,
    PUBLIC_BASE_URL: 'http://127.0.0.1',
    ADMIN_EMAIL: 'bench@example.se',
    ADMIN_PASSWORD: password,
    ...options.env,
  };
  const app = await createApiApp({
    config: loadConfig(env),
    databaseUrl: options.databaseUrl,
    redisUrl: options.redisUrl,
    withWorker: false,
  });
  try {
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: env.ADMIN_EMAIL, password }),
    });
    if (login.status !== 200)
      throw new Error(`Inloggningen misslyckades: ${login.status} ${await login.text()}`);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    if (cookie.indexOf('=') < 1) throw new Error(`Ingen sessionskaka i svaret på inloggningen: ${cookie}`);
    return { app, base, cookie };
  } catch (err) {
    await app.close();
    throw err;
  }
}
