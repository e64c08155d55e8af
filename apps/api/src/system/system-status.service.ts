import { AppConfig } from '@app/config';
import { ALL_QUEUES, JobProducer, QueueName } from '@app/queue';
import { ImapHighWaterRepository } from '@app/tracking';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CHECK_TIMEOUT_MS, RedisProbe } from '../health/redis-probe';
import { appVersion } from './app-version';
import {
  InboundStatusDto,
  MailStatusDto,
  QueueStatusDto,
  ServiceReachabilityDto,
  SystemStatusDto,
} from './dto/system-status.dto';

const COUNTED_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

const NO_HEARTBEATS =
  'Appen registrerar inga hjärtslag från arbetarprocesserna, så det går inte att säga vilka som har synts ' +
  'nyligen. Antalet arbetare per kö (workers) är de som är anslutna till Redis just nu.';

/**
 * What the settings page shows about the running system: the mail transport and sender, whether PostgreSQL and
 * Redis answer, the queues. Every check answers within about 1.5 s. Nothing secret: SMTP_URL is reduced to host
 * and port, and no connection address is given at all.
 */
@Injectable()
export class SystemStatusService {
  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly redisProbe: RedisProbe,
    private readonly jobs: JobProducer,
    private readonly imapMailboxes: ImapHighWaterRepository,
  ) {}

  async status(): Promise<SystemStatusDto> {
    const [database, redisProblem] = await Promise.all([this.database(), this.redisProbe.problem()]);
    const redis = { reachable: redisProblem === null, message: redisProblem };
    const [queues, inbound] = await Promise.all([
      Promise.all(ALL_QUEUES.map((name) => this.queue(name, redis.reachable))),
      this.inbound(database.reachable),
    ]);
    return {
      version: appVersion(),
      processRole: this.config.PROCESS_ROLE,
      checkedAt: new Date(),
      mail: this.mail(),
      database,
      redis,
      queues,
      workerHeartbeats: { recorded: false, message: NO_HEARTBEATS },
      inbound,
    };
  }

  /** The poller runs in the worker processes: what it did is read from its table, not from this process. */
  private async inbound(databaseReachable: boolean): Promise<InboundStatusDto> {
    const c = this.config;
    const mailboxes = databaseReachable
      ? await withinTimeout(this.imapMailboxes.statuses(), 'PostgreSQL').catch(() => [])
      : [];
    return {
      imap: {
        enabled: c.inboundImapEnabled,
        intervalSeconds: c.inboundImapEnabled ? c.INBOUND_IMAP_INTERVAL_SECONDS : null,
        mailboxes,
      },
      smtp: {
        enabled: c.inboundSmtpEnabled,
        replyDomain: c.REPLY_DOMAIN ?? null,
        port: c.INBOUND_SMTP_PORT ?? null,
      },
    };
  }

  private mail(): MailStatusDto {
    const { MAIL_TRANSPORT, SMTP_URL, MAIL_FROM_NAME, MAIL_FROM_ADDRESS, DKIM_DOMAIN, DKIM_SELECTOR } =
      this.config;
    return {
      transport: MAIL_TRANSPORT,
      smtp: MAIL_TRANSPORT === 'smtp' && SMTP_URL ? smtpServerOf(SMTP_URL) : null,
      sender: {
        ...this.config.defaultSender,
        nameConfigured: MAIL_FROM_NAME !== undefined,
        addressConfigured: MAIL_FROM_ADDRESS !== undefined,
      },
      dkim: DKIM_DOMAIN && DKIM_SELECTOR ? { domain: DKIM_DOMAIN, selector: DKIM_SELECTOR } : null,
    };
  }

  private async database(): Promise<ServiceReachabilityDto> {
    try {
      await withinTimeout(this.dataSource.query('SELECT 1'), 'PostgreSQL');
      return { reachable: true, message: null };
    } catch (err) {
      const message = (err as Error).message;
      return {
        reachable: false,
        message: message.startsWith('PostgreSQL ') ? message : 'PostgreSQL svarar inte',
      };
    }
  }

  /** Counts through the queue's own connection, which waits for a lost Redis: only asked when the probe answered. */
  private async queue(name: QueueName, redisReachable: boolean): Promise<QueueStatusDto> {
    const unknown: QueueStatusDto = {
      name,
      waiting: null,
      active: null,
      delayed: null,
      failed: null,
      completed: null,
      workers: null,
    };
    if (!redisReachable) return unknown;
    const queue = this.jobs.queue(name);
    const [counts, workers] = await Promise.all([
      withinTimeout(queue.getJobCounts(...COUNTED_STATES), 'Redis').catch(() => null),
      // CLIENT LIST, which a managed Redis may refuse.
      withinTimeout(queue.getWorkersCount(), 'Redis').catch(() => null),
    ]);
    if (!counts) return { ...unknown, workers };
    return {
      name,
      waiting: counts.waiting ?? 0,
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0,
      completed: counts.completed ?? 0,
      workers,
    };
  }
}

/** `smtp://user:pass@mail.example.se:587` → host and port only. */
export function smtpServerOf(smtpUrl: string): { host: string; port: number; secure: boolean } | null {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    return null;
  }
  const secure = url.protocol === 'smtps:';
  return { host: url.hostname, port: url.port ? Number(url.port) : secure ? 465 : 587, secure };
}

function withinTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  work.catch(() => undefined); // a late failure after the timeout has nobody to tell
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(`${what} svarade inte inom ${String(CHECK_TIMEOUT_MS / 1000).replace('.', ',')} s`),
          ),
        CHECK_TIMEOUT_MS,
      );
    }),
  ]).finally(() => clearTimeout(timer));
}
