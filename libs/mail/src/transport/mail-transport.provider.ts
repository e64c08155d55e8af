import { AppConfig } from '@app/config';
import { Injectable, OnApplicationShutdown, Provider } from '@nestjs/common';
import { getRepositoryToken } from '@nestjs/typeorm';
import { readFileSync } from 'node:fs';
import { Repository } from 'typeorm';
import { OutboxMessage } from '../outbox/outbox-message.entity';
import { MailTransport } from './mail-transport';
import { OutboxTransport } from './outbox-transport';
import { DkimSettings, SmtpTransport } from './smtp-transport';

/** The DKIM settings from config, or undefined when DKIM is off. The key is read here and never logged. */
export function dkimSettingsFrom(config: AppConfig): DkimSettings | undefined {
  if (!config.DKIM_DOMAIN || !config.DKIM_SELECTOR) return undefined;
  const privateKey = config.DKIM_PRIVATE_KEY_FILE
    ? readFileSync(config.DKIM_PRIVATE_KEY_FILE, 'utf8')
    : // A key pasted into a .env file often has its line breaks written as "\n".
      config.DKIM_PRIVATE_KEY?.replace(/\\n/g, '\n');
  if (!privateKey) return undefined;
  return { domainName: config.DKIM_DOMAIN, keySelector: config.DKIM_SELECTOR, privateKey };
}

/** MAIL_TRANSPORT=smtp: pooled SMTP to SMTP_URL (DKIM-signed when configured); otherwise the outbox. */
export function createMailTransport(config: AppConfig, outbox: Repository<OutboxMessage>): MailTransport {
  if (config.MAIL_TRANSPORT === 'smtp' && config.SMTP_URL) {
    return new SmtpTransport({
      url: config.SMTP_URL,
      maxConnections: config.SMTP_POOL_CONNECTIONS,
      dkim: dkimSettingsFrom(config),
    });
  }
  return new OutboxTransport(outbox);
}

/** The application's one MailTransport; inject `MailTransport`. */
export const mailTransportProvider: Provider = {
  provide: MailTransport,
  inject: [AppConfig, getRepositoryToken(OutboxMessage)],
  useFactory: createMailTransport,
};

/**
 * Closes the transport (the SMTP pool's connections) when the application shuts down. onApplicationShutdown
 * runs after the queue workers have finished their messages in flight (they stop in earlier hooks).
 */
@Injectable()
export class MailTransportCloser implements OnApplicationShutdown {
  constructor(private readonly transport: MailTransport) {}

  async onApplicationShutdown(): Promise<void> {
    await this.transport.close();
  }
}
