import { Module } from '@nestjs/common';
import { RedisProbe } from './redis-probe';

/** One Redis probe connection for /health and the status page. */
@Module({ providers: [RedisProbe], exports: [RedisProbe] })
export class ProbesModule {}
