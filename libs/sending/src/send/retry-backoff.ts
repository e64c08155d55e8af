const MAX_DELAY_MS = 3600_000;

/**
 * Delay before the next attempt after `attempts` tries: base · 2^(attempts−1), capped at one hour, with ±25 %
 * jitter so recipients that failed together (a greylisting server, a short outage) do not retry together.
 */
export function retryDelayMs(attempts: number, baseMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(MAX_DELAY_MS, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential * (0.75 + random() * 0.5));
}
