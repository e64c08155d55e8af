import { fork } from 'node:child_process';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  url: string;
  /** Messages accepted so far. */
  readonly count: number;
  /** Message-IDs seen more than once (a resend), with how often. */
  duplicates(): Map<string, number>;
  reset(): void;
  close(): Promise<void>;
}

/**
 * A loopback SMTP server that accepts everything (auth optional, no TLS), counts the messages and keeps only
 * each one's Message-ID, so a benchmark can report duplicates without holding the mail in memory.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const seen = new Map<string, number>();
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, _session, callback) {
      let head = '';
      let inHeaders = true;
      stream.on('data', (chunk: Buffer) => {
        if (!inHeaders) return;
        head += chunk.toString('latin1');
        const end = head.indexOf('\r\n\r\n');
        if (end >= 0) {
          head = head.slice(0, end);
          inHeaders = false;
        }
      });
      stream.on('end', () => {
        count++;
        const id = /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? `(utan Message-ID #${count})`;
        seen.set(id, (seen.get(id) ?? 0) + 1);
        callback();
      });
    },
  });
  // A client that dies mid-session (kill -9 in the crash tests) resets its socket; that is expected here.
  server.on('error', () => undefined);
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    get count() {
      return count;
    },
    duplicates: () => new Map([...seen].filter(([, n]) => n > 1)),
    reset: () => {
      seen.clear();
      count = 0;
    },
    close: () => new Promise((res) => server.close(() => res())),
  };
}

type SinkRequest = { id: number; op: 'stats' | 'reset' };
type SinkReply = { id: number; count: number; duplicates: [string, number][] };

/**
 * The same sink in a child process of its own, so that receiving (parsing SMTP, which costs about as much CPU
 * as sending) does not compete with the measured sender for this process's event loop.
 */
export interface RemoteSmtpSink {
  url: string;
  stats(): Promise<{ count: number; duplicates: Map<string, number> }>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startSmtpSinkProcess(): Promise<RemoteSmtpSink> {
  const child = fork(__filename, ['--sink-child'], {
    execArgv: ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((res, rej) => {
    child.once('message', (m) => res(String((m as { url: string }).url)));
    child.once('exit', (code) => rej(new Error(`SMTP-mottagaren avslutades (${code})`)));
  });
  let nextId = 0;
  const ask = (op: SinkRequest['op']) =>
    new Promise<SinkReply>((res) => {
      const id = ++nextId;
      const onMessage = (m: unknown) => {
        if ((m as SinkReply).id !== id) return;
        child.off('message', onMessage);
        res(m as SinkReply);
      };
      child.on('message', onMessage);
      child.send({ id, op } satisfies SinkRequest);
    });
  return {
    url,
    stats: async () => {
      const r = await ask('stats');
      return { count: r.count, duplicates: new Map(r.duplicates) };
    },
    reset: async () => {
      await ask('reset');
    },
    close: () =>
      new Promise<void>((res) => {
        child.once('exit', () => res());
        child.kill('SIGTERM');
      }),
  };
}

if (process.argv.includes('--sink-child') && process.send) {
  void startSmtpSink().then((sink) => {
    process.send!({ url: sink.url });
    process.on('message', (m: SinkRequest) => {
      if (m.op === 'reset') sink.reset();
      process.send!({ id: m.id, count: sink.count, duplicates: [...sink.duplicates()] } satisfies SinkReply);
    });
    process.on('SIGTERM', () => void sink.close().then(() => process.exit(0)));
  });
}
