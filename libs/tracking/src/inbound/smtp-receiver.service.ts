import { AppConfig } from '@app/config';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerAddress, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { InboundMailSink } from './inbound-mail-sink';

/** An SMTP refusal: smtp-server answers with the error's responseCode and message. */
function smtpError(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

/**
 * Receives mail for REPLY_DOMAIN over SMTP (INBOUND_SMTP_HOST:INBOUND_SMTP_PORT) and hands each message, as
 * received, to the inbound handler. It takes only recipients at REPLY_DOMAIN (others 550, so it relays nothing),
 * no authentication, messages up to INBOUND_MAX_MESSAGE_BYTES (552 above). It answers 250 only once the handler
 * has stored the message, and 451 (try again later) when the handler stored nothing, so the sending server
 * keeps the message and retries.
 */
@Injectable()
export class SmtpReceiverService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('SmtpReceiver');
  private server: SMTPServer | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly sink: InboundMailSink,
  ) {}

  /** Where it listens (the real port when INBOUND_SMTP_PORT=0, as in tests), or null when it is off. */
  address(): AddressInfo | null {
    const server = this.server as unknown as { server?: { address(): AddressInfo | string | null } } | null;
    const address = server?.server?.address();
    return address && typeof address === 'object' ? address : null;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.inboundSmtpEnabled) return;
    await this.start();
  }

  async onModuleDestroy(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async start(): Promise<void> {
    const domain = (this.config.REPLY_DOMAIN ?? '').toLowerCase();
    const max = this.config.INBOUND_MAX_MESSAGE_BYTES;
    const server = new SMTPServer({
      name: domain,
      banner: 'Mottagning av svar',
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      size: max,
      logger: false,
      // No reverse DNS per connection (it waits on the resolver), and a bound on what one machine can open.
      disableReverseLookup: true,
      maxClients: 100,
      // A message in flight waits for the handler; on shutdown it gets this long before the socket is cut.
      closeTimeout: 10_000,
      onRcptTo: (address: SMTPServerAddress, _session, callback) => {
        const at = address.address.lastIndexOf('@');
        const rcptDomain = at < 0 ? '' : address.address.slice(at + 1).toLowerCase();
        if (rcptDomain !== domain)
          return callback(smtpError(550, `5.7.1 Tar bara emot post till @${domain} (ingen vidarebefordran)`));
        callback();
      },
      onData: (stream: SMTPServerDataStream, session: SMTPServerSession, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', (err: Error) => callback(smtpError(451, `4.3.0 ${err.message}`)));
        stream.on('end', () => {
          if (stream.sizeExceeded)
            return callback(smtpError(552, `5.3.4 Meddelandet är större än ${max} byte`));
          const mailFrom = session.envelope.mailFrom;
          this.sink
            .receive(Buffer.concat(chunks), {
              kind: 'smtp',
              remoteAddress: session.remoteAddress || null,
              envelopeFrom: mailFrom ? mailFrom.address : null,
              recipients: session.envelope.rcptTo.map((r) => r.address),
            })
            .then(
              () => callback(),
              (err: unknown) => {
                this.logger.error(
                  `Ett meddelande kunde inte tas emot (451, avsändaren försöker igen): ${
                    err instanceof Error ? err.message : String(err)
                  }`,
                );
                callback(smtpError(451, '4.3.0 Tillfälligt fel, försök igen senare'));
              },
            );
        });
      },
    });
    server.on('error', (err: Error) => this.logger.warn(`SMTP-mottagningen: ${err.message}`));
    const host = this.config.INBOUND_SMTP_HOST;
    const port = this.config.INBOUND_SMTP_PORT ?? 0;
    await new Promise<void>((resolve, reject) => {
      const inner = (server as unknown as { server: NodeJS.EventEmitter }).server;
      const onError = (err: NodeJS.ErrnoException): void => {
        reject(
          new Error(
            err.code === 'EADDRINUSE'
              ? `Porten ${host}:${port} för SMTP-mottagningen är upptagen; ändra INBOUND_SMTP_PORT`
              : `SMTP-mottagningen kunde inte starta på ${host}:${port}: ${err.message}`,
          ),
        );
      };
      inner.once('error', onError);
      server.listen(port, host, () => {
        inner.off('error', onError);
        resolve();
      });
    });
    this.server = server;
    this.logger.log(`Tar emot svar till @${domain} över SMTP på ${host}:${this.address()?.port ?? port}`);
  }
}
