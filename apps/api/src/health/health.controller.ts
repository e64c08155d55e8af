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

/** 200 with database and Redis status when both answer, 503 otherwise. Public: load balancers call it. */
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
    // No offline queue: when Redis is down the ping fails at once instead of waiting for a reconnect.
    this.redisClient = new Redis(redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
    });
    this.redisClient.on('error', () => undefined);
  }

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 2000 }), () => this.redis()]);
  }

  private async redis(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('redis');
    try {
      if (this.redisClient.status === 'wait') await this.redisClient.connect();
      const pong = await this.redisClient.ping();
      return pong === 'PONG' ? indicator.up() : indicator.down({ message: `svar: ${pong}` });
    } catch (err) {
      return indicator.down({ message: (err as Error).message });
    }
  }

  onModuleDestroy(): void {
    this.redisClient.disconnect();
  }
}
