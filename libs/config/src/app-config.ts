import { Transform } from 'class-transformer';
import { isIP } from 'node:net';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
} from 'class-validator';

export const PROCESS_ROLES = ['all', 'api', 'worker'] as const;
export type ProcessRole = (typeof PROCESS_ROLES)[number];

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** Any DKIM variable set means DKIM is wanted, and then every part of it is required. */
const dkimConfigured = (c: AppConfig): boolean =>
  [c.DKIM_DOMAIN, c.DKIM_SELECTOR, c.DKIM_PRIVATE_KEY, c.DKIM_PRIVATE_KEY_FILE].some((v) => v !== undefined);

/**
 * Every environment variable the system reads, validated once at boot. Property names are the variable names,
 * so a validation error names exactly the variable to fix. Defaults are the embedded, single-machine setup.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** Where the embedded PostgreSQL and Redis keep their data. */
  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  /** Which parts this process runs: everything (default), only HTTP, or only the queue worker. */
  @IsIn(PROCESS_ROLES)
  PROCESS_ROLE: ProcessRole = 'all';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL måste vara en postgres://-adress' })
  DATABASE_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  EMBEDDED_POSTGRES_PORT = 54329;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL måste vara en redis://-adress' })
  REDIS_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  EMBEDDED_REDIS_PORT = 63790;

  /** Prefix for BullMQ keys so several installations (or test files) can share one Redis. */
  @IsString()
  @Matches(/^[a-zA-Z0-9:_-]+$/)
  QUEUE_PREFIX = 'crm';

  @IsIn(['outbox', 'smtp'])
  MAIL_TRANSPORT: 'outbox' | 'smtp' = 'outbox';

  @Transform(emptyToUndefined)
  @ValidateIf((c: AppConfig) => c.MAIL_TRANSPORT === 'smtp' || c.SMTP_URL !== undefined)
  @Matches(/^smtps?:\/\/.+/, {
    message: 'SMTP_URL måste anges som smtp:// eller smtps:// när MAIL_TRANSPORT=smtp',
  })
  SMTP_URL?: string;

  /** Connections nodemailer's SMTP pool keeps open to the relay. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  SMTP_POOL_CONNECTIONS = 10;

  /**
   * The sender of messages the system sends by itself (meeting confirmations and notices) when nothing more
   * specific is known (a meeting's invitation names its own sender, and its confirmations use that).
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @Matches(/^[^\r\n]{1,200}$/, { message: 'MAIL_FROM_NAME måste vara en rad på högst 200 tecken' })
  MAIL_FROM_NAME?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEmail({ require_tld: false }, { message: 'MAIL_FROM_ADDRESS måste vara en giltig e-postadress' })
  MAIL_FROM_ADDRESS?: string;

  /** DKIM signing: DKIM_DOMAIN, DKIM_SELECTOR and a key (DKIM_PRIVATE_KEY or DKIM_PRIVATE_KEY_FILE) together or not at all. */
  @Transform(emptyToUndefined)
  @ValidateIf(dkimConfigured)
  @Matches(/^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/i, {
    message: 'DKIM_DOMAIN måste vara ett domännamn och anges tillsammans med DKIM_SELECTOR och nyckeln',
  })
  DKIM_DOMAIN?: string;

  @Transform(emptyToUndefined)
  @ValidateIf(dkimConfigured)
  @Matches(/^[a-z0-9][a-z0-9._-]*$/i, {
    message: 'DKIM_SELECTOR måste anges (t.ex. "crm") tillsammans med DKIM_DOMAIN och nyckeln',
  })
  DKIM_SELECTOR?: string;

  /** PEM text; "\n" written as two characters (as in a .env file) is accepted. Never logged. */
  @Transform(emptyToUndefined)
  @ValidateIf((c: AppConfig) => dkimConfigured(c) && c.DKIM_PRIVATE_KEY_FILE === undefined)
  @Matches(/-----BEGIN (RSA |EC )?PRIVATE KEY-----/, {
    message:
      'DKIM_PRIVATE_KEY (PEM) eller DKIM_PRIVATE_KEY_FILE måste anges tillsammans med DKIM_DOMAIN och DKIM_SELECTOR',
  })
  DKIM_PRIVATE_KEY?: string;

  /** Path to a PEM file holding the DKIM key (instead of DKIM_PRIVATE_KEY). */
  @Transform(emptyToUndefined)
  @ValidateIf((c: AppConfig) => c.DKIM_PRIVATE_KEY_FILE !== undefined)
  @IsString()
  @ValidateBy({
    name: 'dkimKeyGivenOnce',
    validator: {
      validate: (_value, args) => (args?.object as AppConfig).DKIM_PRIVATE_KEY === undefined,
      defaultMessage: () => 'DKIM_PRIVATE_KEY_FILE och DKIM_PRIVATE_KEY kan inte båda anges; välj en',
    },
  })
  DKIM_PRIVATE_KEY_FILE?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEmail({}, { message: 'ADMIN_EMAIL måste vara en giltig e-postadress' })
  ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(10, { message: 'ADMIN_PASSWORD måste ha minst 10 tecken' })
  ADMIN_PASSWORD?: string;

  /** Public address of the system, used in links and to decide whether cookies are Secure. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  PUBLIC_BASE_URL = 'http://localhost:3000';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 90)
  SESSION_TTL_HOURS = 12;

  /**
   * Key for the HMAC of public links (unsubscribe, RSVP, survey). If unset, one is generated on the first start
   * and kept in the database, so every process of the installation shares it.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'TOKEN_SECRET måste ha minst 32 tecken' })
  TOKEN_SECRET?: string;

  /**
   * The domain replies and bounces come back to (its MX points at this system or at a mailbox it polls). When
   * set, each message of a mailing carries `Reply-To: svar+TOKEN@REPLY_DOMAIN` and goes out with the envelope
   * sender `studs+TOKEN@REPLY_DOMAIN` (VERP), TOKEN naming its ledger row; unset, replies are matched by
   * In-Reply-To/References only. The inbound SMTP receiver takes mail for this domain only, so it is required
   * when INBOUND_SMTP_PORT is set.
   */
  @Transform(emptyToUndefined)
  @ValidateIf((c: AppConfig) => c.REPLY_DOMAIN !== undefined || c.INBOUND_SMTP_PORT !== undefined)
  @Matches(
    /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i,
    {
      message:
        'REPLY_DOMAIN måste vara ett domännamn, t.ex. svar.example.se (och anges när INBOUND_SMTP_PORT är satt)',
    },
  )
  REPLY_DOMAIN?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_WINDOW_SECONDS = 900;

  /**
   * Longest wait a client that keeps failing is made to keep between attempts (the wait doubles per failure past
   * LOGIN_MAX_FAILURES). Nobody is locked out: a client that has not failed itself is never refused.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  LOGIN_MAX_DELAY_SECONDS = 60;

  /**
   * Which peers may say who the client is (X-Forwarded-For), as Express's `trust proxy`: `loopback` (a proxy on
   * this machine), a comma-separated list of addresses, CIDR ranges or `loopback`/`linklocal`/`uniquelocal`,
   * a number of proxy hops, or `false`. Login throttling and the audit log use the client address it yields.
   */
  @ValidateBy({
    name: 'trustProxy',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && parseTrustProxy(value) !== null,
      defaultMessage: () =>
        'TRUST_PROXY måste vara false, ett antal proxysteg, eller en kommaseparerad lista av adresser, ' +
        'CIDR-nät och loopback/linklocal/uniquelocal',
    },
  })
  TRUST_PROXY = 'loopback';

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  IMPORT_MAX_BYTES = 50 * 1024 * 1024;

  /**
   * Days the uploaded file of an import that never finishes is kept: after that the import is failed with the
   * reason and its file removed. A finished import's file is removed as it finishes.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  IMPORT_FILE_RETENTION_DAYS = 7;

  /** Days an import's row errors (line, field and reason: never the values) are kept after it finished. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  IMPORT_ERROR_RETENTION_DAYS = 90;

  /**
   * Campaign messages one worker process sends at once (also the most that can end up uncertain after a crash).
   * 32: each message waits for its claim's commit and its SMTP answers, and their ledger writes share a statement
   * (bench:send: 32 with 10 connections sent 12–20 % more than 8 with 5 on two cores).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(256)
  SEND_CONCURRENCY = 32;

  /** Messages per minute over all workers (counted per message in Redis, see SharedRateLimiter); 0 = no limit. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  SEND_RATE_PER_MINUTE = 600;

  /** Attempts per recipient for temporary (4xx, connection) failures before it is failed_permanent. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  SEND_MAX_ATTEMPTS = 5;

  /** First retry delay; doubled per attempt, with jitter, capped at one hour. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  SEND_RETRY_BASE_MS = 60_000;

  /** A campaign pauses itself after this many failed sends in a row (reset by any success). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  SEND_PAUSE_AFTER_FAILURES = 20;

  /** A recipient left in `sending` longer than this (a worker died mid-send) becomes `uncertain`. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  SEND_CLAIM_TIMEOUT_SECONDS = 300;

  /** Inbound mail over IMAP: off unless the host is set; then user and password are required. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[a-z0-9.-]{1,253}$/i, {
    message: 'INBOUND_IMAP_HOST måste vara ett värdnamn eller en IP-adress',
  })
  INBOUND_IMAP_HOST?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  INBOUND_IMAP_PORT = 993;

  /** TLS from the first byte (port 993); `false` for a server on this machine or a test server without TLS. */
  @IsIn(['true', 'false'])
  INBOUND_IMAP_SECURE: 'true' | 'false' = 'true';

  @Transform(emptyToUndefined)
  @ValidateIf((c: AppConfig) => c.INBOUND_IMAP_HOST !== undefined || c.INBOUND_IMAP_USER !== undefined)
  @IsString({ message: 'INBOUND_IMAP_USER måste anges när INBOUND_IMAP_HOST är satt' })
  @MinLength(1)
  INBOUND_IMAP_USER?: string;

  /** The mailbox's password or app password. Never logged. */
  @Transform(emptyToUndefined)
  @ValidateIf((c: AppConfig) => c.INBOUND_IMAP_HOST !== undefined || c.INBOUND_IMAP_PASSWORD !== undefined)
  @IsString({ message: 'INBOUND_IMAP_PASSWORD måste anges när INBOUND_IMAP_HOST är satt' })
  @MinLength(1)
  INBOUND_IMAP_PASSWORD?: string;

  @IsString()
  @MinLength(1)
  INBOUND_IMAP_FOLDER = 'INBOX';

  /** Taken messages are moved here; unset: they stay, flagged \Seen and with the keyword CrmProcessed. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(1)
  INBOUND_IMAP_DONE_FOLDER?: string;

  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(86_400)
  INBOUND_IMAP_INTERVAL_SECONDS = 60;

  /** Largest inbound message taken whole (IMAP and SMTP); above it IMAP hands on the headers, SMTP answers 552. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  INBOUND_MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

  /** The SMTP receiver for REPLY_DOMAIN: off unless a port is set. */
  @Transform((v) => toInt({ value: emptyToUndefined(v) }))
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  INBOUND_SMTP_PORT?: number;

  @IsString()
  @MinLength(1)
  INBOUND_SMTP_HOST = '127.0.0.1';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** The built staff web app the API serves (npm run build writes it); unset: <repo>/dist/web. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(1)
  WEB_DIST_DIR?: string;

  /** TRUST_PROXY as Express's `trust proxy` setting takes it. */
  get trustProxy(): boolean | number | string[] {
    return parseTrustProxy(this.TRUST_PROXY) ?? ['loopback'];
  }
  /**
   * On SIGTERM/SIGINT the process waits this long for jobs in flight and connections to close and for the
   * embedded servers to stop; then it exits anyway (code 1), saying what it gave up on.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  SHUTDOWN_TIMEOUT_SECONDS = 20;

  /** MAIL_FROM_NAME / MAIL_FROM_ADDRESS, defaulting to "Kansliet" at utskick@ the public address's host. */
  get defaultSender(): { name: string; address: string } {
    return {
      name: this.MAIL_FROM_NAME ?? 'Kansliet',
      address: this.MAIL_FROM_ADDRESS ?? `utskick@${new URL(this.PUBLIC_BASE_URL).hostname}`,
    };
  }

  get cookieSecure(): boolean {
    return this.PUBLIC_BASE_URL.startsWith('https://');
  }

  get runsApi(): boolean {
    return this.PROCESS_ROLE !== 'worker';
  }

  get inboundImapEnabled(): boolean {
    return this.INBOUND_IMAP_HOST !== undefined;
  }

  get inboundSmtpEnabled(): boolean {
    return this.INBOUND_SMTP_PORT !== undefined;
  }

  get runsWorker(): boolean {
    return this.PROCESS_ROLE !== 'api';
  }
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY's value for Express, or null if it is not one. `true` (trust every peer: anyone could then claim any
 * address) is deliberately not accepted; a number of hops says the same more carefully.
 */
export function parseTrustProxy(value: string): false | number | string[] | null {
  const v = value.trim();
  if (v === 'false') return false;
  if (/^\d{1,2}$/.test(v)) return Number(v);
  const items = v.split(',').map((i) => i.trim());
  const valid = items.every((item) => {
    if (PROXY_NAMES.includes(item)) return true;
    const [address, prefix, ...rest] = item.split('/');
    if (rest.length > 0 || isIP(address) === 0) return false;
    if (prefix === undefined) return true;
    const max = isIP(address) === 4 ? 32 : 128;
    return /^\d{1,3}$/.test(prefix) && Number(prefix) <= max;
  });
  return items.length > 0 && valid ? items : null;
}
