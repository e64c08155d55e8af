import type { RedisOptions } from 'bullmq';

/** Injection token: the Redis URL this process uses (given, or of the embedded redis-server). */
export const REDIS_URL = Symbol('REDIS_URL');

/** Injection token: the prefix of this installation's keys in Redis (QUEUE_PREFIX). */
export const QUEUE_PREFIX = Symbol('QUEUE_PREFIX');

/** BullMQ connection options for a redis:// or rediss:// URL (BullMQ 6 hands `url` to ioredis). */
export function redisConnection(url: string): RedisOptions {
  // BullMQ workers require maxRetriesPerRequest: null so blocking commands are not cut off.
  return { url, maxRetriesPerRequest: null };
}
