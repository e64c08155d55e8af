import { REDIS_URL } from '@app/queue';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';

/** How long a check may take: a frozen Redis or PostgreSQL must not hold /health or the status page. */
export const CHECK_TIMEOUT_MS = 1500;

/**
 * A PING to Redis on a connection of its own that answers within CHECK_TIMEOUT_MS either way: no offline queue,
 * so a Redis that is down fails at once instead of waiting for a reconnect; a frozen Redis (SIGSTOP) still
 * accepts the connection and never answers, and the timeout covers that.
 */
@Injectable()
export class RedisProbe implements OnModuleDestroy {
  private readonly client: Redis;

  constructor(@Inject(REDIS_URL) redisUrl: string) {
    this.client = new Redis(redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: CHECK_TIMEOUT_MS,
      // Later than the check's own timeout (which answers): only drops the command from the client's queue.
      commandTimeout: CHECK_TIMEOUT_MS + 500,
    });
    this.client.on('error', () => undefined);
  }

  /** null when Redis answered PONG in time; otherwise why not, in Swedish (never with the address). */
  async problem(): Promise<string | null> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const ping = (async () => {
        if (this.client.status === 'wait') await this.client.connect();
        return this.client.ping();
      })();
      ping.catch(() => undefined); // may fail after the timeout has answered
      const pong = await Promise.race([
        ping,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new Error(`Redis svarade inte inom ${String(CHECK_TIMEOUT_MS / 1000).replace('.', ',')} s`),
              ),
            CHECK_TIMEOUT_MS,
          );
        }),
      ]);
      return pong === 'PONG' ? null : `Redis svarade: ${pong}`;
    } catch (err) {
      const message = (err as Error).message;
      return message.startsWith('Redis ') ? message : `Redis svarar inte: ${message}`;
    } finally {
      clearTimeout(timer);
    }
  }

  onModuleDestroy(): void {
    this.client.disconnect();
  }
}
