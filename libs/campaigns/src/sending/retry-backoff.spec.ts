import { retryDelayMs } from './retry-backoff';
import { sendJobId } from './send-job-id';

describe('retryDelayMs', () => {
  it('doubles per attempt with ±25 % jitter', () => {
    expect(retryDelayMs(1, 1000, () => 0.5)).toBe(1000);
    expect(retryDelayMs(2, 1000, () => 0.5)).toBe(2000);
    expect(retryDelayMs(4, 1000, () => 0.5)).toBe(8000);
    expect(retryDelayMs(3, 1000, () => 0)).toBe(3000);
    expect(retryDelayMs(3, 1000, () => 0.999999)).toBe(5000);
  });

  it('never waits more than about an hour', () => {
    expect(retryDelayMs(40, 60_000, () => 0.5)).toBe(3600_000);
  });
});

describe('sendJobId', () => {
  it('is deterministic per (recipient, attempts) and has no colon (BullMQ refuses those)', () => {
    expect(sendJobId('42', 0)).toBe(sendJobId('42', 0));
    expect(sendJobId('42', 1)).not.toBe(sendJobId('42', 0));
    expect(sendJobId('42', 0)).not.toContain(':');
  });
});
