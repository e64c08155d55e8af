import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { Socket } from 'node:net';
import { join, resolve } from 'node:path';
// Relative, not '@app/common': test/support/global-setup.ts loads this lib with plain Node resolution, which
// knows no path aliases.
import {
  lastLogLine,
  newSecret,
  portInUse,
  processExists,
  processName,
  readSecretFile,
  runByLiveNodeProcess,
  signalAndWait,
  StartupError,
  tiedToThisProcess,
  waitFor,
  writeSecretFile,
} from '../../common/src';

export interface StartedRedis {
  /** redis://:password@127.0.0.1:port */
  url: string;
  /** The same without the password, for logs. */
  address: string;
  pid: number;
  stop(): Promise<void>;
}

export interface RedisServerOptions {
  /** DATA_DIR: the data, config, log and pid file go to DATA_DIR/redis, the password to DATA_DIR/embedded-redis.json. */
  dataDir: string;
  port: number;
  log?: (message: string) => void;
  /** Stop the server when this process dies, even by kill -9 (default true; tests simulate leftovers with false). */
  tieToParent?: boolean;
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

const READY_TIMEOUT_MS = 10_000;

/**
 * Starts `redis-server` from PATH with its data under `<dataDir>/redis`: append-only, no eviction, bound to
 * loopback, with a password generated on the first start (kept in DATA_DIR/embedded-redis.json, mode 600).
 * Settings go in a config file of mode 600, so the password is not on the command line. A redis-server left
 * running by a process that died is stopped first.
 */
export async function startRedisServer(options: RedisServerOptions): Promise<StartedRedis> {
  const log = options.log ?? (() => undefined);
  const binary = findRedisServer();
  if (!binary) throw new RedisServerNotFoundError();
  const home = resolve(options.dataDir);
  const dir = join(home, 'redis');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const secretsFile = join(home, 'embedded-redis.json');
  const password = readSecretFile<{ password?: string }>(secretsFile)?.password ?? newSecret();
  writeSecretFile(secretsFile, { password });

  const pidFile = join(dir, 'redis.pid');
  await stopLeftover(dir, pidFile, log);
  if (await portInUse(options.port)) {
    throw new StartupError(
      `Port ${options.port} på 127.0.0.1 är redan upptagen av en annan process, så redis-server kan inte starta där; välj en annan port med EMBEDDED_REDIS_PORT eller stoppa det som lyssnar där`,
    );
  }

  const logFile = join(dir, 'redis.log');
  const config = join(dir, 'redis.conf');
  const quoted = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  writeFileSync(
    config,
    [
      `port ${options.port}`,
      'bind 127.0.0.1',
      'protected-mode yes',
      `dir ${quoted(dir)}`,
      'appendonly yes',
      'save ""',
      'maxmemory-policy noeviction',
      'daemonize no',
      `logfile ${quoted(logFile)}`,
      `pidfile ${quoted(pidFile)}`,
      `requirepass ${quoted(password)}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  chmodSync(config, 0o600);

  const run =
    (options.tieToParent ?? true)
      ? tiedToThisProcess(binary, [config], 'TERM')
      : { command: binary, args: [config] };
  const child = spawn(run.command, run.args, { stdio: 'ignore' });
  let exited = false;
  let spawnError: string | undefined;
  const exit = new Promise<void>((res) =>
    child.once('exit', () => {
      exited = true;
      res();
    }),
  );
  child.once('error', (err: NodeJS.ErrnoException) => {
    spawnError = err.code ?? err.message;
    exited = true;
  });
  const stop = () => stopChild(child, exit, () => exited);

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exited) {
      const line = lastLogLine(logFile, /#|error|Address already in use/i);
      throw new StartupError(
        spawnError
          ? `redis-server (${binary}) kunde inte startas: ${spawnError}`
          : /Address already in use/i.test(line ?? '')
            ? `Port ${options.port} på 127.0.0.1 är redan upptagen, så redis-server kan inte starta där; välj en annan port med EMBEDDED_REDIS_PORT`
            : `redis-server avslutades direkt: ${line ?? 'inget i loggen'} (se ${logFile})`,
      );
    }
    if ((await pingRedis(options.port, password, 1000)) === 'PONG') break;
    if (Date.now() > deadline) {
      await stop();
      throw new StartupError(
        `redis-server svarade inte på port ${options.port} inom ${READY_TIMEOUT_MS / 1000} s (se ${logFile})`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://:${password}@127.0.0.1:${options.port}`,
    address: `redis://127.0.0.1:${options.port}`,
    pid: child.pid ?? 0,
    stop,
  };
}

/**
 * AUTH and PING on a fresh connection, in plain RESP: 'PONG' when ready, otherwise the server's error
 * ('LOADING …', 'WRONGPASS …') or why there was no answer.
 */
export function pingRedis(
  port: number,
  password: string,
  timeoutMs: number,
  host = '127.0.0.1',
): Promise<string> {
  const command = (...parts: string[]) =>
    `*${parts.length}\r\n${parts.map((p) => `$${Buffer.byteLength(p)}\r\n${p}\r\n`).join('')}`;
  return new Promise((res) => {
    const socket = new Socket();
    let answer = '';
    const done = (result: string) => {
      socket.destroy();
      res(result);
    };
    socket.setTimeout(timeoutMs, () => done('ingen svar (timeout)'));
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code ?? err.message));
    socket.once('close', () => done('förbindelsen stängdes'));
    socket.on('data', (d: Buffer) => {
      answer += d.toString();
      const lines = answer.split('\r\n');
      if (lines.length < 3) return; // both replies are one line each
      const error = lines.slice(0, 2).find((l) => l.startsWith('-'));
      done(error ? error.slice(1) : lines[1] === '+PONG' ? 'PONG' : lines[1]);
    });
    socket.connect(port, host, () => socket.write(command('AUTH', password) + command('PING')));
  });
}

/**
 * A redis-server still running on this data from a process that died: found by its pid file, or (left by a
 * version that wrote none) as a redis-server whose working directory is this one. Stopped, after which it has
 * written its append-only file.
 */
async function stopLeftover(dir: string, pidFile: string, log: (m: string) => void): Promise<void> {
  let pid: number | undefined;
  try {
    pid = Number(readFileSync(pidFile, 'utf8').trim());
  } catch {
    pid = undefined;
  }
  if (pid !== undefined && processExists(pid)) {
    const name = processName(pid);
    if (name !== undefined && !name.startsWith('redis-server')) pid = undefined;
  } else pid = undefined;
  pid ??= redisServerIn(dir);
  if (pid === undefined) {
    rmSync(pidFile, { force: true });
    return;
  }
  const owner = runByLiveNodeProcess(pid);
  if (owner !== undefined) {
    throw new StartupError(
      `redis-server för ${dir} körs redan (pid ${pid}) under en annan process som lever (pid ${owner}); stoppa den processen först`,
    );
  }
  log(`En redis-server från en tidigare körning (pid ${pid}) körs fortfarande för ${dir}: stoppar den`);
  if (!(await signalAndWait(pid, 'SIGTERM', 15_000)) && !(await signalAndWait(pid, 'SIGKILL', 5_000))) {
    throw new StartupError(
      `Den kvarlämnade redis-server (pid ${pid}) gick inte att stoppa; stoppa den för hand`,
    );
  }
  rmSync(pidFile, { force: true });
}

/** Linux: the pid of a redis-server working in `dir` (redis-server changes to its data directory). */
function redisServerIn(dir: string): number | undefined {
  let real: string;
  let entries: string[];
  try {
    real = realpathSync(dir);
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (!processName(pid)?.startsWith('redis-server')) continue;
    try {
      if (readlinkSync(`/proc/${pid}/cwd`) === real) return pid;
    } catch {
      // gone, or not ours to look at
    }
  }
  return undefined;
}

async function stopChild(child: ChildProcess, exit: Promise<void>, exited: () => boolean): Promise<void> {
  if (exited() || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  // redis-server writes its append-only file on SIGTERM; a frozen one (SIGSTOP) never would.
  if (!(await waitFor(exited, 10_000, 50))) {
    child.kill('SIGKILL');
    await exit;
  }
}
