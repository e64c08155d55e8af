import { startEmbeddedPostgres, StartedPostgres } from '../../libs/database/src';
import { startRedisServer, StartedRedis } from '../../libs/queue/src';
import Redis from 'ioredis';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** The PostgreSQL and Redis the tests use: the ones running here if any, otherwise started for this run. */
export interface TestServers {
  adminDatabaseUrl: string;
  redisUrl: string;
  stop(): Promise<void>;
}

const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/postgres';
const DEFAULT_REDIS = 'redis://127.0.0.1:6379';

async function pgAnswers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

export async function startTestServers(log: (m: string) => void): Promise<TestServers> {
  const stops: (() => Promise<void>)[] = [];
  let adminDatabaseUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_PG;
  if (!(await pgAnswers(adminDatabaseUrl))) {
    const dataDir = mkdtempSync(join(tmpdir(), 'crm-test-pg-'));
    log(
      `Ingen PostgreSQL på ${adminDatabaseUrl.replace(/:[^:@/]*@/, ':***@')}: startar inbäddad i ${dataDir}`,
    );
    const pg: StartedPostgres = await startEmbeddedPostgres({ dataDir, port: 54339, database: 'postgres' });
    stops.push(pg.stop);
    adminDatabaseUrl = pg.url;
  }
  let redisUrl = process.env.TEST_REDIS_URL ?? DEFAULT_REDIS;
  if (!(await redisAnswers(redisUrl))) {
    const dataDir = mkdtempSync(join(tmpdir(), 'crm-test-redis-'));
    log(`Ingen Redis på ${redisUrl}: startar redis-server i ${dataDir}`);
    const redis: StartedRedis = await startRedisServer({ dataDir, port: 63799 });
    stops.push(redis.stop);
    redisUrl = redis.url;
  }
  return {
    adminDatabaseUrl,
    redisUrl,
    stop: async () => {
      for (const stop of stops.reverse()) await stop();
    },
  };
}

export function databaseUrl(adminUrl: string, database: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  return u.toString();
}
