import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { ImapFlow } from 'imapflow';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

/** Debian's dovecot-imapd; elsewhere DOVECOT_PATH. */
export const DOVECOT_PATH = process.env.DOVECOT_PATH ?? '/usr/sbin/dovecot';

const INSTALL_HINT = 'sudo apt-get update && sudo apt-get install -y dovecot-imapd';

export interface Dovecot {
  host: string;
  port: number;
  /** Every user's password (users are name@example.se). */
  password: string;
  stop(): Promise<void>;
}

let warned = false;

/**
 * `describe` for tests against a real IMAP server. Without dovecot at DOVECOT_PATH: under CI (CI set) the file
 * fails with a test that says how to install it; elsewhere the tests are skipped with one warning line.
 */
export function describeWithDovecot(name: string, fn: () => void): void {
  if (existsSync(DOVECOT_PATH)) {
    describe(name, fn);
    return;
  }
  const missing = `Dovecot saknas (${DOVECOT_PATH}); installera: ${INSTALL_HINT}`;
  const ci = process.env.CI;
  if (ci && ci !== 'false' && ci !== '0') {
    describe(name, () => {
      it('needs dovecot', () => {
        throw new Error(`${missing}. CI=${ci}: IMAP-testerna får inte hoppas över här.`);
      });
    });
    return;
  }
  if (!warned) {
    warned = true;
    // One line straight to stderr: Jest's console.warn would add a stack trace.
    process.stderr.write(`\n!!! IMAP-TESTER HOPPAS ÖVER: ${missing}\n`);
  }
  describe.skip(name, fn);
}

/**
 * A throwaway dovecot (test/support/dovecot/dovecot-test-imap.conf, from the shared recipes) in a fresh temporary
 * folder, on a free port of 127.0.0.1, without TLS, run in the foreground as this process's child. As root,
 * which dovecot needs here to switch to its own users (`dovecot`, `dovenull`, made by the Debian package).
 */
export async function startDovecot(users: string[] = []): Promise<Dovecot> {
  const dir = mkdtempSync(join(tmpdir(), 'crm-dovecot-'));
  chmodSync(dir, 0o755); // the mail processes run as `dovecot` and must reach dir/mail
  const mail = join(dir, 'mail');
  mkdirSync(mail);
  const uid = Number(execFileSync('id', ['-u', 'dovecot']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'dovecot']).toString().trim());
  chownSync(mail, uid, gid);
  const password = 'imap-losenord-1';
  const usersFile = join(dir, 'users');
  writeFileSync(usersFile, users.map((u) => `${u}:{PLAIN}${password}\n`).join(''), { mode: 0o644 });
  const port = await freePort();
  const template = readFileSync(join(__dirname, 'dovecot', 'dovecot-test-imap.conf'), 'utf8');
  const conf = join(dir, 'dovecot.conf');
  writeFileSync(conf, template.replaceAll('@DIR@', dir).replaceAll('@PORT@', String(port)));

  const child: ChildProcess = spawn(DOVECOT_PATH, ['-F', '-c', conf], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForGreeting(port, exited, () => `${stderr}${logOf(dir)}`);
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    host: '127.0.0.1',
    port,
    password,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function logOf(dir: string): string {
  try {
    return readFileSync(join(dir, 'dovecot.log'), 'utf8').slice(-2000);
  } catch {
    return '';
  }
}

/** Until the server greets (`* OK`) on the port; fails at once if dovecot exits, with what it said. */
async function waitForGreeting(port: number, exited: Promise<void>, said: () => string): Promise<void> {
  let dead = false;
  void exited.then(() => (dead = true));
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (dead) throw new Error(`dovecot avslutades vid start: ${said()}`);
    if (await greets(port)) return;
    if (Date.now() > deadline) throw new Error(`dovecot svarade inte på port ${port}: ${said()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (d: Buffer) => done(d.toString().startsWith('* OK')));
  });
}

/** A client of the test's own on a mailbox, as a person's mail program would be. */
export async function withImap<T>(
  dovecot: Dovecot,
  user: string,
  fn: (client: ImapFlow) => Promise<T>,
): Promise<T> {
  const client = new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    auth: { user, pass: dovecot.password },
    logger: false,
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.logout();
  }
}

/** Puts messages into a mailbox's folder (IMAP APPEND), in order. */
export const appendMessages = (dovecot: Dovecot, user: string, messages: Buffer[], folder = 'INBOX') =>
  withImap(dovecot, user, async (client) => {
    for (const m of messages) await client.append(folder, m);
  });

/** Each message's UID and flags in a folder. */
export const flagsIn = (
  dovecot: Dovecot,
  user: string,
  folder = 'INBOX',
): Promise<{ uid: number; flags: string[] }[]> =>
  withImap(dovecot, user, async (client) => {
    const box = await client.mailboxOpen(folder);
    if (box.exists === 0) return [];
    const found = await client.fetchAll('1:*', { uid: true, flags: true });
    return found.map((m) => ({ uid: m.uid, flags: [...(m.flags ?? [])].sort() }));
  });
