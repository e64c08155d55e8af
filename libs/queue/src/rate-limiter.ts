import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import IORedis from 'ioredis';
import { QUEUE_PREFIX, REDIS_URL } from './redis-connection';

/**
 * Reserves the next free slot of one rate, unless it is further off than ARGV[2] microseconds (-1: no limit),
 * and answers {1 if reserved, microseconds until the slot}. The key holds when the next slot starts (GCRA); a
 * slot in the past is moved to now, so an idle rate gives no burst afterwards. Redis's clock, so every process
 * agrees. Integers printed with %.0f: Lua's tostring would switch to exponent notation for numbers this large.
 */
const RESERVE_SLOT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local maxWait = tonumber(ARGV[2])
local slot = tonumber(redis.call('GET', KEYS[1]) or '0')
if slot < now then slot = now end
local wait = slot - now
if maxWait >= 0 and wait > maxWait then return {0, wait} end
redis.call('SET', KEYS[1], string.format('%.0f', slot + interval), 'PX', math.ceil((wait + interval) / 1000) + 1000)
return {1, wait}`;

/** A reservation's answer: the slot is the caller's only if `reserved`; either way, how far off it is. */
export interface Slot {
  reserved: boolean;
  waitMs: number;
}

export interface Rate {
  /** Part of the Redis key: processes that name the same rate share it. */
  key: string;
  /** 0 or less: no limit. */
  perMinute: number;
}

/**
 * A rate shared by every worker process on one Redis, counted per message (a send job carries several, so
 * BullMQ's per-job limiter cannot do it). Each caller reserves its own slot and sleeps until then (`sleep`),
 * so messages go out evenly spaced however many workers ask at once.
 */
@Injectable()
export class SharedRateLimiter implements OnApplicationShutdown {
  private redis?: IORedis;

  constructor(
    @Inject(REDIS_URL) private readonly redisUrl: string,
    @Inject(QUEUE_PREFIX) private readonly prefix: string,
  ) {}

  /**
   * Reserves the next slot of `rate` if it is at most `maxWaitMs` away (by default however far), and says how
   * far. Not reserved, the caller is better off doing something else until then than holding its place.
   */
  async reserve(rate: Rate, maxWaitMs = Infinity): Promise<Slot> {
    if (rate.perMinute <= 0) return { reserved: true, waitMs: 0 };
    const [reserved, waitMicros] = (await this.connection().eval(
      RESERVE_SLOT,
      1,
      `${this.prefix}:rate:${rate.key}`,
      String(Math.round(60_000_000 / rate.perMinute)),
      Number.isFinite(maxWaitMs) ? String(Math.round(maxWaitMs * 1000)) : '-1',
    )) as [number, number];
    return { reserved: reserved === 1, waitMs: waitMicros / 1000 };
  }

  /**
   * On shutdown, not on module destroy: Nest destroys modules before the workers' beforeApplicationShutdown,
   * and the jobs still finishing then may ask for a slot.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }

  private connection(): IORedis {
    this.redis ??= new IORedis(this.redisUrl, { maxRetriesPerRequest: 3 });
    return this.redis;
  }
}

/** Resolves true after `ms`, or false as soon as `signal` aborts (also if it already has). */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
