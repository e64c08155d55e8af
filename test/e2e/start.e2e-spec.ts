import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../support/free-port';

const ROOT = resolve(__dirname, '../..');

function portOpen(port: number): Promise<boolean> {
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

let child: ChildProcess | undefined;

async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs: number,
  whileRunning = false,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (whileRunning && child && child.exitCode !== null) {
      throw new Error(`npm start exited early with ${child.exitCode}`);
    }
    const value = await fn().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/**
 * The README's start command on a machine with no DATABASE_URL and no REDIS_URL: `npm start` builds, starts
 * an embedded PostgreSQL and a redis-server under DATA_DIR, migrates, serves /health; SIGTERM stops all of it.
 */
describe('npm start on the embedded defaults', () => {
  let output = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-start-'));

  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts everything, answers /health, and stops cleanly on SIGTERM', async () => {
    const [port, pgPort, redisPort] = [await freePort(), await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATA_DIR: dataDir,
      PORT: String(port),
      EMBEDDED_POSTGRES_PORT: String(pgPort),
      EMBEDDED_REDIS_PORT: String(redisPort),
      PUBLIC_BASE_URL: `http://localhost:${port}`,
      LOG_LEVEL: 'info',
    };
    child = spawn('npm', ['start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
      child!.once('exit', (code, signal) => res({ code, signal })),
    );

    const health = await waitFor(
      '/health',
      async () => {
        const res = await fetch(`http://127.0.0.1:${port}/health`);
        return res.status === 200
          ? ((await res.json()) as { info: Record<string, { status: string }> })
          : undefined;
      },
      180_000,
      true,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n--- output ---\n${output}`);
    });
    expect(health.info.database.status).toBe('up');
    expect(health.info.redis.status).toBe('up');
    expect(await portOpen(pgPort)).toBe(true);
    expect(await portOpen(redisPort)).toBe(true);
    expect(output).toMatch(/inbäddad PostgreSQL/);
    // Where the embedded servers listen is logged, without their generated passwords.
    expect(output).toContain(`Inbäddad PostgreSQL igång: postgres://outreach@127.0.0.1:${pgPort}/outreach`);
    expect(output).toContain(`Inbäddad Redis igång: redis://127.0.0.1:${redisPort}`);
    expect(existsSync(join(dataDir, 'runtime.json'))).toBe(true);

    // No ADMIN_EMAIL/ADMIN_PASSWORD: a password is generated, printed once, and works.
    const printed = /Första administratören skapad: (\S+), lösenord: (\S+)/.exec(output);
    expect(printed).not.toBeNull();
    const [, email, password] = printed!;
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(login.status).toBe(200);
    expect(login.headers.get('set-cookie')).toMatch(/crm_session=/);
    // The request log has a request id and never the password or the session cookie.
    expect(output.split(password)).toHaveLength(2);
    expect(output).not.toMatch(/crm_session=[A-Za-z0-9_-]{20,}/);

    child.kill('SIGTERM');
    // npm forwards the signal to node (the script execs it) and itself reports 128+15 for having been
    // signalled; the node process prints its clean-shutdown line right before process.exit(0).
    const { code } = await exited;
    expect([0, 143]).toContain(code);
    await waitFor(
      'the clean shutdown line',
      async () => (/Avstängd utan fel/.test(output) ? true : undefined),
      20_000,
    );
    await waitFor(
      'embedded PostgreSQL and Redis to stop',
      async () => (!(await portOpen(pgPort)) && !(await portOpen(redisPort)) ? true : undefined),
      20_000,
    );
    // Nothing runs any more, so nothing for a second process to attach to.
    expect(existsSync(join(dataDir, 'runtime.json'))).toBe(false);
  }, 240_000);

  it('refuses to start on a bad variable, naming it, with nothing started', async () => {
    // The build from the test above is in dist/.
    const bad = spawn('node', ['dist/apps/api/src/main.js'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        DATA_DIR: dataDir,
        PORT: 'abc',
        LOG_LEVEL: 'loud',
        ADMIN_PASSWORD: 'kort',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    bad.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((res) => bad.once('exit', (c) => res(c)));
    expect(code).toBe(1);
    expect(stderr).toMatch(/PORT/);
    expect(stderr).toMatch(/LOG_LEVEL/);
    expect(stderr).toMatch(/ADMIN_PASSWORD/);
    expect(stderr).not.toContain('kort');
  });
});
