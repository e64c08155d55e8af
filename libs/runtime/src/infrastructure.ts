import { AppConfig } from '@app/config';
import { startEmbeddedPostgres } from '@app/database';
import { startRedisServer } from '@app/queue';

export interface Infrastructure {
  databaseUrl: string;
  redisUrl: string;
  /** What was started here rather than given by URL, for the startup log. */
  embedded: { postgres: boolean; redis: boolean };
  stop(): Promise<void>;
}

/**
 * DESIGN.md "Parts and how they start": use DATABASE_URL / REDIS_URL when set, otherwise start the embedded
 * PostgreSQL and a redis-server from PATH with their data under DATA_DIR. Whatever was started is stopped by stop().
 */
export async function startInfrastructure(
  config: AppConfig,
  log: (m: string) => void,
): Promise<Infrastructure> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    let databaseUrl = config.DATABASE_URL;
    if (!databaseUrl) {
      log(
        `DATABASE_URL saknas: startar inbäddad PostgreSQL i ${config.DATA_DIR}/postgres (port ${config.EMBEDDED_POSTGRES_PORT})`,
      );
      const pg = await startEmbeddedPostgres({
        dataDir: config.DATA_DIR,
        port: config.EMBEDDED_POSTGRES_PORT,
      });
      stops.push(pg.stop);
      databaseUrl = pg.url;
    }
    let redisUrl = config.REDIS_URL;
    if (!redisUrl) {
      log(
        `REDIS_URL saknas: startar redis-server i ${config.DATA_DIR}/redis (port ${config.EMBEDDED_REDIS_PORT})`,
      );
      const redis = await startRedisServer({ dataDir: config.DATA_DIR, port: config.EMBEDDED_REDIS_PORT });
      stops.push(redis.stop);
      redisUrl = redis.url;
    }
    return {
      databaseUrl,
      redisUrl,
      embedded: { postgres: !config.DATABASE_URL, redis: !config.REDIS_URL },
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
