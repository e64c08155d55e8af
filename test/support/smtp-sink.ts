import { ParsedMail, simpleParser } from 'mailparser';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** How the sink answers one message: accept, refuse with an SMTP code, or cut the connection without a reply. */
export type SinkAnswer = { accept: true } | { code: number; text: string } | { drop: true };

export interface Received {
  raw: Buffer;
  parsed: ParsedMail;
  to: string;
  /** The envelope sender (MAIL FROM), where bounces would go. */
  from: string;
}

export interface Sink {
  url: string;
  received: Received[];
  /** Rejected deliveries (the recipient address of each), for counting retries. */
  rejected: string[];
  /** Chooses the answer per message; default: accept everything. */
  answer: (to: string) => SinkAnswer;
  /** Milliseconds between receiving a message and answering: keeps messages in flight for crash tests. */
  delayMs: number;
  close(): Promise<void>;
}

/** A real SMTP server on loopback (npm smtp-server); every accepted message is parsed back with mailparser. */
export async function startSink(): Promise<Sink> {
  const sink: Sink = {
    url: '',
    received: [],
    rejected: [],
    answer: () => ({ accept: true }),
    delayMs: 0,
    close: async () => undefined,
  };
  const server: SMTPServer = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const to = session.envelope.rcptTo[0]?.address ?? '';
        const answer = sink.answer(to);
        if ('drop' in answer) {
          // The whole message arrived, then the connection dies before the reply: it may count as delivered.
          const internals = server as unknown as {
            connections: Set<{ id: string; _socket: { destroy(): void } }>;
          };
          for (const c of internals.connections) if (c.id === session.id) c._socket.destroy();
          return;
        }
        if ('code' in answer) {
          sink.rejected.push(to);
          callback(Object.assign(new Error(answer.text), { responseCode: answer.code }));
          return;
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
            sink.received.push({ raw, parsed, to, from });
            if (sink.delayMs > 0) setTimeout(() => callback(), sink.delayMs);
            else callback();
          })
          .catch((err: Error) => callback(err));
      });
    },
  });
  // A client that dies mid-session (kill -9 in the crash tests) resets its socket; that is expected here.
  server.on('error', () => undefined);
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const { port } = server.server.address() as AddressInfo;
  sink.url = `smtp://127.0.0.1:${port}`;
  sink.close = () => new Promise((res) => server.close(() => res()));
  return sink;
}
