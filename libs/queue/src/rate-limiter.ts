/** BullMQ's limiter: at most `max` jobs per `duration` ms, counted in Redis, so shared by every worker. */
export interface RateLimiter {
  max: number;
  duration: number;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * A per-minute rate as the smallest exact window: 600/min → 10 per second, 100/min → 5 per 3 s, 7/min → 7 per
 * minute. Short windows keep any 30-second stretch close to the rate instead of one burst per minute.
 * 0 means no limit.
 */
export function rateLimiterFor(perMinute: number): RateLimiter | undefined {
  if (!Number.isInteger(perMinute) || perMinute <= 0) return undefined;
  const k = gcd(perMinute, 60);
  return { max: perMinute / k, duration: 60_000 / k };
}
