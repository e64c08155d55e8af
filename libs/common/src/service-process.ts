import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fstatSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { Socket } from 'node:net';

/**
 * Helpers for the servers a process starts itself (the embedded PostgreSQL and redis-server) and for finding
 * them again from another process. Linux details (/proc, setpriv) are used where there and skipped elsewhere.
 */

/**
 * A start-up problem the operator can fix, told in one Swedish line (no stack trace): a busy port, a data
 * directory another server uses, no running services to attach to, an unreadable file.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/** A random secret that needs no escaping in a URL, a config file or SQL. */
export function newSecret(): string {
  return randomBytes(24).toString('hex');
}

/** True if a process with this pid exists, also one of another user. */
export function processExists(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function procStatFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/**
 * On Linux, the boot and start time of a process: a later process that reuses the pid (after a reboot or a
 * container restart) has another. Undefined where there is no /proc or the process is gone.
 */
export function processIdentity(pid: number): string | undefined {
  const fields = procStatFields(pid);
  if (!fields) return undefined;
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return `${boot}:${fields[19]}`; // field 22 of /proc/<pid>/stat, counted from the state (field 3)
  } catch {
    return undefined;
  }
}

/** The program name of a process (Linux), e.g. `postgres` or `redis-server`; undefined if unknown. */
export function processName(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** The parent pid of a process (Linux); undefined if unknown. */
export function parentPid(pid: number): number | undefined {
  const fields = procStatFields(pid);
  return fields ? Number(fields[1]) : undefined;
}

/**
 * Whether a leftover server process still has a live parent that runs it (another node process of this
 * system), rather than being an orphan of a process that died (reparented to init or a subreaper).
 */
export function runByLiveNodeProcess(pid: number): number | undefined {
  const parent = parentPid(pid);
  if (parent === undefined || parent <= 1 || parent === process.pid) return undefined;
  return processName(parent) === 'node' ? parent : undefined;
}

/** Polls `condition` every `intervalMs` until it holds (true) or `timeoutMs` has passed (false). */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  intervalMs = 50,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Sends `signal` and waits for the process to be gone; false if it still runs after `timeoutMs`. */
export async function signalAndWait(
  pid: number,
  signal: NodeJS.Signals,
  timeoutMs: number,
): Promise<boolean> {
  try {
    process.kill(pid, signal);
  } catch {
    return !processExists(pid);
  }
  return waitFor(() => !processExists(pid), timeoutMs, 50);
}

/** True if something accepts TCP connections on host:port. */
export function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((res) => {
    const socket = new Socket();
    const done = (open: boolean) => {
      socket.destroy();
      res(open);
    };
    socket.setTimeout(1000, () => done(true)); // a frozen listener still holds the port
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.connect(port, host);
  });
}

let setprivPath: string | null | undefined;

/**
 * The command that runs `command` so that it gets `signal` when this process dies, even by kill -9 or the
 * out-of-memory killer (Linux: util-linux `setpriv --pdeathsig`). Where there is no such tool the command runs
 * as given, and the next start finds the leftover through its pid file instead.
 */
export function tiedToThisProcess(
  command: string,
  args: string[],
  signal: 'INT' | 'TERM',
): { command: string; args: string[]; tied: boolean } {
  if (setprivPath === undefined) {
    setprivPath = null;
    if (process.platform === 'linux') {
      const found = spawnSync('sh', ['-c', 'command -v setpriv'], { encoding: 'utf8' });
      const path = found.stdout?.trim();
      if (found.status === 0 && path) {
        const help = spawnSync(path, ['--help'], { encoding: 'utf8' });
        if (`${help.stdout ?? ''}`.includes('--pdeathsig')) setprivPath = path;
      }
    }
  }
  if (!setprivPath) return { command, args, tied: false };
  return { command: setprivPath, args: ['--pdeathsig', signal, '--', command, ...args], tied: true };
}

/** Reads a JSON file kept by writeSecretFile; undefined if there is none. */
export function readSecretFile<T>(path: string): T | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new StartupError(`Kan inte läsa ${path} (${code ?? (err as Error).message})`);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new StartupError(`${path} är inte giltig JSON; rätta eller ta bort filen`);
  }
}

/** Writes JSON readable by the owner only (mode 600), replacing the file in one step. */
export function writeSecretFile(path: string, value: unknown): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600); // whatever the umask
  renameSync(temporary, path);
}

/** The last non-empty line of a log file that mentions `pattern` (or the last line at all), for error messages. */
export function lastLogLine(path: string, pattern?: RegExp): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    const length = Math.min(size, 16 * 1024);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    const lines = buffer
      .toString('utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const matching = pattern ? lines.filter((l) => pattern.test(l)) : lines;
    return (matching.length > 0 ? matching : lines).at(-1);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
