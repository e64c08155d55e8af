import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { ALL_QUEUES } from './job-contract';
import { JobProducer } from './job-producer.service';
import { SharedRateLimiter } from './rate-limiter';
import { QUEUE_PREFIX, REDIS_URL, redisConnection } from './redis-connection';

@Global()
@Module({})
export class QueueModule {
  static forRoot(options: { redisUrl: string; prefix: string }): DynamicModule {
    return {
      module: QueueModule,
      imports: [
        BullModule.forRoot({ connection: redisConnection(options.redisUrl), prefix: options.prefix }),
        BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name }))),
      ],
      providers: [
        JobProducer,
        SharedRateLimiter,
        { provide: REDIS_URL, useValue: options.redisUrl },
        { provide: QUEUE_PREFIX, useValue: options.prefix },
      ],
      exports: [JobProducer, SharedRateLimiter, BullModule, REDIS_URL, QUEUE_PREFIX],
    };
  }
}
