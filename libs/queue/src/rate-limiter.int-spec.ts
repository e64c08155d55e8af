import { BeforeApplicationShutdown, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { Rate, SharedRateLimiter, sleep } from './rate-limiter';
import { QUEUE_PREFIX, REDIS_URL } from './redis-connection';

/** Several limiters on one Redis stand for several worker processes: together they keep one rate. */
describe('SharedRateLimiter (real Redis)', () => {
  const redisUrl = process.env.CRM_TEST_REDIS_URL as string;
  const prefix = `ratetest${randomBytes(4).toString('hex')}`;
  const limiters = Array.from({ length: 3 }, () => new SharedRateLimiter(redisUrl, prefix));
  afterAll(() => Promise.all(limiters.map((l) => l.onApplicationShutdown())));
  /** What a sender does with each rate: reserve its slot, then sleep until it (false if aborted). */
  const takeSlot = async (limiter: SharedRateLimiter, rate: Rate, signal?: AbortSignal) =>
    sleep((await limiter.reserve(rate)).waitMs, signal);

  it('spaces messages from three processes evenly at the shared rate (1200/min = one per 50 ms)', async () => {
    const times: number[] = [];
    const start = Date.now();
    await Promise.all(
      limiters.map(async (limiter) => {
        for (let i = 0; i < 20; i++) {
          expect(await takeSlot(limiter, { key: 'gemensam', perMinute: 1200 })).toBe(true);
          times.push(Date.now() - start);
        }
      }),
    );
    times.sort((a, b) => a - b);
    // 60 slots, 50 ms apart, the first at once: the last one about 59 × 50 ms in.
    expect(times[59]).toBeGreaterThanOrEqual(59 * 50 * 0.95);
    expect(times[59]).toBeLessThan(59 * 50 * 1.15);
    // Never two in the same slot: the gaps average 50 ms and few are close to zero, those from timers waking
    // late on a loaded machine (a limiter that let messages through together would give dozens).
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    expect(gaps.filter((g) => g < 25).length).toBeLessThan(12);
  });

  it('waits for each of several rates in turn, and a rate of 0 does not limit', async () => {
    const limiter = limiters[0];
    const start = Date.now();
    for (let i = 0; i < 5; i++) {
      for (const rate of [
        { key: 'snabb', perMinute: 60_000 },
        { key: 'långsam', perMinute: 600 },
        { key: 'ingen', perMinute: 0 },
      ])
        await takeSlot(limiter, rate);
    }
    // Five slots of the 100 ms rate: about 400 ms.
    expect(Date.now() - start).toBeGreaterThanOrEqual(380);
    const unlimited = Date.now();
    for (let i = 0; i < 50; i++) await takeSlot(limiter, { key: 'ingen', perMinute: 0 });
    expect(Date.now() - unlimited).toBeLessThan(100);
  });

  it('does not reserve a slot further off than the caller will wait, and says how far off it is', async () => {
    const limiter = limiters[2];
    const rate = { key: 'långt', perMinute: 6 }; // one every 10 s
    expect(await limiter.reserve(rate, 2000)).toEqual({ reserved: true, waitMs: 0 });
    const tooFar = await limiter.reserve(rate, 2000);
    expect(tooFar.reserved).toBe(false);
    expect(tooFar.waitMs).toBeGreaterThan(9000);
    expect(tooFar.waitMs).toBeLessThanOrEqual(10_000);
    // Not taken: the next caller is offered the same slot, and without a limit gets it.
    const taken = await limiter.reserve(rate);
    expect(taken.reserved).toBe(true);
    expect(Math.abs(taken.waitMs - tooFar.waitMs)).toBeLessThan(500);
    expect((await limiter.reserve(rate)).waitMs).toBeGreaterThan(19_000);
  });

  it('gives up the wait at once when the signal aborts', async () => {
    const limiter = limiters[1];
    // Reserve a minute ahead on a slow rate, then ask for the next slot and abort.
    await takeSlot(limiter, { key: 'avbruten', perMinute: 1 });
    const stop = new AbortController();
    const started = Date.now();
    const waiting = takeSlot(limiter, { key: 'avbruten', perMinute: 1 }, stop.signal);
    setTimeout(() => stop.abort(), 50);
    expect(await waiting).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await sleep(0, stop.signal)).toBe(false);
  });

  it('still answers while the app shuts down: jobs finishing in beforeApplicationShutdown may ask for a slot', async () => {
    const asked: (number | string)[] = [];
    @Injectable()
    class FinishingJob implements BeforeApplicationShutdown {
      constructor(private readonly limiter: SharedRateLimiter) {}
      async beforeApplicationShutdown(): Promise<void> {
        asked.push(
          await this.limiter

            .reserve({ key: 'nedstängning', perMinute: 600 })
            .then((slot) => slot.waitMs)
            .catch((err: Error) => err.message),
        );
      }
    }
    @Module({
      providers: [
        SharedRateLimiter,
        FinishingJob,
        { provide: REDIS_URL, useValue: redisUrl },
        { provide: QUEUE_PREFIX, useValue: prefix },
      ],
    })
    class ShutdownModule {}
    const app = await NestFactory.createApplicationContext(ShutdownModule, { logger: false });
    // The connection is opened by a first use, as in a worker.
    await app.get(SharedRateLimiter).reserve({ key: 'nedstängning', perMinute: 600 });
    await app.close();
    expect(asked).toHaveLength(1);
    expect(typeof asked[0]).toBe('number');
  });
});
