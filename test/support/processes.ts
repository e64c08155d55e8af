import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { freePort } from './free-port';

/** The repository root (where package.json and dist/ are). */
export const ROOT = resolve(__dirname, '../..');

/** The newest modification time of what the build reads (sources, tsconfig, package files). */
function newestSource(): number {
  let newest = 0;
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  visit(join(ROOT, 'apps'));
  visit(join(ROOT, 'libs'));
  for (const f of ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json']) {
    if (existsSync(join(ROOT, f))) newest = Math.max(newest, statSync(join(ROOT, f)).mtimeMs);
  }
  return newest;
}

/**
 * Builds dist/ (npm run build) for tests that start the real processes with node, unless it is newer than
 * every source (built by an earlier test of this run, e.g. start.e2e-spec's `npm start`). The test scripts
 * run the files in band, so never two builds at once.
 */
export function ensureBuilt(): void {
  const built = join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');
  if (existsSync(built) && statSync(built).mtimeMs > newestSource()) return;
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
}

/**
 * Builds the server's part of dist/ (apps/api, apps/worker, libs) when its sources changed: the build script keeps
 * a hash of its inputs, so this costs a read of the sources when nothing changed. Tests that start the worker
 * process run it with node from here: a start through ts-node transpiles every file first (10–20 s each).
 */
export function ensureServerBuilt(): void {
  execFileSync(process.execPath, ['scripts/build-server.mjs'], { cwd: ROOT, stdio: 'ignore' });
}

/** A process of the system (or `npm start`), with its output collected and its exit awaited. */
export interface RunningProcess {
  child: ChildProcess;
  pid: number;
  output(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits for a line of output matching `pattern` (fails early if the process exits). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
}

/** Only what a user's shell would give: no DATABASE_URL or REDIS_URL from the test environment. */
export function baseEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', ...extra };
}

export function startProcess(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd = ROOT,
): RunningProcess {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
    stderr += d.toString();
  });
  let hasExited = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.once('exit', (code, signal) => {
      hasExited = true;
      res({ code, signal });
    }),
  );
  const running: RunningProcess = {
    child,
    pid: child.pid ?? 0,
    output: () => output,
    stderr: () => stderr,
    exited,
    waitForOutput: async (pattern, timeoutMs = 60_000) => {
      let found: RegExpExecArray | null = null;
      const ok = await waitFor(() => {
        found = pattern.exec(output);
        if (!found && hasExited) throw new Error(`exited before printing ${pattern}:\n${output}`);
        return found !== null;
      }, timeoutMs);
      if (!ok || !found) throw new Error(`timed out waiting for ${pattern}:\n${output}`);
      return found;
    },
  };
  return running;
}

/** `node dist/apps/<app>/src/main.js` as `npm start` / `npm run start:worker` run it. */
export function startApp(app: 'api' | 'worker', env: NodeJS.ProcessEnv, cwd = ROOT): RunningProcess {
  return startProcess('node', [`dist/apps/${app}/src/main.js`], env, cwd);
}

/** Polls until `condition` holds; false after `timeoutMs`. Errors thrown by `condition` end the wait. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** GET /health's status code, or 0 if nothing answers within 3 s. */
export async function healthStatus(port: number): Promise<number> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(3000) });
    return res.status;
  } catch {
    return 0;
  }
}

/** Waits for /health to answer 200 while `proc` runs; fails with its output otherwise. */
export async function waitForHealthy(port: number, proc: RunningProcess, timeoutMs = 60_000): Promise<void> {
  let exited = false;
  void proc.exited.then(() => (exited = true));
  const ok = await waitFor(async () => {
    if (exited) throw new Error(`the process exited before /health answered:\n${proc.output()}`);
    return (await healthStatus(port)) === 200;
  }, timeoutMs);
  if (!ok) throw new Error(`/health did not answer 200 within ${timeoutMs} ms:\n${proc.output()}`);
}

export function portOpen(port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = new Socket();
    s.once('connect', () => {
      s.destroy();
      res(true);
    });
    s.once('error', () => res(false));
    s.connect(port, '127.0.0.1');
  });
}

/** For afterAll: SIGTERM to whatever of these still runs, and SIGKILL after 15 s. */
export async function stopAll(...procs: (RunningProcess | undefined)[]): Promise<void> {
  await Promise.all(
    procs.map(async (p) => {
      if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
      p.child.kill('SIGTERM');
      const timer = setTimeout(() => p.child.kill('SIGKILL'), 15_000);
      await p.exited;
      clearTimeout(timer);
    }),
  );
}

/** The initial administrator of the processes these tests start. */
export const ADMIN = { email: 'admin@example.se', password: 'admin-losenord-1' };

export interface Ports {
  http: number;
  pg: number;
  redis: number;
}

export async function freePorts(): Promise<Ports> {
  return { http: await freePort(), pg: await freePort(), redis: await freePort() };
}

/** The environment of `npm start` on the embedded defaults: no DATABASE_URL, no REDIS_URL. */
export function embeddedEnv(
  dataDir: string,
  ports: Ports,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  return baseEnv({
    DATA_DIR: dataDir,
    PORT: String(ports.http),
    EMBEDDED_POSTGRES_PORT: String(ports.pg),
    EMBEDDED_REDIS_PORT: String(ports.redis),
    PUBLIC_BASE_URL: `http://localhost:${ports.http}`,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    ...extra,
  });
}

export interface RuntimeJson {
  pid: number;
  state: string;
  postgres: { url: string; address: string; pid: number };
  redis: { url: string; address: string; pid: number };
}

export function readRuntime(dataDir: string): RuntimeJson {
  return JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8')) as RuntimeJson;
}
