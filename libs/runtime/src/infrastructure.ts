import { processIdentity, StartupError } from '@app/common';
import { AppConfig } from '@app/config';
import { startEmbeddedPostgres } from '@app/database';
import { pingRedis, startRedisServer } from '@app/queue';
import { resolve } from 'node:path';
import { Client } from 'pg';
import {
  claimRuntime,
  readRuntime,
  removeRuntime,
  RuntimeInfo,
  runtimeFilePath,
  writeRuntime,
} from './runtime-file';

export interface Infrastructure {
  databaseUrl: string;
  redisUrl: string;
  /** What was started here rather than given by URL or found running, for the startup log. */
  embedded: { postgres: boolean; redis: boolean };
  /** The pid of the process whose embedded servers this one uses (found through DATA_DIR/runtime.json). */
  attachedTo?: number;
  /** Stops what this process started; attached servers are left running. */
  stop(): Promise<void>;
}

export interface InfrastructureOptions {
  /**
   * May this process start the embedded servers when none run for DATA_DIR? The API may; a worker process only
   * attaches to those of a running `npm start` and otherwise says why it cannot.
   */
  mayStartEmbedded?: boolean;
}

/** How long an attaching process waits for the servers another process is starting (initdb on a first start). */
const WAIT_FOR_OWNER_MS = 120_000;

/**
 * DESIGN.md "Parts and how they start": use DATABASE_URL / REDIS_URL when set. Otherwise the embedded
 * PostgreSQL and a redis-server from PATH with their data under DATA_DIR: if a live process already runs them
 * (DATA_DIR/runtime.json), attach to those; if not, start them (API) or say why not (worker). Whatever was
 * started here is stopped by stop().
 */
export async function startInfrastructure(
  config: AppConfig,
  log: (m: string) => void,
  options: InfrastructureOptions = {},
): Promise<Infrastructure> {
  const want = { postgres: !config.DATABASE_URL, redis: !config.REDIS_URL };
  if (!want.postgres && !want.redis) {
    return {
      databaseUrl: config.DATABASE_URL!,
      redisUrl: config.REDIS_URL!,
      embedded: { postgres: false, redis: false },
      stop: async () => undefined,
    };
  }
  const dataDir = resolve(config.DATA_DIR);
  const file = runtimeFilePath(dataDir);
  const mayStart = options.mayStartEmbedded ?? true;
  const instead = 'eller ange DATABASE_URL och REDIS_URL';

  for (let attempt = 0; attempt < 5; attempt++) {
    const found = readRuntime(dataDir);
    switch (found.kind) {
      case 'unreadable':
        throw new StartupError(
          `Kan inte läsa ${file} (${found.reason}): kör som samma användare som "npm start", ${instead}`,
        );
      case 'corrupt':
        if (!mayStart)
          throw new StartupError(`${file} går inte att tolka: starta om "npm start", ${instead}`);
        log(`${file} går inte att tolka: tar bort den och startar de inbäddade tjänsterna`);
        removeRuntime(dataDir);
        continue;
      case 'stale':
        if (!mayStart) {
          throw new StartupError(
            `Processen som startade de inbäddade tjänsterna för ${dataDir} (pid ${found.info.pid}) körs inte längre (${file} är kvar efter den): starta "npm start" igen, ${instead}`,
          );
        }
        log(
          `${file} är kvar från process ${found.info.pid}, som inte längre körs: tar över och startar de inbäddade tjänsterna`,
        );
        removeRuntime(dataDir, found.info.pid);
        continue;
      case 'live': {
        const info =
          found.info.state === 'running' ? found.info : await waitUntilRunning(dataDir, found.info);
        return attach(info, config, want, file, log);
      }
      case 'none':
        if (!mayStart) {
          throw new StartupError(
            `Ingen inbäddad PostgreSQL eller Redis körs för DATA_DIR=${dataDir} (${file} saknas): starta först "npm start" med samma DATA_DIR, ${instead}`,
          );
        }
        if (!claimRuntime(dataDir)) continue; // another process took it a moment ago: look again
        return startOwned(config, dataDir, want, file, log);
    }
  }
  throw new StartupError(`${file} ändrades hela tiden under starten; försök igen`);
}

async function waitUntilRunning(dataDir: string, starting: RuntimeInfo): Promise<RuntimeInfo> {
  const deadline = Date.now() + WAIT_FOR_OWNER_MS;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    const found = readRuntime(dataDir);
    if (found.kind === 'live' && found.info.state === 'running') return found.info;
    if (found.kind !== 'live') {
      throw new StartupError(
        `Processen som startade de inbäddade tjänsterna för ${dataDir} (pid ${starting.pid}) avslutades innan de var igång; se dess logg`,
      );
    }
  }
  throw new StartupError(
    `De inbäddade tjänsterna för ${dataDir}, som process ${starting.pid} startar, var inte igång inom ${WAIT_FOR_OWNER_MS / 1000} s`,
  );
}

/** Uses the servers another live process runs, after checking that they answer; never stops them. */
async function attach(
  info: RuntimeInfo,
  config: AppConfig,
  want: { postgres: boolean; redis: boolean },
  file: string,
  log: (m: string) => void,
): Promise<Infrastructure> {
  const owner = `process ${info.pid}`;
  const parts: string[] = [];
  let databaseUrl = config.DATABASE_URL;
  if (want.postgres) {
    if (!info.postgres) {
      throw new StartupError(
        `${owner}, som kör de inbäddade tjänsterna (${file}), startade ingen PostgreSQL utan använder DATABASE_URL: ange samma DATABASE_URL här`,
      );
    }
    const problem = await postgresProblem(info.postgres.url);
    if (problem) {
      throw new StartupError(
        `Den inbäddade PostgreSQL på ${info.postgres.address} (startad av ${owner}) svarar inte: ${problem}`,
      );
    }
    databaseUrl = info.postgres.url;
    parts.push(`PostgreSQL på ${info.postgres.address}`);
  }
  let redisUrl = config.REDIS_URL;
  if (want.redis) {
    if (!info.redis) {
      throw new StartupError(
        `${owner}, som kör de inbäddade tjänsterna (${file}), startade ingen redis-server utan använder REDIS_URL: ange samma REDIS_URL här`,
      );
    }
    const url = new URL(info.redis.url);
    const answer = await pingRedis(Number(url.port), decodeURIComponent(url.password), 2000, url.hostname);
    if (answer !== 'PONG') {
      throw new StartupError(
        `Den inbäddade Redis på ${info.redis.address} (startad av ${owner}) svarar inte: ${answer}`,
      );
    }
    redisUrl = info.redis.url;
    parts.push(`Redis på ${info.redis.address}`);
  }
  log(`Ansluter till inbäddad ${parts.join(' och ')}, startade av ${owner} (enligt ${file})`);
  return {
    databaseUrl: databaseUrl!,
    redisUrl: redisUrl!,
    embedded: { postgres: false, redis: false },
    attachedTo: info.pid,
    stop: async () => undefined,
  };
}

async function postgresProblem(url: string): Promise<string | undefined> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000, query_timeout: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return e.message || e.code || 'okänt fel';
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Starts what is missing under DATA_DIR, holding runtime.json; records the servers in it once they answer. */
async function startOwned(
  config: AppConfig,
  dataDir: string,
  want: { postgres: boolean; redis: boolean },
  file: string,
  log: (m: string) => void,
): Promise<Infrastructure> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    stops.length = 0;
  };
  const info: RuntimeInfo = {
    pid: process.pid,
    identity: processIdentity(process.pid),
    state: 'starting',
    startedAt: new Date().toISOString(),
  };
  try {
    let databaseUrl = config.DATABASE_URL;
    if (want.postgres) {
      log(
        `DATABASE_URL saknas: startar inbäddad PostgreSQL på 127.0.0.1:${config.EMBEDDED_POSTGRES_PORT} med data under ${dataDir}`,
      );
      const pg = await startEmbeddedPostgres({ dataDir, port: config.EMBEDDED_POSTGRES_PORT, log });
      stops.push(pg.stop);
      databaseUrl = pg.url;
      info.postgres = { url: pg.url, address: pg.address, pid: pg.pid, dataDirectory: pg.dataDirectory };
      log(
        `Inbäddad PostgreSQL igång: ${pg.address} (data i ${pg.dataDirectory}, logg i ${dataDir}/postgres.log)`,
      );
    }
    let redisUrl = config.REDIS_URL;
    if (want.redis) {
      log(
        `REDIS_URL saknas: startar redis-server på 127.0.0.1:${config.EMBEDDED_REDIS_PORT} med data i ${dataDir}/redis`,
      );
      const redis = await startRedisServer({ dataDir, port: config.EMBEDDED_REDIS_PORT, log });
      stops.push(redis.stop);
      redisUrl = redis.url;
      info.redis = { url: redis.url, address: redis.address, pid: redis.pid };
      log(`Inbäddad Redis igång: ${redis.address} (data och logg i ${dataDir}/redis)`);
    }
    writeRuntime(dataDir, { ...info, state: 'running' });
    log(
      `Adresserna med lösenord står i ${file} (läsbar bara för ägaren); fler processer med samma DATA_DIR, t.ex. "npm run start:worker", ansluter via den`,
    );
    return {
      databaseUrl: databaseUrl!,
      redisUrl: redisUrl!,
      embedded: want,
      stop: async () => {
        await stopAll();
        removeRuntime(dataDir, process.pid);
      },
    };
  } catch (err) {
    await stopAll();
    removeRuntime(dataDir, process.pid);
    throw err;
  }
}
