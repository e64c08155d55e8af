export * from './job-contract';
export * from './job-handler';
export * from './job-producer.service';
export * from './rate-limiter';
export * from './queue.module';
export * from './redis-connection';
export * from './redis-server.starter';
