import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Socket } from 'node:net';

export interface StartedRedis {
  url: string;
  stop(): Promise<void>;
}

export class RedisServerNotFoundError extends Error {
  constructor() {
    super(
      'REDIS_URL är inte satt och inget redis-server-program finns i PATH.\n' +
        '  Installera Redis (Debian/Ubuntu: "sudo apt-get install redis-server", macOS: "brew install redis")\n' +
        '  eller peka på en befintlig Redis med REDIS_URL=redis://värd:6379.',
    );
    this.name = 'RedisServerNotFoundError';
  }
}

export function findRedisServer(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path ? path : undefined;
}

/** Starts `redis-server` from PATH, append-only, with its data under `<dataDir>/redis`, bound to loopback. */
export async function startRedisServer(options: { dataDir: string; port: number }): Promise<StartedRedis> {
  const binary = findRedisServer();
  if (!binary) throw new RedisServerNotFoundError();
  const dir = resolve(options.dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const child = spawn(
    binary,
    [
      '--port',
      String(options.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--save',
      '',
      '--maxmemory-policy',
      'noeviction',
      '--daemonize',
      'no',
      '--logfile',
      resolve(dir, 'redis.log'),
    ],
    { stdio: 'ignore' },
  );
  let exited = false;
  child.once('exit', () => (exited = true));
  await waitForPort(options.port, () => exited);
  return { url: `redis://127.0.0.1:${options.port}`, stop: () => stopChild(child) };
}

async function waitForPort(port: number, hasExited: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (hasExited())
      throw new Error(`redis-server avslutades direkt; är port ${port} upptagen? Se data/redis/redis.log`);
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server svarade inte på port ${port} inom 10 s`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((res) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      res(true);
    });
    socket.once('error', () => res(false));
    socket.connect(port, '127.0.0.1');
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((res) => {
    child.once('exit', () => res());
    child.kill('SIGTERM');
  });
}
