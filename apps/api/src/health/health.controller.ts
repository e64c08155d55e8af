import { Public } from '@app/auth';
import { REDIS_URL } from '@app/queue';
import { Controller, Get, Inject, OnModuleDestroy } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorResult,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import Redis from 'ioredis';

/** How long each check may take: a frozen Redis or PostgreSQL must not hold /health (and its callers). */
const CHECK_TIMEOUT_MS = 1500;

/**
 * 200 with database and Redis status when both answer, 503 otherwise, within about 1.5 s either way. Public:
 * load balancers call it.
 */
@Public()
@ApiTags('health')
@Controller('health')
export class HealthController implements OnModuleDestroy {
  private readonly redisClient: Redis;

  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS_URL) redisUrl: string,
  ) {
    // No offline queue: when Redis is down the ping fails at once instead of waiting for a reconnect. A frozen
    // Redis (SIGSTOP) still accepts the connection and never answers: the timeout below covers that.
    this.redisClient = new Redis(redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: CHECK_TIMEOUT_MS,
      // Later than the check's own timeout (which answers): only drops the command from the client's queue.
      commandTimeout: CHECK_TIMEOUT_MS + 500,
    });
    this.redisClient.on('error', () => undefined);
  }

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: CHECK_TIMEOUT_MS }),
      () => this.redis(),
    ]);
  }

  private async redis(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('redis');
    let timer: NodeJS.Timeout | undefined;
    try {
      const ping = (async () => {
        if (this.redisClient.status === 'wait') await this.redisClient.connect();
        return this.redisClient.ping();
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
      return pong === 'PONG' ? indicator.up() : indicator.down({ message: `Redis svarade: ${pong}` });
    } catch (err) {
      const message = (err as Error).message;
      return indicator.down({
        message: message.startsWith('Redis ') ? message : `Redis svarar inte: ${message}`,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  onModuleDestroy(): void {
    this.redisClient.disconnect();
  }
}
