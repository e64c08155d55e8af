import { rateLimiterFor } from './rate-limiter';

describe('rateLimiterFor', () => {
  it('turns a per-minute rate into the shortest exact window', () => {
    expect(rateLimiterFor(600)).toEqual({ max: 10, duration: 1000 });
    expect(rateLimiterFor(100)).toEqual({ max: 5, duration: 3000 });
    expect(rateLimiterFor(7)).toEqual({ max: 7, duration: 60_000 });
    expect(rateLimiterFor(90)).toEqual({ max: 3, duration: 2000 });
  });

  it('means no limit for 0', () => {
    expect(rateLimiterFor(0)).toBeUndefined();
  });
});
